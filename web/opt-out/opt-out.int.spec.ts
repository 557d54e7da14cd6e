/**
 * Invitations carry List-Unsubscribe (mailto and one-click) and Auto-Submitted; a one-click POST opts
 * the address out; no partner can invite it again (told why), and a reminder already queued is not sent.
 */
import assert from 'node:assert/strict';
import { startSmtpSink, type SmtpSink } from '../../fakes/smtp-sink.js';
import { startCheckoutServer, type CheckoutServer } from '../checkout/checkout-server.test-helper.js';
import { createPartnerWithUser } from '../../test/fixtures.js';
import { optOutToken } from '../../core/emails/opt-out.js';

describe('List-Unsubscribe on invitations, one-click opt-out', function () {
  this.timeout(60_000);
  let s: CheckoutServer;
  let sink: SmtpSink;
  before(async () => {
    sink = await startSmtpSink();
    s = await startCheckoutServer({ env: { SMTP_URL: sink.url } });
    await s.app.emails.ready();
  });
  after(async () => {
    await s?.close();
    await sink?.stop();
  });

  it('an invitation carries the headers; one click opts out; nobody may invite the address again and a queued reminder is not sent', async () => {
    const inv = await s.invite({ clientName: 'Lucia Gialli' });
    await s.app.createWorker().drain();
    const mail = (await sink.waitFor(1)).find((m) => m.subject?.length && m.text?.includes('Lucia Gialli'));
    assert.ok(mail);
    // the raw header (mailparser also offers a parsed form)
    const raw = (name: string) => mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, ' ') ?? '';
    const header = raw('list-unsubscribe');
    const mailto = /<mailto:([^>]+)>/.exec(header)?.[1];
    const url = /<(http[^>]+)>/.exec(header)?.[1];
    assert.match(mailto ?? '', /^supporto@.+\?subject=Disiscrizione%20mario%40cliente\.test$/);
    assert.ok(url?.startsWith(`${s.base}/disiscrizione/`), header);
    assert.equal(raw('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
    assert.equal(raw('auto-submitted'), 'auto-generated');

    // A transactional email (the order's own) carries none of them: the buyer asked for it.
    // One click, as a mail client sends it (RFC 8058): no cookie, a form body.
    const r = await fetch(url!, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }), redirect: 'manual' });
    assert.equal(r.status, 200);
    assert.match(await r.text(), /non riceverà più inviti/);
    const again = await fetch(url!, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }) });
    assert.equal(again.status, 200, 'repeating it changes nothing');
    assert.equal(await s.app.db.models.EmailOptOut.count({ where: { email: 'mario@cliente.test' } }), 1);
    assert.equal((await s.app.db.models.EmailOptOut.findOne())!.source, 'one_click');
    assert.equal(await s.app.db.models.AuditLog.count({ where: { action: 'email.opted_out' } }), 1);

    // A forged link names nothing.
    const forged = await fetch(`${s.base}/disiscrizione/${optOutToken({ ...s.app.config, appSecret: 'x'.repeat(40) }, 'altro@cliente.test')}`, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }) });
    assert.equal(forged.status, 404);
    assert.equal(await s.app.db.models.EmailOptOut.count(), 1);

    // Another partner tries: refused with the reason, in both languages.
    const other = await createPartnerWithUser(s.app, 'Altro Studio');
    await assert.rejects(
      s.app.useCases.createInvitation({ partnerId: other.partner.id, clientName: 'Lucia', clientEmail: 'Mario@Cliente.test', tier: 'lite' }, other.actor),
      (e: any) => e.code === 'validation' && /ha chiesto di non ricevere più inviti/.test(e.details.fields.clientEmail.it) && /no more invitations/.test(e.details.fields.clientEmail.en),
    );

    // The reminder of the first invitation, due later, is not queued.
    const sentBefore = sink.messages.length;
    await s.app.db.models.OutboxJob.update({ runAt: new Date(Date.now() - 1000) }, { where: { kind: 'invitation_reminder' } }); // due now
    await s.app.createWorker().drain();
    const job = await s.app.db.models.OutboxJob.findOne({ where: { kind: 'invitation_reminder' } });
    assert.equal(job!.status, 'done', 'the reminder job ran');
    assert.equal((await s.app.db.models.Invitation.findByPk(inv.invitationId))!.reminderSentAt, null);
    assert.equal(sink.messages.length, sentBefore, 'no email after the opt-out');
    assert.equal(await s.app.db.models.Email.count({ where: { template: 'invitation_reminder' } }), 0);
  });

  it('the link’s own page asks, then confirms', async () => {
    const token = optOutToken(s.app.config, 'paolo@cliente.test');
    const page = await (await fetch(`${s.base}/disiscrizione/${token}`)).text();
    assert.match(page, /paolo@cliente\.test non riceva più inviti/);
    assert.match(page, /data-testid="opt-out-confirm"/);
    const done = await fetch(`${s.base}/disiscrizione/${token}?lang=en`, { method: 'POST', body: new URLSearchParams({}) });
    assert.match(await done.text(), /will receive no more purchase invitations/);
    assert.equal((await s.app.db.models.EmailOptOut.findOne({ where: { email: 'paolo@cliente.test' } }))!.source, 'link');
  });
});
