/**
 * Fresh ranked suggestions for one unmatched line (orders change after the import: new ones placed,
 * others paid by card), through the same matcher as the automatic pass.
 */
import type { Ctx } from '../shared/context.js';
import { DomainError } from '../errors.js';
import { matchLines } from './match-lines.js';
import { loadOpenOrders } from './open-orders.js';

export interface OrderSuggestion {
  orderId: number;
  number: string | null;
  reference: string;
  buyerName: string;
  grossCents: number;
  remainingCents: number;
  score: number;
  reasons: string[];
}

export function suggestOrdersForLine(ctx: Ctx) {
  return async (lineId: number, max = 8): Promise<OrderSuggestion[]> => {
    const line = await ctx.db.models.BankLine.findByPk(lineId);
    if (!line) throw new DomainError('not_found', 'Riga non trovata');
    const open = await loadOpenOrders(ctx);
    const [d] = matchLines(
      [{ bankRef: line.bankRef, bookingDate: line.bookingDate, valueDate: line.valueDate, amountCents: line.amountCents, currency: line.currency, counterparty: line.counterparty, remittance: line.remittance, reversal: false, dedupKey: line.dedupKey }],
      open,
      { maxSuggestions: max },
    );
    let picks: { orderId: number; score: number; reasons: string[] }[];
    if (d.kind === 'unmatched') picks = d.suggestions;
    else if (d.kind === 'paid') picks = d.allocations.map((a) => ({ orderId: a.orderId, score: 1, reasons: ['reference'] }));
    else if (d.kind === 'partial') picks = [{ orderId: d.orderId, score: 1, reasons: ['reference'] }];
    else picks = [];
    const byId = new Map(open.map((o) => [o.id, o]));
    const orders = await ctx.db.models.Order.findAll({ where: { id: picks.map((p) => p.orderId) }, attributes: ['id', 'number'], raw: true });
    const numbers = new Map(orders.map((o) => [o.id, o.number]));
    return picks
      .filter((p) => byId.has(p.orderId))
      .map((p) => {
        const o = byId.get(p.orderId)!;
        return { ...p, number: numbers.get(p.orderId) ?? null, reference: o.reference, buyerName: o.buyerName, grossCents: o.grossCents, remainingCents: o.grossCents - o.paidCents };
      });
  };
}
