/**
 * Queues the day's retention run as an outbox job (`privacy_retention`, one per UTC day by its dedup
 * key), so that among several workers exactly one runs it, with the outbox's retries and its record.
 * Called by the worker's periodic housekeeping; cheap when the day's job is already queued.
 */
import { UniqueConstraintError } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import { enqueueJob } from '../outbox/enqueue-job.js';

export const RETENTION_JOB = 'privacy_retention';
export const retentionDedupKey = (day: Date) => `${RETENTION_JOB}:${day.toISOString().slice(0, 10)}`;

export function scheduleRetention(ctx: Ctx) {
  return async function execute(): Promise<boolean> {
    const now = ctx.clock.now();
    const key = retentionDedupKey(now);
    if (await ctx.db.models.OutboxJob.findOne({ where: { dedupKey: key }, attributes: ['id'] })) return false;
    try {
      await ctx.db.tx((t) => enqueueJob(ctx.db.models, t, RETENTION_JOB, { day: key.slice(-10) }, { dedupKey: key, maxAttempts: 5 }));
      return true;
    } catch (e) {
      if (e instanceof UniqueConstraintError) return false; // another worker queued it first
      throw e;
    }
  };
}
