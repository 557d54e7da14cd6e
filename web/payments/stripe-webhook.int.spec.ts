/**
 * The Stripe webhook against a fake Stripe API: every handled event type, in and out of order,
 * duplicates (sequential and 20 concurrent), forged/stale deliveries, amount mismatches, refunds.
 */
import assert from 'node:assert/strict';
import { pino } from 'pino';
import type { StripeEvent } from '../../fakes/stripe-api.js';
import { openCheckout, startPaymentsServer, type PaymentsServer } from './payments.test-helper.js';

/** A logger whose lines the test can read (the app's own pino, at debug). */
function capturingLogger() {
  const lines: Record<string, any>[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

/** The same event, now about an object id Stripe has never seen (a new event id too). */
function aboutUnknownObject(event: StripeEvent, objectId: string): StripeEvent {
  const copy = structuredClone(event);
  copy.id = `${event.id}x`;
  copy.data.object.id = objectId;
  return copy;
}

describe('Stripe webhook (fake Stripe API)', function () {
  this.timeout(60_000);
  let s: PaymentsServer;
  const logs = capturingLogger();
  before(async () => {
    s = await startPaymentsServer({ log: logs.log });
  });
  after(async () => {
    await s?.close();
  });

  const order = (id: number) => s.app.db.models.Order.findByPk(id);

  async function paidSession() {
    const o = await s.placeOrder();
    const { sessionId } = await openCheckout(s, o.payPath);
    return { o, sessionId };
  }

  it('checkout.session.completed (paid) fulfils the order once, even delivered 3 times', async () => {
    const { o, sessionId } = await paidSession();
    const event = s.fake!.completeSession(sessionId);
    for (let i = 0; i < 3; i++) assert.equal((await s.deliver(event)).status, 200);
    const row = await order(o.id);
    assert.equal(row!.status, 'fulfilled');
    assert.match(row!.stripePaymentIntentId!, /^pi_/);
    const c = await s.counts(o.id);
    assert.equal(c.fulfilments, 1);
    assert.equal(c.coupons, 5);
    const ev = await s.app.db.models.StripeEvent.findOne({ where: { eventId: event.id } });
    assert.equal(ev!.status, 'processed');
    assert.equal(ev!.orderId, o.id);
  });

  it('20 concurrent deliveries of one event, 3 times over: one fulfilment', async () => {
    const { o, sessionId } = await paidSession();
    const event = s.fake!.completeSession(sessionId);
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(Array.from({ length: 20 }, () => s.deliver(event)));
      assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]));
    }
    const c = await s.counts(o.id);
    assert.equal(c.fulfilments, 1);
    assert.equal(c.coupons, 5);
    assert.equal(await s.app.db.models.StripeEvent.count({ where: { eventId: event.id } }), 1);
  });

  it('completed and async_payment_succeeded of one session, concurrently: one fulfilment', async () => {
    const { o, sessionId } = await paidSession();
    const completed = s.fake!.completeSession(sessionId, { asyncPayment: true });
    const succeeded = s.fake!.asyncPaymentSucceeded(sessionId);
    await Promise.all([...Array.from({ length: 10 }, () => s.deliver(completed)), ...Array.from({ length: 10 }, () => s.deliver(succeeded))]);
    assert.equal((await order(o.id))!.status, 'fulfilled');
    assert.equal((await s.counts(o.id)).fulfilments, 1);
  });

  for (const [name, tweak] of [
    ['unsigned', { header: '' }],
    ['signed with the wrong secret', { secret: 'whsec_not_ours' }],
    ['tampered after signing', { tamper: true }],
    ['10 minutes old', { timestamp: Math.floor(Date.now() / 1000) - 600 }],
  ] as const) {
    it(`an event ${name} gets 400 and changes nothing`, async () => {
      const { o, sessionId } = await paidSession();
      const event = s.fake!.completeSession(sessionId);
      const before = await s.counts(o.id);
      let res: Response;
      if ('header' in tweak || 'tamper' in tweak) {
        const signed = s.fake!.signedPayload(event);
        const body = 'tamper' in tweak ? signed.body.replace(`"amount_total": ${o.grossCents}`, '"amount_total": 1') : signed.body;
        assert.ok(!('tamper' in tweak) || body !== signed.body, 'the body was tampered');
        res = await fetch(s.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...('header' in tweak ? {} : { 'stripe-signature': signed.header }) },
          body,
        });
      } else {
        const r = await s.deliver(event, tweak);
        res = new Response(r.body, { status: r.status });
      }
      assert.equal(res.status, 400);
      assert.equal((await order(o.id))!.status, 'pending_payment');
      assert.deepEqual(await s.counts(o.id), before);
      assert.equal(await s.app.db.models.StripeEvent.count({ where: { eventId: event.id } }), 0);
      // The genuine delivery still works afterwards.
      assert.equal((await s.deliver(event)).status, 200);
      assert.equal((await order(o.id))!.status, 'fulfilled');
    });
  }

  it('an amount mismatch flags the order and never fulfils it', async () => {
    const { o, sessionId } = await paidSession();
    s.fake!.setSessionAmount(sessionId, o.grossCents - 100);
    const event = s.fake!.completeSession(sessionId);
    assert.equal((await s.deliver(event)).status, 200);
    const row = await order(o.id);
    assert.equal(row!.status, 'pending_payment');
    assert.match(row!.flag!, /non corrispondente/);
    assert.equal((await s.counts(o.id)).coupons, 0);
    assert.equal(await s.app.db.models.AuditLog.count({ where: { action: 'order.payment_flagged', entityId: String(o.id) } }), 1);
    const notify = await s.app.db.models.OutboxJob.findAll({ where: { kind: 'notify' } });
    assert.ok(notify.some((j) => j.payload.event === 'payment_flagged' && (j.payload.params as any).orderId === o.id));
  });

  it('a delayed payment: completed (unpaid) waits, async_payment_succeeded fulfils', async () => {
    const { o, sessionId } = await paidSession();
    const completed = s.fake!.completeSession(sessionId, { asyncPayment: true });
    assert.equal((await s.deliver(completed)).status, 200);
    assert.equal((await order(o.id))!.status, 'pending_payment');
    // Meanwhile the pay link says the payment is under way (no second session).
    const page = await s.get(o.payPath);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /data-testid="processing"/);
    assert.equal((await s.deliver(s.fake!.asyncPaymentSucceeded(sessionId))).status, 200);
    assert.equal((await order(o.id))!.status, 'fulfilled');
    assert.equal((await s.counts(o.id)).fulfilments, 1);
  });

  it('out of order: async_payment_succeeded before completed', async () => {
    const { o, sessionId } = await paidSession();
    const completed = s.fake!.completeSession(sessionId, { asyncPayment: true });
    const succeeded = s.fake!.asyncPaymentSucceeded(sessionId);
    assert.equal((await s.deliver(succeeded)).status, 200);
    assert.equal((await order(o.id))!.status, 'fulfilled');
    assert.equal((await s.deliver(completed)).status, 200);
    assert.equal((await s.counts(o.id)).fulfilments, 1);
  });

  it('async_payment_failed leaves the order to pay; the pay link opens a new session', async () => {
    const { o, sessionId } = await paidSession();
    s.fake!.completeSession(sessionId, { asyncPayment: true });
    assert.equal((await s.deliver(s.fake!.asyncPaymentFailed(sessionId))).status, 200);
    assert.equal((await order(o.id))!.status, 'pending_payment');
    assert.equal(await s.app.db.models.AuditLog.count({ where: { action: 'order.payment_failed', entityId: String(o.id) } }), 1);
    const again = await openCheckout(s, o.payPath);
    assert.notEqual(again.sessionId, sessionId);
  });

  it('checkout.session.expired changes nothing, and a late one after payment neither', async () => {
    const { o, sessionId } = await paidSession();
    const expired = s.fake!.expireSession(sessionId);
    assert.equal((await s.deliver(expired)).status, 200);
    assert.equal((await order(o.id))!.status, 'pending_payment');
    const second = await openCheckout(s, o.payPath);
    assert.notEqual(second.sessionId, sessionId);
    assert.equal((await s.deliver(s.fake!.completeSession(second.sessionId))).status, 200);
    assert.equal((await s.deliver(expired)).status, 200); // a replay of the old expiry
    assert.equal((await order(o.id))!.status, 'fulfilled');
  });

  it('charge.refunded refunds the order and revokes its unactivated coupons', async () => {
    const { o, sessionId } = await paidSession();
    await s.deliver(s.fake!.completeSession(sessionId));
    const pi = (await order(o.id))!.stripePaymentIntentId!;
    const refunded = s.fake!.refund(pi);
    assert.equal((await s.deliver(refunded)).status, 200);
    assert.equal((await s.deliver(refunded)).status, 200);
    assert.equal((await order(o.id))!.status, 'refunded');
    assert.equal(await s.app.db.models.Coupon.count({ where: { orderId: o.id, status: 'revoked' } }), 5);
    assert.equal(await s.app.db.models.AuditLog.count({ where: { action: 'order.refunded', entityId: String(o.id) } }), 1);
    const emails = await s.app.db.models.Email.findAll({ where: { entityType: 'order', entityId: String(o.id) } });
    assert.ok(emails.some((e) => e.template === 'order_refunded'));
  });

  it('out of order: charge.refunded before the payment is recorded is refused (503) and applied on redelivery', async () => {
    const { o, sessionId } = await paidSession();
    const completed = s.fake!.completeSession(sessionId);
    const pi = s.fake!.sessions.get(sessionId)!.payment_intent!;
    const refunded = s.fake!.refund(pi);
    assert.equal((await s.deliver(refunded)).status, 503);
    assert.equal((await order(o.id))!.status, 'pending_payment');
    assert.equal((await s.deliver(completed)).status, 200);
    assert.equal((await s.deliver(refunded)).status, 200);
    assert.equal((await order(o.id))!.status, 'refunded');
    const ev = await s.app.db.models.StripeEvent.findOne({ where: { eventId: refunded.id } });
    assert.equal(ev!.status, 'processed');
    assert.equal(ev!.attempts, 2);
  });

  it('a partial refund is flagged for staff and the order stays fulfilled', async () => {
    const { o, sessionId } = await paidSession();
    await s.deliver(s.fake!.completeSession(sessionId));
    const pi = (await order(o.id))!.stripePaymentIntentId!;
    assert.equal((await s.deliver(s.fake!.refund(pi, 1000))).status, 200);
    const row = await order(o.id);
    assert.equal(row!.status, 'fulfilled');
    assert.match(row!.flag!, /Rimborso parziale/);
  });

  it('a staff refund goes through Stripe once; Stripe’s charge.refunded then changes nothing', async () => {
    const { o, sessionId } = await paidSession();
    await s.deliver(s.fake!.completeSession(sessionId));
    const staff = { type: 'staff' as const, id: 1, label: 'staff', role: 'admin' as const };
    const r1 = await s.app.useCases.refundOrder({ orderId: o.id, source: 'staff', reason: 'richiesta cliente' }, staff);
    assert.equal(r1.alreadyRefunded, false);
    assert.match(r1.providerRefundId!, /^re_/);
    const r2 = await s.app.useCases.refundOrder({ orderId: o.id, source: 'staff' }, staff);
    assert.equal(r2.alreadyRefunded, true);
    assert.equal([...s.fake!.refunds.values()].filter((r) => r.payment_intent === (s.fake!.sessions.get(sessionId)!.payment_intent)).length, 1);
    const event = s.fake!.events.filter((e) => e.type === 'charge.refunded').pop()!;
    assert.equal((await s.deliver(event)).status, 200);
    assert.equal(await s.app.db.models.AuditLog.count({ where: { action: 'order.refunded', entityId: String(o.id) } }), 1);
  });

  it('a payment for an order cancelled meanwhile is flagged, not fulfilled', async () => {
    const { o, sessionId } = await paidSession();
    await s.app.useCases.cancelOrder(o.id, s.partner.actor);
    assert.equal((await s.deliver(s.fake!.completeSession(sessionId))).status, 200);
    const row = await order(o.id);
    assert.equal(row!.status, 'cancelled');
    assert.match(row!.flag!, /cancelled/);
    assert.equal((await s.counts(o.id)).coupons, 0);
  });
  describe('permanent conditions are not errors; transient ones are', () => {
    const eventRow = (eventId: string) => s.app.db.models.StripeEvent.findOne({ where: { eventId } });

    it('a signed event about a session Stripe does not know: 200, recorded as not ours, warned once, not redelivered', async () => {
      const { o, sessionId } = await paidSession();
      const event = aboutUnknownObject(s.fake!.completeSession(sessionId), 'cs_test_a1UnknownToStripe0000000000000000000');
      const res = await s.deliver(event);
      assert.equal(res.status, 200);
      assert.equal(JSON.parse(res.body).outcome, 'not ours');
      // Stripe really was asked, and really answered 404 resource_missing.
      assert.ok(s.fake!.requests.some((r) => r.path === '/v1/checkout/sessions/cs_test_a1UnknownToStripe0000000000000000000' && r.status === 404));
      const row = await eventRow(event.id);
      assert.equal(row!.status, 'not_ours');
      assert.match(row!.outcome!, /sconosciuta/);
      assert.equal(row!.orderId, null);
      assert.equal((await order(o.id))!.status, 'pending_payment');
      const warned = logs.lines.filter((l) => l.eventId === event.id);
      assert.deepEqual(warned.map((l) => [l.level, l.msg]), [[40, 'stripe webhook: event about an object that is not ours, acknowledged']]);
      // A redelivery is a duplicate: acknowledged, not applied again.
      const again = await s.deliver(event);
      assert.equal(again.status, 200);
      assert.equal(JSON.parse(again.body).duplicate, true);
      assert.equal((await eventRow(event.id))!.attempts, 1);
    });

    it('a signed charge.refunded about a charge Stripe does not know: 200, not ours, the order untouched', async () => {
      const { o, sessionId } = await paidSession();
      await s.deliver(s.fake!.completeSession(sessionId));
      const pi = (await order(o.id))!.stripePaymentIntentId!;
      const event = aboutUnknownObject(s.fake!.refund(pi), 'ch_3UnknownToStripe00000000');
      const res = await s.deliver(event);
      assert.equal(res.status, 200);
      assert.equal((await eventRow(event.id))!.status, 'not_ours');
      assert.equal((await order(o.id))!.status, 'fulfilled');
    });

    for (const mode of ['error', 'network'] as const) {
      it(`Stripe unreachable on the re-read (${mode === 'error' ? '500 api_error' : 'connection dropped'}): 503, and the redelivery applies it`, async () => {
        const { o, sessionId } = await paidSession();
        const event = s.fake!.completeSession(sessionId);
        s.fake!.outage(mode);
        let res;
        try {
          res = await s.deliver(event);
        } finally {
          s.fake!.outage(false);
        }
        assert.equal(res.status, 503);
        assert.doesNotMatch(res.body, /\bat \S+:\d+|node_modules|\/work\//);
        assert.equal((await eventRow(event.id))!.status, 'failed');
        assert.equal((await order(o.id))!.status, 'pending_payment');
        assert.equal((await s.deliver(event)).status, 200);
        assert.equal((await order(o.id))!.status, 'fulfilled');
        assert.equal((await eventRow(event.id))!.status, 'processed');
      });
    }

    it('a 404 from Stripe is the only answer taken as "not ours": a 400 on the re-read stays a 500', async () => {
      const { o, sessionId } = await paidSession();
      const event = s.fake!.completeSession(sessionId);
      s.fake!.failNext(400, { type: 'invalid_request_error', message: 'Invalid expand parameter (fake)' });
      const res = await s.deliver(event);
      assert.equal(res.status, 500);
      assert.equal((await eventRow(event.id))!.status, 'failed');
      assert.equal((await s.deliver(event)).status, 200);
      assert.equal((await order(o.id))!.status, 'fulfilled');
    });
  });
});

describe('Stripe webhook with the database down', function () {
  this.timeout(60_000);
  it('a genuine event gets a 5xx JSON answer without stack (Stripe redelivers); health still answers', async () => {
    const s = await startPaymentsServer();
    try {
      const o = await s.placeOrder();
      const { sessionId } = await openCheckout(s, o.payPath);
      const event = s.fake!.completeSession(sessionId);
      await s.app.db.sequelize.close();
      const res = await s.deliver(event);
      assert.equal(res.status, 500);
      const body = JSON.parse(res.body);
      assert.equal(body.code, 'internal_error');
      assert.match(body.requestId, /^[0-9A-Z]{8}$/);
      assert.doesNotMatch(res.body, /\bat \S+:\d+|node_modules|\/work\/|Error:|sequelize/i);
      assert.equal((await fetch(`${s.base}/healthz`)).status, 200);
    } finally {
      await s.close().catch(() => {});
    }
  });
});
