/**
 * The buyer's payment email links the courtesy copy of the invoice issued with the payment (the
 * signed /fattura/<token> link, which opens the copy and its PDF), in both parts, through the real
 * send_email job and a real SMTP sink.
 */
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../test-app.js';
import { startSmtpSink, type SmtpSink } from '../../fakes/smtp-sink.js';
import { invoiceLink } from '../../core/invoicing/links.js';
import { italianDate } from '../../core/invoicing/rome-date.js';
import { billedPartner, clientPaidOrder, partnerPaidOrder } from './invoicing-fixtures.js';

describe('invoices: the payment email links the courtesy copy', function () {
  this.timeout(60_000);
  let sink: SmtpSink;
  let app: TestApp;
  before(async () => {
    sink = await startSmtpSink();
    app = await createTestApp({ env: { SMTP_URL: sink.url, PUBLIC_BASE_URL: 'https://sportello.example.it', MAIL_FROM: 'Sportello <noreply@sportello.test>' } });
  });
  after(async () => {
    await app?.dispose();
    await sink?.stop();
  });

  async function paymentEmailTo(address: string) {
    await app.createWorker({ handlers: { send_email: app.emails.handler } }).drain();
    const mail = sink.messages.find((m) => m.subject?.startsWith('Pagamento ricevuto') && [m.to].flat().some((t) => t?.text.includes(address)));
    assert.ok(mail, `a payment email to ${address}`);
    return mail;
  }

  it('a client’s payment: the email names the invoice and links /fattura/<token> in HTML and text', async () => {
    const { partner, actor } = await billedPartner(app);
    const { invoiceId } = await clientPaidOrder(app, partner.id, actor);
    const inv = (await app.db.models.Invoice.findByPk(invoiceId!))!;
    const link = invoiceLink(app.config, inv.id);
    assert.match(link, /^https:\/\/sportello\.example\.it\/fattura\//);
    const mail = await paymentEmailTo('cliente@example.test');
    assert.ok(String(mail.html).includes(`href="${link}"`), 'HTML links the courtesy copy');
    assert.ok(mail.text!.includes(`\n${link}\n`), 'the text part too, on its own line');
    assert.ok(mail.text!.includes(`fattura elettronica n. ${inv.number} del ${italianDate(inv.issueDate)}`), mail.text);
    assert.match(mail.text!, /Copia di cortesia della fattura \(PDF e XML\)/);
  });

  it('a partner’s payment by bank transfer: the same, to the partner’s billing address', async () => {
    const { partner, actor } = await billedPartner(app);
    const { invoiceId } = await partnerPaidOrder(app, partner.id, actor, [{ sku: 'coupon-lite-1' }]);
    const mail = await paymentEmailTo(partner.billingEmail);
    assert.ok(String(mail.html).includes(`href="${invoiceLink(app.config, invoiceId!)}"`));
  });
});
