/**
 * Records what a bank line pays (allocations kept as the payment's proof) and settles the orders that
 * have now received their total, in one transaction: the proof and the payment together. Shared by
 * automatic matching, the bank import (many lines per transaction, through applyAllocationsInTx) and
 * matching by hand. Every refusal (DomainError) comes before the first write, so a caller batching
 * lines may skip the refused one and carry on in the same transaction.
 */
import { Op, type Transaction } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { actorId } from '../shared/actor.js';
import type { BankLine } from '../db/back-office-models.js';
import { DomainError, isDomainError } from '../errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { payableStatuses } from '../orders/order.rules.js';
import { markOrderPaidInTx } from '../orders/mark-order-paid.js';
import { allocatedByOrder } from './open-orders.js';
import { formatEuro } from '../shared/money.js';

export interface Allocation {
  orderId: number;
  amountCents: number;
}

export interface ApplyResult {
  status: 'matched' | 'partial';
  paidOrderIds: number[];
  waiting: { orderId: number; remainingCents: number }[];
}

type Fulfil = boolean | 'queue';
type LineProof = Pick<BankLine, 'id' | 'bankRef' | 'bookingDate'>;

export function applyAllocations(ctx: Ctx, line: LineProof, allocations: Allocation[], surplusCents: number, kind: 'auto' | 'hand', actor: Actor, opts: { fulfil?: Fulfil } = {}): Promise<ApplyResult> {
  return ctx.db.tx((t) => applyAllocationsInTx(ctx, t, line, allocations, surplusCents, kind, actor, opts));
}

export async function applyAllocationsInTx(
  ctx: Ctx,
  t: Transaction,
  line: LineProof,
  allocations: Allocation[],
  surplusCents: number,
  kind: 'auto' | 'hand',
  actor: Actor,
  opts: { fulfil?: Fulfil } = {},
): Promise<ApplyResult> {
  const m = ctx.db.models;
  const orders = await m.Order.findAll({ where: { id: allocations.map((a) => a.orderId) }, transaction: t });
  for (const a of allocations) {
    const order = orders.find((o) => o.id === a.orderId);
    if (!order) throw new DomainError('not_found', `Ordine ${a.orderId} non trovato`);
    if (!payableStatuses.includes(order.status)) {
      throw new DomainError('illegal_transition', `L'ordine ${order.number ?? order.id} è "${order.status}": non attende pagamenti`, { orderId: order.id });
    }
  }
  const allocated = allocations.reduce((s, a) => s + a.amountCents, 0);
  // Conditional: a second import run or a double click finds the line already taken.
  const [won] = await m.BankLine.update(
    { status: 'partial', matchKind: kind, allocatedCents: allocated, surplusCents, suggestions: null },
    { where: { id: line.id, status: 'unmatched' }, transaction: t },
  );
  if (won !== 1) throw new DomainError('conflict', 'La riga è già stata abbinata', { lineId: line.id });
  await m.BankAllocation.bulkCreate(
    allocations.map((a) => ({ lineId: line.id, orderId: a.orderId, amountCents: a.amountCents, kind, staffId: actor.type === 'staff' ? actor.id : null, staffLabel: actor.label.slice(0, 200), undoneAt: null, undoneBy: null })),
    { transaction: t },
  );
  await recordAudit(m, t, actor, {
    action: kind === 'auto' ? 'bank_line.matched_auto' : 'bank_line.matched_by_hand',
    entityType: 'bank_line',
    entityId: line.id,
    before: { status: 'unmatched' },
    after: { allocations, surplusCents, by: actorId(actor) },
  });

  const received = await allocatedByOrder(ctx, t, allocations.map((a) => a.orderId));
  const paidOrderIds: number[] = [];
  const waiting: ApplyResult['waiting'] = [];
  for (const [i, a] of allocations.entries()) {
    const order = orders.find((o) => o.id === a.orderId)!;
    const got = received.get(a.orderId) ?? 0;
    // The surplus of the line goes with its last order, so the core flags that order as overpaid.
    const extra = i === allocations.length - 1 ? surplusCents : 0;
    if (got >= order.grossCents) {
      try {
        await markOrderPaidInTx(
          ctx, t,
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
  const note = surplusCents > 0 ? surplusNote(surplusCents) : undefined;
  if (status === 'matched' || note) await m.BankLine.update({ status, ...(note ? { note } : {}) }, { where: { id: line.id }, transaction: t });
  await settleEarlierLines(ctx, t, paidOrderIds);
  return { status, paidOrderIds, waiting };
}

/** Earlier partial lines of orders now paid are settled too: their money completed the payment. */
export async function settleEarlierLines(ctx: Ctx, t: Transaction, orderIds: number[]) {
  if (!orderIds.length) return;
  const m = ctx.db.models;
  const allocs = await m.BankAllocation.findAll({ where: { orderId: orderIds, undoneAt: { [Op.is]: null } }, attributes: ['lineId'], raw: true, transaction: t });
  const lineIds = [...new Set(allocs.map((a) => a.lineId))];
  if (!lineIds.length) return;
  const partial = await m.BankLine.findAll({ where: { id: lineIds, status: 'partial' }, attributes: ['id'], raw: true, transaction: t });
  for (const { id: lineId } of partial) {
    const live = await m.BankAllocation.findAll({ where: { lineId, undoneAt: { [Op.is]: null } }, attributes: ['orderId'], raw: true, transaction: t });
    const open = await m.Order.count({ where: { id: live.map((a) => a.orderId), status: [...payableStatuses] }, transaction: t });
    if (!open) await m.BankLine.update({ status: 'matched' }, { where: { id: lineId, status: 'partial' }, transaction: t });
  }
}

export const surplusNote = (cents: number) => `Eccedenza di ${formatEuro(cents, 'it')}: da rimborsare o compensare`;

export const proofNote = (line: LineProof) =>
  `Bonifico: riga estratto conto #${line.id}${line.bankRef ? ` (rif. banca ${line.bankRef})` : ''} del ${line.bookingDate}`;
