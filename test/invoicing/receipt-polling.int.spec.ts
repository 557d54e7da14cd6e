/**
 * Reading SdI receipts from the HTTP intermediary (GET …/invoices/<id>/receipts) for invoices sent
 * through it and still without an outcome — the webhook's push lost — through the same idempotent path
 * as the webhook: RC delivers, MC leaves the invoice in the cassetto fiscale (buyer told), NS rejects
 * with SdI's codes; two polls at once record each receipt once; a receipt about a file we never sent
 * is refused without stopping the rest; the worker's housekeeping queues one poll at a time, and none
 * with the file drop. Against the local stand-in on 127.0.0.1, its pushes going nowhere.
 */
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../test-app.js';
import { startFakeSdiIntermediary, receiptXml } from '../../fakes/sdi-intermediary.js';
import { POLL_RECEIPTS_JOB } from '../../core/invoicing/poll-receipts.js';
import { billedPartner, partnerPaidOrder, sendInvoices } from './invoicing-fixtures.js';

describe('SdI receipts read from the intermediary (polling)', function () {
  this.timeout(60_000);
  let app: TestApp;
  let fake: Awaited<ReturnType<typeof startFakeSdiIntermediary>>;
  const m = () => app.db.models;

  before(async () => {
    // No webhook URL: the stand-in's pushes are lost, as when our site was unreachable.
    fake = await startFakeSdiIntermediary({ apiKey: 'key-poll', webhookSecret: 'sdi-webhook-secret-for-tests-0123456789' });
    app = await createTestApp({ env: { INVOICE_TRANSMITTER: 'http', SDI_INTERMEDIARY_URL: fake.url, SDI_INTERMEDIARY_API_KEY: 'key-poll', SDI_WEBHOOK_SECRET: 'sdi-webhook-secret-for-tests-0123456789', SDI_RECEIPTS_POLL_MINUTES: '15' } });
  });
  after(async () => {
    await fake?.close();
    await app?.dispose();
  });

  const pollJobs = () => m().OutboxJob.findAll({ where: { kind: POLL_RECEIPTS_JOB } });
  const runPolls = () => app.createWorker({ handlers: { [POLL_RECEIPTS_JOB]: app.jobHandlers()[POLL_RECEIPTS_JOB]! } }).drain();

  it('RC, MC and NS read by the poll job drive the invoices; a second poll and a concurrent one change nothing', async () => {
    const rc = await billedPartner(app);
    const mc = await billedPartner(app, { sdiCode: '0000000' });
    const ns = await billedPartner(app);
    const a = await partnerPaidOrder(app, rc.partner.id, rc.actor, [{ sku: 'coupon-lite-1' }]);
    const b = await partnerPaidOrder(app, mc.partner.id, mc.actor, [{ sku: 'coupon-lite-1' }]);
    await sendInvoices(app);
    fake.rejectNext([{ code: '00305', description: 'IdFiscaleIVA del cessionario non valido' }]);
    const c = await partnerPaidOrder(app, ns.partner.id, ns.actor, [{ sku: 'coupon-lite-1' }]);
    await sendInvoices(app);
    await fake.settle();
    const ids = [a.invoiceId!, b.invoiceId!, c.invoiceId!];
    for (const id of ids) assert.equal((await m().Invoice.findByPk(id))!.state, 'sent', 'no receipt reached us yet');

    // The housekeeping queues one poll; asking again while it waits queues nothing more.
    assert.equal(await app.scheduleReceiptPoll(), true);
    assert.equal(await app.scheduleReceiptPoll(), false);
    assert.equal((await pollJobs()).length, 1);
    await runPolls();
    assert.equal((await pollJobs())[0]!.status, 'done');

    const [ia, ib, ic] = await Promise.all(ids.map((id) => m().Invoice.findByPk(id)));
    assert.equal(ia!.state, 'delivered');
    assert.ok(ia!.deliveredAt);
    assert.equal(ib!.state, 'not_delivered');
    assert.equal(ic!.state, 'rejected');
    assert.deepEqual(ic!.problems!.map((p) => p.code), ['00305']);
    for (const inv of [ia, ib, ic]) assert.equal(inv!.sdiIdentifier, fake.uploads.get(inv!.transmissionId!)!.sdiIdentifier);
    // MC: the buyer is told where the original is, as with the webhook.
    const told = await m().Email.findAll({ where: { template: 'invoice_in_tax_drawer', entityId: String(ib!.id) } });
    assert.equal(told.length, 1);
    const audit = await m().AuditLog.findOne({ where: { action: 'invoice.receipt_rc', entityId: String(ia!.id) } });
    assert.equal(audit!.actorLabel, 'SdI (intermediario, lettura ricevute)');
    const receipts = await m().InvoiceReceipt.count();
    assert.equal(receipts, 3);

    // Polled again (the same receipts still listed by the intermediary): nothing changes.
    await m().Invoice.update({ state: 'sent' }, { where: { id: ia!.id } }); // as if the RC were still unknown to us…
    await m().InvoiceReceipt.destroy({ where: { invoiceId: ia!.id } }); // …both its record and its effect
    const handler = app.jobHandlers()[POLL_RECEIPTS_JOB]!;
    await Promise.all([handler.run({}, null as never), handler.run({}, null as never)]);
    assert.equal(await m().InvoiceReceipt.count({ where: { invoiceId: ia!.id } }), 1, 'two polls at once record the RC once');
    assert.equal((await m().Invoice.findByPk(ia!.id))!.state, 'delivered');
    await handler.run({}, null as never);
    assert.equal(await m().InvoiceReceipt.count(), receipts);
    assert.equal(await m().Email.count({ where: { template: 'invoice_in_tax_drawer' } }), 1);
  });

  it('a receipt about a file Sportello never sent is refused; the invoice’s own receipt is applied all the same', async () => {
    const p = await billedPartner(app);
    const { invoiceId } = await partnerPaidOrder(app, p.partner.id, p.actor, [{ sku: 'coupon-lite-5' }]);
    await sendInvoices(app);
    await fake.settle();
    const inv = (await m().Invoice.findByPk(invoiceId!))!;
    const upload = fake.uploads.get(inv.transmissionId!)!;
    upload.receipts.unshift({ type: 'RC', xml: receiptXml('RC', { fileName: 'IT01234567890_ZZZZZ.xml', sdiIdentifier: '999' }) });
    await app.jobHandlers()[POLL_RECEIPTS_JOB]!.run({}, null as never);
    assert.equal((await m().Invoice.findByPk(inv.id))!.state, 'delivered');
    assert.equal(await m().InvoiceReceipt.count({ where: { fileName: 'IT01234567890_ZZZZZ.xml' } }), 0);
  });

  it('the intermediary answering nothing fails the job (retried later); invoices already final are not asked again', async () => {
    const p = await billedPartner(app);
    const { invoiceId } = await partnerPaidOrder(app, p.partner.id, p.actor, [{ sku: 'coupon-lite-1' }]);
    await sendInvoices(app);
    // An upload the intermediary does not know (404): the only invoice without an outcome.
    await m().Invoice.update({ transmissionId: 'up_unknown' }, { where: { id: invoiceId! } });
    await assert.rejects(app.jobHandlers()[POLL_RECEIPTS_JOB]!.run({}, null as never), /intermediario SdI: 404/);
    assert.equal((await m().Invoice.findByPk(invoiceId!))!.state, 'sent');
  });

  it('with the file drop nothing is polled: no job kind, nothing queued', async () => {
    const fileApp = await createTestApp();
    try {
      assert.equal(fileApp.jobHandlers()[POLL_RECEIPTS_JOB], undefined);
      assert.equal(await fileApp.scheduleReceiptPoll(), false);
      assert.equal(await fileApp.db.models.OutboxJob.count({ where: { kind: POLL_RECEIPTS_JOB } }), 0);
    } finally {
      await fileApp.dispose();
    }
  });
});
