/** Cancel an order still waiting for payment (the partner who placed it, or staff). */
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { assertOrderTransition } from './order.rules.js';
import { queueCheckoutSessionExpiry } from '../payments/expire-checkout-session.js';

export function cancelOrder(ctx: Ctx) {
  const m = ctx.db.models;
  return async (orderId: number, actor: Actor, reason?: string) =>
    ctx.db.tx(async (t) => {
      const order = await m.Order.findByPk(orderId, { transaction: t });
      if (!order || (actor.type === 'partner_user' && order.partnerId !== actor.partnerId)) throw new DomainError('not_found', 'Ordine non trovato');
      if (order.status === 'cancelled') return order;
      assertOrderTransition(order.status, 'cancelled');
      const [won] = await m.Order.update({ status: 'cancelled', closedAt: ctx.clock.now() }, { where: { id: orderId, status: 'pending_payment' }, transaction: t });
      if (won !== 1) throw new DomainError('conflict', 'L’ordine è cambiato nel frattempo: ricarica e riprova');
      await recordAudit(m, t, actor, { action: 'order.cancelled', entityType: 'order', entityId: orderId, before: { status: order.status }, after: { status: 'cancelled', reason: reason ?? null } });
      // Read after the update (which locked the row): a checkout session recorded meanwhile is seen.
      const closed = (await m.Order.findByPk(orderId, { transaction: t }))!;
      await queueCheckoutSessionExpiry(m, t, orderId, closed.stripeSessionId);
      return closed;
    });
}
