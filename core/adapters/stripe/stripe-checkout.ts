/** The Stripe adapter of the CheckoutProvider port (Checkout Sessions, charges, refunds, webhooks). */
import Stripe from 'stripe';
import type { AppConfig } from '../../config.js';
import { DomainError } from '../../errors.js';
import type { ChargeView, CheckoutProvider, CheckoutSessionView } from '../../payments/payment-gateway.js';
import { createStripeClient } from './stripe-client.js';
import { verifyStripeSignature } from './verify-webhook.js';

/** Network trouble, Stripe's 5xx and rate limits are "try again later"; anything else is our bug. */
function isTransient(e: unknown): boolean {
  if (!(e instanceof Stripe.errors.StripeError)) return false;
  return (
    e instanceof Stripe.errors.StripeConnectionError ||
    e instanceof Stripe.errors.StripeAPIError ||
    e instanceof Stripe.errors.StripeRateLimitError ||
    (e.statusCode ?? 0) >= 500
  );
}

async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isTransient(e)) {
      throw new DomainError('unavailable', 'Il servizio di pagamento non risponde: riprova tra qualche minuto', { what, cause: (e as Error).message });
    }
    throw e;
  }
}

/** Stripe answers 404 `resource_missing` for an id it does not know: for the caller that is `not_found`, not a failure. */
async function read<T>(what: string, id: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await call(what, fn);
  } catch (e) {
    if (e instanceof Stripe.errors.StripeInvalidRequestError && (e.statusCode === 404 || e.code === 'resource_missing')) {
      throw new DomainError('not_found', 'Oggetto sconosciuto a Stripe', { what, id, cause: e.message });
    }
    throw e;
  }
}

export function toSessionView(s: Stripe.Checkout.Session): CheckoutSessionView {
  const pi = s.payment_intent;
  return {
    id: s.id,
    url: s.url ?? null,
    status: (s.status ?? 'open') as CheckoutSessionView['status'],
    paymentStatus: s.payment_status as CheckoutSessionView['paymentStatus'],
    amountTotal: s.amount_total ?? null,
    currency: s.currency ? s.currency.toUpperCase() : null,
    clientReferenceId: s.client_reference_id ?? null,
    metadataOrderId: s.metadata?.orderId ?? null,
    paymentIntentId: typeof pi === 'string' ? pi : (pi?.id ?? null),
    paymentIntentStatus: typeof pi === 'object' && pi ? pi.status : null,
  };
}

export function stripeCheckout(config: AppConfig, client: Stripe = createStripeClient(config)): CheckoutProvider {
  const secret = config.STRIPE_WEBHOOK_SECRET ?? '';
  return {
    source: 'stripe',
    async createSession(req, idempotencyKey) {
      const session = await call('checkout.sessions.create', () =>
        client.checkout.sessions.create(
          {
            mode: 'payment',
            client_reference_id: String(req.orderId),
            metadata: { orderId: String(req.orderId), orderNumber: req.orderNumber },
            // The PaymentIntent (and so its charge and refunds) carries the order too.
            payment_intent_data: { metadata: { orderId: String(req.orderId), orderNumber: req.orderNumber } },
            line_items: req.lines.map((l) => ({
              quantity: l.quantity,
              price_data: { currency: req.currency.toLowerCase(), unit_amount: l.unitAmountCents, product_data: { name: l.name } },
            })),
            ...(req.customerEmail ? { customer_email: req.customerEmail } : {}),
            locale: req.language,
            success_url: req.successUrl,
            cancel_url: req.cancelUrl,
          },
          { idempotencyKey },
        ),
      );
      return toSessionView(session);
    },
    async retrieveSession(sessionId) {
      const session = await read('checkout.sessions.retrieve', sessionId, () => client.checkout.sessions.retrieve(sessionId, { expand: ['payment_intent'] }));
      return toSessionView(session);
    },
    async expireSession(sessionId) {
      try {
        const s = await call('checkout.sessions.expire', () => client.checkout.sessions.expire(sessionId));
        return { status: (s.status ?? 'expired') as CheckoutSessionView['status'], expiredNow: true };
      } catch (e) {
        if (e instanceof Stripe.errors.StripeInvalidRequestError && e.statusCode === 404) {
          throw new DomainError('not_found', 'Sessione di pagamento non trovata', { sessionId, cause: e.message });
        }
        // Stripe refuses to expire a session that is not open (already complete, or expired): read what it is.
        if (e instanceof Stripe.errors.StripeInvalidRequestError) {
          const s = await call('checkout.sessions.retrieve', () => client.checkout.sessions.retrieve(sessionId));
          if (s.status !== 'open') return { status: s.status as CheckoutSessionView['status'], expiredNow: false };
        }
        throw e;
      }
    },
    async retrieveCharge(chargeId): Promise<ChargeView> {
      const c = await read('charges.retrieve', chargeId, () => client.charges.retrieve(chargeId));
      return {
        id: c.id,
        paymentIntentId: typeof c.payment_intent === 'string' ? c.payment_intent : (c.payment_intent?.id ?? null),
        metadataOrderId: c.metadata?.orderId ?? null,
        amount: c.amount,
        amountRefunded: c.amount_refunded,
        currency: c.currency.toUpperCase(),
        refunded: c.refunded,
      };
    },
    async refund(paymentIntentId, idempotencyKey, amountCents) {
      const r = await call('refunds.create', () =>
        client.refunds.create({ payment_intent: paymentIntentId, ...(amountCents ? { amount: amountCents } : {}) }, { idempotencyKey }),
      );
      return { id: r.id, amountCents: r.amount };
    },
    verifyEvent(rawBody, header) {
      return verifyStripeSignature(rawBody, header, secret);
    },
  };
}
