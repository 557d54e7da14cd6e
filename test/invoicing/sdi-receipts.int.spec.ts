/**
 * Through the HTTP intermediary (the local stand-in) and the signed webhook: RC delivers, MC leaves the
 * invoice in the buyer's cassetto fiscale, NS rejects with SdI's codes — fixed and resent with the
 * same number and date and a new ProgressivoInvio; the same receipt twice changes nothing; a receipt
 * about a file we never sent, or unsigned, is refused.
 */
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from '../test-app.js';
import { createWebApp } from '../../web/create-web-app.js';
import { mountInvoices } from '../../web/invoices/mount-invoices.js';
import { startFakeSdiIntermediary, receiptXml } from '../../fakes/sdi-intermediary.js';
import { signSdiPayload } from '../../core/invoicing/webhook-signature.js';
import { validateAgainstSchema, RECEIPTS_SCHEMA } from '../../core/invoicing/xsd-validator.js';
import { staffActor } from '../fixtures.js';
import { billedPartner, partnerPaidOrder, sendInvoices, xmllint, hasXmllint } from './invoicing-fixtures.js';

describe('SdI receipts through the HTTP intermediary', function () {
  this.timeout(60_000);
  let app: TestApp;
  let fake: Awaited<ReturnType<typeof startFakeSdiIntermediary>>;
  let server: Server;
  let base: string;
  const m = () => app.db.models;
  const secret = 'sdi-webhook-secret-for-tests-0123456789';

  before(async () => {
    fake = await startFakeSdiIntermediary({ apiKey: 'key-1', webhookSecret: secret });
    app = await createTestApp({ env: { INVOICE_TRANSMITTER: 'http', SDI_INTERMEDIARY_URL: fake.url, SDI_INTERMEDIARY_API_KEY: 'key-1', SDI_WEBHOOK_SECRET: secret } });
    const web = await createWebApp(app, { isReady: () => true, mounts: [mountInvoices] });
    server = web.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    fake.setWebhookUrl(`${base}/webhooks/sdi`);
  });
  after(async () => {
    await new Promise((r) => server?.close(r));
    await fake?.close();
    await app?.dispose();
  });

  async function sendAndSettle() {
    await sendInvoices(app);
    await fake.settle();
  }

  it('the stand-in’s receipts are valid against MessaggiTypes_v1.1', () => {
    for (const type of ['RC', 'MC', 'NS', 'DT', 'AT'] as const) {
      const xml = receiptXml(type, { fileName: 'IT01234560157_00001.xml', sdiIdentifier: '123456789' }, [{ code: '00305', description: 'IdFiscaleIVA non valido' }]);
      assert.deepEqual(validateAgainstSchema(xml, RECEIPTS_SCHEMA), [], type);
      if (hasXmllint()) assert.equal(xmllint(xml, RECEIPTS_SCHEMA), null, type);
    }
  });

  it('RC: delivered; the same receipt twice is recorded once and changes nothing', async () => {
    const { partner, actor } = await billedPartner(app);
    const { invoiceId } = await partnerPaidOrder(app, partner.id, actor, [{ sku: 'coupon-lite-1' }]);
    await sendAndSettle();
    const inv = (await m().Invoice.findByPk(invoiceId!))!;
    assert.equal(inv.state, 'delivered');
    assert.ok(inv.transmissionId?.startsWith('up_'));
    assert.ok(inv.sdiIdentifier);
    const receipt = (await m().InvoiceReceipt.findOne({ where: { invoiceId } }))!;
    assert.equal(receipt.type, 'RC');
    // Redelivered twice at once: one row, the state unchanged.
    const statuses = await Promise.all([fake.push(receipt.body), fake.push(receipt.body)]);
    assert.deepEqual(statuses, [200, 200]);
    assert.equal(await m().InvoiceReceipt.count({ where: { invoiceId } }), 1);
    assert.equal(await m().AuditLog.count({ where: { entityType: 'invoice', entityId: String(invoiceId), action: 'invoice.receipt_rc' } }), 1);
    // DecorrenzaTermini and AttestazioneTrasmissione are recorded; the state stays.
    for (const type of ['DT', 'AT'] as const) {
      assert.equal(await fake.push(receiptXml(type, { fileName: inv.fileName!, sdiIdentifier: inv.sdiIdentifier! })), 200);
    }
    assert.deepEqual((await m().InvoiceReceipt.findAll({ where: { invoiceId }, order: [['id', 'ASC']] })).map((r) => r.type), ['RC', 'DT', 'AT']);
    assert.equal((await m().Invoice.findByPk(invoiceId!))!.state, 'delivered');
  });

  it('MC: a buyer without a channel (0000000, no PEC) finds it in the cassetto fiscale', async () => {
    const { partner, actor } = await billedPartner(app, { sdiCode: '0000000' });
    const { invoiceId } = await partnerPaidOrder(app, partner.id, actor, [{ sku: 'coupon-lite-1' }]);
    await sendAndSettle();
    assert.equal((await m().Invoice.findByPk(invoiceId!))!.state, 'not_delivered');
    // The buyer is told by email where the original is, with the courtesy copy's link.
    const email = (await m().Email.findOne({ where: { template: 'invoice_in_tax_drawer', entityId: String(invoiceId) } }))!;
    assert.equal(email.toAddress, partner.billingEmail);
    assert.match(String(email.data.invoiceLink), /\/fattura\//);
    await app.createWorker({ handlers: { send_email: app.jobHandlers().send_email! } }).drain();
    assert.equal((await m().Email.findByPk(email.id))!.status, 'sent');
  });

  it('NS: rejected with SdI’s codes; fixed and resent with the same number and date and a new ProgressivoInvio, then delivered', async () => {
    const { partner, actor } = await billedPartner(app);
    const { invoiceId } = await partnerPaidOrder(app, partner.id, actor, [{ sku: 'coupon-lite-1' }]);
    fake.rejectNext([{ code: '00311', description: 'CodiceDestinatario non valido' }]);
    await sendAndSettle();
    const rejected = (await m().Invoice.findByPk(invoiceId!))!;
    assert.equal(rejected.state, 'rejected');
    assert.deepEqual(rejected.problems!.map((p) => p.code), ['00311']);
    await app.useCases.updatePartnerBilling({ partnerId: partner.id, address: 'Via Roma 1', cap: '10121', city: 'Torino', province: 'TO', sdiCode: 'KRRH6B9' }, staffActor);
    await app.useCases.resendInvoice(invoiceId!, staffActor);
    await sendAndSettle();
    const delivered = (await m().Invoice.findByPk(invoiceId!))!;
    assert.equal(delivered.state, 'delivered');
    assert.equal(delivered.number, rejected.number);
    assert.equal(delivered.issueDate, rejected.issueDate);
    assert.notEqual(delivered.progressivoInvio, rejected.progressivoInvio);
    assert.notEqual(delivered.fileName, rejected.fileName);
    assert.match(delivered.xml!, /<CodiceDestinatario>KRRH6B9<\/CodiceDestinatario>/);
    await assert.rejects(app.useCases.resendInvoice(invoiceId!, staffActor), /Si reinviano solo/);
  });

  it('a receipt for a file we never sent is refused (422); an unsigned one is 401', async () => {
    const stranger = receiptXml('RC', { fileName: 'IT01234560157_ZZZZZ.xml', sdiIdentifier: '999' });
    assert.equal(await fake.push(stranger), 422);
    assert.equal(await m().InvoiceReceipt.count({ where: { fileName: 'IT01234560157_ZZZZZ.xml' } }), 0);
    const res = await fetch(`${base}/webhooks/sdi`, { method: 'POST', headers: { 'content-type': 'application/xml', 'x-sdi-signature': signSdiPayload('wrong-secret', stranger) }, body: stranger });
    assert.equal(res.status, 401);
    const bad = await fetch(`${base}/webhooks/sdi`, { method: 'POST', headers: { 'x-sdi-signature': signSdiPayload(secret, '<nope/>') }, body: '<nope/>' });
    assert.equal(bad.status, 422);
  });
});
