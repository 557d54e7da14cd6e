/**
 * The bank import's automatic matches, many lines per transaction with a few statements each instead of
 * a dozen per line: the lines are taken (conditionally: a concurrent run finds them taken), their
 * allocations and audit entries written in bulk, and each order that has now received its total is
 * marked paid through the core (markOrderPaidInTx, its fulfilment queued). The same rules as
 * applyAllocationsInTx, which matching by hand and the re-run of automatic matching use line by line;
 * a chunk that meets anything unexpected (a line taken meanwhile) is rolled back and done line by line.
 */
import { Op, type Transaction } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { actorId } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { recordAudits } from '../audit/record-audit.js';
import { payableStatuses } from '../orders/order.rules.js';
import { markOrdersPaidInTx } from '../orders/mark-order-paid.js';
import { allocatedByOrder } from './open-orders.js';
import { type Allocation, proofNote, settleEarlierLines, surplusNote } from './apply-allocations.js';

export interface Match {
  line: { id: number; bankRef: string | null; bookingDate: string };
  allocations: Allocation[];
  surplusCents: number;
}

export interface MatchesOutcome {
  matched: number;
  partial: number;
  skipped: number;
  paidOrderIds: number[];
}

/** Applies one chunk in the caller's transaction; throws DomainError('conflict') when a line was taken meanwhile. */
export async function applyMatchesInTx(ctx: Ctx, t: Transaction, matches: Match[], actor: Actor): Promise<MatchesOutcome> {
  const m = ctx.db.models;
  const out: MatchesOutcome = { matched: 0, partial: 0, skipped: 0, paidOrderIds: [] };
  const orderIds = [...new Set(matches.flatMap((x) => x.allocations.map((a) => a.orderId)))];
  const orders = new Map((await m.Order.findAll({ where: { id: orderIds }, transaction: t })).map((o) => [o.id, o]));
  // An order that stopped waiting since the matcher read it (paid by card, cancelled): its line is left for a person.
  const live = matches.filter((x) => x.allocations.every((a) => payableStatuses.includes(orders.get(a.orderId)?.status ?? 'cancelled')));
  out.skipped = matches.length - live.length;
  if (!live.length) return out;
  const [taken] = await m.BankLine.update(
    { status: 'partial', matchKind: 'auto', suggestions: null },
    { where: { id: live.map((x) => x.line.id), status: 'unmatched' }, transaction: t },
  );
  if (taken !== live.length) throw new DomainError('conflict', 'Righe già abbinate nel frattempo');
  const staffId = actor.type === 'staff' ? actor.id : null;
  await m.BankAllocation.bulkCreate(
    live.flatMap((x) => x.allocations.map((a) => ({ lineId: x.line.id, orderId: a.orderId, amountCents: a.amountCents, kind: 'auto' as const, staffId, staffLabel: actor.label.slice(0, 200), undoneAt: null, undoneBy: null }))),
    { transaction: t },
  );
  await recordAudits(m, t, actor, live.map((x) => ({
    action: 'bank_line.matched_auto', entityType: 'bank_line', entityId: x.line.id,
    before: { status: 'unmatched' }, after: { allocations: x.allocations, surplusCents: x.surplusCents, by: actorId(actor) },
  })));

  const received = await allocatedByOrder(ctx, t, orderIds);
  const payments = new Map<number, { amountCents: number; line: Match['line'] }>();
  for (const x of live) {
    for (const [i, a] of x.allocations.entries()) {
      const order = orders.get(a.orderId)!;
      const got = received.get(a.orderId) ?? 0;
      if (got < order.grossCents) continue;
      const extra = i === x.allocations.length - 1 ? x.surplusCents : 0; // the surplus goes with the line's last order
      const known = payments.get(order.id);
      payments.set(order.id, { amountCents: got + extra + (known ? known.amountCents - got : 0), line: known?.line ?? x.line });
    }
  }
  const paid = new Set<number>();
  const entries = [...payments.entries()];
  const results = await markOrdersPaidInTx(
    ctx, t,
    entries.map(([orderId, p]) => ({ orderId, amountCents: p.amountCents, source: 'bank_transfer' as const, paidAt: new Date(`${p.line.bookingDate}T12:00:00Z`), note: proofNote(p.line), fulfil: 'queue' as const })),
    actor,
  );
  results.forEach((r, k) => {
    if (r instanceof DomainError) ctx.log.warn({ err: r, orderId: entries[k][0] }, 'bank line allocated but the order could not be marked paid');
    else paid.add(entries[k][0]);
  });
  // Each line's final state, grouped: a few distinct (state, amounts) combinations per chunk.
  const groups = new Map<string, { values: Record<string, unknown>; ids: number[] }>();
  for (const x of live) {
    const matched = x.allocations.every((a) => paid.has(a.orderId));
    if (matched) out.matched++;
    else out.partial++;
    const values = {
      status: matched ? 'matched' : 'partial',
      allocatedCents: x.allocations.reduce((s, a) => s + a.amountCents, 0),
      surplusCents: x.surplusCents,
      note: x.surplusCents > 0 ? surplusNote(x.surplusCents) : null,
    };
    const key = JSON.stringify(values);
    const g = groups.get(key);
    if (g) g.ids.push(x.line.id);
    else groups.set(key, { values, ids: [x.line.id] });
  }
  for (const g of groups.values()) await m.BankLine.update(g.values, { where: { id: { [Op.in]: g.ids } }, transaction: t });
  out.paidOrderIds = [...paid];
  await settleEarlierLines(ctx, t, out.paidOrderIds);
  return out;
}
