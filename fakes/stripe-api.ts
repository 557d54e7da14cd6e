// Fake Stripe API: a local server speaking Stripe's real HTTP protocol (form-encoded requests, JSON
// answers, error envelopes, idempotency keys, signed webhooks), reached by the SDK through
// `new Stripe(key, { host: fake.host, port: fake.port, protocol: 'http', maxNetworkRetries: 0 })`.
// Implementation in ./stripe-api/.
export { FakeStripe, startFakeStripe, type FakeStripeOptions, type OutageMode, type RequestLog } from './stripe-api/server.js';
export { StripeLedger, type Delivery, type LedgerOptions } from './stripe-api/ledger.js';
export { decodeForm, type FormObject, type FormValue } from './stripe-api/form.js';
export type { PriceDef } from './stripe-api/checkout.js';
export type { StripeErrorBody } from './stripe-api/errors.js';
export type { Charge, CheckoutSession, LineItem, PaymentIntent, Refund, StripeEvent } from './stripe-api/objects.js';
