/** Bank transfer: nothing to call; the payer gets the instructions and the order waits for reconciliation. */
import type { AppConfig } from '../config.js';
import type { Order } from '../db/models.js';
import { formatPaymentReference } from '../orders/payment-reference.js';
import type { BankTransferInstructions, PaymentGateway } from './payment-gateway.js';

/** IBANs are read and typed in groups of four. */
export const formatIban = (iban: string) => iban.replace(/\s+/g, '').replace(/(.{4})/g, '$1 ').trim();

export function bankTransferInstructions(config: AppConfig, order: Order): BankTransferInstructions {
  return {
    beneficiary: config.BANK_BENEFICIARY,
    iban: formatIban(config.BANK_IBAN),
    bic: config.BANK_BIC,
    amountCents: order.grossCents,
    currency: order.currency,
    paymentReference: formatPaymentReference(order.paymentReference),
  };
}

export function bankTransferGateway(config: AppConfig): PaymentGateway {
  return {
    method: 'bank_transfer',
    async start(order) {
      return { kind: 'instructions', instructions: bankTransferInstructions(config, order) };
    },
  };
}
