/** Refunds issue credit notes (TD04) referencing the invoice, in the same yearly sequence, schema-valid, once. */
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../test-app.js';
import { staffActor } from '../fixtures.js';
import { creditRefundInTx } from '../../core/invoicing/issue-invoice.js';
import { billedPartner, partnerPaidOrder, sendInvoices, xmllint, hasXmllint } from './invoicing-fixtures.js';

describe('credit notes', function () {
  this.timeout(60_000);
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(async () => {
    await app?.dispose();
  });
  const m = () => app.db.models;

  it('a full staff refund: a TD04 with the invoice’s lines, linked by DatiFattureCollegate, next number of the year; a second refund changes nothing', async () => {
    const { partner, actor } = await billedPartner(app);
    const { order, invoiceId } = await partnerPaidOrder(app, partner.id, actor, [{ sku: 'coupon-lite-5', quantity: 2 }]);
    const r = await app.useCases.refundOrder({ orderId: order.id, source: 'staff' }, staffActor);
    assert.ok(r.creditNoteId);
    await app.useCases.refundOrder({ orderId: order.id, source: 'staff' }, staffActor);
    await sendInvoices(app);
    const [inv, cn] = await Promise.all([m().Invoice.findByPk(invoiceId!), m().Invoice.findByPk(r.creditNoteId!)]);
    assert.equal(cn!.documentType, 'TD04');
    assert.equal(cn!.sequence, inv!.sequence + 1);
    assert.equal(cn!.grossCents, inv!.grossCents);
    assert.deepEqual(cn!.lines, inv!.lines);
    assert.equal(cn!.state, 'sent', JSON.stringify(cn!.problems));
    assert.match(cn!.xml!, new RegExp(`<TipoDocumento>TD04</TipoDocumento>.*<DatiFattureCollegate><IdDocumento>${inv!.number}</IdDocumento><Data>${inv!.issueDate}</Data></DatiFattureCollegate>`));
    if (hasXmllint()) assert.equal(xmllint(cn!.xml!), null);
    assert.equal(await m().Invoice.count({ where: { orderId: order.id, documentType: 'TD04' } }), 1);
  });

  it('partial refunds: one line for what each refund adds; the same refunded total twice issues nothing more', async () => {
    const { partner, actor } = await billedPartner(app);
    const { order, invoiceId } = await partnerPaidOrder(app, partner.id, actor, [{ sku: 'coupon-lite-5' }]);
    const first = await app.db.tx((t) => creditRefundInTx(app.ctx, t, order.id, 5000, staffActor));
    const again = await app.db.tx((t) => creditRefundInTx(app.ctx, t, order.id, 5000, staffActor));
    assert.equal(again, null);
    const r = await app.useCases.refundOrder({ orderId: order.id, source: 'staff', amountCents: 8000 }, staffActor);
    await sendInvoices(app);
    const notes = await m().Invoice.findAll({ where: { orderId: order.id, documentType: 'TD04' }, order: [['sequence', 'ASC']] });
    assert.deepEqual(notes.map((n) => n.grossCents), [5000, 3000]);
    assert.equal(notes[1]!.id, r.creditNoteId);
    assert.equal(notes[0]!.id, first!.id);
    for (const n of notes) {
      assert.equal(n.state, 'sent', JSON.stringify(n.problems));
      assert.equal(n.netCents + n.vatCents, n.grossCents);
      assert.equal(n.relatedInvoiceId, invoiceId);
      if (hasXmllint()) assert.equal(xmllint(n.xml!), null);
    }
  });
});
