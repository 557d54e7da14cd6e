/**
 * The daily renewal scan (the `renewal_scan` job, one per Rome day): for each reminder threshold it
 * reads the companies whose expiry day is exactly that many days ahead — an index range on
 * (subscription_state, subscription_expires_at), never a walk of the table — and queues one reminder
 * per company and threshold: a `renewal_reminder` job per client-paid company, a `renewal_digest`
 * per partner and expiry day for partner-paid ones (one message listing them). Dedup keys make a
 * second run, by another worker or after a crash, queue nothing new. The same scan moves companies
 * whose expiry day has come into grace and queues the suspension of those past it.
 *
 * Days missed (no worker ran) are caught up, up to CATCH_UP_DAYS back: a company whose threshold
 * passed meanwhile gets the nearest threshold's reminder only.
 */
import { Op, UniqueConstraintError, type Transaction } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Company } from '../db/models.js';
import { addRomeDays, romeDay, romeDayStart } from '../shared/rome-date.js';
import { DEFAULT_MAX_ATTEMPTS } from '../outbox/enqueue-job.js';
import { expiresOn, notSuspended } from './renewal-rules.js';

export const CATCH_UP_DAYS = 7;
const CHUNK = 1000;

export interface ScanResult {
  day: string;
  reminders: number;
  suspensions: number;
  /** the day had been scanned already: nothing was done */
  already?: boolean;
}

type Due = Pick<Company, 'id' | 'partnerId' | 'payer' | 'subscriptionExpiresAt'>;

export function scanRenewals(ctx: Ctx) {
  const m = ctx.db.models;
  return async ({ day }: { day: string }): Promise<ScanResult> => {
    try {
      return await ctx.db.tx(async (t) => {
        if (await m.RenewalScan.findByPk(day, { transaction: t })) return { day, reminders: 0, suspensions: 0, already: true };
        const last = (await m.RenewalScan.max('day', { where: { day: { [Op.lt]: day } }, transaction: t })) as string | null;
        const earliest = addRomeDays(day, -CATCH_UP_DAYS);
        const from = last ? (addRomeDays(last, 1) > earliest ? addRomeDays(last, 1) : earliest) : day;
        const reminders = await queueReminders(ctx, t, from, day);
        await m.Company.update(
          { subscriptionState: 'grace' },
          { where: { subscriptionState: 'active', subscriptionExpiresAt: { [Op.lt]: romeDayStart(addRomeDays(day, 1)) } }, transaction: t },
        );
        const suspensions = await queueSuspensions(ctx, t, day);
        await m.RenewalScan.create({ day, reminders, suspensions }, { transaction: t });
        return { day, reminders, suspensions };
      });
    } catch (e) {
      // Another worker finished the same day first: its work stands, this run's is rolled back.
      if (e instanceof UniqueConstraintError) return { day, reminders: 0, suspensions: 0, already: true };
      throw e;
    }
  };
}

/** Companies due for a reminder between `from` and `day`, each at its nearest threshold; returns how many. */
async function queueReminders(ctx: Ctx, t: Transaction, from: string, day: string): Promise<number> {
  const m = ctx.db.models;
  const due = new Map<number, { company: Due; threshold: number }>();
  for (const threshold of [...ctx.config.renewalReminderDays].sort((a, b) => a - b)) {
    const rows = await m.Company.findAll({
      attributes: ['id', 'partnerId', 'payer', 'subscriptionExpiresAt'],
      where: {
        subscriptionState: notSuspended,
        subscriptionExpiresAt: { [Op.gte]: romeDayStart(addRomeDays(from, threshold)), [Op.lt]: romeDayStart(addRomeDays(day, threshold + 1)) },
      },
      transaction: t,
    });
    for (const c of rows) if (!due.has(c.id)) due.set(c.id, { company: c, threshold });
  }
  const jobs: Record<string, unknown>[] = [];
  const digests = new Map<string, { partnerId: number; threshold: number; expiresOn: string; companyIds: number[] }>();
  for (const { company, threshold } of due.values()) {
    const on = expiresOn(company);
    if (company.payer === 'client') {
      jobs.push(job('renewal_reminder', { companyId: company.id, threshold, expiresOn: on }, `renewal-reminder-c${company.id}-${threshold}-${on}`));
    } else {
      const key = `renewal-reminder-p${company.partnerId}-${threshold}-${on}`;
      const d = digests.get(key) ?? { partnerId: company.partnerId, threshold, expiresOn: on, companyIds: [] };
      d.companyIds.push(company.id);
      digests.set(key, d);
    }
  }
  for (const [key, d] of digests) jobs.push(job('renewal_digest', d, key));
  await insertJobs(ctx, t, jobs);
  return due.size;
}

/** Unpaid past the grace: one `suspend_company` job per company and expiry. */
async function queueSuspensions(ctx: Ctx, t: Transaction, day: string): Promise<number> {
  // The latest expiry day whose grace is over by `day`.
  const latestExpiry = addRomeDays(day, -ctx.config.RENEWAL_GRACE_DAYS - 1);
  const rows = await ctx.db.models.Company.findAll({
    attributes: ['id', 'subscriptionExpiresAt'],
    where: { subscriptionState: notSuspended, subscriptionExpiresAt: { [Op.lt]: romeDayStart(addRomeDays(latestExpiry, 1)) } },
    transaction: t,
  });
  await insertJobs(ctx, t, rows.map((c) => job('suspend_company', { companyId: c.id, expiresOn: expiresOn(c) }, `suspend-company-${c.id}-${expiresOn(c)}`)));
  return rows.length;
}

function job(kind: string, payload: Record<string, unknown>, dedupKey: string) {
  return { kind, payload, dedupKey, maxAttempts: DEFAULT_MAX_ATTEMPTS, runAt: new Date(), lockedBy: null, lockedUntil: null, lastError: null, doneAt: null };
}

/** In batches; a row whose dedup key exists already is skipped by the unique index (INSERT IGNORE / OR IGNORE). */
async function insertJobs(ctx: Ctx, t: Transaction, rows: Record<string, unknown>[]) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await ctx.db.models.OutboxJob.bulkCreate(rows.slice(i, i + CHUNK) as any[], { ignoreDuplicates: true, transaction: t });
  }
}

/** The periodic side: queue today's scan (one per Rome day, whichever worker asks first). */
export function queueRenewalScan(ctx: Ctx) {
  return async (): Promise<string> => {
    const day = romeDay(ctx.clock.now());
    await ctx.db.models.OutboxJob.bulkCreate([job('renewal_scan', { day }, `renewal-scan-${day}`) as any], { ignoreDuplicates: true });
    return day;
  };
}
