import assert from 'node:assert/strict';
import { loadConfig } from '../config.js';
import type { Models } from '../db/models.js';
import { emailDataFromFacts, formatDate, sitePath } from './email-data-from-facts.js';

const config = loadConfig({ NODE_ENV: 'test', PUBLIC_BASE_URL: 'https://s.example.it/sportello' });
/** The facts below carry everything, so no lookup may happen. */
const models = new Proxy({}, { get: () => assert.fail('unexpected database lookup') }) as unknown as Models;
const c = { models, config };

const order = {
  orderId: 7,
  orderNumber: '2026-000007',
  buyerName: 'Rossi & <Figli>',
  paymentMethod: 'bank_transfer',
  paymentReference: 'SP-4F7K-9QX2',
  netCents: 100_000,
  vatCents: 22_000,
  grossCents: 122_000,
  payLink: 'https://s.example.it/sportello/pay/7.abc',
  statusLink: 'https://s.example.it/sportello/ordine/7.def',
  expiresAt: '2026-03-31T22:30:00.000Z',
  bank: { beneficiary: 'KeyContabilità S.r.l.', iban: 'IT60X0542811101000000123456', bic: 'BPMOIT22XXX' },
  lines: [{ description: 'Coupon Ordinaria', quantity: 5, grossCents: 122_000 }],
};

describe('email data from stored facts', () => {
  it('formats dates on the Italian calendar day, per language', () => {
    assert.equal(formatDate('2026-03-31T22:30:00.000Z', 'it'), '01/04/2026');
    assert.equal(formatDate('2026-03-31T10:00:00.000Z', 'en'), '31 March 2026');
    assert.equal(formatDate('nonsense', 'it'), '');
  });

  it('turns stored absolute links into paths on the site (base path kept out, re-based links keep their path)', () => {
    assert.equal(sitePath('https://s.example.it/sportello/invito/abc', config.PUBLIC_BASE_URL), '/invito/abc');
    assert.equal(sitePath('http://localhost:3000/ordine/1.x?lang=en', config.PUBLIC_BASE_URL), '/ordine/1.x?lang=en');
  });

  it('maps every order email: money, labels, links', async () => {
    const confirm = await emailDataFromFacts(c, 'order_confirmation', 'it', order);
    assert.deepEqual(confirm, {
      recipientName: 'Rossi & <Figli>',
      orderNumber: '2026-000007',
      itemsDescription: '5 × Coupon Ordinaria',
      net: '1.000,00 €',
      vat: '220,00 €',
      total: '1.220,00 €',
      paymentMethod: 'bonifico bancario',
      links: { order: '/ordine/7.def' },
    });
    const bank = await emailDataFromFacts(c, 'bank_transfer_instructions', 'en', order);
    assert.equal(bank.iban, 'IT60 X054 2811 1010 0000 0123 456');
    assert.equal(bank.total, '€1,220.00');
    assert.equal(bank.paymentReference, 'SP-4F7K-9QX2');
    const expiring = await emailDataFromFacts(c, 'order_expiring', 'en', order);
    assert.deepEqual([expiring.expiresOn, expiring.links.pay], ['1 April 2026', '/pay/7.abc']);
    const refunded = await emailDataFromFacts(c, 'order_refunded', 'it', { ...order, paymentMethod: 'stripe', refundedCents: 5000 });
    assert.deepEqual([refunded.amount, refunded.paymentMethod], ['50,00 €', 'carta di pagamento (Stripe)']);
    const paid = await emailDataFromFacts(c, 'payment_received', 'en', order);
    assert.equal(paid.paymentMethod, 'bank transfer');
    // No invoice among the facts (a zero total): the order's page, where its invoices appear.
    assert.deepEqual([paid.links.invoice, paid.invoiceLabel], ['/ordine/7.def', 'Order page']);
    const invoiced = await emailDataFromFacts(c, 'payment_received', 'it', { ...order, invoice: { number: '2026/SP/000042', issueDate: '2026-03-31', link: 'https://s.example.it/sportello/fattura/42.xyz' } });
    assert.equal(invoiced.links.invoice, '/fattura/42.xyz');
    assert.equal(invoiced.invoiceNote, 'Abbiamo emesso la fattura elettronica n. 2026/SP/000042 del 31/03/2026: l’originale ti arriva tramite il Sistema di Interscambio (SdI).');
    assert.equal(invoiced.invoiceLabel, 'Copia di cortesia della fattura (PDF e XML)');
  });

  it('maps invitations and company emails; coupons with the tier given', async () => {
    const inv = await emailDataFromFacts(c, 'invitation', 'it', { clientName: 'Mario', partnerName: 'Studio', tier: 'corporate', link: 'https://s.example.it/sportello/invito/tok', expiresAt: '2026-05-01T10:00:00Z' });
    assert.deepEqual(inv, { clientName: 'Mario', partnerName: 'Studio', tierLabel: 'Corporate', expiresOn: '01/05/2026', links: { checkout: '/invito/tok' } });
    const ready = await emailDataFromFacts(c, 'company_ready', 'en', { recipientName: 'Mario Rossi', legalName: 'Rossi S.r.l.', tier: 'ordinary', statusLink: 'https://s.example.it/sportello/ordine/tok' });
    assert.deepEqual(ready, { recipientName: 'Mario Rossi', companyName: 'Rossi S.r.l.', tierLabel: 'Ordinary', links: { order: '/ordine/tok' } });
    const failed = await emailDataFromFacts(c, 'company_failed', 'it', { partnerName: 'Studio', legalName: 'Rossi S.r.l.', orderNumber: '2026-000001' });
    assert.deepEqual(failed, { recipientName: 'Studio', companyName: 'Rossi S.r.l.', orderNumber: '2026-000001' });
    const coupons = await emailDataFromFacts(c, 'coupons_issued', 'it', { ...order, couponsIssued: 5, tier: 'lite' });
    assert.deepEqual(coupons, { recipientName: 'Rossi & <Figli>', orderNumber: '2026-000007', quantity: '5', tierLabel: 'LITE' });
  });

  it('refuses incomplete facts and unknown templates with a clear error', async () => {
    await assert.rejects(emailDataFromFacts(c, 'invitation', 'it', { partnerName: 'Studio' }), /stored data is incomplete \(clientName/);
    await assert.rejects(emailDataFromFacts(c, 'nope' as never, 'it', {}), /unknown email template "nope"/);
  });
});
