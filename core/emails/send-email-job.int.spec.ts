import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { SMTPServer } from 'smtp-server';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createPartnerWithUser, productBySku, staffActor, validCompanyData } from '../../test/fixtures.js';
import { startSmtpSink, type SmtpSink } from '../../fakes/smtp-sink.js';
import { systemActor } from '../shared/actor.js';

const BASE = 'https://sportello.test';
const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);

/** Retries wait with backoff; a test makes them due now instead of sleeping. */
const makeJobsDue = (app: TestApp) => app.db.models.OutboxJob.update({ runAt: new Date(Date.now() - 1000) }, { where: { status: 'pending', kind: 'send_email' } });

describe('send_email job through a real SMTP sink', () => {
  let sink: SmtpSink;
  let app: TestApp;

  beforeEach(async () => {
    sink = await startSmtpSink();
    app = await createTestApp({ env: { SMTP_URL: sink.url, PUBLIC_BASE_URL: BASE, MAIL_FROM: 'Sportello <noreply@sportello.test>' } });
  });
  afterEach(async () => {
    await app.dispose();
    await sink.stop();
  });

  async function invite(clientName = 'Mario Rossi', language: 'it' | 'en' = 'it') {
    const { partner, actor } = await createPartnerWithUser(app, 'Studio Bianchi & Figli');
    const res = await app.useCases.createInvitation({ partnerId: partner.id, clientName, clientEmail: 'mario@cliente.test', tier: 'ordinary', language }, actor);
    const row = (await app.db.models.Email.findOne({ where: { entityType: 'invitation', entityId: String(res.invitation.id) } }))!;
    return { ...res, partner, row };
  }

  it('delivers the invitation: subject, recipient, both parts, the personal link, escaping', async () => {
    const { link, row } = await invite('Rossi & <script>alert(1)</script>');
    await app.createWorker().drain();
    const [mail] = await sink.waitFor(1);
    assert.match(mail!.subject ?? '', /Studio Bianchi & Figli ti invita/);
    assert.deepEqual((Array.isArray(mail!.to) ? mail!.to : [mail!.to]).flatMap((a) => a!.value.map((v) => v.address)), ['mario@cliente.test']);
    const html = String(mail!.html);
    assert.ok(mail!.text && html.includes('<html'), 'both parts');
    assert.ok(link.startsWith(`${BASE}/invito/`));
    assert.ok(hrefs(html).includes(link), 'button and fallback link point to the personal link');
    assert.ok(html.includes('Rossi &amp; &lt;script&gt;') && !html.includes('<script>alert'), 'hostile name shown as text');
    assert.ok(mail!.text!.includes(`\n${link}\n`) && mail!.text!.includes('Rossi & <script>alert(1)</script>'), 'readable text part');
    assert.equal(mail!.headers.get('x-sportello-email-id'), `email-${row.id}`);
    await row.reload();
    assert.equal(row.status, 'sent');
    assert.equal(row.messageId, `<email-${row.id}@sportello.test>`);
    assert.equal(row.messageId, mail!.messageId);
    assert.ok(row.subject && row.sentAt && row.attempts === 1);
  });

  it('renders in the invitation’s language', async () => {
    await invite('Mario Rossi', 'en');
    await app.createWorker().drain();
    const [mail] = await sink.waitFor(1);
    assert.match(mail!.subject ?? '', /invit/i);
    assert.match(String(mail!.html), /<html lang="en"/);
  });

  it('SMTP down for a while → retried with backoff → delivered exactly once', async () => {
    sink.pause();
    const { row, link } = await invite();
    const worker = app.createWorker();
    for (let i = 1; i <= 2; i++) {
      await worker.drain();
      await row.reload();
      assert.equal(row.status, 'queued', 'still queued during the outage');
      assert.equal(row.attempts, i);
      assert.match(row.error ?? '', /421|try again later/i);
      const job = (await app.db.models.OutboxJob.findOne({ where: { kind: 'send_email' } }))!;
      assert.equal(job.status, 'pending');
      assert.ok(job.runAt > new Date(), 'next try is later (backoff)');
      await makeJobsDue(app);
    }
    sink.resume();
    await worker.drain();
    await makeJobsDue(app);
    await worker.drain();
    await sink.waitFor(1);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(sink.messages.length, 1, 'delivered once');
    assert.ok(sink.messages[0]!.text!.includes(link));
    await row.reload();
    assert.equal(row.status, 'sent');
    assert.equal(row.attempts, 3);
    assert.equal(row.error, null);
  });

  it('after the last attempt the email is marked failed (visible for a resend)', async () => {
    sink.pause();
    const { row } = await invite();
    await app.db.models.OutboxJob.update({ maxAttempts: 2 }, { where: { kind: 'send_email' } });
    const worker = app.createWorker();
    await worker.drain();
    await makeJobsDue(app);
    await worker.drain();
    await row.reload();
    assert.equal(row.status, 'failed');
    assert.equal(row.attempts, 2);
    assert.match(row.error ?? '', /421|try again later/i);
    sink.resume();
    await app.useCases.resendEmail(row.id, staffActor);
    await worker.drain();
    await sink.waitFor(1);
    await row.reload();
    assert.equal(row.status, 'sent');
  });

  it('resend: audited, a fresh copy with its own Message-ID; a queued email is refused', async () => {
    const { row } = await invite();
    const worker = app.createWorker();
    await worker.drain();
    await row.reload();
    await assert.rejects(app.useCases.resendEmail(row.id, { type: 'partner_user', id: 1, partnerId: 1, label: 'x' }), { code: 'forbidden' });
    await app.useCases.resendEmail(row.id, staffActor);
    await assert.rejects(app.useCases.resendEmail(row.id, staffActor), { code: 'conflict' });
    await worker.drain();
    await sink.waitFor(2);
    const [first, second] = sink.messages;
    assert.equal(first!.subject, second!.subject);
    assert.notEqual(first!.messageId, second!.messageId);
    await row.reload();
    assert.equal(row.status, 'sent');
    assert.equal(row.messageId, second!.messageId);
    const audit = await app.db.models.AuditLog.findOne({ where: { action: 'email.resent', entityId: String(row.id) } });
    assert.ok(audit);
  });
});

