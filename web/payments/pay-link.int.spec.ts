/**
 * Pay links against a fake Stripe API: session created on click with the order's exact lines and
 * total, reused while open, replaced after expiry; states instead of sessions for closed orders;
 * a Stripe outage gives a clear page and works on retry; bank-transfer instructions; result pages.
 */
import assert from 'node:assert/strict';
import { openCheckout, startPaymentsServer, type PaymentsServer } from './payments.test-helper.js';
import { checkoutIdempotencyKey } from '../../core/payments/checkout-gateway.js';
import { formatPaymentReference } from '../../core/orders/payment-reference.js';

describe('pay links (fake Stripe API)', function () {
  this.timeout(60_000);
  let s: PaymentsServer;
  before(async () => {
    s = await startPaymentsServer();
  });
  after(async () => {
    await s?.close();
  });

  it('creates a Checkout Session on click with the order’s lines, total in EUR, order id and return URLs', async () => {
    const o = await s.placeOrder({ sku: 'coupon-lite-5', quantity: 2 });
    const before = s.fake!.sessions.size;
    const { sessionId, location } = await openCheckout(s, o.payPath);
    assert.equal(s.fake!.sessions.size, before + 1);
    const session = s.fake!.sessions.get(sessionId)!;
    assert.equal(location, session.url);
    assert.equal(session.amount_total, o.grossCents);
    assert.equal(session.currency, 'eur');
    assert.equal(session.client_reference_id, String(o.id));
    assert.equal(session.metadata.orderId, String(o.id));
    assert.equal(session.success_url, `${s.base}${o.payPath}/success?session_id={CHECKOUT_SESSION_ID}`);
    assert.equal(session.cancel_url, `${s.base}${o.payPath}/cancel`);
    const items = s.fake!.lineItemsOf(sessionId);
    assert.equal(items.reduce((sum, i) => sum + i.amount_total, 0), o.grossCents);
    const create = s.fake!.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions').pop()!;
    assert.equal(create.idempotencyKey, checkoutIdempotencyKey(o.id, null));
    assert.equal((await s.app.db.models.Order.findByPk(o.id))!.stripeSessionId, sessionId);
  });

  it('reuses the open session on the next click; concurrent clicks get one session', async () => {
    const o = await s.placeOrder();
    const clicks = await Promise.all(Array.from({ length: 5 }, () => openCheckout(s, o.payPath)));
    assert.equal(new Set(clicks.map((c) => c.sessionId)).size, 1);
    const again = await openCheckout(s, o.payPath);
    assert.equal(again.sessionId, clicks[0]!.sessionId);
    assert.equal(await s.app.db.models.AuditLog.count({ where: { action: 'order.checkout_started', entityId: String(o.id) } }), 1);
  });

  it('replaces an expired session with a new one (new idempotency key)', async () => {
    const o = await s.placeOrder();
    const first = await openCheckout(s, o.payPath);
    s.fake!.expireSession(first.sessionId);
    const second = await openCheckout(s, o.payPath);
    assert.notEqual(second.sessionId, first.sessionId);
    const create = s.fake!.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions').pop()!;
    assert.equal(create.idempotencyKey, checkoutIdempotencyKey(o.id, first.sessionId));
  });

  it('a Stripe outage shows a clear Italian page, changes nothing, and the retry works', async () => {
    const o = await s.placeOrder();
    for (const mode of ['error', 'network'] as const) {
      s.fake!.outage(mode);
      const res = await s.get(o.payPath);
      assert.equal(res.status, 503);
      const page = await res.text();
      assert.match(page, /data-testid="outage"/);
      assert.match(page, /Non riusciamo a contattare il servizio di pagamento/);
      assert.match(page, /Riprova/);
      assert.equal((await s.app.db.models.Order.findByPk(o.id))!.stripeSessionId, null);
    }
    s.fake!.outage(false);
    const { sessionId } = await openCheckout(s, o.payPath);
    assert.ok(s.fake!.sessions.has(sessionId));
  });

  it('a paid, cancelled or expired order shows its state instead of a session', async () => {
    const paid = await s.placeOrder();
    const { sessionId } = await openCheckout(s, paid.payPath);
    await s.deliver(s.fake!.completeSession(sessionId));
    const cancelled = await s.placeOrder();
    await s.app.useCases.cancelOrder(cancelled.id, s.partner.actor);
    const expired = await s.placeOrder();
    await s.app.db.models.Order.update({ status: 'expired' }, { where: { id: expired.id } });
    for (const [o, state] of [[paid, 'fulfilled'], [cancelled, 'cancelled'], [expired, 'expired']] as const) {
      const sessions = s.fake!.sessions.size;
      const res = await s.get(o.payPath);
      assert.equal(res.status, 200);
      assert.match(await res.text(), new RegExp(`data-state="${state}"`));
      assert.equal(s.fake!.sessions.size, sessions);
    }
  });

  it('a bank-transfer order shows beneficiary, IBAN, BIC, amount and causale', async () => {
    const o = await s.placeOrder({ method: 'bank_transfer' });
    const row = (await s.app.db.models.Order.findByPk(o.id))!;
    const res = await s.get(o.payPath);
    assert.equal(res.status, 200);
    const page = await res.text();
    assert.match(page, /KeyContabilità S\.r\.l\./);
    assert.match(page, /IT60 X054 2811 1010 0000 0123 456/);
    assert.match(page, /BPMOIT22XXX/);
    assert.match(page, new RegExp(formatPaymentReference(row.paymentReference)));
    assert.match(page, /data-testid="amount">[^<]*\d/);
  });

  it('success and cancel pages, in Italian and English; an unknown link is a 404', async () => {
    const o = await s.placeOrder();
    let page = await (await s.get(`${o.payPath}/success?session_id=cs_x`)).text();
    assert.match(page, /Stiamo confermando il pagamento/);
    page = await (await s.get(`${o.payPath}/success?lang=en`)).text();
    assert.match(page, /We are confirming the payment/);
    page = await (await s.get(`${o.payPath}/cancel`)).text();
    assert.match(page, /Non è stato addebitato nulla/);
    assert.match(page, new RegExp(`href="${o.payPath}"`));
    page = await (await s.get(`${o.payPath}/cancel?lang=en`)).text();
    assert.match(page, /Nothing has been charged/);
    const { sessionId } = await openCheckout(s, o.payPath);
    await s.deliver(s.fake!.completeSession(sessionId));
    page = await (await s.get(`${o.payPath}/success`)).text();
    assert.match(page, /data-testid="success-fulfilled"/);
    assert.equal((await s.get('/pay/zz.notavalidtoken')).status, 404);
    assert.equal((await s.get(`${o.payPath.slice(0, -2)}xx`)).status, 404);
  });

  it('a HEAD probe (link preview) opens no session', async () => {
    const o = await s.placeOrder();
    const sessions = s.fake!.sessions.size;
    const res = await fetch(`${s.base}${o.payPath}`, { method: 'HEAD', redirect: 'manual' });
    assert.equal(res.status, 200);
    assert.equal(s.fake!.sessions.size, sessions);
  });
});

