/**
 * Record that an order has been paid (Stripe event, bank reconciliation, staff action) and fulfil it.
 * Idempotent: a second call for the same order is a no-op; under concurrency the conditional update
 * lets exactly one caller through, so an order is never fulfilled twice.
 */
import { z } from 'zod';
import { Op, type Transaction } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../shared/input.js';
import { recordAudits } from '../audit/record-audit.js';
import { queueEmail } from '../outbox/queue-email.js';
import { queueNotifications } from '../notifications/queue-notification.js';
import { payableStatuses } from './order.rules.js';
import { fulfilInTx, type FulfilResult } from './fulfil-in-tx.js';
import { orderEmailData } from './order-email-data.js';
import { enqueueJobs } from '../outbox/enqueue-job.js';
import type { Order } from '../db/models.js';
import { formatEuro } from '../shared/money.js';
import { issueInvoiceInTx } from '../invoicing/issue-invoice.js';
import { invoiceLink } from '../invoicing/links.js';
import type { Invoice } from '../db/invoice-models.js';

/** The job fulfilling an order paid with `fulfil: 'queue'` (handler: fulfilOrder, in the composition root). */
export const FULFIL_ORDER_JOB = 'fulfil_order';

const schema = z.object({
  orderId: z.number().int().positive(),
  amountCents: z.number().int().positive(),
  currency: z.string().length(3).default('EUR'),
  source: z.enum(['stripe', 'sandbox', 'bank_transfer', 'staff']),
  paidAt: z.date().optional(),
  note: z.string().max(500).optional(),
  stripePaymentIntentId: z.string().max(255).optional(),
  /**
   * Fulfil in the same transaction (the normal case). Staff may record a payment and fulfil later.
   * 'queue': a `fulfil_order` job is queued in this transaction (a bank import paying a thousand orders
   * must not issue a thousand orders' coupons and emails while staff wait for it).
   */
  fulfil: z.union([z.boolean(), z.literal('queue')]).default(true),
});
export type MarkOrderPaidInput = z.input<typeof schema>;
export interface MarkOrderPaidResult extends Partial<FulfilResult> {
  alreadyPaid: boolean;
  surplusCents: number;
  /** the invoice issued with the payment (none for a zero total) */
  invoiceId?: number;
}

export function markOrderPaid(ctx: Ctx) {
  return async function execute(raw: MarkOrderPaidInput, actor: Actor): Promise<MarkOrderPaidResult> {
    const input = parseInput(schema, raw);
    return ctx.db.tx((t) => markOrderPaidInTx(ctx, t, input, actor));
  };
}

/**
 * The same inside the caller's transaction: a bank import records the proof of a payment and the
 * payment itself in one transaction. Refusals (DomainError) come before any write.
 */
export async function markOrderPaidInTx(ctx: Ctx, t: Transaction, raw: MarkOrderPaidInput, actor: Actor): Promise<MarkOrderPaidResult> {
  const [r] = await markOrdersPaidInTx(ctx, t, [raw], actor);
  if (r instanceof DomainError) throw r;
  return r;
}

/**
 * Several payments in one transaction with a few statements for all of them (a bank import pays a
 * thousand orders): each gets its result, or the DomainError refusing it (nothing written for it).
 * The orders are read FOR UPDATE, so the conditional updates cannot lose a race they were not told of.
 */
