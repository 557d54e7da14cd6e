/**
 * Sample data for every email, in both languages: used by `npm run emails:preview`, the specs and
 * the benchmark, so all three exercise exactly what a real email carries.
 */
import type { EmailData, Lang, VendorInfo } from '../core/emails/email-data.js';
import { formatEuro } from '../core/shared/money.js';

export const sampleBaseUrl = 'https://sportello.example.it';

export const sampleVendor: VendorInfo = {
  productName: 'KeyContabilità · Sportello',
  name: 'KeyContabilità S.r.l.',
  address: 'Via dell’Esempio 1, 20100 Milano (MI)',
  vatNumber: 'IT01234567897',
  supportEmail: 'supporto@sportello.example.it',
};

/** The absolute URLs the sample links must become (for the specs). */
export const sampleLinks = {
  checkout: `${sampleBaseUrl}/i/8mZq3xT0aLk2`,
  order: `${sampleBaseUrl}/orders/SP-2025-000123`,
  pay: `${sampleBaseUrl}/pay/Vq1b7NnX4c`,
  renew: `${sampleBaseUrl}/rinnovo/8mZq3xT0aLk2`,
} as const;

const words = {
  it: { tier: 'Ordinaria', date: '31/03/2025', bank: 'bonifico bancario', card: 'carta (Stripe)', items: '5 coupon Ordinaria' },
  en: { tier: 'Ordinary', date: '31 March 2025', bank: 'bank transfer', card: 'card (Stripe)', items: '5 Ordinary coupons' },
} as const;

export function sampleData(lang: Lang): EmailData {
  const w = words[lang];
  const eur = (cents: number) => formatEuro(cents, lang);
  const invitation = {
    clientName: 'Mario Rossi',
    partnerName: 'Studio Bianchi Centro Servizi',
    tierLabel: w.tier,
    expiresOn: w.date,
    links: { checkout: '/i/8mZq3xT0aLk2' },
  };
  const order = { recipientName: 'Studio Bianchi Centro Servizi', orderNumber: 'SP-2025-000123' };
  const orderLink = { order: '/orders/SP-2025-000123' };
  return {
    invitation,
    invitation_reminder: invitation,
    order_confirmation: {
      ...order,
      itemsDescription: w.items,
      net: eur(100_000),
      vat: eur(22_000),
      total: eur(122_000),
      paymentMethod: w.bank,
      links: orderLink,
    },
    bank_transfer_instructions: {
      ...order,
      total: eur(122_000),
      beneficiary: 'KeyContabilità S.r.l.',
      iban: 'IT60 X054 2811 1010 0000 0123 456',
      bic: 'BPMOIT22XXX',
      paymentReference: 'SP-4F7K-9QX2',
      links: orderLink,
    },
    payment_received: {
      ...order, total: eur(122_000), paymentMethod: w.bank,
      invoiceNote: lang === 'it'
        ? `Abbiamo emesso la fattura elettronica n. 2025/SP/000123 del ${w.date}: l’originale ti arriva tramite il Sistema di Interscambio (SdI).`
        : `We have issued electronic invoice no. 2025/SP/000123 of ${w.date}: the original reaches you through the Sistema di Interscambio (SdI).`,
      invoiceLabel: lang === 'it' ? 'Copia di cortesia della fattura (PDF e XML)' : 'Courtesy copy of the invoice (PDF and XML)',
      links: { ...orderLink, invoice: '/fattura/Vq1b7NnX4c' },
    },
    coupons_issued: { ...order, quantity: '5', tierLabel: w.tier },
    company_ready: { recipientName: 'Mario Rossi', companyName: 'Rossi Impianti S.r.l.', tierLabel: w.tier, links: orderLink },
    company_failed: { recipientName: 'Mario Rossi', companyName: 'Rossi Impianti S.r.l.', orderNumber: 'SP-2025-000123' },
    order_expiring: { ...order, total: eur(122_000), expiresOn: w.date, links: { pay: '/pay/Vq1b7NnX4c' } },
    order_refunded: { ...order, amount: eur(122_000), paymentMethod: w.card, links: orderLink },
    renewal_due_client: {
      recipientName: 'Mario Rossi', companyName: 'Rossi Impianti S.r.l.', tierLabel: w.tier, expiresOn: w.date, graceEndsOn: w.date,
      total: eur(24_278), note: 'Con la carta il rinnovo vale subito; con il bonifico, appena lo riceviamo.', links: { renew: '/rinnovo/8mZq3xT0aLk2' },
    },
    renewal_due_partner: {
      recipientName: 'Studio Bianchi Centro Servizi', count: '3', expiresOn: w.date, graceEndsOn: w.date,
      companies: 'Rossi Impianti S.r.l., Verdi S.n.c., Bianchi Luca', note: 'Rinnovo già ordinato, in attesa del bonifico: Verdi S.n.c. (2027-000042)',
    },
    company_suspended: { recipientName: 'Mario Rossi', companyName: 'Rossi Impianti S.r.l.', expiresOn: w.date },
    company_reactivated: { recipientName: 'Mario Rossi', companyName: 'Rossi Impianti S.r.l.', expiresOn: w.date },
    invoice_in_tax_drawer: { recipientName: order.recipientName, invoiceNumber: '2025/SP/000123', issuedOn: w.date, total: eur(122_000), links: { invoice: '/fattura/Vq1b7NnX4c' } },
  };
}
