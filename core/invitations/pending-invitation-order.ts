/**
 * The order an invited client placed and has not paid yet (the newest one, still payable), so the
 * checkout page can show it to a client who comes back instead of silently starting over.
 * Read-only: submitting the form again still replaces it (see place-order).
 */
import { Op } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { Order } from '../db/models.js';

export function pendingInvitationOrder(ctx: Ctx) {
  const m = ctx.db.models;
  return async (invitationId: number): Promise<Order | null> =>
    m.Order.findOne({
      where: { invitationId, status: 'pending_payment', expiresAt: { [Op.gt]: ctx.clock.now() } },
      include: [{ model: m.OrderLine, as: 'lines' }],
      order: [['id', 'DESC']],
    });
}