describe('send_email job: permanent SMTP rejection', () => {
  let server: SMTPServer;
  let port: number;
  let app: TestApp;

  before(async () => {
    server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      logger: false,
      onRcptTo: (_a, _s, cb) => cb(Object.assign(new Error('No such user'), { responseCode: 550 })),
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.server.address() as { port: number }).port;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(async () => {
    app = await createTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
  });
  afterEach(async () => {
    await app.dispose();
  });

  it('parks a 5xx at once as failed (no retries), with the error, and resend can try again', async () => {
    const { partner, actor } = await createPartnerWithUser(app);
    await app.useCases.createInvitation({ partnerId: partner.id, clientName: 'Mario Rossi', clientEmail: 'nobody@cliente.test', tier: 'lite' }, actor);
    await app.createWorker().drain();
    const row = (await app.db.models.Email.findOne())!;
    assert.equal(row.status, 'failed');
    assert.equal(row.attempts, 1);
    assert.match(row.error ?? '', /550|No such user/);
    const job = (await app.db.models.OutboxJob.findOne({ where: { kind: 'send_email' } }))!;
    assert.equal(job.status, 'failed');
    await app.useCases.resendEmail(row.id, staffActor);
    await row.reload();
    assert.equal(row.status, 'queued');
  });
});

describe('send_email job: file outbox and every email the core queues', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp();
  });
  afterEach(async () => {
    await app.dispose();
  });

  it('without SMTP_URL each email is an .eml in the outbox; all templates queued by the flows render', async () => {
    const { partner, actor } = await createPartnerWithUser(app);
    const coupons = await productBySku(app, 'coupon-lite-5');
    const bank = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: coupons.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);
    await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: coupons.id, quantity: 2 }], paymentMethod: 'stripe', language: 'en' }, actor);
    await app.useCases.markOrderPaid({ orderId: bank.id, amountCents: bank.grossCents, source: 'bank_transfer' }, staffActor);
    const { invitation } = await app.useCases.createInvitation({ partnerId: partner.id, clientName: 'Mario Rossi', clientEmail: 'mario@cliente.test', tier: 'lite' }, actor);
    const offer = await productBySku(app, 'coupon-lite-1');
    const clientOrder = await app.useCases.placeOrder(
      { buyer: { kind: 'client', invitationId: invitation.id, companyData: validCompanyData(), billingEmail: 'amm@cliente.test' }, items: [{ productId: offer.id, quantity: 1 }], paymentMethod: 'sandbox' },
      { type: 'client', label: 'mario@cliente.test' },
    );
    await app.useCases.markOrderPaid({ orderId: clientOrder.id, amountCents: clientOrder.grossCents, source: 'sandbox' }, systemActor('sandbox'));
    await app.createWorker().drain();

    const rows = await app.db.models.Email.findAll();
    assert.deepEqual(rows.filter((r) => r.status !== 'sent').map((r) => [r.template, r.error]), []);
    const templates = new Set(rows.map((r) => r.template));
    for (const t of ['invitation', 'bank_transfer_instructions', 'order_confirmation', 'payment_received', 'coupons_issued', 'company_ready']) assert.ok(templates.has(t), t);
    const files = (await readdir(app.config.outboxDir)).filter((f) => f.endsWith('.eml'));
    assert.equal(files.length, rows.length);
  });
});
