/**
 * The back-office over HTTP and its action handlers called directly: login (sessions in the database,
 * cookie flags; delays in back-office-hardening.int.spec.ts), roles enforced on the server (refused and audited), idempotent
 * actions that go through the core and are audited with the staff user.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startBackOffice, STAFF_PASSWORD, type BackOffice } from '../test/back-office.js';
import { createPartnerWithUser, productBySku } from '../test/fixtures.js';
import type { Order } from '../core/shared/records.js';

describe('back-office (AdminJS) over HTTP', function () {
  this.timeout(120_000);
  let bo: BackOffice;
  let partner: Awaited<ReturnType<typeof createPartnerWithUser>>;

  before(async () => {
    bo = await startBackOffice();
    partner = await createPartnerWithUser(bo.app, 'Studio Verdi');
  });
  after(() => bo.close());

  const order = async (): Promise<Order> => {
    const p = await productBySku(bo.app, 'coupon-lite-5');
    return bo.app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.partner.id }, items: [{ productId: p.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, partner.actor);
  };
  const key = () => randomBytes(16).toString('hex');
  const post = (cookie: string, path: string, fields: Record<string, string>) => {
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    return fetch(`${bo.base}/admin/api${path}`, { method: 'POST', headers: { cookie }, body });
  };

  it('logs in with argon2, stores the session in the database with safe cookie flags, logs out', async () => {
    const r = await fetch(`${bo.base}/admin/login`, { method: 'POST', body: new URLSearchParams({ email: 'ADMIN@sportello.test', password: STAFF_PASSWORD }), redirect: 'manual' });
    assert.equal(r.status, 302);
    const cookie = r.headers.get('set-cookie')!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.doesNotMatch(cookie, /Secure/, 'plain HTTP in tests');
    assert.equal(await bo.app.db.models.AdminSession.count(), 1);
    const sid = cookie.split(';')[0];
    assert.equal((await fetch(`${bo.base}/admin/api/resources/orders/actions/list`, { headers: { cookie: sid } })).status, 200);
    await fetch(`${bo.base}/admin/logout`, { headers: { cookie: sid }, redirect: 'manual' });
    const after = await fetch(`${bo.base}/admin/api/resources/orders/actions/list`, { headers: { cookie: sid }, redirect: 'manual' });
    assert.equal(after.status, 302);
  });

  it('sets Secure behind an HTTPS proxy', async () => {
    const r = await fetch(`${bo.base}/admin/login`, { method: 'POST', headers: { 'x-forwarded-proto': 'https' }, body: new URLSearchParams({ email: 'support@sportello.test', password: STAFF_PASSWORD }), redirect: 'manual' });
    assert.match(r.headers.get('set-cookie')!, /Secure/);
  });

  it('answers a wrong password 401 and counts it', async () => {
    const before = await bo.app.db.models.StaffLoginAttempt.count({ where: { email: 'accounting@sportello.test', success: false } });
    const r = await fetch(`${bo.base}/admin/login`, { method: 'POST', body: new URLSearchParams({ email: 'accounting@sportello.test', password: 'wrong' }), redirect: 'manual' });
    assert.equal(r.status, 401, 'the login page again');
    assert.match(await r.text(), /invalidCredentials/);
    assert.equal(await bo.app.db.models.StaffLoginAttempt.count({ where: { email: 'accounting@sportello.test', success: false } }), before + 1);
    await bo.app.db.models.StaffLoginAttempt.destroy({ where: { email: 'accounting@sportello.test' } });
  });

  it('refuses and audits an action the role may not run (support cannot mark paid)', async () => {
    const o = await order();
    const cookie = await bo.login('support');
    const r = await post(cookie, `/resources/orders/records/${o.id}/markPaid`, { idempotencyKey: key(), amount: String(o.grossCents / 100), paidAt: '2026-11-20' });
    assert.equal(r.status, 403);
    assert.equal((await bo.app.db.models.Order.findByPk(o.id))!.status, 'pending_payment');
    const denied = await bo.app.db.models.AuditLog.findOne({ where: { action: 'access.denied', entityType: 'orders', entityId: String(o.id) } });
    assert.ok(denied);
    assert.equal(denied!.actorId, String(bo.staff.support.id));
    // reading is allowed; the bank is not
    assert.equal((await fetch(`${bo.base}/admin/api/resources/orders/actions/list`, { headers: { cookie } })).status, 200);
    assert.equal((await fetch(`${bo.base}/admin/api/resources/bank_lines/actions/list`, { headers: { cookie } })).status, 403);
    assert.equal((await fetch(`${bo.base}/admin/api/resources/staff_users/actions/list`, { headers: { cookie } })).status, 403);
  });

  it('marks an order paid once for a double click, issuing its coupons, audited with the staff user', async () => {
    const o = await order();
    const cookie = await bo.login('accounting');
    const form = await (await fetch(`${bo.base}/admin/api/resources/orders/records/${o.id}/markPaid`, { headers: { cookie } })).json();
    assert.ok(form.form.fields.some((f: any) => f.name === 'paidAt'));
    assert.equal((await bo.app.db.models.Order.findByPk(o.id))!.status, 'pending_payment', 'GET changes nothing');
    const k = key();
    const fields = { idempotencyKey: k, amount: (o.grossCents / 100).toFixed(2).replace('.', ','), paidAt: '2026-11-20', note: 'bonifico verificato', fulfil: 'true' };
    const [a, b] = await Promise.all([post(cookie, `/resources/orders/records/${o.id}/markPaid`, fields), post(cookie, `/resources/orders/records/${o.id}/markPaid`, fields)]);
    const bodies = [await a.json(), await b.json()];
    // One runs; the other is told it is done or in progress (same key) — also when it arrives after
    // the order was fulfilled, when the action is no longer offered.
    assert.equal(bodies.filter((x) => x.result?.type === 'success').length, 1, JSON.stringify(bodies.map((x) => x.result ?? x.notice)));
    const other = bodies.find((x) => x.result?.type !== 'success');
    assert.equal(other.result?.type, 'info', JSON.stringify(other));
    assert.match(other.result.message, /^(Già eseguito|Questa azione è già in corso)/);
    const fresh = (await bo.app.db.models.Order.findByPk(o.id))!;
    assert.equal(fresh.status, 'fulfilled');
    assert.equal(fresh.paidAt!.toISOString().slice(0, 10), '2026-11-20');
    assert.ok((await bo.app.db.models.Coupon.count({ where: { orderId: o.id } })) > 0);
    const paid = await bo.app.db.models.AuditLog.findAll({ where: { action: 'order.paid', entityId: String(o.id) } });
    assert.equal(paid.length, 1);
    assert.equal(paid[0].actorType, 'staff');
    assert.equal(paid[0].actorId, String(bo.staff.accounting.id));
    // a new form (new key) on the order now fulfilled: the action is no longer offered, nothing more happens
    const again = await (await post(cookie, `/resources/orders/records/${o.id}/markPaid`, { ...fields, idempotencyKey: key() })).json();
    assert.equal(again.notice?.type, 'error', JSON.stringify(again));
    assert.match(again.notice.message, /non più disponibile/);
    assert.equal(await bo.app.db.models.AuditLog.count({ where: { action: 'order.paid', entityId: String(o.id) } }), 1);
  });

  it('a second click arriving after the first changed the order is told "Già eseguito", not refused', async () => {
    const o = await order();
    const cookie = await bo.login('accounting');
    const fields = { idempotencyKey: key(), amount: (o.grossCents / 100).toFixed(2).replace('.', ','), paidAt: '2026-11-21', note: 'bonifico', fulfil: 'true' };
    const first = await (await post(cookie, `/resources/orders/records/${o.id}/markPaid`, fields)).json();
    assert.equal(first.result?.type, 'success', JSON.stringify(first));
    assert.equal((await bo.app.db.models.Order.findByPk(o.id))!.status, 'fulfilled');
    const late = await (await post(cookie, `/resources/orders/records/${o.id}/markPaid`, fields)).json();
    assert.equal(late.result?.type, 'info', JSON.stringify(late));
    assert.match(late.result.message, /^Già eseguito/);
    assert.equal(await bo.app.db.models.AuditLog.count({ where: { action: 'order.paid', entityId: String(o.id) } }), 1);
    // The form of an action no longer offered says so.
    const form = await (await fetch(`${bo.base}/admin/api/resources/orders/records/${o.id}/markPaid`, { headers: { cookie } })).json();
    assert.equal(form.form, undefined);
    assert.match(form.notice.message, /non più disponibile/);
  });

  it('rejects a request without an idempotency key', async () => {
    const o = await order();
    const cookie = await bo.login('admin');
    const r = await (await post(cookie, `/resources/orders/records/${o.id}/cancel`, {})).json();
    assert.equal(r.result.type, 'error');
    assert.equal((await bo.app.db.models.Order.findByPk(o.id))!.status, 'pending_payment');
  });

  it('runs the other order and record actions through the core', async () => {
    const cookie = await bo.login('admin');
    const o = await order();
    const c = await (await post(cookie, `/resources/orders/records/${o.id}/cancel`, { idempotencyKey: key(), reason: 'doppione' })).json();
    assert.equal(c.result.type, 'success', JSON.stringify(c.result));
    assert.equal((await bo.app.db.models.Order.findByPk(o.id))!.status, 'cancelled');

    const link = await (await post(cookie, `/resources/partners/records/${partner.partner.id}/issueLinkCode`, { idempotencyKey: key(), role: 'operator' })).json();
    assert.match(link.result.lines[0], /t\.me\//);

    const paid = await order();
    await bo.app.useCases.markOrderPaid({ orderId: paid.id, amountCents: paid.grossCents, source: 'staff' }, { type: 'system', label: 't' });
    const coupon = (await bo.app.db.models.Coupon.findOne({ where: { orderId: paid.id } }))!;
    const rv = await (await post(cookie, `/resources/coupons/records/${coupon.id}/revoke`, { idempotencyKey: key() })).json();
    assert.equal(rv.result.type, 'success', JSON.stringify(rv.result));
    assert.equal((await bo.app.db.models.Coupon.findByPk(coupon.id))!.status, 'revoked');

    const dash = await (await fetch(`${bo.base}/admin/api/dashboard`, { headers: { cookie } })).json();
    const waiting = dash.figures.find((f: any) => f.key === 'waiting');
    assert.ok(Number(waiting.value) >= 1);
    assert.match(waiting.href, /filters\.status=pending_payment/);
  });

  it('keeps money, states and tokens out of generic edits (and audits the edit through the core)', async () => {
    const cookie = await bo.login('admin');
    const product = await productBySku(bo.app, 'coupon-lite-5');
    const r = await post(cookie, `/resources/products/records/${product.id}/edit`, { nameIt: 'Coupon LITE ×5', netCents: '1' });
    assert.equal(r.status, 200);
    const fresh = (await bo.app.db.models.Product.findByPk(product.id))!;
    assert.equal(fresh.nameIt, 'Coupon LITE ×5');
    assert.equal(fresh.netCents, product.netCents);
    const audits = await bo.app.db.models.AuditLog.findAll({ where: { action: 'products.edited', entityId: String(product.id) } });
    assert.equal(audits.length, 1);
    assert.deepEqual(audits[0]!.before, { nameIt: product.nameIt });
    assert.deepEqual(audits[0]!.after, { nameIt: 'Coupon LITE ×5' });
    assert.equal(audits[0]!.actorId, String(bo.staff.admin.id));

    // A value the core refuses comes back on the form, and nothing changes.
    const bad = await (await post(cookie, `/resources/partners/records/${partner.partner.id}/edit`, { billingEmail: 'non-una-email' })).json();
    assert.equal(bad.notice.type, 'error');
    assert.match(bad.record.errors.billingEmail.message, /email non valido/);
    assert.equal((await bo.app.db.models.Partner.findByPk(partner.partner.id))!.billingEmail, partner.partner.billingEmail);
    const o = await order();
    assert.equal((await post(cookie, `/resources/orders/records/${o.id}/edit`, { grossCents: '1' })).status, 403);
  });
});

describe('back-office action handlers called directly', function () {
  this.timeout(60_000);
  let bo: BackOffice;
  let admin: any;
  before(async () => {
    bo = await startBackOffice();
    const { buildAdmin } = await import('./build-admin.js');
    admin = buildAdmin(bo.app);
  });
  after(() => bo.close());

  async function run(resourceId: string, actionName: string, role: 'admin' | 'accounting' | 'support', recordId: number, payload?: Record<string, string>) {
    const resource = admin.findResource(resourceId);
    const action = resource.decorate().actions[actionName];
    const record = await resource.findOne(String(recordId));
    const currentAdmin = { id: String(bo.staff[role].id), email: bo.staff[role].email, role };
    const request = { method: payload ? 'post' : 'get', payload, params: { resourceId, recordId: String(recordId), action: actionName }, query: {} };
    return action.handler(request, {}, { resource, record, currentAdmin, action, _admin: admin, h: {} });
  }

  it('mark paid: refused for support, once per key for accounting, audited', async () => {
    const { partner, actor } = await createPartnerWithUser(bo.app);
    const p = await productBySku(bo.app, 'coupon-lite-5');
    const o = await bo.app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: p.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);
    const payload = { idempotencyKey: randomBytes(16).toString('hex'), amount: String(o.grossCents / 100), paidAt: '2026-11-21' };
    const refused = await run('orders', 'markPaid', 'support', o.id, payload);
    assert.equal(refused.notice.type, 'error');
    assert.equal((await bo.app.db.models.Order.findByPk(o.id))!.status, 'pending_payment');
    const first = await run('orders', 'markPaid', 'accounting', o.id, payload);
    assert.equal(first.result.type, 'success');
    assert.ok(first.result.lines.some((l: string) => /Coupon emessi/.test(l)));
    assert.equal((await bo.app.db.models.Order.findByPk(o.id))!.status, 'fulfilled');
    const audits = await bo.app.db.models.AuditLog.findAll({ where: { entityType: 'order', entityId: String(o.id), action: 'order.paid' } });
    assert.equal(audits.length, 1);
    assert.equal(audits[0].actorLabel, bo.staff.accounting.email);
  });

  it('the same key replayed on a still-open action returns the stored outcome instead of running again', async () => {
    const partnerId = (await createPartnerWithUser(bo.app)).partner.id;
    const before = await bo.app.db.models.LinkCode.count({ where: { partnerId } });
    const payload = { idempotencyKey: randomBytes(16).toString('hex'), role: 'operator' };
    const a = await run('partners', 'issueLinkCode', 'support', partnerId, payload);
    const b = await run('partners', 'issueLinkCode', 'support', partnerId, payload);
    assert.equal(a.result.type, 'success');
    assert.equal(b.result.type, 'info');
    assert.equal(await bo.app.db.models.LinkCode.count({ where: { partnerId } }), before + 1);
  });
});
