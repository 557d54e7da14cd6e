import assert from 'node:assert/strict';
import { startSmtpSink, type SmtpSink } from '../../../fakes/smtp-sink.js';
import { sampleBaseUrl, sampleData, sampleLinks, sampleVendor } from '../../../templates/samples.js';
import { isPermanentMailError, MailSendError, type Mailer } from '../../emails/mailer.js';
import { createEmailRenderer } from '../../emails/renderer.js';
import { classifySmtpError, createSmtpMailer } from './smtp-mailer.js';

const from = 'KeyContabilità Sportello <noreply@sportello.example.it>';

describe('SMTP mailer (through a real SMTP sink)', () => {
  let sink: SmtpSink;
  let mailer: Mailer;
  beforeEach(async () => {
    sink = await startSmtpSink();
    // Credentials in the URL exercise AUTH as a real provider would need it.
    mailer = createSmtpMailer({ url: sink.url.replace('smtp://', 'smtp://user:p%40ss@'), maxConnections: 2 });
  });
  afterEach(async () => {
    await mailer.close();
    await sink.stop();
  });

  it('delivers a rendered invitation that parses back intact', async () => {
    const renderer = await createEmailRenderer({ vendor: sampleVendor, baseUrl: sampleBaseUrl });
    const data = { ...sampleData('it').invitation, clientName: 'Rossi & <script>alert(1)</script>' };
    const email = renderer.render('invitation', 'it', data);
    const sent = await mailer.send({ ...email, to: 'mario.rossi@example.com', from, replyTo: 'studio@bianchi.example', messageId: 'email-42' });
    assert.equal(sent.messageId, '<email-42@sportello.example.it>');

    const [got] = await sink.waitFor(1);
    assert.equal(got.subject, email.subject);
    assert.equal(got.from?.text, from.replace('KeyContabilità Sportello', '"KeyContabilità Sportello"'));
    assert.deepEqual([got.to].flat().map((a) => a?.text), ['mario.rossi@example.com']);
    assert.equal(got.replyTo?.text, 'studio@bianchi.example');
    assert.equal(got.messageId, '<email-42@sportello.example.it>');
    assert.equal(got.headers.get('x-sportello-email-id'), 'email-42');
    assert.equal(got.html, email.html);
    assert.equal(got.text?.trimEnd(), email.text.trimEnd());
    assert.ok(got.text?.includes('Gentile Rossi & <script>alert(1)</script>,'));
    assert.ok((got.html as string).includes(`href="${sampleLinks.checkout}"`));
    assert.ok(got.text?.includes(sampleLinks.checkout));
  });

  it('fails with a transient error while the server is down, then delivers once after it is back', async () => {
    sink.pause();
    const msg = { to: 'a@example.com', from, subject: 'Prova', html: '<p>Prova</p>', text: 'Prova', messageId: 'email-7' };
    const err = await mailer.send(msg).then(() => assert.fail('should fail'), (e: unknown) => e);
    assert.ok(err instanceof MailSendError, String(err));
    assert.equal(err.permanent, false);
    assert.equal(err.responseCode, 421);
    assert.equal(isPermanentMailError(err), false);

    sink.resume();
    await mailer.send(msg);
    const got = await sink.waitFor(1);
    assert.equal(got.length, 1);
    assert.equal(got[0].messageId, '<email-7@sportello.example.it>');
  });

  it('sends many in parallel over the pool, each exactly once', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => mailer.send({ to: `c${i}@example.com`, from, subject: `n${i}`, html: `<p>${i}</p>`, text: `${i}` })));
    const got = await sink.waitFor(20);
    assert.deepEqual(got.map((m) => m.subject).sort(), Array.from({ length: 20 }, (_, i) => `n${i}`).sort());
  });
});

describe('SMTP mailer without a server', () => {
  it('a refused connection is a transient error', async () => {
    const sink = await startSmtpSink();
    await sink.stop(); // the port is now closed
    const mailer = createSmtpMailer({ url: sink.url });
    try {
      const err = await mailer.send({ to: 'a@example.com', from, subject: 's', html: '<p>s</p>', text: 's' }).then(() => assert.fail('should fail'), (e: unknown) => e);
      assert.ok(err instanceof MailSendError);
      assert.equal(err.permanent, false);
      assert.equal(err.code, 'ECONNECTION');
    } finally {
      await mailer.close();
    }
  });
});

describe('SMTP error classification', () => {
  const err = (props: object) => Object.assign(new Error('x'), props);
  it('5xx replies and bad envelopes are permanent', () => {
    assert.equal(classifySmtpError(err({ responseCode: 550, code: 'EENVELOPE' })).permanent, true);
    assert.equal(classifySmtpError(err({ responseCode: 535, code: 'EAUTH' })).permanent, true);
    assert.equal(classifySmtpError(err({ code: 'EENVELOPE' })).permanent, true);
  });
  it('4xx replies, timeouts and connection failures are transient', () => {
    assert.equal(classifySmtpError(err({ responseCode: 421, code: 'EPROTOCOL' })).permanent, false);
    assert.equal(classifySmtpError(err({ responseCode: 451, code: 'EMESSAGE' })).permanent, false);
    assert.equal(classifySmtpError(err({ code: 'ETIMEDOUT' })).permanent, false);
    assert.equal(classifySmtpError(err({ code: 'ECONNECTION' })).permanent, false);
    assert.equal(classifySmtpError(new Error('unknown')).permanent, false);
  });
  it('refuses a non-SMTP URL', () => {
    assert.throws(() => createSmtpMailer({ url: 'http://x' }), /smtp/);
  });
});
