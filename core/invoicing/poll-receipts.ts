/**
 * Receipts read from the intermediary (`GET <base>/invoices/<id>/receipts`) for the invoices it holds
 * that have no outcome yet — how receipts arrive when a push to /webhooks/sdi was lost (our outage, a
 * firewall) or the intermediary only offers reading them. Every receipt goes through applyReceipt, the
 * webhook's own idempotent path, so one already pushed (or read by an earlier poll) changes nothing.
 *
 * The worker's housekeeping queues the `poll_invoice_receipts` job every SDI_RECEIPTS_POLL_MINUTES
 * (one job at a time whichever worker asks; its rows carry no dedup key, so retention deletes them),
 * and the invoice lane runs it.
 */
import { Op } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import { systemActor } from '../shared/actor.js';
import { isDomainError } from '../errors.js';
import { enqueueJob } from '../outbox/enqueue-job.js';
import type { InvoiceTransmitter } from './transmitter.js';
import { applyReceipt } from './apply-receipt.js';

export const POLL_RECEIPTS_JOB = 'poll_invoice_receipts';

/** SdI gives every file its outcome within days (NS within 5, MC after its delivery attempts): older ones are for staff. */
const WINDOW_DAYS = 30;
/** Per run: the oldest first; what is left waits for the next run. */
const MAX_PER_RUN = 500;
const PARALLEL = 4;
/** Stop starting new requests after this long (the job's lease is a minute). */
const BUDGET_MS = 25_000;

export interface PollOutcome {
  invoices: number;
  applied: number;
  duplicates: number;
  refused: number;
  failed: number;
}

export function pollReceipts(ctx: Ctx, transmitter: InvoiceTransmitter) {
  const m = ctx.db.models;
  const apply = applyReceipt(ctx);
  const actor = systemActor('SdI (intermediario, lettura ricevute)');
  return async function run(): Promise<PollOutcome> {
    const out: PollOutcome = { invoices: 0, applied: 0, duplicates: 0, refused: 0, failed: 0 };
    if (!transmitter.receipts) return out;
    const since = new Date(ctx.clock.now().getTime() - WINDOW_DAYS * 86_400_000);
    const due = await m.Invoice.findAll({
      attributes: ['id', 'transmissionId', 'fileName'],
      // `sent`: handed to the intermediary, no outcome yet (delivered, in the cassetto fiscale and rejected are final).
      where: { state: 'sent', transmissionId: { [Op.ne]: null, [Op.notLike]: 'file:%' }, sentAt: { [Op.gte]: since } },
      order: [['sentAt', 'ASC'], ['id', 'ASC']],
      limit: MAX_PER_RUN,
    });
    const started = Date.now();
    let next = 0;
    let lastError: unknown = null;
    const lane = async () => {
      while (next < due.length && Date.now() - started < BUDGET_MS) {
        const inv = due[next++]!;
        out.invoices++;
        let receipts: string[];
        try {
          receipts = await transmitter.receipts!(inv.transmissionId!);
        } catch (err) {
          out.failed++;
          lastError = err;
          continue;
        }
        for (const xml of receipts) {
          try {
            const r = await apply(xml, actor);
            if (r.duplicate) out.duplicates++;
            else out.applied++;
          } catch (err) {
            // Not a receipt, or about a file we never sent: the same answer the webhook gives (422), logged.
            if (!isDomainError(err)) throw err;
            out.refused++;
            ctx.log.warn({ invoiceId: inv.id, code: err.code, err: err.message }, 'sdi receipt refused (poll)');
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, due.length) }, lane));
    if (out.invoices) ctx.log.info({ ...out }, 'sdi receipts polled');
    // The intermediary did not answer at all: the job fails and is retried (and shows in the outbox).
    if (out.failed && out.failed === out.invoices) throw lastError instanceof Error ? lastError : new Error(String(lastError));
    return out;
  };
}

/**
 * Called by the worker's housekeeping: queues a poll when the transmitter reads receipts, polling is on,
 * and no poll is waiting or was queued within the interval. Checks the database at most once a minute.
 */
export function receiptPollScheduler(ctx: Ctx, transmitter: InvoiceTransmitter) {
  const m = ctx.db.models;
  const minutes = ctx.config.SDI_RECEIPTS_POLL_MINUTES;
  let lastCheck = 0;
  return async function schedule(): Promise<boolean> {
    if (!transmitter.receipts || minutes <= 0) return false;
    const now = ctx.clock.now();
    if (lastCheck && now.getTime() - lastCheck < Math.min(60_000, minutes * 60_000)) return false;
    lastCheck = now.getTime();
    const recent = await m.OutboxJob.findOne({
      attributes: ['id'],
      where: { kind: POLL_RECEIPTS_JOB, [Op.or]: [{ status: { [Op.in]: ['pending', 'running'] } }, { runAt: { [Op.gt]: new Date(now.getTime() - minutes * 60_000) } }] },
    });
    if (recent) return false;
    await ctx.db.tx((t) => enqueueJob(m, t, POLL_RECEIPTS_JOB, {}, { runAt: now, maxAttempts: 3 }));
    return true;
  };
}
