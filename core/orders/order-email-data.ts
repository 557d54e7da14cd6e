/** The facts about an order that its emails show, captured when the email is queued. */
import type { AppConfig } from '../config.js';
import type { Order, OrderLine } from '../db/models.js';
import { formatPaymentReference } from './payment-reference.js';
import { payLink, statusLink } from './links.js';

/** `lines`: the order's lines when `order.lines` is not loaded (yet). */
export function orderEmailData(
  config: AppConfig,
  order: Order,
  lines: Pick<OrderLine, 'description' | 'quantity' | 'grossCents'>[] = order.lines ?? [],
): Record<string, unknown> {
  return {
    orderId: order.id,
    orderNumber: order.number,
    buyerName: order.buyerName,
    paymentMethod: order.paymentMethod,
    paymentReference: formatPaymentReference(order.paymentReference),
    netCents: order.netCents,
    vatCents: order.vatCents,
    grossCents: order.grossCents,
    payLink: payLink(config, order.id),
    statusLink: statusLink(config, order.id),
    expiresAt: order.expiresAt.toISOString(),
    bank: { beneficiary: config.BANK_BENEFICIARY, iban: config.BANK_IBAN, bic: config.BANK_BIC },
    lines: lines.map((l) => ({ description: l.description, quantity: l.quantity, grossCents: l.grossCents })),
  };
}
