/**
 * An order closed without payment (cancelled, expired, replaced) gets its open checkout session
 * expired at the provider through the outbox, so the payer can no longer pay it.
 */
import assert from 'node:assert/strict';
import { openCheckout, startPaymentsServer, type PaymentsServer } from './payments.test-helper.js';
import { checkoutGateway } from '../../core/payments/checkout-gateway.js';
import { stripeCheckout } from '../../core/adapters/stripe/stripe-checkout.js';
import { EXPIRE_CHECKOUT_SESSION_JOB } from '../../core/payments/expire-checkout-session.js';

async function drain(s: PaymentsServer) {
  await s.app.createWorker({ periodic: undefined }).drain();
}

async function expiryJobs(s: PaymentsServer, orderId: number) {
  const jobs = await s.app.db.models.OutboxJob.findAll({ where: { kind: EXPIRE_CHECKOUT_SESSION_JOB } });
  return jobs.filter((j) => (j.payload as { orderId: number }).orderId === orderId);
}

describe('closing an order expires its checkout session (fake Stripe API)', function () {
  this.timeout(60_000);
  let s: PaymentsServer;
  before(async () => {
    s = await startPaymentsServer({ env: { ORDER_EXPIRY_DAYS: '30', ORDER_REMINDER_DAYS_BEFORE: '5' } });
  });
  after(async () => {
    await s?.close();
  });

  it('cancel → worker → the session is expired at Stripe; paying it afterwards cannot complete', async () => {
    const o = await s.placeOrder();
    const { sessionId } = await openCheckout(s, o.payPath);
    assert.equal(s.fake!.sessions.get(sessionId)!.status, 'open');

    await s.app.useCases.cancelOrder(o.id, s.partner.actor);
    const [job, ...more] = await expiryJobs(s, o.id);
    assert.equal(more.length, 0);
    assert.deepEqual(job!.payload, { orderId: o.id, sessionId });
    assert.equal(s.fake!.sessions.get(sessionId)!.status, 'open', 'nothing is sent before the worker runs');

    await drain(s);
    await job!.reload();
    assert.equal(job!.status, 'done');
    assert.equal(s.fake!.sessions.get(sessionId)!.status, 'expired');
    assert.ok(s.fake!.requests.some((r) => r.method === 'POST' && r.path === `/v1/checkout/sessions/${sessionId}/expire` && r.status === 200));

    // The payer still on Stripe's page presses "pay": refused, no money taken.
    const page = await fetch(`${s.fake!.url}/pay/${sessionId}`, { method: 'POST', body: 'action=pay', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    assert.equal(page.status, 409);
    assert.throws(() => s.fake!.completeSession(sessionId), /expired/);
    assert.equal(s.fake!.sessions.get(sessionId)!.payment_intent, null);
    // Stripe's checkout.session.expired comes back to the webhook: acknowledged, nothing changes.
    const expiredEvent = s.fake!.events.filter((e) => e.type === 'checkout.session.expired' && (e.data.object as { id: string }).id === sessionId).pop()!;
    assert.equal((await s.deliver(expiredEvent)).status, 200);
    // Our pay link shows the state and opens no new session.
    const sessions = s.fake!.sessions.size;
    assert.match(await (await s.get(o.payPath)).text(), /data-state="cancelled"/);
    assert.equal(s.fake!.sessions.size, sessions);
    const row = (await s.app.db.models.Order.findByPk(o.id))!;
    assert.equal(row.status, 'cancelled');
    assert.equal(row.flag, null);
    assert.equal(await s.app.db.models.AuditLog.count({ where: { action: 'order.checkout_session_expired', entityId: String(o.id) } }), 1);
  });

  it('an order without a session (never clicked, bank transfer) queues nothing', async () => {
    const never = await s.placeOrder();
    const bank = await s.placeOrder({ method: 'bank_transfer' });
    await s.app.useCases.cancelOrder(never.id, s.partner.actor);
    await s.app.useCases.cancelOrder(bank.id, s.partner.actor);
    assert.equal((await expiryJobs(s, never.id)).length, 0);
    assert.equal((await expiryJobs(s, bank.id)).length, 0);
  });

  it('a session the payer completed just before the cancel: the job is done, not failed, and the payment is flagged', async () => {
    const o = await s.placeOrder();
    const { sessionId } = await openCheckout(s, o.payPath);
    const paid = s.fake!.completeSession(sessionId);
    await s.app.useCases.cancelOrder(o.id, s.partner.actor);
    await drain(s);
    const [job] = await expiryJobs(s, o.id);
    assert.equal(job!.status, 'done');
    assert.equal(job!.lastError, null);
    assert.equal(s.fake!.sessions.get(sessionId)!.status, 'complete');
    assert.ok(s.fake!.requests.some((r) => r.path === `/v1/checkout/sessions/${sessionId}/expire` && r.status === 400), 'Stripe refused, as it does for a complete session');
    assert.equal((await s.deliver(paid)).status, 200);
    assert.match((await s.app.db.models.Order.findByPk(o.id))!.flag!, /cancelled/);
  });

  it('a Stripe outage while expiring: the job is retried, not lost', async () => {
    const o = await s.placeOrder();
    const { sessionId } = await openCheckout(s, o.payPath);
    await s.app.useCases.cancelOrder(o.id, s.partner.actor);
    s.fake!.outage(true);
    try {
      await s.app.createWorker({ periodic: undefined }).runOnce();
    } finally {
      s.fake!.outage(false);
    }
    const [job] = await expiryJobs(s, o.id);
    assert.equal(job!.status, 'pending');
    assert.ok(job!.lastError);
    assert.equal(s.fake!.sessions.get(sessionId)!.status, 'open');
    await job!.update({ runAt: new Date(Date.now() - 1000) });
    await drain(s);
    await job!.reload();
    assert.equal(job!.status, 'done');
    assert.equal(s.fake!.sessions.get(sessionId)!.status, 'expired');
  });

  it('an order that expires with an open session gets it expired too', async () => {
    const o = await s.placeOrder();
    const { sessionId } = await openCheckout(s, o.payPath);
    s.clock.shift(31 * 86_400_000);
    try {
      await s.app.useCases.expireOrders();
    } finally {
      s.clock.shift(-31 * 86_400_000);
    }
    assert.equal((await s.app.db.models.Order.findByPk(o.id))!.status, 'expired');
    await drain(s);
    assert.equal(s.fake!.sessions.get(sessionId)!.status, 'expired');
  });

  it('a session created while the order was being cancelled is expired too, and the payer sees the state', async () => {
    const o = await s.placeOrder();
    const stale = (await s.app.db.models.Order.findByPk(o.id, { include: [{ model: s.app.db.models.OrderLine, as: 'lines' }] }))!;
    await s.app.useCases.cancelOrder(o.id, s.partner.actor);
    const gateway = checkoutGateway(s.app.ctx, stripeCheckout(s.app.config), 'stripe');
    const before = new Set(s.fake!.sessions.keys());
    await assert.rejects(gateway.start(stale), (e: any) => e.code === 'conflict' && e.details.orderClosed === true);
    const created = [...s.fake!.sessions.keys()].filter((id) => !before.has(id));
    assert.equal(created.length, 1);
    assert.equal((await s.app.db.models.Order.findByPk(o.id))!.stripeSessionId, null);
    await drain(s);
    assert.equal(s.fake!.sessions.get(created[0]!)!.status, 'expired');
  });
});

describe('closing an order expires its sandbox session', function () {
  this.timeout(60_000);
  let s: PaymentsServer;
  before(async () => {
    s = await startPaymentsServer({ sandbox: true });
  });
  after(async () => {
    await s?.close();
  });

  it('cancel → worker → the sandbox session is expired; its pay button is refused', async () => {
    const o = await s.placeOrder({ method: 'sandbox' });
    const { sessionId } = await openCheckout(s, o.payPath);
    await s.app.useCases.cancelOrder(o.id, s.partner.actor);
    await drain(s);
    assert.equal((await s.app.db.models.SandboxCheckoutSession.findByPk(sessionId))!.status, 'expired');
    const pay = await fetch(`${s.base}/sandbox/checkout/${sessionId}/pay`, { method: 'POST', redirect: 'manual' });
    assert.equal(pay.status, 410);
    assert.match(await (await s.get(`/sandbox/checkout/${sessionId}`)).text(), /data-testid="sandbox-closed"/);
    assert.equal((await s.app.db.models.Order.findByPk(o.id))!.status, 'cancelled');
    assert.equal(await s.app.db.models.AuditLog.count({ where: { action: 'order.fulfilled', entityId: String(o.id) } }), 0);
    // Running the job again (at-least-once) is harmless.
    assert.deepEqual(await s.app.useCases.expireCheckoutSession({ orderId: o.id, sessionId }), { status: 'expired', expiredNow: false });
  });
});
