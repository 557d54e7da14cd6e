/**
 * The payment adapters of this installation, built once by the composition root (core/app.ts): the
 * checkout provider (Stripe with a key, the local sandbox in sandbox mode, none without either) and
 * the gateway of each payment method offered.
 */
import type { Ctx } from '../shared/context.js';
import { stripeCheckout } from '../adapters/stripe/stripe-checkout.js';
import { sandboxCheckout, type SandboxCheckout } from '../adapters/sandbox/sandbox-checkout.js';
import { cardPaymentsOff } from './card-payments-off.js';
import { bankTransferGateway } from './bank-transfer-gateway.js';
import { checkoutGateway } from './checkout-gateway.js';
import type { CheckoutProvider, PaymentGateway } from './payment-gateway.js';
import type { PaymentMethod } from '../shared/types.js';

export interface CheckoutAdapters {
  /** The local sandbox checkout, only in sandbox mode. */
  sandbox: SandboxCheckout | null;
  provider: CheckoutProvider;
  gateways: Partial<Record<PaymentMethod, PaymentGateway>>;
}

export function buildCheckoutAdapters(ctx: Ctx): CheckoutAdapters {
  const sandbox = ctx.config.paymentsMode === 'sandbox' ? sandboxCheckout(ctx) : null;
  const provider: CheckoutProvider = sandbox ?? (ctx.config.STRIPE_SECRET_KEY ? stripeCheckout(ctx.config) : cardPaymentsOff());
  const card: PaymentMethod = sandbox ? 'sandbox' : 'stripe';
  const gateways: Partial<Record<PaymentMethod, PaymentGateway>> = {
    bank_transfer: bankTransferGateway(ctx.config),
    [card]: checkoutGateway(ctx, provider, card),
  };
  return { sandbox, provider, gateways };
}
