/**
 * The back-office actions not covered by back-office.int.spec.ts, end to end over HTTP: through the real
 * AdminJS API routes, with a logged-in staff cookie and the idempotency key the form sends. For each action:
 * it works through the core, a role that may not run it is refused (403, nothing changes, `access.denied`
 * audited with the person), a double submit of one form does it once, and its audit entry names the staff user.
 */
import assert from 'node:assert/strict';
import { euro } from './money.js';
import { randomBytes } from 'node:crypto';
import { startBackOffice, STAFF_PASSWORD, type BackOffice } from '../test/back-office.js';
import { buyCoupons, createPartnerWithUser, productBySku, staffActor, validCompanyData } from '../test/fixtures.js';
import { MailSendError, type Mailer, type OutgoingEmail } from '../core/emails/mailer.js';
import { PermanentFailure, type JobHandler } from '../core/worker/worker.js';
import { payToken } from '../core/orders/links.js';
import { systemActor } from '../core/shared/actor.js';
import { formatEuro } from '../core/shared/money.js';
import type { StaffRole } from '../core/shared/types.js';
import { buildCamt053 } from '../test/bank-statement-files.js';

/** The Mailer port as an in-memory sink: addresses containing "rifiuta" are refused permanently (an SMTP 550). */
function memoryMailer() {
  const sent: OutgoingEmail[] = [];
  const mailer: Mailer = {
    async send(m) {
      if (m.to.includes('rifiuta')) throw new MailSendError('550 mailbox unavailable', { permanent: true, responseCode: 550 });
      sent.push(m);
      return { messageId: `<${m.messageId ?? sent.length}@sportello.test>` };
    },
    async close() {},
  };
  return { mailer, sent };
}

type Ctx = Awaited<ReturnType<typeof setup>>;

async function setup() {
  const mail = memoryMailer();
  const bo = await startBackOffice({ overrides: { mailer: mail.mailer } });
  await bo.app.emails.ready();
  const partner = await createPartnerWithUser(bo.app, 'Studio Rossi');
  const other = await createPartnerWithUser(bo.app, 'Studio Bianchi');
  const cookies = {} as Record<StaffRole, string>;
  for (const role of ['admin', 'accounting', 'support'] as const) cookies[role] = await bo.login(role);
  const m = bo.app.db.models;

  const key = () => randomBytes(16).toString('hex');
  const api = (path: string) => `${bo.base}/admin/api${path}`;
  const get = (role: StaffRole | string, path: string) => fetch(api(path), { headers: { cookie: role in cookies ? cookies[role as StaffRole] : role }, redirect: 'manual' });
  const post = (role: StaffRole | string, path: string, fields: Record<string, string>) => {
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    return fetch(api(path), { method: 'POST', headers: { cookie: role in cookies ? cookies[role as StaffRole] : role }, body, redirect: 'manual' });
  };
  /** The same form submitted twice at once (a double click): both requests carry the same key. */
  async function double(role: StaffRole, path: string, fields: Record<string, string> = {}) {
    const f = { idempotencyKey: key(), ...fields };
    const rs = await Promise.all([post(role, path, f), post(role, path, f)]);
    for (const r of rs) assert.equal(r.status, 200, `${path}: ${r.status}`);
    const bodies = await Promise.all(rs.map((r) => r.json()));
    // One runs; the other is told it is done or in progress (same key), or — when it arrives after the
    // record changed so that the action is no longer offered — refused by AdminJS before our handler.
    const ran = bodies.filter((b) => b.result?.type === 'success');
    const other = bodies.filter((b) => b.result?.type !== 'success');
    assert.equal(ran.length, 1, `exactly one runs: ${JSON.stringify(bodies.map((b) => b.result ?? b.notice))}`);
    assert.ok(other[0].result?.type === 'info' || (other[0].notice?.type === 'error' && !other[0].result), JSON.stringify(other[0]));
    // The same form sent again later (a reload that re-posts) does nothing: told it was done, or, when the
    // record changed so that the action is no longer offered, refused by AdminJS.
    const late = await (await post(role, path, f)).json();
    assert.ok(late.result?.type === 'info' || (late.notice?.type === 'error' && !late.result), JSON.stringify(late));
    return ran[0];
  }
  /** A role that may not run the action: 403, and `access.denied` audited with the person and the record. */
  async function refused(role: StaffRole, path: string, resourceId: string, recordId: number | '-', fields: Record<string, string> = {}) {
    const before = await m.AuditLog.count({ where: { action: 'access.denied', entityType: resourceId, entityId: String(recordId), actorId: String(bo.staff[role].id) } });
    const r = await post(role, path, { idempotencyKey: key(), ...fields });
    assert.equal(r.status, 403, `${role} ${path}`);
    assert.equal((await r.json()).notice?.type, 'error');
    const rows = await m.AuditLog.findAll({ where: { action: 'access.denied', entityType: resourceId, entityId: String(recordId), actorId: String(bo.staff[role].id) } });
    assert.equal(rows.length, before + 1, 'refusal audited');
    const last = rows[rows.length - 1]!;
    assert.equal(last.actorType, 'staff');
    assert.equal(last.actorLabel, bo.staff[role].email);
    assert.equal((last.after as any).action, path.split('/').pop());
  }
  /** Exactly one audit entry of this action on this entity, by this staff user. */
  async function auditedOnce(action: string, entityType: string, entityId: number, role: StaffRole) {
    const rows = await m.AuditLog.findAll({ where: { action, entityType, entityId: String(entityId) } });
    assert.equal(rows.length, 1, `${action} ${entityType} ${entityId}: ${rows.length} entries`);
    assert.equal(rows[0]!.actorType, 'staff');
    assert.equal(rows[0]!.actorId, String(bo.staff[role].id));
    assert.equal(rows[0]!.actorLabel, bo.staff[role].email);
    return rows[0]!;
  }
  /** Runs the worker until nothing is due; `fail` makes the jobs of those kinds fail for good (as a dead partner system would). */
  async function drain(fail: string[] = []) {
    const handlers: Record<string, JobHandler> = { ...bo.app.jobHandlers() };
    for (const kind of fail) handlers[kind] = { ...handlers[kind]!, run: async () => { throw new PermanentFailure(`${kind}: servizio non raggiungibile`); } };
    await bo.app.createWorker({ handlers }).drain();
  }
  async function company(fail: boolean) {
    const { coupons } = await buyCoupons(bo.app, partner.partner.id, partner.actor, 'coupon-lite-1');
    const c = await bo.app.useCases.activateCoupon({ couponId: coupons[0]!.id, partnerId: partner.partner.id, companyData: validCompanyData() }, partner.actor);
    await drain(fail ? ['provision_company'] : []);
    return (await m.Company.findByPk(c.id))!;
  }
  async function invitation(email = `cliente.${key().slice(0, 6)}@example.test`) {
    const r = await bo.app.useCases.createInvitation({ partnerId: partner.partner.id, clientName: 'Ferramenta Neri', clientEmail: email, tier: 'lite' }, partner.actor);
    return r;
  }
  return { bo, mail, partner, other, cookies, m, key, get, post, double, refused, auditedOnce, drain, company, invitation };
}

