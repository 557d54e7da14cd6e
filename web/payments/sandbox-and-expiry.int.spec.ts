/**
 * Without a Stripe key: sandbox events take the webhook's signature check like Stripe's; staff
 * refunds work; unpaid orders get their reminder, then expire, and the pay link says so.
 */
import assert from 'node:assert/strict';
import { signPayload } from '../../core/adapters/stripe/verify-webhook.js';
import { staffActor } from '../../test/fixtures.js';
import { openCheckout, startPaymentsServer, type PaymentsServer } from './payments.test-helper.js';

describe('sandbox payments and order expiry (HTTP)', function () {
  this.timeout(60_000);
  let s: PaymentsServer;
  before(async () => {
    s = await startPaymentsServer({ sandbox: true, env: { ORDER_EXPIRY_DAYS: '30', ORDER_REMINDER_DAYS_BEFORE: '5' } });
  });
  after(async () => {
    await s?.close();
  });

  async function post(path: string) {
    return fetch(`${s.base}${path}`, { method: 'POST', redirect: 'manual' });
  }

  it('the sandbox pay button fulfils through the webhook path; forged sandbox events get 400', async () => {
    const o = await s.placeOrder();
    const { location, sessionId } = await openCheckout(s, o.payPath);
    assert.equal(new URL(location).pathname, `/sandbox/checkout/${sessionId}`);
    const page = await (await s.get(`/sandbox/checkout/${sessionId}`)).text();
    assert.match(page, /AMBIENTE DI PROVA/);

    const forged = JSON.stringify({ id: 'evt_forged', object: 'event', type: 'checkout.session.completed', data: { object: { id: sessionId, object: 'checkout.session' } } });
    for (const header of [signPayload(forged, 'whsec_wrong'), undefined]) {
      const res = await fetch(`${s.base}/webhooks/stripe`, { method: 'POST', body: forged, headers: { 'content-type': 'application/json', ...(header ? { 'stripe-signature': header } : {}) } });
      assert.equal(res.status, 400);
    }
    // Even correctly signed, an event about an unpaid session changes nothing: the session is re-read.
    const signed = await fetch(`${s.base}/webhooks/stripe`, { method: 'POST', body: forged, headers: { 'content-type': 'application/json', 'stripe-signature': signPayload(forged, s.app.config.sandboxWebhookSecret) } });
    assert.equal(signed.status, 200);
    assert.equal((await s.app.db.models.Order.findByPk(o.id))!.status, 'pending_payment');

    const paid = await post(`/sandbox/checkout/${sessionId}/pay`);
    assert.equal(paid.status, 303);
    assert.equal(paid.headers.get('location'), `${o.payPath}/success?session_id=${sessionId}`);
    assert.equal((await s.app.db.models.Order.findByPk(o.id))!.status, 'fulfilled');
    // A second press (back button) changes nothing.
    assert.equal((await post(`/sandbox/checkout/${sessionId}/pay`)).status, 303);
    assert.equal(await s.app.db.models.AuditLog.count({ where: { action: 'order.fulfilled', entityId: String(o.id) } }), 1);

    const r = await s.app.useCases.refundOrder({ orderId: o.id, source: 'staff' }, staffActor);
    assert.match(r.providerRefundId!, /^re_sandbox_/);
    assert.equal((await s.app.db.models.Order.findByPk(o.id))!.status, 'refunded');
  });

  it('“Paga” after “Simula pagamento non riuscito” (the page reached again with Back) lands on the failed page, not the thank-you page', async () => {
    const o = await s.placeOrder();
    const { sessionId } = await openCheckout(s, o.payPath);
    const failed = await post(`/sandbox/checkout/${sessionId}/fail`);
    assert.equal(failed.status, 303);
    assert.match(failed.headers.get('location') ?? '', /\/cancel\?failed=1$/);
    // the partner is told in the chat, with the pay link again
    const told = async () => (await s.app.db.models.OutboxJob.findAll({ where: { kind: 'notify' } })).filter((j) => (j.payload as any).event === 'order_payment_failed');
    const [notice] = await told();
    assert.ok(notice, 'a notification is queued');
    assert.match(String((notice.payload as any).params.payLink), new RegExp(`${o.payPath}$`));
    const payAfter = await post(`/sandbox/checkout/${sessionId}/pay`);
    assert.equal(payAfter.status, 303);
    assert.match(payAfter.headers.get('location') ?? '', /\/cancel\?failed=1$/, 'the session failed: the payer is told so, with the pay link again');
    assert.equal((await s.app.db.models.Order.findByPk(o.id))!.status, 'pending_payment');
    assert.equal((await told()).length, 1, 'told once');
    const page = await (await s.get(new URL(payAfter.headers.get('location')!, s.base).pathname + '?failed=1')).text();
    assert.match(page, /Pagamento non riuscito/);
    assert.doesNotMatch(page, /Grazie, pagamento ricevuto/);
  });

  it('an unknown sandbox session is a 404', async () => {
    assert.equal((await s.get('/sandbox/checkout/cs_sandbox_doesnotexist123')).status, 404);
    assert.equal((await post('/sandbox/checkout/cs_sandbox_doesnotexist123/pay')).status, 404);
  });

  it('an unpaid bank-transfer order is reminded before it expires, then expires; its link shows it', async () => {
    const o = await s.placeOrder({ method: 'bank_transfer' });
    const m = s.app.db.models;
    s.clock.shift(26 * 86_400_000);
    const first = await s.app.useCases.expireOrders();
    assert.ok(first.reminded >= 1);
    assert.equal(await m.Email.count({ where: { template: 'order_expiring', entityId: String(o.id) } }), 1);
    assert.equal((await s.app.useCases.expireOrders()).reminded, 0, 'one reminder only');
    s.clock.shift(5 * 86_400_000);
    await s.app.useCases.expireOrders();
    assert.equal((await m.Order.findByPk(o.id))!.status, 'expired');
    const page = await (await s.get(o.payPath)).text();
    assert.match(page, /data-state="expired"/);
  });
});
