// The fake's books: sessions, payment intents, charges, refunds and the events their changes produce,
// the test controls that move payments along, and signed webhook delivery. HTTP lives in server.ts.
import Stripe from 'stripe';
import { int, metadataOf, str, type PriceDef } from './checkout.js';
import { invalid, notFound } from './errors.js';
import type { FormObject } from './form.js';
import { post } from './http.js';
import {
  listOf, newCharge, newEvent, newId, newPaymentIntent, nowSeconds,
  type Charge, type CheckoutSession, type LineItem, type Metadata, type PaymentIntent, type Refund, type StripeEvent,
} from './objects.js';

export interface Delivery {
  event_id: string;
  type: string;
  url: string;
  status?: number;
  error?: string;
}

/** The API request that caused an event (events carry it as `request`). */
export interface RequestRef {
  id: string;
  idempotency_key: string | null;
}

export interface LedgerOptions {
  webhookSecret?: string;
  /** api_version stamped on events; default the installed SDK's `Stripe.API_VERSION`. */
  apiVersion?: string;
  /** When set, every event the fake produces is delivered there (signed), in order, in the background;
   * `webhookIdle()` waits for it. Leave unset to deliver explicitly with `deliver()`. */
  webhookUrl?: string;
}

export class StripeLedger {
  readonly webhookSecret: string;
  readonly apiVersion: string;
  readonly sessions = new Map<string, CheckoutSession>();
  readonly paymentIntents = new Map<string, PaymentIntent>();
  readonly charges = new Map<string, Charge>();
  readonly refunds = new Map<string, Refund>();
  /** Prices usable as `line_items[n][price]`; add with `addPrice`. */
  readonly prices = new Map<string, PriceDef>();
  /** Every event produced, oldest first. */
  readonly events: StripeEvent[] = [];
  readonly deliveries: Delivery[] = [];
  protected readonly lineItems = new Map<string, LineItem[]>();
  /** payment_intent_data[metadata] per session, copied onto the PaymentIntent at payment. */
  protected readonly piMetadata = new Map<string, Metadata>();
  private readonly webhookUrl?: string;
  private deliveryChain: Promise<void> = Promise.resolve();

  constructor(opts: LedgerOptions) {
    this.webhookSecret = opts.webhookSecret ?? 'whsec_test_fake';
    this.apiVersion = opts.apiVersion ?? Stripe.API_VERSION;
    this.webhookUrl = opts.webhookUrl;
  }

  protected session(id: string): CheckoutSession {
    const s = this.sessions.get(id);
    if (!s) throw notFound('checkout.session', id, 'session');
    return s;
  }

  protected find<T>(map: Map<string, T>, id: string, kind: string, param: string): T {
    const found = map.get(id);
    if (!found) throw notFound(kind, id, param);
    return found;
  }

  /** `expand[]=line_items` and `expand[]=payment_intent` are honoured; other expansions are ignored. */
  protected expandSession(s: CheckoutSession, query: FormObject): CheckoutSession {
    const expand = Array.isArray(query.expand) ? query.expand.map(String) : [];
    const out = structuredClone(s);
    if (expand.includes('line_items')) out.line_items = listOf(this.lineItems.get(s.id) ?? [], { limit: 100 }, `/v1/checkout/sessions/${s.id}/line_items`);
    if (expand.includes('payment_intent') && s.payment_intent) out.payment_intent = this.paymentIntents.get(s.payment_intent) as never;
    return out;
  }

