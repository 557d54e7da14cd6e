/**
 * The PDF courtesy copy of an invoice and of a credit note: a real PDF, marked not valid for tax
 * purposes, with seller, buyer, number, date, lines, VAT summary, total and payment; Italian letters
 * and € drawn with the standard fonts, what they cannot draw dropped rather than garbled.
 */
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../test-app.js';
import { staffActor } from '../fixtures.js';
import { winAnsi } from '../../core/invoicing/courtesy-pdf.js';
import { formatEuro } from '../../core/shared/money.js';
import { italianDate } from '../../core/invoicing/rome-date.js';
import { billedPartner, partnerPaidOrder, sendInvoices } from './invoicing-fixtures.js';
import { pdfText } from './pdf-text.js';

describe('invoices: the PDF courtesy copy', function () {
  this.timeout(60_000);
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(async () => {
    await app?.dispose();
  });
  const m = () => app.db.models;
  const flat = (s: string) => s.replace(/\s+/g, ' ');

  it('an invoice: %PDF, the notice, seller, buyer, number and date, lines, VAT summary, total, payment', async () => {
    const { partner, actor } = await billedPartner(app);
    await m().Partner.update({ legalName: 'Studio Città & Figli S.r.l.' }, { where: { id: partner.id } });
    const { invoiceId } = await partnerPaidOrder(app, partner.id, actor, [{ sku: 'coupon-lite-5', quantity: 2 }, { sku: 'coupon-lite-1' }]);
    await sendInvoices(app);
    const inv = (await m().Invoice.findByPk(invoiceId!))!;
    const doc = (await app.useCases.courtesyPdf(inv.id, { compress: false }))!;
    assert.equal(doc.pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(doc.pdf.subarray(-8).toString('latin1'), /%%EOF/);
    assert.equal(doc.fileName, `fattura-${inv.number.replace(/\//g, '-')}.pdf`);
    const text = flat(pdfText(doc.pdf));
    assert.match(text, /Copia di cortesia, non valida ai fini fiscali/);
    assert.ok(text.includes(`Fattura n. ${inv.number} del ${italianDate(inv.issueDate)}`), text);
    assert.ok(text.includes(app.config.VENDOR_NAME), 'seller');
    assert.ok(text.includes('Studio Città & Figli S.r.l.'), 'buyer, with its accent');
    assert.ok(text.includes('Via Roma 1, 10121 Torino (TO)'), 'buyer address');
    assert.ok(text.includes('Codice destinatario M5UXCR1'));
    for (const l of inv.lines) assert.ok(text.includes(l.description.slice(0, 20)), l.description);
    assert.ok(text.includes(`IVA 22% su ${formatEuro(inv.netCents)}`), 'VAT summary');
    assert.ok(text.includes(formatEuro(inv.vatCents)));
    assert.ok(text.includes('Totale documento'));
    assert.ok(text.includes(formatEuro(inv.grossCents)), 'total with €');
    assert.match(text, /Pagamento: bonifico bancario \(IBAN IT\w+\), già ricevuto il \d\d\/\d\d\/\d{4}/);
    // the compressed one (what people get) is a PDF too, and smaller
    const packed = (await app.useCases.courtesyPdf(inv.id))!;
    assert.equal(packed.pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(packed.pdf.length < doc.pdf.length);
  });

  it('a credit note: its own title, the invoice it refers to, the total credited', async () => {
    const { partner, actor } = await billedPartner(app);
    const { order, invoiceId } = await partnerPaidOrder(app, partner.id, actor, [{ sku: 'coupon-lite-1' }], { method: 'stripe' });
    const r = await app.useCases.refundOrder({ orderId: order.id, source: 'staff' }, staffActor);
    const [inv, cn] = await Promise.all([m().Invoice.findByPk(invoiceId!), m().Invoice.findByPk(r.creditNoteId!)]);
    const doc = (await app.useCases.courtesyPdf(cn!.id, { compress: false }))!;
    assert.equal(doc.pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal(doc.fileName, `nota-di-credito-${cn!.number.replace(/\//g, '-')}.pdf`);
    const text = flat(pdfText(doc.pdf));
    assert.ok(text.includes(`Nota di credito n. ${cn!.number} del ${italianDate(cn!.issueDate)}`), text);
    assert.ok(text.includes(`Riferita alla fattura n. ${inv!.number} del ${italianDate(inv!.issueDate)}`));
    assert.ok(text.includes('Totale nota di credito'));
    assert.ok(text.includes(formatEuro(cn!.grossCents)));
    assert.match(text, /Copia di cortesia, non valida ai fini fiscali/);
  });

  it('text the standard fonts cannot draw is mapped or dropped, never garbled', () => {
    assert.equal(winAnsi('Perché città più € – “ok” …'), 'Perché città più € – “ok” …');
    assert.equal(winAnsi('Łódź ș 😀 ok'), 'ódz s  ok');
  });
});
