import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { decodeForm, startFakeStripe, type FakeStripe } from './stripe-api.js';

function sdk(fake: FakeStripe, key = fake.apiKey): Stripe {
  return new Stripe(key, { host: fake.host, port: fake.port, protocol: 'http', maxNetworkRetries: 0, apiVersion: Stripe.API_VERSION });
}

const params = (over: Partial<Stripe.Checkout.SessionCreateParams> = {}): Stripe.Checkout.SessionCreateParams => ({
  mode: 'payment',
  success_url: 'https://sportello.test/ok?session={CHECKOUT_SESSION_ID}',
  cancel_url: 'https://sportello.test/ko',
  client_reference_id: 'order_17',
  metadata: { order_id: '17' },
  payment_intent_data: { metadata: { order_id: '17' } },
  line_items: [
    { price_data: { currency: 'eur', unit_amount: 2500, product_data: { name: 'Coupon Base' } }, quantity: 2 },
    { price_data: { currency: 'eur', unit_amount: 990, product_data: { name: 'Fatture extra' } }, quantity: 1 },
  ],
  ...over,
});

async function rejection<T extends Error>(p: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof type, `expected ${type.name}, got ${(err as Error)?.constructor?.name}: ${String(err)}`);
    return err;
  }
  assert.fail(`expected ${type.name}`);
}