describe('back-office actions over HTTP (emails, invitations, jobs, coupons, refunds, companies, staff users)', function () {
  this.timeout(180_000);
  let c: Ctx;
  before(async () => {
    c = await setup();
  });
  after(() => c?.bo.close());

  describe('email preview', () => {
    it('renders the HTML of a queued email for any role, changing nothing; the same form twice renders once', async () => {
      const { invitation, link } = await c.invitation();
      const email = (await c.m.Email.findOne({ where: { entityType: 'invitation', entityId: String(invitation.id) } }))!;
      assert.equal(email.status, 'queued');
      const path = `/resources/emails/records/${email.id}/preview`;
      const form = await (await c.get('support', path)).json();
      assert.ok(form.form.facts.some((f: any) => f.value === email.toAddress), JSON.stringify(form.form));
      const res = await c.double('support', path);
      assert.match(res.result.message, /^Oggetto: /);
      assert.match(res.result.html, /<html/i);
      assert.match(res.result.html, /Ferramenta Neri/);
      assert.ok(res.result.html.includes(link), 'the personal link is in the preview');
      for (const role of ['admin', 'accounting'] as const) assert.equal((await (await c.post(role, path, { idempotencyKey: c.key() })).json()).result.type, 'success');
      const fresh = (await c.m.Email.findByPk(email.id))!;
      assert.equal(fresh.status, 'queued', 'a preview sends nothing');
      assert.equal(await c.m.OutboxJob.count({ where: { kind: 'send_email' } }), await c.m.Email.count({ where: { status: 'queued' } }), 'no extra send job');
    });

    it('is refused without a session', async () => {
      const { invitation } = await c.invitation();
      const email = (await c.m.Email.findOne({ where: { entityType: 'invitation', entityId: String(invitation.id) } }))!;
      const anon = await fetch(`${c.bo.base}/admin/api/resources/emails/records/${email.id}/preview`, { method: 'POST', redirect: 'manual' });
      assert.notEqual(anon.status, 200);
      assert.ok(!(await anon.text()).includes('<html'), 'no HTML without a session');
    });
  });

  describe('email resend', () => {
    it('puts a sent email back in the queue once for a double submit, audited with the staff user; it is sent again', async () => {
      const { invitation } = await c.invitation();
      await c.drain();
      const email = (await c.m.Email.findOne({ where: { entityType: 'invitation', entityId: String(invitation.id) } }))!;
      assert.equal(email.status, 'sent');
      const sentBefore = c.mail.sent.filter((s) => s.to === email.toAddress).length;
      const jobsBefore = await c.m.OutboxJob.count({ where: { kind: 'send_email' } });
      const path = `/resources/emails/records/${email.id}/resend`;
      assert.equal((await c.get('support', path)).status, 200);
      assert.equal((await c.m.Email.findByPk(email.id))!.status, 'sent', 'GET changes nothing');
      const res = await c.double('support', path);
      assert.match(res.result.message, /rimessa in coda/);
      assert.equal((await c.m.Email.findByPk(email.id))!.status, 'queued');
      assert.equal(await c.m.OutboxJob.count({ where: { kind: 'send_email' } }), jobsBefore + 1, 'one new send job');
      const audit = await c.auditedOnce('email.resent', 'email', email.id, 'support');
      assert.equal((audit.before as any).status, 'sent');
      await c.drain();
      assert.equal((await c.m.Email.findByPk(email.id))!.status, 'sent');
      assert.equal(c.mail.sent.filter((s) => s.to === email.toAddress).length, sentBefore + 1, 'a fresh copy went out');
      // A new form on the email now queued-then-sent works again (a new key is a new decision).
    });

    it('retries a failed email; a queued one is not offered', async () => {
      const { invitation } = await c.invitation('rifiuta.cliente@example.test');
      const email = (await c.m.Email.findOne({ where: { entityType: 'invitation', entityId: String(invitation.id) } }))!;
      const queued = await (await c.post('accounting', `/resources/emails/records/${email.id}/resend`, { idempotencyKey: c.key() })).json();
      assert.equal(queued.notice?.type, 'error', JSON.stringify(queued));
      await c.drain();
      assert.equal((await c.m.Email.findByPk(email.id))!.status, 'failed');
      const res = await c.double('accounting', `/resources/emails/records/${email.id}/resend`);
      assert.equal(res.result.type, 'success');
      assert.equal((await c.m.Email.findByPk(email.id))!.status, 'queued');
      await c.auditedOnce('email.resent', 'email', email.id, 'accounting');
    });
  });

  describe('invitation resend and cancel', () => {
    it('resends the invitation email once for a double submit, audited with the staff user', async () => {
      const { invitation } = await c.invitation();
      await c.drain();
      const email = (await c.m.Email.findOne({ where: { entityType: 'invitation', entityId: String(invitation.id) } }))!;
      assert.equal(email.status, 'sent');
      const path = `/resources/invitations/records/${invitation.id}/resend`;
      const form = await (await c.get('support', path)).json();
      assert.equal(form.form.disabledReason, undefined, JSON.stringify(form.form));
      const res = await c.double('support', path);
      assert.match(res.result.message, new RegExp(email.toAddress.replace('.', '\\.')));
      assert.equal((await c.m.Email.findByPk(email.id))!.status, 'queued');
      await c.auditedOnce('email.resent', 'email', email.id, 'support');
      assert.equal((await c.m.Invitation.findByPk(invitation.id))!.status, 'sent');
    });

    it('cancel: refused to support (audited), done once for accounting, audited with the staff user', async () => {
      const { invitation } = await c.invitation();
      const path = `/resources/invitations/records/${invitation.id}/cancel`;
      await c.refused('support', path, 'invitations', invitation.id);
      assert.equal((await c.m.Invitation.findByPk(invitation.id))!.status, 'sent');
      await c.double('accounting', path);
      assert.equal((await c.m.Invitation.findByPk(invitation.id))!.status, 'cancelled');
      await c.auditedOnce('invitation.cancelled', 'invitation', invitation.id, 'accounting');
      // Cancelled: neither resend nor cancel is offered any more; a new form changes nothing.
      const again = await (await c.post('admin', path, { idempotencyKey: c.key() })).json();
      assert.equal(again.notice?.type, 'error', JSON.stringify(again));
      assert.equal(await c.m.AuditLog.count({ where: { action: 'invitation.cancelled', entityId: String(invitation.id) } }), 1);
    });
  });

  describe('job retry', () => {
    it('puts a failed job back to pending once for a double submit, audited with the staff user; the worker then runs it', async () => {
      const comp = await c.company(true);
      const job = (await c.m.OutboxJob.findOne({ where: { kind: 'provision_company', status: 'failed' }, order: [['id', 'DESC']] }))!;
      assert.equal((job.payload as any).companyId, comp.id);
      assert.match(String(job.lastError), /non raggiungibile/);
      const path = `/resources/outbox_jobs/records/${job.id}/retry`;
      const res = await c.double('support', path);
      assert.match(res.result.message, /rimesso in coda/);
      const fresh = (await c.m.OutboxJob.findByPk(job.id))!;
      assert.equal(fresh.status, 'pending');
      assert.equal(fresh.attempts, 0);
      const audit = await c.auditedOnce('job.retried', 'outbox_job', job.id, 'support');
      assert.equal((audit.before as any).status, 'failed');
      await c.drain();
      assert.equal((await c.m.OutboxJob.findByPk(job.id))!.status, 'done');
      // A job no longer failed is not offered for retry: a new form changes nothing.
      const again = await (await c.post('support', path, { idempotencyKey: c.key() })).json();
      assert.equal(again.notice?.type, 'error', JSON.stringify(again));
      assert.equal(await c.m.AuditLog.count({ where: { action: 'job.retried', entityId: String(job.id) } }), 1);
    });
  });

  describe('company retry provisioning', () => {
    it('sends a failed company back to provisioning once for a double submit, audited; the worker then activates it', async () => {
      const comp = await c.company(true);
      assert.equal(comp.provisioningState, 'failed');
      const jobsBefore = await c.m.OutboxJob.count({ where: { kind: 'provision_company' } });
      const path = `/resources/companies/records/${comp.id}/retryProvisioning`;
      const res = await c.double('support', path);
      assert.match(res.result.message, /rimessa in coda/);
      assert.equal((await c.m.Company.findByPk(comp.id))!.provisioningState, 'provisioning');
      assert.equal(await c.m.OutboxJob.count({ where: { kind: 'provision_company' } }), jobsBefore + 1, 'one new provisioning job');
      await c.auditedOnce('company.provisioning_retried', 'company', comp.id, 'support');
      await c.drain();
      const active = (await c.m.Company.findByPk(comp.id))!;
      assert.equal(active.provisioningState, 'active');
      assert.equal(active.provisioningError, null);
    });
  });

  describe('coupon revoke and reassign', () => {
    it('revoke: refused to support (audited), once for accounting, audited with the staff user', async () => {
      const { coupons } = await buyCoupons(c.bo.app, c.partner.partner.id, c.partner.actor);
      const coupon = coupons[0]!;
      const path = `/resources/coupons/records/${coupon.id}/revoke`;
      await c.refused('support', path, 'coupons', coupon.id, { reason: 'prova' });
      assert.equal((await c.m.Coupon.findByPk(coupon.id))!.status, 'available');
      await c.double('accounting', path, { reason: 'venduto per errore' });
      assert.equal((await c.m.Coupon.findByPk(coupon.id))!.status, 'revoked');
      const audit = await c.auditedOnce('coupon.revoked', 'coupon', coupon.id, 'accounting');
      assert.equal((audit.after as any).reason, 'venduto per errore');
      assert.equal(await c.m.Coupon.count({ where: { orderId: coupon.orderId, status: 'available' } }), coupons.length - 1, 'only that coupon');
    });

    it('reassign: the form lists the other partners; refused to support (audited); once for accounting, audited', async () => {
      const { coupons } = await buyCoupons(c.bo.app, c.partner.partner.id, c.partner.actor);
      const coupon = coupons[0]!;
      const path = `/resources/coupons/records/${coupon.id}/reassign`;
      const form = await (await c.get('accounting', path)).json();
      const options = form.form.fields.find((f: any) => f.name === 'partnerId').options.map((o: any) => Number(o.value));
      assert.ok(options.includes(c.other.partner.id));
      assert.ok(!options.includes(c.partner.partner.id), 'not the current partner');
      await c.refused('support', path, 'coupons', coupon.id, { partnerId: String(c.other.partner.id) });
      assert.equal((await c.m.Coupon.findByPk(coupon.id))!.partnerId, c.partner.partner.id);
      await c.double('accounting', path, { partnerId: String(c.other.partner.id), reason: 'cessione' });
      assert.equal((await c.m.Coupon.findByPk(coupon.id))!.partnerId, c.other.partner.id);
      const audit = await c.auditedOnce('coupon.reassigned', 'coupon', coupon.id, 'accounting');
      assert.deepEqual([(audit.before as any).partnerId, (audit.after as any).partnerId], [c.partner.partner.id, c.other.partner.id]);
      // The new partner can activate it.
      await c.bo.app.useCases.activateCoupon({ couponId: coupon.id, partnerId: c.other.partner.id, companyData: validCompanyData() }, c.other.actor);
      assert.equal((await c.m.Coupon.findByPk(coupon.id))!.status, 'activated');
    });
  });

  describe('order refund (sandbox payments, no Stripe key)', () => {
    async function sandboxPaidOrder() {
      const app = c.bo.app;
      assert.equal(app.config.paymentsMode, 'sandbox');
      const p = await productBySku(app, 'coupon-lite-5');
      const o = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: c.partner.partner.id }, items: [{ productId: p.id, quantity: 1 }], paymentMethod: 'sandbox' }, c.partner.actor);
      const start = await app.useCases.openPayLink(payToken(app.config, o.id));
      assert.equal(start.kind, 'start');
      const sessionId = (start as any).start.sessionId as string;
      await app.useCases.sandboxAction(sessionId, 'pay');
      const paid = (await app.db.models.Order.findByPk(o.id))!;
      assert.equal(paid.status, 'fulfilled');
      return paid;
    }

    it('refused to support (audited); once for accounting: refunded through the sandbox, coupons revoked, audited', async () => {
      const o = await sandboxPaidOrder();
      assert.equal(await c.m.Coupon.count({ where: { orderId: o.id, status: 'available' } }), 5);
      const path = `/resources/orders/records/${o.id}/refund`;
      await c.refused('support', path, 'orders', o.id, { reason: 'prova' });
      assert.equal((await c.m.Order.findByPk(o.id))!.status, 'fulfilled');
      const form = await (await c.get('accounting', path)).json();
      assert.equal(form.form.disabledReason, undefined, JSON.stringify(form.form));
      await c.double('accounting', path, { reason: 'cliente ha cambiato idea' });
      assert.equal((await c.m.Order.findByPk(o.id))!.status, 'refunded');
      assert.equal(await c.m.Coupon.count({ where: { orderId: o.id, status: 'revoked' } }), 5);
      assert.equal(await c.m.Coupon.count({ where: { orderId: o.id, status: 'available' } }), 0);
      const audit = await c.auditedOnce('order.refunded', 'order', o.id, 'accounting');
      assert.match(String((audit.after as any).providerRefundId), /^re_sandbox_/);
      assert.equal((audit.after as any).couponsRevoked, 5);
      assert.equal((audit.after as any).reason, 'cliente ha cambiato idea');
      // Refunded: no longer offered; a new form changes nothing.
      const again = await (await c.post('accounting', path, { idempotencyKey: c.key(), reason: 'ancora' })).json();
      assert.equal(again.notice?.type, 'error', JSON.stringify(again));
      assert.equal(await c.m.AuditLog.count({ where: { action: 'order.refunded', entityId: String(o.id) } }), 1);
    });

    it('a bank-transfer order is refunded too, flagged for the money to be returned by hand', async () => {
      const { order } = await buyCoupons(c.bo.app, c.partner.partner.id, c.partner.actor);
      await c.double('admin', `/resources/orders/records/${order.id}/refund`, { reason: 'doppio pagamento' });
      const fresh = (await c.m.Order.findByPk(order.id))!;
      assert.equal(fresh.status, 'refunded');
      assert.match(String(fresh.flag), /bonifico: restituire/);
      assert.equal(await c.m.Coupon.count({ where: { orderId: order.id, status: 'revoked' } }), 5);
      await c.auditedOnce('order.refunded', 'order', order.id, 'admin');
    });
  });

  describe('invitation opt-outs', () => {
    it('support records an objection received by phone (once for a double submit, audited): the address can no longer be invited; withdrawn on request, it can', async () => {
      const email = `obiezione.${c.key().slice(0, 6)}@example.test`;
      const bad = await (await c.post('support', '/resources/email_opt_outs/actions/addOptOut', { idempotencyKey: c.key(), email: 'non-un-indirizzo', note: 'telefonata' })).json();
      assert.equal(bad.notice?.type, 'error', JSON.stringify(bad));
      await c.double('support', '/resources/email_opt_outs/actions/addOptOut', { email: email.toUpperCase(), note: 'telefonata del 3/12' });
      const row = (await c.m.EmailOptOut.findOne({ where: { email } }))!;
      assert.equal(row.source, 'staff');
      assert.equal(await c.m.AuditLog.count({ where: { action: 'email.opted_out', entityId: email, actorId: String(c.bo.staff.support.id) } }), 1);
      await assert.rejects(c.invitation(email), (e: any) => e.code === 'validation');

      await c.double('support', `/resources/email_opt_outs/records/${row.id}/withdrawOptOut`, { note: 'email del cliente del 5/12' });
      assert.equal(await c.m.EmailOptOut.count({ where: { email } }), 0);
      const audit = await c.m.AuditLog.findOne({ where: { action: 'email.opt_out_withdrawn', entityId: email } });
      assert.equal((audit!.after as any).note, 'email del cliente del 5/12');
      await c.invitation(email);
    });
  });

  describe('payment reversal decisions', () => {
    it('restore: refused to support (audited); once for accounting: the coupons the reversal took are back, audited', async () => {
      const app = c.bo.app;
      const p = await productBySku(app, 'coupon-lite-5');
      const o = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: c.partner.partner.id }, items: [{ productId: p.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, c.partner.actor);
      const iban = 'IT60X0542811101000000123456';
      const credit = { credit: true, amountCents: o.grossCents, bookingDate: '2026-11-03', counterparty: 'Studio Rossi', remittance: o.paymentReference, ref: 'RV-1' };
      await app.useCases.importStatement({ fileName: 'nov-1.xml', content: Buffer.from(buildCamt053({ version: '08', iban, entries: [credit] })) }, staffActor);
      await c.drain();
      assert.equal((await c.m.Order.findByPk(o.id))!.status, 'fulfilled');
      await app.useCases.importStatement({ fileName: 'nov-2.xml', content: Buffer.from(buildCamt053({ version: '08', iban, entries: [{ ...credit, reversal: true, ref: 'RV-2', bookingDate: '2026-11-05' }] })) }, staffActor);
      assert.equal(await c.m.Coupon.count({ where: { orderId: o.id, status: 'revoked' } }), 5);
      const rev = (await c.m.PaymentReversal.findOne({ where: { orderId: o.id } }))!;
      const path = `/resources/payment_reversals/records/${rev.id}/restore`;
      await c.refused('support', path, 'payment_reversals', rev.id, { note: 'prova' });
      assert.equal((await c.m.PaymentReversal.findByPk(rev.id))!.status, 'open');
      await c.double('accounting', path, { note: 'nuovo bonifico ricevuto' });
      assert.equal(await c.m.Coupon.count({ where: { orderId: o.id, status: 'available' } }), 5);
      const audit = await c.auditedOnce('payment_reversal.restored', 'order', o.id, 'accounting');
      assert.equal((audit.after as any).note, 'nuovo bonifico ricevuto');
      assert.equal((await c.m.PaymentReversal.findByPk(rev.id))!.status, 'restored');
    });
  });

  describe('creating a staff user', () => {
    it('is refused to support and accounting (audited); admin creates one once for a double submit, password hashed, audited', async () => {
      const path = '/resources/staff_users/actions/createStaffUser';
      const password = 'una-password-nuova-42';
      const fields = { email: 'Nuova.Collega@sportello.test', name: 'Nuova Collega', role: 'support', password };
      for (const role of ['support', 'accounting'] as const) await c.refused(role, path, 'staff_users', '-', fields);
      assert.equal(await c.m.StaffUser.count({ where: { email: 'nuova.collega@sportello.test' } }), 0);

      const form = await (await c.get('admin', path)).json();
      assert.deepEqual(form.form.fields.map((f: any) => f.name), ['email', 'name', 'role', 'password']);
      const res = await c.double('admin', path, fields);
      assert.match(res.result.message, /nuova\.collega@sportello\.test/);
      assert.ok(!JSON.stringify(res).includes(password), 'the password is not echoed');
      const users = await c.m.StaffUser.findAll({ where: { email: 'nuova.collega@sportello.test' } });
      assert.equal(users.length, 1);
      const u = users[0]!;
      assert.equal(u.role, 'support');
      assert.equal(u.active, true);
      assert.match(u.passwordHash, /^\$argon2id\$/);
      assert.ok(!u.passwordHash.includes(password));
      const audit = await c.auditedOnce('staff_user.created', 'staff_user', u.id, 'admin');
      assert.ok(!JSON.stringify(audit.toJSON()).includes(password), 'the password is not in the audit log');
      const keyRows = await c.m.AdminActionKey.findAll({ where: { action: 'createStaffUser' } });
      assert.ok(!JSON.stringify(keyRows.map((k) => k.toJSON())).includes(password), 'nor in the idempotency keys');

      // The new colleague can log in with that password.
      const login = await fetch(`${c.bo.base}/admin/login`, { method: 'POST', body: new URLSearchParams({ email: 'nuova.collega@sportello.test', password }), redirect: 'manual' });
      assert.equal(login.status, 302);
      // Bad input comes back as a notice, nothing created.
      const badRes = await c.post('admin', path, { idempotencyKey: c.key(), email: 'x@sportello.test', name: 'X', role: 'support', password: 'corta' });
      const badText = await badRes.text();
      assert.equal(badRes.status, 200, badText.slice(0, 300));
      const bad = JSON.parse(badText);
      assert.equal(bad.result.type, 'error');
      assert.match(bad.notice.message, /12 caratteri/);
      assert.equal(await c.m.StaffUser.count({ where: { email: 'x@sportello.test' } }), 0);
    });

    it('a staff user deactivated by an admin is out at once: the open session can no longer run even an action open to every role', async () => {
      const u = await c.bo.app.useCases.createStaffUser({ email: 'temporaneo@sportello.test', name: 'Temporaneo', role: 'support', password: STAFF_PASSWORD }, systemActor('test'));
      const login = await fetch(`${c.bo.base}/admin/login`, { method: 'POST', body: new URLSearchParams({ email: u.email, password: STAFF_PASSWORD }), redirect: 'manual' });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const comp = await c.company(true);
      const path = `/resources/companies/records/${comp.id}/retryProvisioning`;
      assert.equal((await c.get(cookie, path)).status, 200);
      const edit = await c.post('admin', `/resources/staff_users/records/${u.id}/edit`, { active: 'false' });
      assert.equal(edit.status, 200);
      assert.equal((await c.m.StaffUser.findByPk(u.id))!.active, false);
      const r = await c.post(cookie, path, { idempotencyKey: c.key() });
      assert.equal(r.status, 401);
      assert.equal((await c.m.Company.findByPk(comp.id))!.provisioningState, 'failed');
    });
  });
});

