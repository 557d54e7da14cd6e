/**
 * Periodic housekeeping run by the worker: remind buyers of orders about to expire, then expire
 * the ones past their date. Each order is handled in its own small transaction.
 */
import { Op } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import { systemActor } from '../shared/actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { queueEmail } from '../outbox/queue-email.js';
import { queueNotification } from '../notifications/queue-notification.js';
import { addDays } from '../shared/clock.js';
import { orderEmailData } from './order-email-data.js';
import { queueCheckoutSessionExpiry } from '../payments/expire-checkout-session.js';

export function expireOrders(ctx: Ctx) {
  const m = ctx.db.models;
  const actor = systemActor('scadenze ordini');
  return async function execute(limit = 200): Promise<{ reminded: number; expired: number }> {
    const now = ctx.clock.now();
    let reminded = 0;
    let expired = 0;
    const dueForReminder = await m.Order.findAll({
      where: { status: 'pending_payment', reminderSentAt: null, expiresAt: { [Op.lte]: addDays(now, ctx.config.ORDER_REMINDER_DAYS_BEFORE), [Op.gt]: now } },
      limit,
    });
    for (const o of dueForReminder) {
      await ctx.db.tx(async (t) => {
        const [won] = await m.Order.update({ reminderSentAt: now }, { where: { id: o.id, status: 'pending_payment', reminderSentAt: null }, transaction: t });
        if (!won) return;
        reminded++;
        if (o.buyerEmail) {
          await queueEmail(m, t, { template: 'order_expiring', language: o.language, to: o.buyerEmail, data: orderEmailData(ctx.config, o), entity: { type: 'order', id: o.id } });
        }
        if (o.buyerType === 'partner') await queueNotification(m, t, o.partnerId, 'order_expiring', { orderId: o.id, orderNumber: o.number, expiresAt: o.expiresAt.toISOString() });
      });
    }
    const overdue = await m.Order.findAll({ where: { status: 'pending_payment', expiresAt: { [Op.lte]: now } }, limit });
    for (const o of overdue) {
      await ctx.db.tx(async (t) => {
        const [won] = await m.Order.update({ status: 'expired', closedAt: now }, { where: { id: o.id, status: 'pending_payment' }, transaction: t });
        if (!won) return;
        expired++;
        await recordAudit(m, t, actor, { action: 'order.expired', entityType: 'order', entityId: o.id, before: { status: 'pending_payment' }, after: { status: 'expired' } });
        // Re-read after the update: `o` was read before this transaction and may miss a session opened since.
        const closed = await m.Order.findByPk(o.id, { transaction: t, attributes: ['id', 'stripeSessionId'] });
        await queueCheckoutSessionExpiry(m, t, o.id, closed?.stripeSessionId ?? null);
        if (o.buyerType === 'partner') await queueNotification(m, t, o.partnerId, 'order_expired', { orderId: o.id, orderNumber: o.number });
      });
    }
    return { reminded, expired };
  };
}