/** A webhook endpoint verifying signatures with the SDK, as our web/ face will. */
async function webhookEndpoint(secret: string): Promise<{ url: string; received: Stripe.Event[]; close(): Promise<void> }> {
  const received: Stripe.Event[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        received.push(Stripe.webhooks.constructEvent(Buffer.concat(chunks), String(req.headers['stripe-signature']), secret));
        res.writeHead(200).end('{"received":true}');
      } catch {
        res.writeHead(400).end('bad signature');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/stripe/webhook`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('fake Stripe API', () => {
  let fake: FakeStripe;
  let stripe: Stripe;
  beforeEach(async () => {
    fake = await startFakeStripe();
    stripe = sdk(fake);
  });
  afterEach(async () => {
    await fake.stop();
  });

  it('creates and retrieves a Checkout Session through the real SDK', async () => {
    const session = await stripe.checkout.sessions.create(params());
    assert.match(session.id, /^cs_test_/);
    assert.equal(session.object, 'checkout.session');
    assert.equal(session.amount_total, 2 * 2500 + 990);
    assert.equal(session.amount_subtotal, 5990);
    assert.equal(session.currency, 'eur');
    assert.equal(session.status, 'open');
    assert.equal(session.payment_status, 'unpaid');
    assert.equal(session.payment_intent, null);
    assert.equal(session.client_reference_id, 'order_17');
    assert.deepEqual(session.metadata, { order_id: '17' });
    assert.equal(session.url, `${fake.url}/pay/${session.id}`);
    assert.ok(session.expires_at > Date.now() / 1000);

    const again = await stripe.checkout.sessions.retrieve(session.id, { expand: ['line_items'] });
    assert.equal(again.id, session.id);
    assert.deepEqual(again.line_items?.data.map((li) => [li.description, li.quantity, li.amount_total]), [
      ['Coupon Base', 2, 5000],
      ['Fatture extra', 1, 990],
    ]);
    const logged = fake.requests.find((r) => r.method === 'POST');
    assert.deepEqual((logged?.body.line_items as any)[0].price_data.product_data, { name: 'Coupon Base' });
    assert.match(logged?.idempotencyKey ?? '', /^stripe-node-retry-/); // the SDK keys every POST
  });

  it('replays an idempotent request and refuses the key with other parameters', async () => {
    const first = await stripe.checkout.sessions.create(params(), { idempotencyKey: 'order-17-attempt-1' });
    const replay = await stripe.checkout.sessions.create(params(), { idempotencyKey: 'order-17-attempt-1' });
    assert.equal(replay.id, first.id);
    assert.equal(replay.lastResponse.headers['idempotent-replayed'], 'true');
    assert.equal(fake.sessions.size, 1);
    const err = await rejection(
      stripe.checkout.sessions.create(params({ client_reference_id: 'order_18' }), { idempotencyKey: 'order-17-attempt-1' }),
      Stripe.errors.StripeIdempotencyError,
    );
    assert.match(err.message, /^Keys for idempotent requests can only be used with the same parameters they were first used with/);
  });

  it('validates like the real API', async () => {
    const noUrl = await rejection(stripe.checkout.sessions.create(params({ success_url: undefined })), Stripe.errors.StripeInvalidRequestError);
    assert.equal(noUrl.param, 'success_url');
    assert.equal(noUrl.code, 'parameter_missing');
    const noName = await rejection(
      stripe.checkout.sessions.create(params({ line_items: [{ price_data: { currency: 'eur', unit_amount: 100, product_data: { description: 'senza nome' } as never }, quantity: 1 }] })),
      Stripe.errors.StripeInvalidRequestError,
    );
    assert.equal(noName.message, 'Missing required param: line_items[0][price_data][product_data][name].');
    const noPrice = await rejection(stripe.checkout.sessions.create(params({ line_items: [{ quantity: 1 }] })), Stripe.errors.StripeInvalidRequestError);
    assert.equal(noPrice.message, 'You must provide either price or price_data for each line item when using prices.');
    const longMeta = await rejection(stripe.checkout.sessions.create(params({ metadata: { note: 'x'.repeat(501) } })), Stripe.errors.StripeInvalidRequestError);
    assert.match(longMeta.message, /^Metadata values can have up to 500 characters/);
    const missing = await rejection(stripe.checkout.sessions.retrieve('cs_test_nope'), Stripe.errors.StripeInvalidRequestError);
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.code, 'resource_missing');
    const route = await fetch(`${fake.url}/v1/nope`, { headers: { authorization: `Bearer ${fake.apiKey}` } });
    assert.equal(route.status, 404);
    assert.match((await route.json()).error.message, /^Unrecognized request URL \(GET: \/v1\/nope\)/);
  });

  it('maps auth failures, outages and network failures to the SDK error classes', async () => {
    const auth = await rejection(sdk(fake, 'sk_test_wrong_key_1234').checkout.sessions.create(params()), Stripe.errors.StripeAuthenticationError);
    assert.match(auth.message, /^Invalid API Key provided: sk_test_\*+1234$/);
    fake.outage(true);
    await rejection(stripe.checkout.sessions.create(params()), Stripe.errors.StripeAPIError);
    fake.outage('network');
    await rejection(stripe.checkout.sessions.retrieve('cs_test_x'), Stripe.errors.StripeConnectionError);
    fake.outage(false);
    fake.failNext(429, { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests' });
    await rejection(stripe.checkout.sessions.create(params()), Stripe.errors.StripeRateLimitError);
    await stripe.checkout.sessions.create(params());
  });

  it('completes, pays, refunds: objects and events line up', async () => {
    const session = await stripe.checkout.sessions.create(params());
    const completed = fake.completeSession(session.id);
    assert.match(completed.id, /^evt_/);
    assert.equal(completed.type, 'checkout.session.completed');
    assert.equal(completed.api_version, Stripe.API_VERSION);
    assert.equal(completed.livemode, false);
    const snapshot = completed.data.object as unknown as Stripe.Checkout.Session;
    assert.equal(snapshot.payment_status, 'paid');
    assert.equal(snapshot.status, 'complete');
    assert.match(String(snapshot.payment_intent), /^pi_/);

    const pi = await stripe.paymentIntents.retrieve(String(snapshot.payment_intent));
    assert.equal(pi.status, 'succeeded');
    assert.equal(pi.amount_received, 5990);
    assert.deepEqual(pi.metadata, { order_id: '17' });
    const charge = await stripe.charges.retrieve(String(pi.latest_charge));
    assert.equal(charge.amount, 5990);

    const partial = await stripe.refunds.create({ payment_intent: pi.id, amount: 990 });
    assert.equal(partial.amount, 990);
    const tooMuch = await rejection(stripe.refunds.create({ payment_intent: pi.id, amount: 9999 }), Stripe.errors.StripeInvalidRequestError);
    assert.equal(tooMuch.code, 'amount_too_large');
    const refunded = fake.refund(pi.id);
    assert.equal(refunded.type, 'charge.refunded');
    const refundedCharge = refunded.data.object as unknown as Stripe.Charge;
    assert.deepEqual([refundedCharge.amount_refunded, refundedCharge.refunded, refundedCharge.payment_intent], [5990, true, pi.id]);
    assert.deepEqual((await stripe.events.retrieve(refunded.id)).type, 'charge.refunded');
  });

  it('models delayed payments, expiry and tampered amounts', async () => {
    const delayed = await stripe.checkout.sessions.create(params());
    const done = fake.completeSession(delayed.id, { asyncPayment: true });
    assert.equal((done.data.object as { payment_status?: string }).payment_status, 'unpaid');
    const ok = fake.asyncPaymentSucceeded(delayed.id);
    assert.equal(ok.type, 'checkout.session.async_payment_succeeded');
    assert.equal((await stripe.checkout.sessions.retrieve(delayed.id)).payment_status, 'paid');

    const failing = await stripe.checkout.sessions.create(params());
    fake.completeSession(failing.id, { paid: false });
    assert.equal(fake.asyncPaymentFailed(failing.id).type, 'checkout.session.async_payment_failed');

    const lapsed = await stripe.checkout.sessions.create(params());
    assert.equal(fake.expireSession(lapsed.id).type, 'checkout.session.expired');
    await rejection(stripe.checkout.sessions.expire(lapsed.id), Stripe.errors.StripeInvalidRequestError);
    const open = await stripe.checkout.sessions.create(params());
    assert.equal((await stripe.checkout.sessions.expire(open.id)).status, 'expired');
    assert.equal(fake.events.at(-1)?.request.id?.startsWith('req_'), true);

    const tampered = await stripe.checkout.sessions.create(params());
    fake.setSessionAmount(tampered.id, 1);
    assert.equal((fake.completeSession(tampered.id).data.object as { amount_total?: number }).amount_total, 1);
  });

  it('signs webhooks with the real scheme: accepted, tampered and stale payloads rejected', async () => {
    const session = await stripe.checkout.sessions.create(params());
    const event = fake.completeSession(session.id);
    const { body, header } = fake.signedPayload(event);
    assert.equal(stripe.webhooks.constructEvent(body, header, fake.webhookSecret).id, event.id);
    assert.throws(
      () => stripe.webhooks.constructEvent(body.replace('"paid"', '"unpaid"'), header, fake.webhookSecret),
      Stripe.errors.StripeSignatureVerificationError,
    );
    const stale = fake.signedPayload(event, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    assert.throws(() => stripe.webhooks.constructEvent(stale.body, stale.header, fake.webhookSecret), /Timestamp outside the tolerance zone/);
    const wrongSecret = fake.signedPayload(event, { secret: 'whsec_other' });
    assert.throws(() => stripe.webhooks.constructEvent(wrongSecret.body, wrongSecret.header, fake.webhookSecret), Stripe.errors.StripeSignatureVerificationError);

    const endpoint = await webhookEndpoint(fake.webhookSecret);
    try {
      assert.equal((await fake.deliver(event, endpoint.url)).status, 200);
      assert.equal((await fake.deliver(event, endpoint.url, { secret: 'whsec_other' })).status, 400);
      assert.deepEqual(endpoint.received.map((e) => e.type), ['checkout.session.completed']);
    } finally {
      await endpoint.close();
    }
  });

  it('serves a hosted-page stand-in that pays, delivers the webhook, then redirects', async () => {
    const endpoint = await webhookEndpoint('whsec_test_fake');
    const withHook = await startFakeStripe({ webhookUrl: endpoint.url });
    try {
      const session = await sdk(withHook).checkout.sessions.create(params());
      const page = await fetch(session.url!);
      assert.match(await page.text(), /Totale: <span id="total">59,90\s€<\/span>/);
      const paid = await fetch(session.url!, { method: 'POST', body: new URLSearchParams({ action: 'pay' }), redirect: 'manual' });
      assert.equal(paid.status, 303);
      assert.equal(paid.headers.get('location'), `https://sportello.test/ok?session=${session.id}`);
      assert.deepEqual(endpoint.received.map((e) => e.type), ['checkout.session.completed']);
      assert.equal(withHook.deliveries[0]?.status, 200);
    } finally {
      await withHook.stop();
      await endpoint.close();
    }
  });

  it('decodes nested form keys the way the SDK encodes them', () => {
    assert.deepEqual(
      decodeForm('line_items[0][price_data][product_data][name]=Coupon%20%C3%A8&line_items[0][quantity]=2&metadata[order_id]=17&expand[]=a&expand[]=b&payment_method_types[0]=card&__proto__[x]=1'),
      {
        line_items: [{ price_data: { product_data: { name: 'Coupon è' } }, quantity: '2' }],
        metadata: { order_id: '17' },
        expand: ['a', 'b'],
        payment_method_types: ['card'],
      },
    );
  });
});