describe('back-office dashboard figures', function () {
  this.timeout(180_000);
  let c: Ctx;
  before(async () => {
    c = await setup();
  });
  after(() => c?.bo.close());

  it('counts a small seeded situation right, and each figure links to a list showing exactly those records', async () => {
    const app = c.bo.app;
    const m = c.m;
    const lite5 = await productBySku(app, 'coupon-lite-5');
    const place = (method: 'bank_transfer' | 'sandbox' = 'bank_transfer') =>
      app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: c.partner.partner.id }, items: [{ productId: lite5.id, quantity: 1 }], paymentMethod: method }, c.partner.actor);

    // Bank transfers waiting: 3, one of them placed 30 h ago (past the 24 h promise); a sandbox order waiting is not a transfer.
    const [w1, , w3] = [await place(), await place(), await place()];
    await place('sandbox');
    await m.Order.update({ createdAt: new Date(Date.now() - 30 * 3600_000) } as any, { where: { id: w1.id } });
    assert.equal((await m.Order.findByPk(w1.id))!.createdAt.getTime() < Date.now() - 29 * 3600_000, true, 'backdated');
    // Paid today: 2 (one through the back-office form, one through the core); one paid 40 days ago is not today.
    const p1 = await place();
    const p2 = await place();
    const old = await place();
    const todayRome = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());
    const res = await (await c.post('accounting', `/resources/orders/records/${p1.id}/markPaid`, { idempotencyKey: c.key(), amount: String(p1.grossCents / 100), paidAt: todayRome })).json();
    assert.equal(res.result.type, 'success', JSON.stringify(res));
    await app.useCases.markOrderPaid({ orderId: p2.id, amountCents: p2.grossCents, source: 'staff' }, staffActor);
    await app.useCases.markOrderPaid({ orderId: old.id, amountCents: old.grossCents, source: 'staff', paidAt: new Date(Date.now() - 40 * 86_400_000) }, staffActor);
    // p1 was paid "today at 12:00 UTC": make it now, so that it counts today whatever the hour of the run.
    await m.Order.update({ paidAt: new Date() }, { where: { id: p1.id } });

    // Failed provisioning: 1 company failed, 1 active. Failed jobs: that provisioning job and one email's job.
    await c.company(true);
    await c.company(false);
    await c.invitation('rifiuta.cliente@example.test');
    await c.drain();
    // Unmatched bank lines: one credit nobody recognises (a debit line is not counted); one line pays w3.
    const { buildCamt053 } = await import('../test/bank-statement-files.js');
    const booked = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10); // never today
    const xml = buildCamt053({
      version: '08', iban: 'IT60X0542811101000000123456', statementId: 'D1',
      entries: [
        { credit: true, amountCents: 12345, bookingDate: booked, counterparty: 'Ignoto Srl', remittance: 'fattura 12/2026', ref: 'D-1' },
        { credit: false, amountCents: 990, bookingDate: booked, remittance: 'commissioni', ref: 'D-2' },
        { credit: true, amountCents: w3.grossCents, bookingDate: booked, remittance: w3.paymentReference, ref: 'D-3' },
      ],
    });
    await app.useCases.importStatement({ fileName: 'd1.xml', content: Buffer.from(xml) }, staffActor);
    await c.drain(); // the import queued w3's fulfilment
    assert.equal((await m.Order.findByPk(w3.id))!.status, 'fulfilled');

    // Invoices: the partner gave no billing data, so they wait; one handed to SdI 6 days ago has no outcome yet.
    const waitingInvoices = await m.Invoice.findAll({ where: { state: 'awaiting_data' }, order: [['id', 'ASC']] });
    assert.ok(waitingInvoices.length >= 3);
    await m.Invoice.update({ state: 'sent', sentAt: new Date(Date.now() - 6 * 86_400_000) }, { where: { id: waitingInvoices[0]!.id } });
    await m.Invoice.update({ state: 'sent', sentAt: new Date(Date.now() - 86_400_000) }, { where: { id: waitingInvoices[1]!.id } });

    const expected: Record<string, number> = {
      invoices_awaiting_data: waitingInvoices.length - 2,
      invoices_no_outcome: 1, // not the one sent yesterday
      invoices_rejected: 0,
      waiting: 2, // w1 (late) and w2; w3 was paid by the bank line
      overdue: 1,
      paid_today: 4, // p1, p2 and the two coupon orders behind the companies; not w3 (paid on the line's booking date), not the old one
      failed_provisioning: 1,
      failed_emails: 1,
      failed_jobs: 2,
      unmatched_lines: 1,
    };
    for (const role of ['admin', 'accounting'] as const) {
      const r = await c.get(role, '/dashboard');
      assert.equal(r.status, 200);
      const dash = await r.json();
      const figure = (k: string) => dash.figures.find((f: any) => f.key === k);
      for (const [k, n] of Object.entries(expected)) assert.equal(Number(figure(k).value), n, `${k}: ${JSON.stringify(figure(k))}`);
      assert.ok(Number(figure('paid_month').value) >= 3);

      // Each count's link opens a list holding exactly the records counted (a ratio's link shows where it comes from).
      for (const f of dash.figures.filter((x: any) => !x.ratio)) {
        const u = new URL(f.href, c.bo.base);
        const m2 = /^\/admin\/resources\/([^/]+)$/.exec(u.pathname);
        assert.ok(m2, `${f.key}: ${f.href}`);
        const list = await c.get(role, `/resources/${m2![1]}/actions/list${u.search}&perPage=500`);
        assert.equal(list.status, 200, `${f.key} list as ${role}`);
        const body = await list.json();
        assert.equal(body.meta.total, Number(f.value), `${f.key}: the list at ${f.href} shows ${body.meta.total}, the figure says ${f.value}`);
      }
    }
    // The amounts beside the counts, in €.
    const dash = await (await c.get('admin', '/dashboard')).json();
    assert.equal(dash.figures.find((f: any) => f.key === 'waiting').sub, formatEuro(2 * w1.grossCents), JSON.stringify(dash.figures[0]));
    // Each bar or slice of the charts links to a list holding exactly the records it counts.
    for (const chart of dash.charts.filter((x: any) => x.unit === 'count')) {
      for (const d of chart.datasets) {
        for (const [i, href] of d.hrefs.entries()) {
          const u = new URL(href, c.bo.base);
          const list = await (await c.get('admin', `${u.pathname.replace(/^\/admin/, '').replace(/^\/resources\/([^/]+)$/, '/resources/$1/actions/list')}${u.search}&perPage=500`)).json();
          assert.equal(list.meta.total, d.data[i], `${chart.key} “${chart.labels[i]}”: ${href}`);
        }
      }
    }
    const sales = dash.charts.find((x: any) => x.key === 'sales');
    assert.ok(sales.datasets.length >= 6 && sales.labels.length === 30);
    // And the dashboard page itself is served to a logged-in person.
    const page = await fetch(`${c.bo.base}/admin`, { headers: { cookie: c.cookies.support } });
    assert.equal(page.status, 200);
  });
});

