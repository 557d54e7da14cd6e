/** A partner's orders, newest first, with their lines. */
import type { Ctx } from '../shared/context.js';
import type { OrderStatus } from '../shared/types.js';
import { DomainError } from '../errors.js';
import { pageWindow, toPage } from '../shared/paginate.js';

export function listOrders(ctx: Ctx) {
  const m = ctx.db.models;
  return async (partnerId: number, opts: { status?: OrderStatus; page?: number; pageSize?: number } = {}) => {
    const w = pageWindow(opts.page, opts.pageSize);
    const where = { partnerId, ...(opts.status ? { status: opts.status } : {}) };
    const { rows, count } = await m.Order.findAndCountAll({ where, order: [['id', 'DESC']], limit: w.limit, offset: w.offset });
    return toPage(rows, count, w);
  };
}

/** One order of a partner, with its lines; another partner's order is "not found", never "forbidden". */
export function getOrder(ctx: Ctx) {
  const m = ctx.db.models;
  return async (orderId: number, partnerId?: number) => {
    const order = await m.Order.findByPk(orderId, { include: [{ model: m.OrderLine, as: 'lines' }] });
    if (!order || (partnerId !== undefined && order.partnerId !== partnerId)) throw new DomainError('not_found', 'Ordine non trovato');
    return order;
  };
}
