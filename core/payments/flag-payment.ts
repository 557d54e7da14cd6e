/**
 * A payment that Sportello must not act on by itself (wrong amount or currency, money received for
 * a cancelled order, a partial refund): the order is flagged for staff and left as it is.
 */
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { queueNotification } from '../notifications/queue-notification.js';

const FLAG_MAX = 500;

/** Flags already on the order are kept: a person reads them all. */
export function appendFlag(existing: string | null, flag: string): string {
  if (!existing) return flag.slice(0, FLAG_MAX);
  if (existing.includes(flag)) return existing;
  return `${existing} · ${flag}`.slice(0, FLAG_MAX);
}

export function flagOrderPayment(ctx: Ctx) {
  const m = ctx.db.models;
  return async (orderId: number, flag: string, details: Record<string, unknown>, actor: Actor) =>
    ctx.db.tx(async (t) => {
      const order = await m.Order.findByPk(orderId, { transaction: t, lock: t.LOCK.UPDATE });
      if (!order) return false;
      await m.Order.update({ flag: appendFlag(order.flag, flag) }, { where: { id: orderId }, transaction: t });
      await recordAudit(m, t, actor, { action: 'order.payment_flagged', entityType: 'order', entityId: orderId, before: { flag: order.flag }, after: { flag, ...details } });
      await queueNotification(m, t, order.partnerId, 'payment_flagged', { orderId, orderNumber: order.number, reason: flag });
      return true;
    });
}
