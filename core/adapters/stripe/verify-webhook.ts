/**
 * Webhook signature verification with Stripe's own scheme and default timestamp tolerance (5 min).
 * Shared by the Stripe adapter and the sandbox, so sandbox events take the very same path.
 */
import Stripe from 'stripe';
import { WebhookSignatureError, type GatewayEvent } from '../../payments/payment-gateway.js';

export function verifyStripeSignature(rawBody: Buffer | string, header: string | undefined, secret: string): GatewayEvent {
  if (!header) throw new WebhookSignatureError('missing Stripe-Signature header');
  if (!secret) throw new WebhookSignatureError('no webhook secret configured');
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, header, secret);
  } catch (e) {
    throw new WebhookSignatureError(e instanceof Error ? e.message : String(e));
  }
  const object = (event.data?.object ?? {}) as { id?: unknown; object?: unknown };
  return {
    id: event.id,
    type: event.type,
    objectId: typeof object.id === 'string' ? object.id : null,
    objectType: typeof object.object === 'string' ? object.object : null,
    raw: typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'),
  };
}

/** Signs a payload the way Stripe does (used by the sandbox page and by tests). */
export function signPayload(payload: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });
}
