/**
 * Every paid order gets its invoice in the payment's transaction, to the right buyer, schema-valid
 * (checked in-process and by Debian's xmllint), numbered without gaps; zero totals get none; a
 * partner without billing data waits, nothing invented.
 */
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../test-app.js';
import { createPartnerWithUser, staffActor, validCompanyData } from '../fixtures.js';
import { billedPartner, clientPaidOrder, partnerPaidOrder, sendInvoices, xmllint, hasXmllint } from './invoicing-fixtures.js';
import { validateAgainstSchema } from '../../core/invoicing/xsd-validator.js';

describe('invoices for paid orders', function () {
  this.timeout(60_000);
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(async () => {
    await app?.dispose();
  });
  const m = () => app.db.models;

  it('issues a TD01 for every product kind and both buyer kinds; each XML passes the schema and xmllint', async function () {
    const { partner, actor } = await billedPartner(app);
    const first = await partnerPaidOrder(app, partner.id, actor, [{ sku: 'coupon-lite-1' }]);
    const company = await m().Coupon.findOne({ where: { orderId: first.order.id } }).then((c) => app.useCases.activateCoupon({ couponId: c!.id, partnerId: partner.id, companyData: validCompanyData() }, actor));
    const mixed = await partnerPaidOrder(app, partner.id, actor, [
      { sku: 'coupon-ordinary-5', quantity: 3 },
      { sku: 'einvoice-100', companyId: company.id },
      { sku: 'credit-50', quantity: 2, companyId: company.id },
      { sku: 'renewal-lite-12m', companyId: company.id },
      { sku: 'upgrade-lite-ordinary', companyId: company.id },
    ], { method: 'stripe' });
    const pec = await clientPaidOrder(app, partner.id, actor, { sdiCode: '0000000', pec: 'cliente@pec.example.it' });
    const sole = await clientPaidOrder(app, partner.id, actor, {
      legalForm: 'ditta_individuale', legalName: 'Bianchi Luca', taxCode: 'BNCLCU80A01L219I', repFirstName: 'Luca', repLastName: 'Bianchi', repTaxCode: 'BNCLCU80A01L219I', sdiCode: 'KRRH6B9', pec: null,
    });
    await sendInvoices(app);
    const ids = [first.invoiceId, mixed.invoiceId, pec.invoiceId, sole.invoiceId];
    const invoices = await Promise.all(ids.map((id) => m().Invoice.findByPk(id!)));
    for (const inv of invoices) {
      assert.equal(inv!.state, 'sent', JSON.stringify(inv!.problems));
      assert.deepEqual(validateAgainstSchema(inv!.xml!), []);
      if (hasXmllint()) assert.equal(xmllint(inv!.xml!), null);
      // The file drop holds the same bytes under DATA_DIR/invoices/<year>/
      const dropped = join(app.config.DATA_DIR, 'invoices', String(inv!.year), inv!.fileName!);
      assert.ok(existsSync(dropped));
      assert.equal(readFileSync(dropped, 'utf8'), inv!.xml);
      assert.match(inv!.fileName!, /^IT01234560157_[0-9A-Z]{5}\.xml$/);
    }
    const [a, b, c, d] = invoices.map((i) => i!);
    assert.equal(b!.lines.length, 5);
    assert.equal(b!.grossCents, mixed.order.grossCents);
    assert.match(b!.xml!, /<ModalitaPagamento>MP08<\/ModalitaPagamento>/);
    assert.match(a!.xml!, /<ModalitaPagamento>MP05<\/ModalitaPagamento><DataScadenzaPagamento>[-0-9]+<\/DataScadenzaPagamento><ImportoPagamento>[.0-9]+<\/ImportoPagamento><IBAN>IT60X0542811101000000123456<\/IBAN>/);
    assert.match(a!.xml!, /<CodiceDestinatario>M5UXCR1<\/CodiceDestinatario>/);
    assert.match(c!.xml!, /<CodiceDestinatario>0000000<\/CodiceDestinatario><PECDestinatario>cliente@pec.example.it<\/PECDestinatario>/);
    assert.match(d!.xml!, /<CodiceFiscale>BNCLCU80A01L219I<\/CodiceFiscale><Anagrafica><Nome>Luca<\/Nome><Cognome>Bianchi<\/Cognome><\/Anagrafica>/);
    assert.match(a!.xml!, new RegExp(`<Causale>Ordine ${a!.orderNumber}`));
    // one gapless sequence
    const seqs = (await m().Invoice.findAll({ order: [['sequence', 'ASC']] })).map((i) => i.sequence);
    assert.deepEqual(seqs, seqs.map((_, i) => i + 1));
    assert.equal(a!.number, `${a!.year}/SP/${String(a!.sequence).padStart(6, '0')}`);
  });

  it('many lines of awkward prices: the summary equals the lines and the total is the order’s', async () => {
    const { partner, actor } = await billedPartner(app);
    const product = await m().Product.create({ sku: 'odd-price', kind: 'coupon', tier: 'lite', toTier: null, quantity: 1, nameIt: 'Ricarica “strana” – 0,33 €', nameEn: 'odd', netCents: 33, vatRateBp: 2200 });
    const items = Array.from({ length: 7 }, (_, i) => ({ sku: 'odd-price', quantity: i + 1 }));
    const other = await m().Product.create({ sku: 'odd-price-2', kind: 'coupon', tier: 'lite', toTier: null, quantity: 1, nameIt: 'Ricarica 0,07', nameEn: 'odd', netCents: 7, vatRateBp: 2200 });
    items.push(...Array.from({ length: 9 }, () => ({ sku: 'odd-price-2', quantity: 1 })));
    assert.ok(product && other);
    const { order, invoiceId } = await partnerPaidOrder(app, partner.id, actor, items);
    await sendInvoices(app);
    const inv = (await m().Invoice.findByPk(invoiceId!))!;
    assert.equal(inv.state, 'sent', JSON.stringify(inv.problems));
    assert.equal(inv.grossCents, order.grossCents);
    assert.equal(inv.vatCents, order.vatCents);
    assert.match(inv.xml!, /<Descrizione>Ricarica &quot;strana&quot; - 0,33 EUR<\/Descrizione>/);
    if (hasXmllint()) assert.equal(xmllint(inv.xml!), null);
  });

  it('a partner without billing data: the invoice is numbered and waits; completing the data sends it', async () => {
    const { partner, actor } = await createPartnerWithUser(app);
    const { invoiceId } = await partnerPaidOrder(app, partner.id, actor, [{ sku: 'coupon-lite-1' }]);
    let inv = (await m().Invoice.findByPk(invoiceId!))!;
    assert.equal(inv.state, 'awaiting_data');
    assert.ok(inv.problems!.some((p) => p.code === 'buyer.cap'));
    assert.ok((await app.useCases.partnerBillingProblems(partner.id)).length > 0);
    await sendInvoices(app);
    assert.equal((await m().Invoice.findByPk(invoiceId!))!.state, 'awaiting_data');
    const r = await app.useCases.updatePartnerBilling({ partnerId: partner.id, address: 'Via Po 3', cap: '10123', city: 'Torino', province: 'TO', sdiCode: '0000000' }, staffActor);
    assert.deepEqual(r, { complete: true, invoicesQueued: 1 });
    await sendInvoices(app);
    inv = (await m().Invoice.findByPk(invoiceId!))!;
    assert.equal(inv.state, 'sent');
    assert.match(inv.xml!, /<CodiceDestinatario>0000000<\/CodiceDestinatario><\/DatiTrasmissione>/);
  });

  it('a zero-total order gets no invoice; paying twice issues one', async () => {
    const { partner, actor } = await billedPartner(app);
    const free = await m().Product.create({ sku: 'free-1', kind: 'credit_topup', tier: null, toTier: null, quantity: 1, nameIt: 'Omaggio', nameEn: 'Gift', netCents: 0, vatRateBp: 2200 });
    assert.ok(free);
    const before = await m().Invoice.count();
    const zero = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: free.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor).catch(() => null);
    if (zero && zero.grossCents === 0) {
      await app.useCases.markOrderPaid({ orderId: zero.id, amountCents: 1, source: 'staff' }, staffActor).catch(() => undefined);
      assert.equal(await m().Invoice.count({ where: { orderId: zero.id } }), 0);
    }
    const { order } = await partnerPaidOrder(app, partner.id, actor, [{ sku: 'coupon-lite-1' }]);
    await app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'staff' }, staffActor);
    assert.equal(await m().Invoice.count({ where: { orderId: order.id } }), 1);
    assert.equal(await m().Invoice.count(), before + 1);
  });
});
