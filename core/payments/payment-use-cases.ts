/**
 * The payments capability, built once by the composition root: the checkout provider of this
 * installation (Stripe with a key, the local sandbox without), the gateways per payment method,
 * and the use cases the faces call.
 */
import type { Ctx } from '../shared/context.js';
import { DomainError } from '../errors.js';
import { stripeCheckout } from '../adapters/stripe/stripe-checkout.js';
import { cardPaymentsOff } from './card-payments-off.js';
import { sandboxCheckout, type SandboxCheckout } from '../adapters/sandbox/sandbox-checkout.js';
import { refundOrder } from '../orders/refund-order.js';
import { bankTransferGateway, bankTransferInstructions } from './bank-transfer-gateway.js';
import { checkoutGateway } from './checkout-gateway.js';
import { handleStripeWebhook } from './handle-stripe-webhook.js';
import { openPayLink, findOrderByPayToken } from './open-pay-link.js';
import { flagOrderPayment } from './flag-payment.js';
import type { CheckoutProvider, PaymentGateway } from './payment-gateway.js';
import type { PaymentMethod } from '../shared/types.js';
import type { JobHandler } from '../worker/worker.js';
import { expireCheckoutSession, EXPIRE_CHECKOUT_SESSION_JOB, type ExpireCheckoutSessionPayload } from './expire-checkout-session.js';

export function paymentUseCases(ctx: Ctx) {
  const sandbox: SandboxCheckout | null = ctx.config.paymentsMode === 'sandbox' ? sandboxCheckout(ctx) : null;
  const provider: CheckoutProvider = sandbox ?? (ctx.config.STRIPE_SECRET_KEY ? stripeCheckout(ctx.config) : cardPaymentsOff());
  const gateways: Partial<Record<PaymentMethod, PaymentGateway>> = {
    bank_transfer: bankTransferGateway(ctx.config),
    [sandbox ? 'sandbox' : 'stripe']: checkoutGateway(ctx, provider, sandbox ? 'sandbox' : 'stripe'),
  };
  const webhook = handleStripeWebhook(ctx, provider);

  /** The sandbox page's buttons: the session changes, then its signed event goes through the webhook handler. */
  async function sandboxAction(sessionId: string, action: 'pay' | 'fail') {
    if (!sandbox) throw new DomainError('not_found', 'Sandbox non attiva');
    const signed = await sandbox[action](sessionId);
    const response = await webhook(signed.payload, signed.signature);
    return { response, redirectTo: action === 'pay' ? signed.successUrl : signed.cancelUrl };
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

/** The outbox job kinds of payments, run by the worker (added to the core's in `app.jobHandlers()`). */
export function paymentJobHandlers(useCases: Pick<ReturnType<typeof paymentUseCases>, 'expireCheckoutSession'>): Record<string, JobHandler> {
  return {
    [EXPIRE_CHECKOUT_SESSION_JOB]: { run: async (p: ExpireCheckoutSessionPayload) => void (await useCases.expireCheckoutSession(p)) },
  };
}
