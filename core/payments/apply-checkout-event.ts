/**
 * The four `checkout.session.*` events. Whatever the event says, the session is re-read from the
 * provider and its CURRENT state decides: a late `expired` for a paid session, or an
 * `async_payment_succeeded` overtaking its `completed`, both end in the same single fulfilment.
 */
import type { Ctx } from '../shared/context.js';
import { formatAmount } from '../shared/money.js';
import { systemActor, type Actor } from '../shared/actor.js';
import { isDomainError } from '../errors.js';
import { markOrderPaid } from '../orders/mark-order-paid.js';
import { recordAudit } from '../audit/record-audit.js';
import { flagOrderPayment } from './flag-payment.js';
import { queueNotification } from '../notifications/queue-notification.js';
import { payLink } from '../orders/links.js';
import type { CheckoutProvider, CheckoutSessionView, GatewayEvent } from './payment-gateway.js';

export interface EventOutcome {
  orderId: number | null;
  outcome: string;
  /** nothing for Sportello to do (already done, nothing changed): recorded as 'ignored' */
  ignored?: boolean;
  /** about an object that is not Sportello's (unknown to the provider, or without one of our orders): recorded as 'not_ours' */
  notOurs?: boolean;
}

/**
 * The provider's current view of the event's object, or null when the provider does not know it
 * (a test-mode object, another account's, deleted): a permanent condition, not a failure to retry.
 * Anything else (network, the provider's 5xx, our database) is thrown and the event redelivered.
 */
export async function reread<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (e) {
    if (isDomainError(e) && e.code === 'not_found') return null;
    throw e;
  }
}

const eur = (cents: number | null) => (cents == null ? '?' : formatAmount(cents));

/** The order a session belongs to: set by us at creation, in two places that must agree. */
function orderIdOf(s: CheckoutSessionView): number | null {
  const id = Number(s.clientReferenceId);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  if (s.metadataOrderId != null && s.metadataOrderId !== s.clientReferenceId) return null;
  return id;
}

export function applyCheckoutEvent(ctx: Ctx, provider: CheckoutProvider) {
  const m = ctx.db.models;
  const markPaid = markOrderPaid(ctx);
  const flag = flagOrderPayment(ctx);
  const actor: Actor = systemActor(provider.source === 'sandbox' ? 'Sandbox pagamenti' : 'Stripe');

  async function audit(orderId: number, action: string, after: Record<string, unknown>) {
    await ctx.db.tx((t) => recordAudit(m, t, actor, { action, entityType: 'order', entityId: orderId, after }));
  }

  async function applyPaid(orderId: number, s: CheckoutSessionView, event: GatewayEvent): Promise<EventOutcome> {
    const order = await m.Order.findByPk(orderId);
    if (!order) return { orderId: null, outcome: `ordine ${orderId} inesistente`, notOurs: true };
    if (s.amountTotal !== order.grossCents || s.currency !== order.currency) {
      const reason = `Pagamento Stripe non corrispondente: ricevuti ${eur(s.amountTotal)} ${s.currency ?? '?'}, attesi ${eur(order.grossCents)} ${order.currency}`;
      await flag(orderId, reason, { sessionId: s.id, eventId: event.id, amountTotal: s.amountTotal, currency: s.currency }, actor);
      return { orderId, outcome: 'importo o valuta non corrispondenti: ordine segnalato' };
    }
    try {
      const r = await markPaid(
        {
          orderId,
          amountCents: s.amountTotal,
          currency: s.currency,
          source: provider.source,
          stripePaymentIntentId: s.paymentIntentId ?? undefined,
          note: `sessione ${s.id}, evento ${event.id}`,
        },
        actor,
      );
      return { orderId, outcome: r.alreadyPaid ? 'già pagato' : `pagato ed evaso (${r.couponsIssued ?? 0} coupon)`, ignored: r.alreadyPaid };
    } catch (e) {
      if (!isDomainError(e) || (e.code !== 'illegal_transition' && e.code !== 'payment_mismatch')) throw e;
      if (order.status === 'refunded') return { orderId, outcome: 'ordine già rimborsato', ignored: true };
      // Money taken for an order that can no longer be paid (cancelled): a person refunds or reopens it.
      await flag(orderId, `Pagamento Stripe ricevuto per un ordine "${order.status}": da verificare (sessione ${s.id})`, { sessionId: s.id, eventId: event.id }, actor);
      return { orderId, outcome: `pagamento su ordine ${order.status}: segnalato` };
    }
  }

  return async function apply(event: GatewayEvent): Promise<EventOutcome> {
    if (!event.objectId) return { orderId: null, outcome: 'evento senza sessione', ignored: true };
    const session = await reread(() => provider.retrieveSession(event.objectId!));
    if (!session) return { orderId: null, outcome: `sessione ${event.objectId.slice(0, 80)} sconosciuta al fornitore`, notOurs: true };
    const orderId = orderIdOf(session);
    if (!orderId) return { orderId: null, outcome: 'sessione non di Sportello', notOurs: true };

    if (session.status === 'complete' && session.paymentStatus === 'paid') return applyPaid(orderId, session, event);

    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded':
        if (session.status === 'complete') {
          // A delayed method (SEPA debit…): paid later, with async_payment_succeeded or _failed.
          await audit(orderId, 'order.payment_processing', { sessionId: session.id, eventId: event.id });
          return { orderId, outcome: 'pagamento in elaborazione' };
        }
        return { orderId, outcome: `sessione ${session.status}, non pagata`, ignored: true };
      case 'checkout.session.async_payment_failed':
        // Told in the partner's chat with the pay link again (the webhook log makes this run once per event).
        await ctx.db.tx(async (t) => {
          await recordAudit(m, t, actor, { action: 'order.payment_failed', entityType: 'order', entityId: orderId, after: { sessionId: session.id, eventId: event.id } });
          const order = await m.Order.findByPk(orderId, { transaction: t });
          if (order?.buyerType === 'partner' && order.status === 'pending_payment')
            await queueNotification(m, t, order.partnerId, 'order_payment_failed', { orderNumber: order.number ?? String(order.id), payLink: payLink(ctx.config, order.id) });
        });
        return { orderId, outcome: 'pagamento non riuscito: l’ordine resta da pagare' };
      case 'checkout.session.expired':
        // Nothing to change: the next click on the pay link sees the expiry and opens a new session.
        return { orderId, outcome: 'sessione scaduta', ignored: true };
      default:
        return { orderId, outcome: `evento ${event.type} non gestito`, ignored: true };
    }
  };
}
