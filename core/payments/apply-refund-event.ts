/**
 * `charge.refunded`: the charge is re-read, its order found by the PaymentIntent recorded when the
 * order was paid. A full refund refunds the order (refundOrder); a partial one is flagged for staff.
 * A refund overtaking its own payment (the order not yet recorded as paid) is answered "not yet",
 * so Stripe delivers it again after the payment event.
 */
import type { Ctx } from '../shared/context.js';
import { formatEuro } from '../shared/money.js';
import { systemActor } from '../shared/actor.js';
import { refundOrder } from '../orders/refund-order.js';
import { flagOrderPayment } from './flag-payment.js';
import { creditRefundInTx } from '../invoicing/issue-invoice.js';
import { reread, type EventOutcome } from './apply-checkout-event.js';
import type { CheckoutProvider, GatewayEvent } from './payment-gateway.js';

/** The event cannot be applied yet; the webhook answers 5xx so that it is delivered again later. */
export class EventNotReady extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventNotReady';
  }
}

export function applyRefundEvent(ctx: Ctx, provider: CheckoutProvider) {
  const m = ctx.db.models;
  const refund = refundOrder(ctx, provider);
  const flag = flagOrderPayment(ctx);
  const actor = systemActor(provider.source === 'sandbox' ? 'Sandbox pagamenti' : 'Stripe');

  return async function apply(event: GatewayEvent): Promise<EventOutcome> {
    if (!event.objectId) return { orderId: null, outcome: 'evento senza addebito', ignored: true };
    const charge = await reread(() => provider.retrieveCharge(event.objectId!));
    if (!charge) return { orderId: null, outcome: `addebito ${event.objectId.slice(0, 80)} sconosciuto al fornitore`, notOurs: true };
    const byIntent = charge.paymentIntentId ? await m.Order.findOne({ where: { stripePaymentIntentId: charge.paymentIntentId } }) : null;
    const orderId = byIntent?.id ?? (Number(charge.metadataOrderId) || null);
    if (!orderId) return { orderId: null, outcome: 'addebito non di Sportello', notOurs: true };
    const order = byIntent ?? (await m.Order.findByPk(orderId));
    if (!order) return { orderId: null, outcome: `ordine ${orderId} inesistente`, notOurs: true };
    if (order.status === 'refunded') return { orderId, outcome: 'già rimborsato', ignored: true };
    if (order.status !== 'paid' && order.status !== 'fulfilled') throw new EventNotReady(`ordine ${orderId} "${order.status}": il pagamento non è ancora registrato`);
    if (charge.amountRefunded <= 0) return { orderId, outcome: 'nessun importo rimborsato', ignored: true };

    if (charge.amountRefunded < order.grossCents) {
      await flag(orderId, `Rimborso parziale di ${formatEuro(charge.amountRefunded)} da Stripe: decidere cosa revocare`, { chargeId: charge.id, amountRefunded: charge.amountRefunded, eventId: event.id }, actor);
      // The money went back, whatever staff decide about what was issued: its credit note goes out now.
      await ctx.db.tx((t) => creditRefundInTx(ctx, t, orderId, charge.amountRefunded, actor));
      return { orderId, outcome: 'rimborso parziale: ordine segnalato' };
    }
    const r = await refund({ orderId, source: provider.source, amountCents: charge.amountRefunded, reason: `Rimborso da ${provider.source === 'sandbox' ? 'sandbox' : 'Stripe'} (${charge.id})` }, actor);
    return { orderId, outcome: r.alreadyRefunded ? 'già rimborsato' : `rimborsato (${r.couponsRevoked ?? 0} coupon revocati)`, ignored: r.alreadyRefunded };
  };
}
