/**
 * What opening a pay link (`/pay/<token>`) does. An order waiting for payment goes to its
 * gateway (a checkout session, or bank-transfer instructions); any other order shows its state.
 */
import type { Ctx } from '../shared/context.js';
import type { Order } from '../db/models.js';
import type { PaymentMethod } from '../shared/types.js';
import { DomainError } from '../errors.js';
import { orderIdFromPayToken } from '../orders/links.js';
import { bankTransferInstructions } from './bank-transfer-gateway.js';
import type { BankTransferInstructions, PaymentGateway, PaymentStart } from './payment-gateway.js';

export type PayLinkResult =
  | { kind: 'start'; order: Order; start: PaymentStart }
  /** the order is past paying (paid, fulfilled, cancelled, expired, refunded) */
  | { kind: 'state'; order: Order; instructions?: BankTransferInstructions }
  /** the order's method is not offered by this installation (e.g. a Stripe order, no key any more) */
  | { kind: 'method_unavailable'; order: Order };

export async function findOrderByPayToken(ctx: Ctx, token: unknown): Promise<Order> {
  const orderId = orderIdFromPayToken(ctx.config, token);
  const order = orderId ? await ctx.db.models.Order.findByPk(orderId, { include: [{ model: ctx.db.models.OrderLine, as: 'lines' }] }) : null;
  if (!order) throw new DomainError('not_found', 'Link di pagamento non valido');
  return order;
}

export function openPayLink(ctx: Ctx, gateways: Partial<Record<PaymentMethod, PaymentGateway>>) {
  return async (token: unknown): Promise<PayLinkResult> => {
    const order = await findOrderByPayToken(ctx, token);
    if (order.status !== 'pending_payment') return { kind: 'state', order };
    const gateway = gateways[order.paymentMethod];
    if (!gateway) {
      return order.paymentMethod === 'bank_transfer'
        ? { kind: 'start', order, start: { kind: 'instructions', instructions: bankTransferInstructions(ctx.config, order) } }
        : { kind: 'method_unavailable', order };
    }
    try {
      return { kind: 'start', order, start: await gateway.start(order) };
    } catch (e) {
      // Closed while its session was being opened (that session is queued for expiry): show the state.
      if (e instanceof DomainError && e.code === 'conflict' && e.details.orderClosed) return { kind: 'state', order: await findOrderByPayToken(ctx, token) };
      throw e;
    }
  };
}
