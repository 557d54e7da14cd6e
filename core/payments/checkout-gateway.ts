/**
 * Opening the pay link of an order paid through a hosted checkout (Stripe, or the sandbox).
 * A session is created only now, on the payer's click (sessions expire), and reused while open.
 * The idempotency key names the order and the session it replaces, i.e. the attempt: two clicks
 * at once send the same key and get the same session; after an expiry the next click gets a new one.
 */
import type { Ctx } from '../shared/context.js';
import type { Order } from '../db/models.js';
import type { PaymentMethod } from '../shared/types.js';
import { systemActor } from '../shared/actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { payLink } from '../orders/links.js';
import { checkoutLines } from './checkout-lines.js';
import { DomainError } from '../errors.js';
import { queueCheckoutSessionExpiry } from './expire-checkout-session.js';
import type { CheckoutProvider, CheckoutSessionView, PaymentGateway, PaymentStart } from './payment-gateway.js';

export const checkoutIdempotencyKey = (orderId: number, previousSessionId: string | null) =>
  `sportello-order-${orderId}-checkout-after-${previousSessionId ?? 'none'}`;

/** A session that may still take (or has taken) the payer's money: never open a second one beside it. */
function stillInPlay(s: CheckoutSessionView): PaymentStart | null {
  if (s.status === 'open' && s.url) return { kind: 'redirect', url: s.url, sessionId: s.id, reused: true };
  if (s.status === 'complete' && s.paymentStatus !== 'unpaid') return { kind: 'processing', sessionId: s.id };
  // Completed but unpaid: a delayed method (SEPA, bank debit) still running, unless it has failed.
  if (s.status === 'complete' && !['requires_payment_method', 'canceled'].includes(s.paymentIntentStatus ?? 'processing')) {
    return { kind: 'processing', sessionId: s.id };
  }
  return null;
}

export function checkoutGateway(ctx: Ctx, provider: CheckoutProvider, method: PaymentMethod): PaymentGateway {
  const m = ctx.db.models;
  return {
    method,
    async start(order: Order) {
      if (order.stripeSessionId) {
        const current = stillInPlay(await provider.retrieveSession(order.stripeSessionId));
        if (current) return current;
      }
      const link = payLink(ctx.config, order.id);
      const session = await provider.createSession(
        {
          orderId: order.id,
          orderNumber: order.number ?? String(order.id),
          lines: checkoutLines(order),
          currency: order.currency,
          customerEmail: order.buyerEmail,
          language: order.language,
          successUrl: `${link}/success?session_id={CHECKOUT_SESSION_ID}`,
          cancelUrl: `${link}/cancel`,
        },
        checkoutIdempotencyKey(order.id, order.stripeSessionId),
      );
      if (session.amountTotal !== order.grossCents || !session.url) {
        throw new Error(`checkout session ${session.id} for order ${order.id}: total ${session.amountTotal}, expected ${order.grossCents}`);
      }
      const closedMeanwhile = await ctx.db.tx(async (t) => {
        // Conditional on the session it replaces: of two concurrent clicks only one records (and audits) it.
        const [won] = await m.Order.update(
          { stripeSessionId: session.id },
          { where: { id: order.id, status: 'pending_payment', stripeSessionId: order.stripeSessionId }, transaction: t },
        );
        if (won !== 1) {
          // Cancelled or expired while the session was being created: it must not stay payable.
          const now = await m.Order.findByPk(order.id, { transaction: t, attributes: ['id', 'status'] });
          if (now && now.status !== 'pending_payment') {
            await queueCheckoutSessionExpiry(m, t, order.id, session.id);
            return true;
          }
        }
        if (won === 1) {
          await recordAudit(m, t, systemActor('pagina di pagamento'), {
            action: 'order.checkout_started',
            entityType: 'order',
            entityId: order.id,
            before: { stripeSessionId: order.stripeSessionId },
            after: { stripeSessionId: session.id, provider: provider.source },
          });
        }
        return false;
      });
      if (closedMeanwhile) throw new DomainError('conflict', 'L’ordine è stato chiuso nel frattempo', { orderClosed: true });
      return { kind: 'redirect', url: session.url, sessionId: session.id, reused: false };
    },
  };
}
