// Builders for the API objects the fake stores. Field names and nesting follow the Stripe API reference;
// only the fields a payment integration reads are filled, the rest of the real objects is left out.
import { randomBytes } from 'node:crypto';

export type Metadata = Record<string, string>;

export interface CheckoutSession {
  id: string;
  object: 'checkout.session';
  amount_subtotal: number;
  amount_total: number;
  cancel_url: string | null;
  client_reference_id: string | null;
  created: number;
  currency: string;
  customer: string | null;
  customer_details: { email: string | null; name: string | null; address: null; phone: null; tax_exempt: 'none'; tax_ids: [] } | null;
  customer_email: string | null;
  expires_at: number;
  livemode: false;
  locale: string | null;
  metadata: Metadata;
  mode: string;
  payment_intent: string | null;
  payment_method_types: string[];
  payment_status: 'paid' | 'unpaid' | 'no_payment_required';
  return_url?: string;
  status: 'open' | 'complete' | 'expired';
  success_url: string | null;
  total_details: { amount_discount: number; amount_shipping: number; amount_tax: number };
  ui_mode: string;
  url: string | null;
  [other: string]: unknown;
}

export interface LineItem {
  id: string;
  object: 'item';
  amount_discount: number;
  amount_subtotal: number;
  amount_tax: number;
  amount_total: number;
  currency: string;
  description: string;
  price: { id: string; object: 'price'; currency: string; unit_amount: number; product: string; type: 'one_time'; active: boolean; livemode: false; metadata: Metadata };
  quantity: number;
}

export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  client_secret: string;
  created: number;
  currency: string;
  latest_charge: string | null;
  livemode: false;
  metadata: Metadata;
  payment_method_types: string[];
  status: 'processing' | 'succeeded' | 'requires_payment_method' | 'canceled';
  [other: string]: unknown;
}

export interface Charge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  balance_transaction: string | null;
  billing_details: { email: string | null; name: string | null };
  captured: boolean;
  created: number;
  currency: string;
  livemode: false;
  metadata: Metadata;
  paid: boolean;
  payment_intent: string;
  refunded: boolean;
  status: 'succeeded' | 'pending' | 'failed';
  [other: string]: unknown;
}

export interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  charge: string;
  created: number;
  currency: string;
  metadata: Metadata;
  payment_intent: string;
  reason: string | null;
  status: 'succeeded';
}

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Stripe-looking ids: prefix + random alphanumerics (no "_" or "-" so they split cleanly). */
export function newId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHANUM[b % ALPHANUM.length];
  return `${prefix}_${out}`;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export function newPaymentIntent(session: CheckoutSession, metadata: Metadata, status: PaymentIntent['status']): PaymentIntent {
  const id = newId('pi');
  return {
    id,
    object: 'payment_intent',
    amount: session.amount_total,
    amount_capturable: 0,
    amount_received: status === 'succeeded' ? session.amount_total : 0,
    canceled_at: null,
    client_secret: `${id}_secret_${newId('x', 16).slice(2)}`,
    created: nowSeconds(),
    currency: session.currency,
    customer: null,
    description: null,
    latest_charge: null,
    livemode: false,
    metadata,
    payment_method_types: session.payment_method_types,
    status,
  };
}

export function newCharge(pi: PaymentIntent, billing: Charge['billing_details'], status: Charge['status']): Charge {
  return {
    id: newId('ch'),
    object: 'charge',
    amount: pi.amount,
    amount_captured: status === 'succeeded' ? pi.amount : 0,
    amount_refunded: 0,
    balance_transaction: status === 'succeeded' ? newId('txn') : null,
    billing_details: billing,
    captured: status === 'succeeded',
    created: nowSeconds(),
    currency: pi.currency,
    livemode: false,
    metadata: pi.metadata,
    paid: status === 'succeeded',
    payment_intent: pi.id,
    payment_method_details: { type: 'card', card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034 } },
    refunded: false,
    status,
  };
}

export function newEvent(type: string, object: object, apiVersion: string, request?: { id: string; idempotency_key: string | null }): StripeEvent {
  return {
    id: newId('evt'),
    object: 'event',
    api_version: apiVersion,
    created: nowSeconds(),
    data: { object: structuredClone(object) as Record<string, unknown> },
    livemode: false,
    pending_webhooks: 1,
    request: request ?? { id: null, idempotency_key: null },
    type,
  };
}

/** Stripe's list envelope, newest first, with limit / starting_after / ending_before. */
export function listOf<T extends { id: string }>(
  newestFirst: T[],
  query: { limit?: number; starting_after?: string; ending_before?: string },
  url: string,
): { object: 'list'; data: T[]; has_more: boolean; url: string } {
  let items = newestFirst;
  if (query.starting_after) items = items.slice(items.findIndex((x) => x.id === query.starting_after) + 1);
  if (query.ending_before) {
    const end = items.findIndex((x) => x.id === query.ending_before);
    items = end < 0 ? items : items.slice(0, end);
  }
  const limit = query.limit ?? 10;
  const page = query.ending_before ? items.slice(-limit) : items.slice(0, limit);
  return { object: 'list', data: page, has_more: items.length > page.length, url };
}
