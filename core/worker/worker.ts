/**
 * The worker drains the outbox: claims due jobs of the kinds it has handlers for, runs the handler
 * of each, and records the outcome. Failures retry with exponential backoff up to the job's
 * maximum, then the job is `failed` (visible in the back-office) and the handler's `onGiveUp` runs.
 * A kind this worker cannot run is left to a worker that can: it is never claimed, and never failed.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { OutboxJob } from '../db/models.js';
import type { Logger } from '../logger.js';
import { claimJobs } from './claim-jobs.js';

export interface JobHandler {
  run(payload: any, job: OutboxJob): Promise<void>;
  /** After the last failed attempt. */
  onGiveUp?(payload: any, error: string, job: OutboxJob): Promise<void>;
}

/** Thrown by a handler to be run again later without counting as a failure (e.g. Telegram's retry_after). */
export class RetryLater extends Error {
  constructor(readonly delayMs: number, message = 'retry later') {
    super(message);
  }
}
/** Thrown by a handler when retrying cannot help (bad data, a 4xx from a partner system). */
export class PermanentFailure extends Error {}

export interface WorkerOptions {
  db: Db;
  log: Logger;
  handlers: Record<string, JobHandler>;
  batch?: number;
  pollMs?: number;
  leaseMs?: number;
  /** Housekeeping run every `periodicMs` (order expiry, reminders). */
  periodic?: () => Promise<void>;
  periodicMs?: number;
  concurrency?: number;
  workerId?: string;
}

export function backoffMs(attempt: number): number {
  const base = Math.min(3_600_000, 2_000 * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export function createWorker(opts: WorkerOptions) {
  const { db, log, handlers } = opts;
  const workerId = opts.workerId ?? `w-${process.pid}-${randomUUID().slice(0, 8)}`;
  const batch = opts.batch ?? 10;
  const leaseMs = opts.leaseMs ?? 60_000;
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  /** What this worker claims: exactly the kinds it can run. */
  const kinds = Object.keys(handlers).filter((k) => typeof handlers[k]?.run === 'function').sort();
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let lastPeriodic = 0;

  async function finish(job: OutboxJob, values: Record<string, unknown>) {
    // Only the current lease holder may record an outcome; a worker whose lease ran out lost the job.
    await db.models.OutboxJob.update(values, { where: { id: job.id, lockedBy: workerId } });
  }

  /** Runs one job; returns true when it succeeded (recorded in bulk by the caller), false otherwise (recorded here). */
  async function runJob(job: OutboxJob): Promise<boolean> {
    const handler = handlers[job.kind];
    if (!handler) {
      // The claim asks only for our kinds, so this should not happen; if it ever does, the job goes
      // back as it was (the claim's attempt given back) for a worker that has the handler.
      await finish(job, { status: 'pending', attempts: job.attempts - 1, lockedBy: null, lockedUntil: null });
      log.warn({ jobId: job.id, kind: job.kind, workerId }, 'job released: this worker has no handler for its kind');
      return false;
    }
    try {
      await handler.run(job.payload, job);
      return true;
    } catch (e: any) {
      const message = String(e?.message ?? e).slice(0, 2000);
      if (e instanceof RetryLater) {
        await finish(job, { status: 'pending', attempts: job.attempts - 1, runAt: new Date(Date.now() + e.delayMs), lockedBy: null, lockedUntil: null, lastError: message });
        return false;
      }
      const giveUp = e instanceof PermanentFailure || e?.permanent === true || job.attempts >= job.maxAttempts;
      log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts, giveUp, err: message }, 'job failed');
      if (giveUp) {
        await finish(job, { status: 'failed', lockedBy: null, lockedUntil: null, lastError: message });
        await handler?.onGiveUp?.(job.payload, message, job).catch((err) => log.error({ err, jobId: job.id }, 'onGiveUp failed'));
      } else {
        await finish(job, { status: 'pending', runAt: new Date(Date.now() + backoffMs(job.attempts)), lockedBy: null, lockedUntil: null, lastError: message });
      }
      return false;
    }
  }

  /** Claims and runs one batch; returns how many jobs it ran. */
  async function runOnce(): Promise<number> {
    const jobs = await claimJobs(db, workerId, kinds, batch, leaseMs);
    const done: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, jobs.length) }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++]!;
          if (await runJob(job)) done.push(job.id);
        }
      }),
    );
    // Successes are recorded in one statement per batch; if this worker dies first, its lease runs
    // out and the jobs run again — the same at-least-once contract as a crash inside a handler.
    if (done.length) {
      await db.models.OutboxJob.update(
        { status: 'done', doneAt: new Date(), lockedBy: null, lockedUntil: null, lastError: null },
        { where: { id: done, lockedBy: workerId } },
      );
    }
    return jobs.length;
  }

  async function tick() {
    if (opts.periodic && Date.now() - lastPeriodic >= (opts.periodicMs ?? 60_000)) {
      lastPeriodic = Date.now();
      await opts.periodic().catch((err) => log.error({ err }, 'periodic task failed'));
    }
    return runOnce();
  }

  return {
    workerId,
    kinds,
    runOnce,
    /** Runs until no job is due (tests and benchmarks). */
    async drain(maxRounds = 10_000) {
      let total = 0;
      for (let i = 0; i < maxRounds; i++) {
        const n = await runOnce();
        if (!n) break;
        total += n;
      }
      return total;
    },
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          let n = 0;
          try {
            n = await tick();
          } catch (err) {
            log.error({ err }, 'worker loop error');
          }
          if (!n && running) await new Promise<void>((r) => { wake = r; setTimeout(r, opts.pollMs ?? 500); });
        }
      })();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}

export type Worker = ReturnType<typeof createWorker>;