describe('payments end to end (fake Stripe hosted page → webhook)', function () {
  this.timeout(60_000);
  let s: PaymentsServer;
  before(async () => {
    s = await startPaymentsServer({ autoDeliver: true });
  });
  after(async () => {
    await s?.close();
  });

  it('order → pay link → Checkout paid → webhook → coupons, outbox notification and email, audit story', async () => {
    const o = await s.placeOrder({ sku: 'coupon-lite-5' });
    const { location, sessionId } = await openCheckout(s, o.payPath);
    // The payer presses "pay" on the (fake) hosted page; Stripe sends the webhook and redirects back.
    const paid = await fetch(location, { method: 'POST', body: 'action=pay', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    assert.equal(paid.status, 303);
    assert.equal(paid.headers.get('location'), `${s.base}${o.payPath}/success?session_id=${sessionId}`);
    await s.fake!.webhookIdle();
    assert.equal(s.fake!.deliveries.at(-1)!.status, 200);

    const m = s.app.db.models;
    const order = (await m.Order.findByPk(o.id))!;
    assert.equal(order.status, 'fulfilled');
    assert.equal(await m.Coupon.count({ where: { orderId: o.id, status: 'available' } }), 5);
    const notify = (await m.OutboxJob.findAll({ where: { kind: 'notify' } })).filter((j) => (j.payload.params as any)?.orderId === o.id).map((j) => j.payload.event);
    assert.ok(notify.includes('order_paid') && notify.includes('coupons_issued'), `notifications: ${notify}`);
    const emails = (await m.Email.findAll({ where: { entityType: 'order', entityId: String(o.id) } })).map((e) => e.template);
    assert.ok(emails.includes('payment_received') && emails.includes('coupons_issued'), `emails: ${emails}`);
    assert.equal(await m.OutboxJob.count({ where: { kind: 'send_email' } }) >= emails.length, true);
    const story = (await m.AuditLog.findAll({ where: { entityType: 'order', entityId: String(o.id) }, order: [['id', 'ASC']] })).map((a) => a.action);
    assert.deepEqual(story, ['order.placed', 'order.checkout_started', 'order.paid', 'order.fulfilled']);
    const page = await (await s.get(`${o.payPath}/success?session_id=${sessionId}`)).text();
    assert.match(page, /data-testid="success-fulfilled"/);
  });
});
