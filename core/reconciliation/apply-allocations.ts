/**
 * Records what a bank line pays (allocations kept as the payment's proof) and settles through the core
 * the orders that have now received their total. Shared by automatic matching and matching by hand.
 *
 * Two steps, not one transaction: markOrderPaid runs its own transaction (and on SQLite the write lock
 * is not reentrant). The allocation is written first, so a crash in between leaves an order with money
 * recorded but not yet paid: visible as "partial", and settled by the next match or by hand — never a
 * paid order without its proof.
 */
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { actorId } from '../shared/actor.js';
import type { MarkOrderPaid } from './mark-paid.js';
import type { BankLine } from '../db/back-office-models.js';
import { DomainError, isDomainError } from '../errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { payableStatuses } from '../orders/order.rules.js';
import { allocatedByOrder } from './open-orders.js';

export interface Allocation {
  orderId: number;
  amountCents: number;
}

export interface ApplyResult {
  status: 'matched' | 'partial';
  paidOrderIds: number[];
  waiting: { orderId: number; remainingCents: number }[];
}

export async function applyAllocations(
  ctx: Ctx,
  markOrderPaid: MarkOrderPaid,
  line: BankLine,
  allocations: Allocation[],
  surplusCents: number,
  kind: 'auto' | 'hand',
  actor: Actor,
  opts: { fulfil?: boolean } = {},
): Promise<ApplyResult> {
  const m = ctx.db.models;
  const allocated = allocations.reduce((s, a) => s + a.amountCents, 0);
  await ctx.db.tx(async (t) => {
    // Conditional: a second import run or a double click finds the line already taken.
    const [won] = await m.BankLine.update(
      { status: 'partial', matchKind: kind, allocatedCents: allocated, surplusCents, suggestions: null },
      { where: { id: line.id, status: 'unmatched' }, transaction: t },
    );
    if (won !== 1) throw new DomainError('conflict', 'La riga è già stata abbinata', { lineId: line.id });
    for (const a of allocations) {
      const order = await m.Order.findByPk(a.orderId, { transaction: t });
      if (!order) throw new DomainError('not_found', `Ordine ${a.orderId} non trovato`);
      if (!payableStatuses.includes(order.status)) {
        throw new DomainError('illegal_transition', `L'ordine ${order.number ?? order.id} è "${order.status}": non attende pagamenti`, { orderId: order.id });
      }
      await m.BankAllocation.create(
        { lineId: line.id, orderId: a.orderId, amountCents: a.amountCents, kind, staffId: actor.type === 'staff' ? actor.id : null, staffLabel: actor.label.slice(0, 200), undoneAt: null, undoneBy: null },
        { transaction: t },
      );
    }
    await recordAudit(m, t, actor, {
      action: kind === 'auto' ? 'bank_line.matched_auto' : 'bank_line.matched_by_hand',
      entityType: 'bank_line',
      entityId: line.id,
      before: { status: 'unmatched' },
      after: { allocations, surplusCents, by: actorId(actor) },
    });
  });

  const received = await allocatedByOrder(ctx, undefined, allocations.map((a) => a.orderId));
  const paidOrderIds: number[] = [];
  const waiting: ApplyResult['waiting'] = [];
  for (const [i, a] of allocations.entries()) {
    const order = (await m.Order.findByPk(a.orderId))!;
    const got = received.get(a.orderId) ?? 0;
    // The surplus of the line goes with its last order, so the core flags that order as overpaid.
    const extra = i === allocations.length - 1 ? surplusCents : 0;
    if (got >= order.grossCents) {
      try {
        await markOrderPaid(
          { orderId: a.orderId, amountCents: got + extra, source: 'bank_transfer', paidAt: new Date(`${line.bookingDate}T12:00:00Z`), note: proofNote(line), fulfil: opts.fulfil ?? true },
          actor,
        );
        paidOrderIds.push(a.orderId);
      } catch (e) {
        if (!isDomainError(e)) throw e;
        ctx.log.warn({ err: e, lineId: line.id, orderId: a.orderId }, 'bank line allocated but the order could not be marked paid');
        waiting.push({ orderId: a.orderId, remainingCents: 0 });
      }
    } else waiting.push({ orderId: a.orderId, remainingCents: order.grossCents - got });
  }
  const status = waiting.length ? 'partial' : 'matched';
  await m.BankLine.update({ status }, { where: { id: line.id } });
  await settleEarlierLines(ctx, paidOrderIds);
  return { status, paidOrderIds, waiting };
}

/** Earlier partial lines of orders now paid are settled too: their money completed the payment. */
async function settleEarlierLines(ctx: Ctx, orderIds: number[]) {
  if (!orderIds.length) return;
  const m = ctx.db.models;
  const allocs = await m.BankAllocation.findAll({ where: { orderId: orderIds, undoneAt: null }, attributes: ['lineId'], raw: true });
  const lineIds = [...new Set(allocs.map((a) => a.lineId))];
  for (const lineId of lineIds) {
    const live = await m.BankAllocation.findAll({ where: { lineId, undoneAt: null }, attributes: ['orderId'], raw: true });
    const open = await m.Order.count({ where: { id: live.map((a) => a.orderId), status: [...payableStatuses] } });
    if (!open) await m.BankLine.update({ status: 'matched' }, { where: { id: lineId, status: 'partial' } });
  }
}

export const proofNote = (line: Pick<BankLine, 'id' | 'bankRef' | 'bookingDate'>) =>
  `Bonifico: riga estratto conto #${line.id}${line.bankRef ? ` (rif. banca ${line.bankRef})` : ''} del ${line.bookingDate}`;
