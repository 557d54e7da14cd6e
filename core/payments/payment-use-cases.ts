/**
 * The payments use cases the faces call, over the adapters the composition root built
 * (core/payments/checkout-adapters.ts).
 */
import type { Ctx } from '../shared/context.js';
import { DomainError } from '../errors.js';
import { refundOrder } from '../orders/refund-order.js';
import { bankTransferInstructions } from './bank-transfer-gateway.js';
import { handleStripeWebhook } from './handle-stripe-webhook.js';
import { openPayLink, findOrderByPayToken } from './open-pay-link.js';
import { flagOrderPayment } from './flag-payment.js';
import { expireCheckoutSession } from './expire-checkout-session.js';
import type { CheckoutAdapters } from './checkout-adapters.js';

export function paymentUseCases(ctx: Ctx, { sandbox, provider, gateways }: CheckoutAdapters) {
  const webhook = handleStripeWebhook(ctx, provider);

  /** The sandbox page's buttons: the session changes, then its signed event goes through the webhook handler. */
  async function sandboxAction(sessionId: string, action: 'pay' | 'fail') {
    if (!sandbox) throw new DomainError('not_found', 'Sandbox non attiva');
    const signed = await sandbox[action](sessionId);
    const response = await webhook(signed.payload, signed.signature);
    // What the session says, not which button: "Paga" on a session that already failed (the page
    // reached again with Back) must not land on the thank-you page while the order stays unpaid.
    const paid = (JSON.parse(signed.payload) as { data: { object: { payment_status?: string } } }).data.object.payment_status === 'paid';
    return { response, outcome: paid ? ('paid' as const) : ('failed' as const), redirectTo: paid ? signed.successUrl : signed.cancelUrl };
  }

  async function sandboxSession(sessionId: string) {
    const s = sandbox ? await sandbox.find(sessionId) : null;
    if (!s) throw new DomainError('not_found', 'Sessione di pagamento non trovata');
    const view = await sandbox!.retrieveSession(sessionId);
    const order = (await ctx.db.models.Order.findByPk(s.orderId, { include: [{ model: ctx.db.models.OrderLine, as: 'lines' }] }))!;
    return { session: view, cancelUrl: s.cancelUrl, order };
  }

  return {
    openPayLink: openPayLink(ctx, gateways),
    findOrderByPayToken: (token: unknown) => findOrderByPayToken(ctx, token),
    bankTransferInstructions: (order: Parameters<typeof bankTransferInstructions>[1]) => bankTransferInstructions(ctx.config, order),
    handleStripeWebhook: webhook,
    refundOrder: refundOrder(ctx, provider),
    expireCheckoutSession: expireCheckoutSession(ctx, provider),
    flagOrderPayment: flagOrderPayment(ctx),
    sandboxSession,
    sandboxAction,
  };
}
