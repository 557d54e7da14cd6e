/**
 * Orders still waiting for money, in the shape the matcher wants, with what bank lines already gave
 * them (live allocations: an underpaid order keeps its partial lines until it is settled).
 */
import { Op, QueryTypes, type Transaction } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import { payableStatuses } from '../orders/order.rules.js';
import type { OpenOrder } from './match-lines.js';

export async function loadOpenOrders(ctx: Ctx, t?: Transaction): Promise<OpenOrder[]> {
  const m = ctx.db.models;
  const rows = await m.Order.findAll({
    where: { status: { [Op.in]: [...payableStatuses] } },
    attributes: ['id', 'paymentReference', 'grossCents', 'buyerName', 'createdAt'],
    raw: true,
    transaction: t,
  });
  const paid = await allocatedByOrder(ctx, t);
  return rows.map((o) => ({
    id: o.id,
    reference: o.paymentReference,
    grossCents: o.grossCents,
    paidCents: paid.get(o.id) ?? 0,
    buyerName: o.buyerName,
    createdAt: o.createdAt instanceof Date ? o.createdAt : new Date(o.createdAt),
  }));
}

/** Cents received so far per open order, from bank lines not undone. */
export async function allocatedByOrder(ctx: Ctx, t?: Transaction, orderIds?: number[]): Promise<Map<number, number>> {
  const statuses = payableStatuses.map((s) => `'${s}'`).join(',');
  const only = orderIds?.length ? `AND a.order_id IN (${orderIds.map(Number).join(',')})` : '';
  const rows = await ctx.db.sequelize.query<{ orderId: number; cents: number }>(
    `SELECT a.order_id AS orderId, SUM(a.amount_cents) AS cents FROM bank_allocations a JOIN orders o ON o.id = a.order_id
     WHERE a.undone_at IS NULL AND o.status IN (${statuses}) ${only} GROUP BY a.order_id`,
    { type: QueryTypes.SELECT, transaction: t },
  );
  return new Map(rows.map((r) => [Number(r.orderId), Number(r.cents)]));
}
