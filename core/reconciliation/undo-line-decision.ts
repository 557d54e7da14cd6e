/**
 * Undo what was decided for a line (automatic or by hand, matched, partial or not ours) and put it back
 * among the unmatched. Refused once any of its orders is fulfilled: coupons and accounts issued are not
 * taken back here (that is a refund). An order that was paid but not yet fulfilled goes back to waiting.
 */
import { z } from 'zod';
import { Op } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../shared/input.js';
import { recordAudit } from '../audit/record-audit.js';
import { payableStatuses } from '../orders/order.rules.js';

const schema = z.object({ lineId: z.number().int().positive() });

export function undoLineDecision(ctx: Ctx) {
  const m = ctx.db.models;
  return async (raw: z.input<typeof schema>, actor: Actor) => {
    const input = parseInput(schema, raw);
    return ctx.db.tx(async (t) => {
      const line = await m.BankLine.findByPk(input.lineId, { transaction: t });
      if (!line) throw new DomainError('not_found', 'Riga non trovata');
      if (line.status === 'unmatched') return { alreadyDone: true, reopenedOrderIds: [] as number[] };
      if (line.status === 'ignored') throw new DomainError('illegal_transition', 'Addebiti e storni non si abbinano');
      const allocations = await m.BankAllocation.findAll({ where: { lineId: line.id, undoneAt: null }, transaction: t });
      const reopened: number[] = [];
      for (const a of allocations) {
        const order = (await m.Order.findByPk(a.orderId, { transaction: t }))!;
        if (order.status === 'fulfilled' || order.fulfilledAt) {
          throw new DomainError('illegal_transition', `L'ordine ${order.number ?? order.id} è già evaso: l'abbinamento non si può annullare (serve un rimborso)`, { orderId: order.id });
        }
        if (order.status === 'paid') {
          // Paid by this line but not fulfilled yet: back to waiting, conditionally (a fulfilment racing us wins).
          const [won] = await m.Order.update({ status: 'pending_payment', paidAt: null, receivedCents: 0, flag: null }, { where: { id: order.id, status: 'paid', fulfilledAt: null }, transaction: t });
          if (won !== 1) throw new DomainError('conflict', 'L’ordine è cambiato nel frattempo: riprova');
          await recordAudit(m, t, actor, { action: 'order.payment_undone', entityType: 'order', entityId: order.id, before: { status: 'paid' }, after: { status: 'pending_payment', bankLineId: line.id } });
          reopened.push(order.id);
        } else if (!payableStatuses.includes(order.status)) {
          throw new DomainError('illegal_transition', `L'ordine ${order.number ?? order.id} è "${order.status}"`, { orderId: order.id });
        }
      }
      const now = ctx.clock.now();
      await m.BankAllocation.update({ undoneAt: now, undoneBy: actor.label.slice(0, 200) }, { where: { lineId: line.id, undoneAt: { [Op.is]: null } }, transaction: t });
      await m.BankLine.update({ status: 'unmatched', matchKind: null, allocatedCents: 0, surplusCents: 0, note: null }, { where: { id: line.id }, transaction: t });
      await recordAudit(m, t, actor, {
        action: 'bank_line.undone', entityType: 'bank_line', entityId: line.id,
        before: { status: line.status, matchKind: line.matchKind, allocations: allocations.map((a) => ({ orderId: a.orderId, amountCents: a.amountCents })) },
        after: { status: 'unmatched' },
      });
      return { alreadyDone: false, reopenedOrderIds: reopened };
    });
  };
}
