/**
 * The order's lines as Checkout line items whose sum is exactly the order's gross total. VAT is
 * rounded per line, so a line's gross is not always quantity × an integer unit price: such a line
 * is sent as one item named "N × description" rather than let Stripe's total drift by a cent.
 */
import type { Order } from '../db/models.js';
import type { SessionRequest } from './payment-gateway.js';

export function checkoutLines(order: Order): SessionRequest['lines'] {
  const lines = (order.lines ?? []).map((l) =>
    l.grossCents % l.quantity === 0
      ? { name: l.description, quantity: l.quantity, unitAmountCents: l.grossCents / l.quantity }
      : { name: `${l.quantity} × ${l.description}`, quantity: 1, unitAmountCents: l.grossCents },
  );
  const sum = lines.reduce((s, l) => s + l.quantity * l.unitAmountCents, 0);
  if (sum !== order.grossCents) throw new Error(`order ${order.id}: lines add up to ${sum}, total is ${order.grossCents}`);
  return lines;
}