  protected createRefund(params: FormObject, request?: RequestRef): { refund: Refund; event: StripeEvent } {
    const piId = str(params.payment_intent);
    const chargeId = str(params.charge);
    if (!piId && !chargeId) throw invalid('One of the following params should be provided for this request: payment_intent or charge.');
    const charge = piId
      ? [...this.charges.values()].find((c) => c.payment_intent === this.find(this.paymentIntents, piId, 'payment_intent', 'payment_intent').id)
      : this.find(this.charges, chargeId!, 'charge', 'charge');
    if (!charge || charge.status !== 'succeeded') throw invalid('This PaymentIntent does not have a successful charge to refund.', 'payment_intent');
    if (charge.refunded) throw invalid(`Charge ${charge.id} has already been refunded.`, 'charge', 'charge_already_refunded');
    const remaining = charge.amount - charge.amount_refunded;
    const amount = int(params.amount, 'amount') ?? remaining;
    if (amount < 1) throw invalid('This value must be greater than or equal to 1.', 'amount');
    if (amount > remaining) {
      throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, 'amount', 'amount_too_large');
    }
    const reason = str(params.reason) ?? null;
    if (reason && !['duplicate', 'fraudulent', 'requested_by_customer'].includes(reason)) {
      throw invalid('Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer', 'reason');
    }
    const refund: Refund = {
      id: newId('re'), object: 'refund', amount, charge: charge.id, created: nowSeconds(), currency: charge.currency,
      metadata: metadataOf(params.metadata), payment_intent: charge.payment_intent, reason, status: 'succeeded',
    };
    this.refunds.set(refund.id, refund);
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    return { refund, event: this.emit('charge.refunded', charge, request) };
  }

  protected doExpire(s: CheckoutSession, request?: RequestRef): StripeEvent {
    Object.assign(s, { status: 'expired', url: null });
    return this.emit('checkout.session.expired', s, request);
  }

  protected emit(type: string, object: object, request?: RequestRef): StripeEvent {
    const event = newEvent(type, object, this.apiVersion, request);
    this.events.push(event);
    const url = this.webhookUrl;
    if (url) this.deliveryChain = this.deliveryChain.then(() => this.deliver(event, url).then(() => undefined, () => undefined));
    return event;
  }

  // --------------------------------------------------------------------------------- test controls

  /** Registers a Price usable as `line_items[n][price]`. */
  addPrice(id: string, def: PriceDef): void {
    this.prices.set(id, def);
  }

  /**
   * The payer finishes Checkout. `paid: false` or `asyncPayment: true` model a delayed method (SEPA
   * debit…): the session completes with payment_status 'unpaid' until asyncPaymentSucceeded/Failed.
   * Returns the `checkout.session.completed` event.
   */
  completeSession(id: string, opts: { paid?: boolean; asyncPayment?: boolean; email?: string; name?: string } = {}): StripeEvent {
    const s = this.control(id, 'open');
    const delayed = opts.asyncPayment === true || opts.paid === false;
    const free = s.amount_total === 0;
    const email = opts.email ?? s.customer_email ?? 'cliente@example.test';
    const name = opts.name ?? 'Cliente di prova';
    if (!free) {
      const pi = newPaymentIntent(s, this.piMetadata.get(id) ?? {}, delayed ? 'processing' : 'succeeded');
      const charge = newCharge(pi, { email, name }, delayed ? 'pending' : 'succeeded');
      pi.latest_charge = charge.id;
      this.paymentIntents.set(pi.id, pi);
      this.charges.set(charge.id, charge);
      s.payment_intent = pi.id;
    }
    Object.assign(s, {
      status: 'complete',
      url: null,
      payment_status: free ? 'no_payment_required' : delayed ? 'unpaid' : 'paid',
      customer_details: { email, name, address: null, phone: null, tax_exempt: 'none', tax_ids: [] },
    });
    return this.emit('checkout.session.completed', s);
  }

  /** A delayed payment clears: session paid, PaymentIntent succeeded → `checkout.session.async_payment_succeeded`. */
  asyncPaymentSucceeded(id: string): StripeEvent {
    const { session, pi, charge } = this.delayedPayment(id);
    Object.assign(pi, { status: 'succeeded', amount_received: pi.amount });
    Object.assign(charge, { status: 'succeeded', paid: true, captured: true, amount_captured: charge.amount, balance_transaction: newId('txn') });
    session.payment_status = 'paid';
    return this.emit('checkout.session.async_payment_succeeded', session);
  }

  /** A delayed payment fails → `checkout.session.async_payment_failed` (session stays unpaid). */
  asyncPaymentFailed(id: string): StripeEvent {
    const { session, pi, charge } = this.delayedPayment(id);
    pi.status = 'requires_payment_method';
    charge.status = 'failed';
    return this.emit('checkout.session.async_payment_failed', session);
  }

  /** The session times out → `checkout.session.expired`. */
  expireSession(id: string): StripeEvent {
    return this.doExpire(this.control(id, 'open'));
  }

  /** Refunds (part of) a paid PaymentIntent as from the Dashboard → `charge.refunded` with the charge. */
  refund(paymentIntentId: string, amount?: number): StripeEvent {
    return this.createRefund({ payment_intent: paymentIntentId, ...(amount !== undefined ? { amount: String(amount) } : {}) }).event;
  }

  /** Overwrites the session's amounts, to simulate a tampered / mismatching total. */
  setSessionAmount(id: string, cents: number): void {
    Object.assign(this.control(id), { amount_total: cents, amount_subtotal: cents });
  }

  /** The session's line items as created (a copy). */
  lineItemsOf(sessionId: string): LineItem[] {
    return structuredClone(this.lineItems.get(sessionId) ?? []);
  }

  private control(id: string, status?: CheckoutSession['status']): CheckoutSession {
    const s = this.sessions.get(id);
    if (!s) throw new Error(`fake Stripe: no checkout session ${id}`);
    if (status && s.status !== status) throw new Error(`fake Stripe: session ${id} is ${s.status}, expected ${status}`);
    return s;
  }

  private delayedPayment(id: string): { session: CheckoutSession; pi: PaymentIntent; charge: Charge } {
    const session = this.control(id, 'complete');
    const pi = session.payment_intent ? this.paymentIntents.get(session.payment_intent) : undefined;
    const charge = pi?.latest_charge ? this.charges.get(pi.latest_charge) : undefined;
    if (!pi || !charge || pi.status !== 'processing') throw new Error(`fake Stripe: session ${id} has no payment in progress`);
    return { session, pi, charge };
  }

  // ------------------------------------------------------------------------------------- webhooks

  /** The event as Stripe would POST it: pretty-printed JSON body and a `Stripe-Signature` header made with
   * the SDK's own test helper (the real t=…,v1=… HMAC-SHA256 scheme). */
  signedPayload(event: StripeEvent, opts: { secret?: string; timestamp?: number } = {}): { body: string; header: string } {
    const body = JSON.stringify(event, null, 2);
    const header = Stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret: opts.secret ?? this.webhookSecret,
      timestamp: opts.timestamp ?? nowSeconds(),
    });
    return { body, header };
  }

  /** POSTs a signed event to `webhookUrl` and returns the endpoint's answer (no retries). */
  async deliver(event: StripeEvent, webhookUrl: string, opts: { secret?: string; timestamp?: number } = {}): Promise<{ status: number; body: string }> {
    const { body, header } = this.signedPayload(event, opts);
    const delivery: Delivery = { event_id: event.id, type: event.type, url: webhookUrl };
    this.deliveries.push(delivery);
    try {
      const res = await post(webhookUrl, body, {
        'content-type': 'application/json; charset=utf-8',
        'stripe-signature': header,
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      });
      delivery.status = res.status;
      return res;
    } catch (err) {
      delivery.error = (err as Error).message;
      throw err;
    }
  }

  /** Resolves when automatic deliveries (`webhookUrl` option) queued so far are done. */
  async webhookIdle(): Promise<void> {
    await this.deliveryChain;
  }
}
