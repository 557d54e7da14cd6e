/**
 * The checkout provider of an installation that takes no card payments (PAYMENT_METHODS without
 * `card`) and has no Stripe key: nothing can be paid by card, and no webhook is ever genuine.
 * Neither the sandbox (which would fulfil orders without money) nor a keyless Stripe client.
 */
import { DomainError } from '../errors.js';
import { WebhookSignatureError, type CheckoutProvider } from './payment-gateway.js';

export function cardPaymentsOff(): CheckoutProvider {
  const off = async (): Promise<never> => {
    throw new DomainError('unavailable', 'Il pagamento con carta non è attivo: paga con bonifico');
  };
  return {
    source: 'stripe',
    createSession: off,
    retrieveSession: off,
    expireSession: off,
    retrieveCharge: off,
    refund: off,
    verifyEvent() {
      throw new WebhookSignatureError('card payments are off (PAYMENT_METHODS without card)');
    },
  };
}