describe('back-office renewals: extend by hand, filters, the rate, a partner’s upcoming renewals', function () {
  this.timeout(180_000);
  let c: Ctx;
  before(async () => {
    c = await setup();
  });
  after(() => c?.bo.close());

  it('extends a subscription once for a double submit, reason required, refused to support, audited', async () => {
    const { makeCompany } = await import('../test/renewals.js');
    const comp = await makeCompany(c.bo.app, c.partner.partner.id, new Date(Date.now() + 10 * 86_400_000));
    const path = `/resources/companies/records/${comp.id}/extendSubscription`;
    const form = await (await c.get('accounting', path)).json();
    assert.ok(form.form.fields.some((f: any) => f.name === 'reason' && f.required), JSON.stringify(form.form));
    await c.refused('support', path, 'companies', comp.id, { months: '1', reason: 'cortesia' });
    const noReason = await (await c.post('accounting', path, { idempotencyKey: c.key(), months: '1', reason: '' })).json();
    assert.notEqual(noReason.result?.type, 'success', JSON.stringify(noReason));
    const res = await c.double('accounting', path, { months: '1', reason: 'pagato fuori dallo sportello' });
    assert.match(res.result.message, /prorogato fino al/);
    const audit = await c.auditedOnce('company.subscription_extended', 'company', comp.id, 'accounting');
    assert.equal((audit.after as any).reason, 'pagato fuori dallo sportello');
    assert.equal((await c.m.Company.findByPk(comp.id))!.subscriptionExpiresAt.getTime() > comp.subscriptionExpiresAt.getTime() + 27 * 86_400_000, true);
  });

  it('the dashboard counts expiring, in grace and suspended companies with links to exactly those; the renewal rate; the partner’s upcoming renewals', async () => {
    const { makeCompany } = await import('../test/renewals.js');
    const pid = c.other.partner.id;
    const day = 86_400_000;
    await makeCompany(c.bo.app, pid, new Date(Date.now() + 5 * day), { legalName: 'Scade Presto S.r.l.' });
    await makeCompany(c.bo.app, pid, new Date(Date.now() + 200 * day));
    const grace = await makeCompany(c.bo.app, pid, new Date(Date.now() - 3 * day));
    const susp = await makeCompany(c.bo.app, pid, new Date(Date.now() - 40 * day));
    await c.m.Company.update({ subscriptionState: 'grace' }, { where: { id: grace.id } });
    await c.m.Company.update({ subscriptionState: 'suspended' }, { where: { id: susp.id } });
    const dash = await (await c.get('admin', '/dashboard')).json();
    const fig = (k: string) => dash.figures.find((f: any) => f.key === k);
    for (const k of ['expiring_30d', 'in_grace', 'suspended']) {
      const f = fig(k);
      const u = new URL(f.href, c.bo.base);
      const list = await (await c.get('support', `/resources/companies/actions/list${u.search}&perPage=500`)).json();
      assert.equal(list.meta.total, Number(f.value), `${k}: ${f.href}`);
    }
    assert.ok(Number(fig('expiring_30d').value) >= 1);
    assert.equal(Number(fig('in_grace').value), 1);
    assert.equal(Number(fig('suspended').value), 1);
    assert.equal(fig('renewal_rate').ratio, true);
    assert.match(fig('renewal_rate').sub, /rinnovati su \d+ in scadenza/);
    const up = await (await c.get('support', `/resources/partners/records/${pid}/upcomingRenewals`)).json();
    const labels = up.form.facts.map((f: any) => f.label);
    assert.ok(labels.includes('Scade Presto S.r.l.'), JSON.stringify(up.form));
    assert.equal(labels.length, 3, 'the one expiring in 200 days is not listed');
  });
});
