/**
 * The payments ports. `CheckoutProvider` is what a hosted checkout (Stripe, or the local sandbox)
 * must offer; `PaymentGateway` is what opening a pay link does for one payment method (Stripe and
 * sandbox redirect to a session, bank transfer shows instructions). Only provider ids are stored
 * by Sportello: card data never passes through it.
 */
import type { Order } from '../db/models.js';
import type { PaymentMethod } from '../shared/types.js';

/** The fields of a Checkout Session that Sportello reads; always re-read from the provider. */
export interface CheckoutSessionView {
  id: string;
  url: string | null;
  status: 'open' | 'complete' | 'expired';
  paymentStatus: 'paid' | 'unpaid' | 'no_payment_required';
  amountTotal: number | null;
  /** upper case, like Order.currency */
  currency: string | null;
  clientReferenceId: string | null;
  metadataOrderId: string | null;
  paymentIntentId: string | null;
  /** the PaymentIntent's status when known: 'processing' means a delayed payment is under way */
  paymentIntentStatus: string | null;
}

export interface ChargeView {
  id: string;
  paymentIntentId: string | null;
  /** copied by Stripe from the PaymentIntent's metadata, which we set at session creation */
  metadataOrderId: string | null;
  amount: number;
  amountRefunded: number;
  currency: string;
  refunded: boolean;
}

/** A verified webhook event: only its id, type and the id of the object it is about are trusted. */
export interface GatewayEvent {
  id: string;
  type: string;
  objectId: string | null;
  objectType: string | null;
  raw: string;
}

export interface SessionRequest {
  orderId: number;
  orderNumber: string;
  /** lines whose sum is exactly the order's gross total */
  lines: { name: string; quantity: number; unitAmountCents: number }[];
  currency: string;
  customerEmail: string | null;
  language: 'it' | 'en';
  successUrl: string;
  cancelUrl: string;
}

export interface CheckoutProvider {
  readonly source: 'stripe' | 'sandbox';
  createSession(req: SessionRequest, idempotencyKey: string): Promise<CheckoutSessionView>;
  /** Throws DomainError 'not_found' for a session the provider does not know. */
  retrieveSession(sessionId: string): Promise<CheckoutSessionView>;
  /**
   * Closes an open session so that it can no longer be paid (the order was cancelled or expired).
   * A session already complete or expired is not an error: its current status is returned.
   * Throws DomainError 'not_found' for a session the provider does not know.
   */
  expireSession(sessionId: string): Promise<{ status: CheckoutSessionView['status']; expiredNow: boolean }>;
  /** Throws DomainError 'not_found' for a charge the provider does not know. */
  retrieveCharge(chargeId: string): Promise<ChargeView>;
  /** Refunds the whole payment (or `amountCents` of it); the same key never refunds twice. */
  refund(paymentIntentId: string, idempotencyKey: string, amountCents?: number): Promise<{ id: string; amountCents: number }>;
  /** Verifies the signature (throws `WebhookSignatureError`) and parses the event. */
  verifyEvent(rawBody: Buffer | string, signatureHeader: string | undefined): GatewayEvent;
}

export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

export interface BankTransferInstructions {
  beneficiary: string;
  iban: string;
  bic: string;
  amountCents: number;
  currency: string;
  /** the causale, formatted as the payer must write it */
  paymentReference: string;
}

/** What the payer gets when opening the pay link of an order waiting for payment. */
export type PaymentStart =
  | { kind: 'redirect'; url: string; sessionId: string; reused: boolean }
  | { kind: 'processing'; sessionId: string }
  | { kind: 'instructions'; instructions: BankTransferInstructions };

export interface PaymentGateway {
  readonly method: PaymentMethod;
  start(order: Order): Promise<PaymentStart>;
}
