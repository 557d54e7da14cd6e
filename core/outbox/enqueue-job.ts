/**
 * The outbox: messages and background work caused by a change are rows written in the change's
 * own transaction, so either both happen or neither does. The worker (core/worker) sends them.
 */
import type { Transaction } from 'sequelize';
import type { Models } from '../db/models.js';

export interface EnqueueOptions {
  runAt?: Date;
  /** A job with the same key is never queued twice (e.g. one provisioning per company). */
  dedupKey?: string;
  maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 8;

export async function enqueueJob(models: Models, t: Transaction, kind: string, payload: Record<string, unknown>, opts: EnqueueOptions = {}) {
  if (opts.dedupKey) {
    const existing = await models.OutboxJob.findOne({ where: { dedupKey: opts.dedupKey }, transaction: t });
    if (existing) return existing;
  }
  return models.OutboxJob.create(
    {
      kind,
      payload,
      maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      runAt: opts.runAt ?? new Date(),
      lockedBy: null,
      lockedUntil: null,
      lastError: null,
      dedupKey: opts.dedupKey ?? null,
      doneAt: null,
    },
    { transaction: t },
  );
}

/** Several jobs in one statement (a bank import queues a thousand); those whose dedupKey is already queued are left out. */
export async function enqueueJobs(models: Models, t: Transaction, jobs: { kind: string; payload: Record<string, unknown>; opts?: EnqueueOptions }[]) {
  const keys = jobs.map((j) => j.opts?.dedupKey).filter((k): k is string => Boolean(k));
  const known = new Set(keys.length ? (await models.OutboxJob.findAll({ where: { dedupKey: keys }, attributes: ['dedupKey'], raw: true, transaction: t })).map((j) => j.dedupKey) : []);
  const fresh = jobs.filter((j) => !j.opts?.dedupKey || (!known.has(j.opts.dedupKey) && (known.add(j.opts.dedupKey), true)));
  if (!fresh.length) return;
  const now = new Date();
  await models.OutboxJob.bulkCreate(
    fresh.map((j) => ({
      kind: j.kind, payload: j.payload, maxAttempts: j.opts?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, runAt: j.opts?.runAt ?? now,
      lockedBy: null, lockedUntil: null, lastError: null, dedupKey: j.opts?.dedupKey ?? null, doneAt: null,
    })),
    { transaction: t },
  );
}
