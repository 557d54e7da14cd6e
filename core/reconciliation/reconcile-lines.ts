/**
 * Automatic matching of unmatched lines (of one statement, or all) against orders waiting for payment,
 * through the pure matcher; applies its decisions: paid (and fulfilled) through the core, partial kept
 * against the order, the rest left for a person with ranked suggestions, debits and reversals ignored.
 */
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { isDomainError } from '../errors.js';
import { matchLines } from './match-lines.js';
import { loadOpenOrders } from './open-orders.js';
import { applyAllocations } from './apply-allocations.js';
import type { StatementLine } from './statement.js';

export interface ReconcileSummary {
  matched: number;
  partial: number;
  unmatched: number;
  ignored: number;
  paidOrderIds: number[];
}

const IGNORED_NOTE = { debit: 'Addebito', reversal: 'Storno', other_currency: 'Valuta diversa da EUR' } as const;

export async function reconcileLines(ctx: Ctx, scope: { statementId?: number; lineId?: number }, actor: Actor, opts: { fulfil?: boolean | 'queue' } = {}): Promise<ReconcileSummary> {
  const m = ctx.db.models;
  const rows = await m.BankLine.findAll({
    where: { status: 'unmatched', ...(scope.statementId ? { statementId: scope.statementId } : {}), ...(scope.lineId ? { id: scope.lineId } : {}) },
    order: [['id', 'ASC']],
  });
  const summary: ReconcileSummary = { matched: 0, partial: 0, unmatched: 0, ignored: 0, paidOrderIds: [] };
  if (!rows.length) return summary;
  const lines: StatementLine[] = rows.map((r) => ({
    bankRef: r.bankRef, bookingDate: r.bookingDate, valueDate: r.valueDate, amountCents: r.amountCents, currency: r.currency,
    counterparty: r.counterparty, remittance: r.remittance, reversal: r.reversal, dedupKey: r.dedupKey,
  }));
  const decisions = matchLines(lines, await loadOpenOrders(ctx), { maxSuggestions: 3 });
  for (const [i, d] of decisions.entries()) {
    const row = rows[i];
    if (d.kind === 'ignored') {
      await m.BankLine.update({ status: 'ignored', note: IGNORED_NOTE[d.reason] }, { where: { id: row.id, status: 'unmatched' } });
      summary.ignored++;
      continue;
    }
    if (d.kind === 'unmatched') {
      // Unchanged suggestions are not written again (a resumed import re-reads a hundred thousand lines).
      if (JSON.stringify(row.suggestions) !== JSON.stringify(d.suggestions)) await m.BankLine.update({ suggestions: d.suggestions }, { where: { id: row.id, status: 'unmatched' } });
      summary.unmatched++;
      continue;
    }
    const allocations = d.kind === 'paid' ? d.allocations.filter((a) => a.amountCents > 0) : [{ orderId: d.orderId, amountCents: d.amountCents }];
    if (!allocations.length) {
      // Every order it names was settled by an earlier line: a duplicate payment, for a person to refund or reassign.
      const orderIds = d.kind === 'paid' ? d.allocations.map((a) => a.orderId) : [];
      await m.BankLine.update(
        { note: 'Pagamento doppio: l’ordine era già saldato', suggestions: orderIds.map((orderId) => ({ orderId, score: 1, reasons: ['reference'] })) },
        { where: { id: row.id, status: 'unmatched' } },
      );
      summary.unmatched++;
      continue;
    }
    try {
      const r = await applyAllocations(ctx, row, allocations, d.kind === 'paid' ? d.surplusCents : 0, 'auto', actor, { fulfil: opts.fulfil });
      summary[r.status]++;
      summary.paidOrderIds.push(...r.paidOrderIds);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      // Taken meanwhile (concurrent import) or the order changed state: leave the line for a person.
      ctx.log.warn({ err: e, lineId: row.id }, 'automatic match skipped');
      summary.unmatched++;
    }
  }
  return summary;
}
