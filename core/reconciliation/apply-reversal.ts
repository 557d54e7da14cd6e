/**
 * A reversal takes back a credit: the bank returned the money (camt RvslInd, CBI/CSV "STORNO BONIFICO").
 * In one transaction: the reversal is linked to the credit it reverses, the credit's allocations are
 * undone, and each order it paid is put where a person sees it:
 * - not yet fulfilled → back to waiting for payment (a paid order loses its payment);
 * - fulfilled → flagged "pagamento stornato", its unused coupons, credit and e-invoices taken back by the
 *   same rules as a refund (revoke-issued.ts), what cannot be taken back listed in the flag;
 * the partner is told (payment_flagged) and everything is audited. What a fulfilled order lost is kept in
 * `payment_reversals`, for staff to restore or to confirm (decide-reversal.ts). Idempotent: the link is a conditional
 * update, so a second run (a resumed import, two workers) finds it made and does nothing.
 */
import { Op, type Transaction } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { queueNotification } from '../notifications/queue-notification.js';
import { appendFlag } from '../payments/flag-payment.js';
import { revokeIssued } from '../payments/revoke-issued.js';
import { payableStatuses } from '../orders/order.rules.js';
import { formatEuro } from '../shared/money.js';

export interface ReversalOutcome {
  linked: boolean;
  reopenedOrderIds: number[];
  flaggedOrderIds: number[];
}

export async function applyReversal(ctx: Ctx, reversalLineId: number, creditLineId: number, actor: Actor): Promise<ReversalOutcome> {
  const m = ctx.db.models;
  return ctx.db.tx(async (t) => {
    const out: ReversalOutcome = { linked: false, reopenedOrderIds: [], flaggedOrderIds: [] };
    const credit = await m.BankLine.findByPk(creditLineId, { transaction: t });
    if (!credit || credit.status === 'reversed') return out;
    const [won] = await m.BankLine.update(
      { reversalOfId: creditLineId, status: 'ignored', note: `Storno della riga #${creditLineId}` },
      { where: { id: reversalLineId, reversalOfId: { [Op.is]: null } }, transaction: t },
    );
    if (won !== 1) return out;
    out.linked = true;
    const allocations = await m.BankAllocation.findAll({ where: { lineId: creditLineId, undoneAt: { [Op.is]: null } }, transaction: t });
    const now = ctx.clock.now();
    await m.BankAllocation.update({ undoneAt: now, undoneBy: `Storno (riga #${reversalLineId})` }, { where: { lineId: creditLineId, undoneAt: { [Op.is]: null } }, transaction: t });
    await m.BankLine.update(
      { status: 'reversed', note: `Stornato dalla riga #${reversalLineId}${allocations.length ? ': abbinamento annullato' : ''}`, suggestions: null },
      { where: { id: creditLineId }, transaction: t },
    );
    for (const a of allocations) await reverseOrderPayment(ctx, t, a.orderId, a.amountCents, credit.id, reversalLineId, actor, out);
    await recordAudit(m, t, actor, {
      action: 'bank_line.reversed', entityType: 'bank_line', entityId: creditLineId,
      before: { status: credit.status, allocations: allocations.map((a) => ({ orderId: a.orderId, amountCents: a.amountCents })) },
      after: { status: 'reversed', reversalLineId, reopenedOrderIds: out.reopenedOrderIds, flaggedOrderIds: out.flaggedOrderIds },
    });
    return out;
  });
}

async function reverseOrderPayment(ctx: Ctx, t: Transaction, orderId: number, cents: number, creditLineId: number, reversalLineId: number, actor: Actor, out: ReversalOutcome) {
  const m = ctx.db.models;
  const order = await m.Order.findByPk(orderId, { include: [{ model: m.OrderLine, as: 'lines' }], transaction: t, lock: t.LOCK.UPDATE });
  if (!order) return;
  const what = `Pagamento stornato: bonifico di ${formatEuro(cents)} (riga #${creditLineId}) stornato dalla banca (riga #${reversalLineId})`;
  if (payableStatuses.includes(order.status)) {
    // A partial payment taken back: the order keeps waiting, for the whole amount again.
    await recordAudit(m, t, actor, { action: 'order.payment_reversed', entityType: 'order', entityId: order.id, before: { status: order.status }, after: { status: order.status, creditLineId, reversalLineId, amountCents: cents } });
    return;
  }
  if (order.status === 'paid' && !order.fulfilledAt) {
    const [won] = await m.Order.update(
      { status: 'pending_payment', paidAt: null, receivedCents: 0, flag: appendFlag(order.flag, what) },
      { where: { id: order.id, status: 'paid', fulfilledAt: { [Op.is]: null } }, transaction: t },
    );
    if (won === 1) {
      out.reopenedOrderIds.push(order.id);
      await recordAudit(m, t, actor, { action: 'order.payment_reversed', entityType: 'order', entityId: order.id, before: { status: 'paid' }, after: { status: 'pending_payment', creditLineId, reversalLineId } });
      await queueNotification(m, t, order.partnerId, 'payment_flagged', { orderId: order.id, orderNumber: order.number, reason: what });
      return;
    }
  }
  // Fulfilled (or fulfilling meanwhile): what was issued is taken back as far as still unused, and
  // recorded: staff decide whether to give it back (decide-reversal.ts) or to confirm the loss.
  const r = await revokeIssued(ctx, t, order);
  await m.PaymentReversal.findOrCreate({
    where: { orderId: order.id, creditLineId },
    defaults: { orderId: order.id, creditLineId, reversalLineId, amountCents: cents, takenBack: r.taken, notTakenBack: r.notRevoked.join('; ') || null, status: 'open', decidedByLabel: null, decidedAt: null, decisionNote: null },
    transaction: t,
  });
  const taken = [
    r.couponsRevoked ? `${r.couponsRevoked} coupon revocati` : '',
    r.creditRevokedCents ? `credito ripreso ${formatEuro(r.creditRevokedCents)}` : '',
    r.einvoicesRevoked ? `${r.einvoicesRevoked} fatture elettroniche riprese` : '',
  ].filter(Boolean);
  const flag = `${what}${taken.length ? `; ${taken.join(', ')}` : ''}${r.notRevoked.length ? `; da decidere: ${r.notRevoked.join('; ')}` : ''}`;
  await m.Order.update({ flag: appendFlag(order.flag, flag) }, { where: { id: order.id }, transaction: t });
  out.flaggedOrderIds.push(order.id);
  await recordAudit(m, t, actor, { action: 'order.payment_reversed', entityType: 'order', entityId: order.id, before: { status: order.status, flag: order.flag }, after: { flag, creditLineId, reversalLineId, ...r } });
  await queueNotification(m, t, order.partnerId, 'payment_flagged', { orderId: order.id, orderNumber: order.number, reason: what });
}