export async function markOrdersPaidInTx(ctx: Ctx, t: Transaction, raws: MarkOrderPaidInput[], actor: Actor): Promise<(MarkOrderPaidResult | DomainError)[]> {
  const m = ctx.db.models;
  const inputs = raws.map((raw) => parseInput(schema, raw));
  const found = await m.Order.findAll({ where: { id: inputs.map((i) => i.orderId) }, include: [{ model: m.OrderLine, as: 'lines' }], transaction: t, lock: t.LOCK.UPDATE });
  const byId = new Map(found.map((o) => [o.id, o]));
  const results: (MarkOrderPaidResult | DomainError)[] = [];
  const winners: { input: (typeof inputs)[number]; order: Order; surplusCents: number; index: number }[] = [];
  const taken = new Set<number>();
  for (const [index, input] of inputs.entries()) {
    const order = byId.get(input.orderId);
    if (!order) {
      results.push(new DomainError('not_found', 'Ordine non trovato'));
      continue;
    }
    if (order.status === 'paid' || order.status === 'fulfilled' || taken.has(order.id)) {
      results.push({ alreadyPaid: true, surplusCents: 0 });
      continue;
    }
    if (!payableStatuses.includes(order.status)) {
      results.push(new DomainError('illegal_transition', `L'ordine è "${order.status}": il pagamento va verificato da una persona`, { status: order.status }));
      continue;
    }
    if (input.currency.toUpperCase() !== order.currency || input.amountCents < order.grossCents) {
      results.push(new DomainError('payment_mismatch', 'L’importo ricevuto non corrisponde al totale dell’ordine', { expectedCents: order.grossCents, receivedCents: input.amountCents, currency: input.currency }));
      continue;
    }
    taken.add(order.id);
    const surplusCents = input.amountCents - order.grossCents;
    results.push({ alreadyPaid: false, surplusCents });
    winners.push({ input, order, surplusCents, index });
  }
  if (!winners.length) return results;

  // One conditional update per distinct set of values (payments of one day and price share it).
  const groups = new Map<string, { values: Record<string, unknown>; ids: number[] }>();
  const now = ctx.clock.now();
  const values = (w: (typeof winners)[number]) => ({
    status: 'paid' as const,
    paidAt: w.input.paidAt ?? now,
    receivedCents: w.input.amountCents,
    stripePaymentIntentId: w.input.stripePaymentIntentId ?? w.order.stripePaymentIntentId,
    flag: w.surplusCents > 0 ? `Pagamento eccedente di ${formatEuro(w.surplusCents, 'it')}` : w.order.flag,
  });
  for (const w of winners) {
    const v = values(w);
    const key = JSON.stringify(v);
    const g = groups.get(key);
    if (g) g.ids.push(w.order.id);
    else groups.set(key, { values: v, ids: [w.order.id] });
  }
  for (const g of groups.values()) {
    const [won] = await m.Order.update(g.values, { where: { id: g.ids, status: { [Op.in]: [...payableStatuses] } }, transaction: t });
    if (won !== g.ids.length) throw new Error(`orders ${g.ids.join(',')} changed under their lock`);
  }
  const before = new Map(winners.map((w) => [w.order.id, w.order.status]));
  for (const w of winners) w.order.set(values(w)); // the copies now say what the rows say (never saved: the updates wrote them)
  await recordAudits(m, t, actor, winners.map((w) => ({
    action: 'order.paid', entityType: 'order', entityId: w.order.id,
    before: { status: before.get(w.order.id) },
    after: { status: 'paid', source: w.input.source, amountCents: w.input.amountCents, note: w.input.note ?? null },
  })));
  await queueNotifications(m, t, winners.map((w) => ({
    partnerId: w.order.partnerId, event: w.input.source === 'bank_transfer' ? 'bank_transfer_received' : 'order_paid',
    params: { orderId: w.order.id, orderNumber: w.order.number, grossCents: w.order.grossCents, buyerType: w.order.buyerType },
  })));
  await enqueueJobs(m, t, winners.filter((w) => w.input.fulfil === 'queue').map((w) => ({ kind: FULFIL_ORDER_JOB, payload: { orderId: w.order.id }, opts: { dedupKey: `fulfil_order:${w.order.id}` } })));
  for (const w of winners) {
    if (w.input.fulfil === true) results[w.index] = { ...(results[w.index] as MarkOrderPaidResult), ...(await fulfilInTx(ctx, t, w.order, actor)) };
  }
  // Each sale's invoice, numbered in this transaction: last, so the year's counter is locked briefly.
  const invoices = new Map<number, Invoice>();
  for (const w of winners) {
    const invoice = await issueInvoiceInTx(ctx, t, w.order, actor);
    if (invoice) invoices.set(w.order.id, invoice);
    results[w.index] = { ...(results[w.index] as MarkOrderPaidResult), invoiceId: invoice?.id };
  }
  // The buyer's receipt links the invoice's courtesy copy (one insert per payment after the numbering).
  for (const w of winners) {
    if (!w.order.buyerEmail) continue;
    const inv = invoices.get(w.order.id);
    const invoice = inv ? { number: inv.number, issueDate: inv.issueDate, link: invoiceLink(ctx.config, inv.id) } : null;
    await queueEmail(m, t, { template: 'payment_received', language: w.order.language, to: w.order.buyerEmail, data: { ...orderEmailData(ctx.config, w.order), invoice }, entity: { type: 'order', id: w.order.id } });
  }
  return results;
}
