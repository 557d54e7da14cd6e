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
