/**
 * The webhook: verify the signature (400 and nothing else when it fails), claim the event id
 * (duplicates and replays are acknowledged and ignored), apply it, record the outcome. The answer
 * comes as soon as the order's state has changed; emails, notifications and provisioning were
 * queued in the outbox by the use cases and are sent by the worker.
 *
 * Permanent conditions are answered 200 so that Stripe stops redelivering: an event about a session or
 * charge that Stripe itself no longer knows, or that belongs to no order of ours, is recorded as
 * `not_ours` and logged at warn. Transient ones (network, Stripe's 5xx, an order not yet paid, our
 * database) answer 5xx and Stripe tries again later.
 */
import type { Ctx } from '../shared/context.js';
import { isDomainError } from '../errors.js';
import { applyCheckoutEvent, type EventOutcome } from './apply-checkout-event.js';
import { applyRefundEvent, EventNotReady } from './apply-refund-event.js';
import { eventLog } from './event-log.js';
import { WebhookSignatureError, type CheckoutProvider, type GatewayEvent } from './payment-gateway.js';

export interface WebhookResponse {
  status: 200 | 400 | 500 | 503;
  body: { received: boolean; duplicate?: boolean; outcome?: string; error?: string };
}

export const handledEventTypes = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'charge.refunded',
] as const;

export function handleStripeWebhook(ctx: Ctx, provider: CheckoutProvider) {
  const log = eventLog(ctx);
  const checkout = applyCheckoutEvent(ctx, provider);
  const refund = applyRefundEvent(ctx, provider);

  const apply = (event: GatewayEvent): Promise<EventOutcome> => {
    if (event.type.startsWith('checkout.session.')) return checkout(event);
    if (event.type === 'charge.refunded') return refund(event);
    return Promise.resolve({ orderId: null, outcome: `tipo ${event.type} non gestito`, ignored: true });
  };

  return async function handle(rawBody: Buffer | string, signature: string | undefined): Promise<WebhookResponse> {
    let event: GatewayEvent;
    try {
      event = provider.verifyEvent(rawBody, signature);
    } catch (e) {
      if (e instanceof WebhookSignatureError) {
        ctx.log.warn({ err: e.message }, 'stripe webhook: signature refused');
        return { status: 400, body: { received: false, error: 'invalid signature' } };
      }
      throw e;
    }
    // Events we never asked for are acknowledged without a row: nothing to deduplicate.
    if (!(handledEventTypes as readonly string[]).includes(event.type)) return { status: 200, body: { received: true, outcome: 'ignored type' } };

    const claim = await log.claim(event, provider.source);
    if (!claim.claimed) return { status: 200, body: { received: true, duplicate: true } };
    try {
      const result = await apply(event);
      if (result.notOurs) {
        // Permanent: answering 5xx would only make Stripe redeliver it for days and then disable the endpoint.
        ctx.log.warn({ eventId: event.id, type: event.type, objectId: event.objectId, outcome: result.outcome }, 'stripe webhook: event about an object that is not ours, acknowledged');
        await log.finish(claim.row, 'not_ours', result);
        return { status: 200, body: { received: true, outcome: 'not ours' } };
      }
      await log.finish(claim.row, result.ignored ? 'ignored' : 'processed', result);
      return { status: 200, body: { received: true, outcome: result.outcome } };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      await log.finish(claim.row, 'failed', { error: message }).catch(() => {});
      const transient = e instanceof EventNotReady || (isDomainError(e) && e.code === 'unavailable');
      if (transient) ctx.log.info({ eventId: event.id, type: event.type, err: message }, 'stripe webhook: not applied yet, Stripe will redeliver');
      else ctx.log.error({ eventId: event.id, type: event.type, err: e }, 'stripe webhook: processing failed');
      return { status: transient ? 503 : 500, body: { received: false, error: transient ? message : 'processing failed' } };
    }
  };
}
