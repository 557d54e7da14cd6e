/** The client's order status page links its invoice; the courtesy copy and the XML open by their signed link only. */
import assert from 'node:assert/strict';
import { startCheckoutServer, type CheckoutServer } from '../checkout/checkout-server.test-helper.js';
import { mountInvoices } from './mount-invoices.js';
import { statusLink } from '../../core/orders/links.js';
import { clientPaidOrder, sendInvoices } from '../../test/invoicing/invoicing-fixtures.js';
import { staffActor } from '../../test/fixtures.js';

describe('invoice pages', function () {
  this.timeout(60_000);
  let s: CheckoutServer;
  before(async () => {
    s = await startCheckoutServer({ extraMounts: [mountInvoices] });
  });
  after(async () => {
    await s?.close();
  });

  it('status page → courtesy copy (marked not valid for tax purposes) → PDF and XML; a forged token is 404', async () => {
    const { partnerId } = await s.invite();
    const actor = { ...staffActor };
    const { order, invoiceId } = await clientPaidOrder(s.app, partnerId, actor);
    const before = await (await fetch(statusLink(s.app.config, order.id))).text();
    assert.match(before, /data-testid="invoice-copy"/);
    assert.match(before, /in preparazione/);
    await sendInvoices(s.app);
    const page = await (await fetch(statusLink(s.app.config, order.id))).text();
    const href = /href="(\/fattura\/[^"]+)" data-testid="invoice-copy"/.exec(page)![1]!;
    const copy = await fetch(`${s.base}${href}`);
    assert.equal(copy.status, 200);
    const text = await copy.text();
    assert.match(text, /Copia di cortesia, non valida ai fini fiscali/);
    assert.match(text, /Rossi Impianti S\.r\.l\./);
    const inv = (await s.app.db.models.Invoice.findByPk(invoiceId!))!;
    assert.match(text, new RegExp(inv.number));
    assert.ok(text.includes(`href="${href}?formato=pdf"`), 'the page links its PDF');
    const pdf = await fetch(`${s.base}${href}?formato=pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.match(pdf.headers.get('content-disposition') ?? '', /^inline; filename="fattura-\d{4}-SP-\d{6}\.pdf"$/);
    assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1'), '%PDF-');
    const xml = await fetch(`${s.base}${href}?formato=xml`);
    assert.equal(xml.status, 200);
    assert.equal(await xml.text(), inv.xml);
    assert.match(xml.headers.get('content-disposition') ?? '', new RegExp(inv.fileName!));
    assert.equal((await fetch(`${s.base}/fattura/${href.split('/')[2]!.slice(0, -2)}xx`)).status, 404);
  });
});
