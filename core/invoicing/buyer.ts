/**
 * The buyer of an invoice (CessionarioCommittente): the partner for its own purchases, the invited
 * client's company for the client's. Built from what was registered, never invented: what is missing
 * is listed, and the invoice waits for it.
 */
import type { Company, Order, Partner } from '../db/models.js';
import { validateCap, validateCodiceFiscaleAzienda, validatePartitaIva, validateProvincia } from '../validation/index.js';
import type { BuyerSnapshot, InvoiceProblem } from './invoice.types.js';

const clean = (s: string | null | undefined) => (s ?? '').trim();

export function partnerBuyer(p: Partner): BuyerSnapshot {
  const person = Boolean(clean(p.billingFirstName) && clean(p.billingLastName));
  return {
    vatNumber: clean(p.vatNumber).replace(/^IT/i, '') || null,
    taxCode: clean(p.taxCode).toUpperCase() || null,
    legalName: clean(p.legalName) || null,
    firstName: person ? clean(p.billingFirstName) : null,
    lastName: person ? clean(p.billingLastName) : null,
    street: clean(p.address),
    cap: clean(p.billingCap),
    city: clean(p.billingCity),
    province: clean(p.billingProvince).toUpperCase() || null,
    sdiCode: clean(p.sdiCode).toUpperCase(),
    pec: clean(p.pec) || null,
    email: clean(p.billingEmail) || null,
  };
}

/** An invited client's company, as it was created from the checkout form (a sole trader is invoiced by name). */
export function companyBuyer(c: Company): BuyerSnapshot {
  const individual = c.legalForm === 'ditta_individuale' || c.legalForm === 'libero_professionista';
  const personalCf = /^[A-Z]{6}/i.test(clean(c.taxCode));
  return {
    vatNumber: clean(c.vatNumber) || null,
    taxCode: clean(c.taxCode).toUpperCase() || null,
    legalName: clean(c.legalName) || null,
    firstName: individual && personalCf ? clean(c.repFirstName) : null,
    lastName: individual && personalCf ? clean(c.repLastName) : null,
    street: clean(c.address),
    cap: clean(c.cap),
    city: clean(c.city),
    province: clean(c.province).toUpperCase() || null,
    sdiCode: clean(c.sdiCode).toUpperCase() || '0000000',
    pec: clean(c.pec) || null,
    email: clean(c.email) || null,
  };
}

/** Who buys an order: the client's company once it exists, else the partner. */
export function orderBuyer(order: Order, partner: Partner, company: Company | null): BuyerSnapshot {
  return order.buyerType === 'client' && company ? companyBuyer(company) : partnerBuyer(partner);
}

/** What an invoice to this buyer still lacks (Italian first): empty when it can be issued. */
export function buyerProblems(b: BuyerSnapshot): InvoiceProblem[] {
  const out: InvoiceProblem[] = [];
  const add = (code: string, it: string, en: string) => out.push({ code, it, en });
  if (!b.vatNumber && !b.taxCode) add('buyer.vatNumber', 'Manca la Partita IVA o il codice fiscale del cliente', 'The buyer’s VAT number or tax code is missing');
  if (b.vatNumber) {
    const v = validatePartitaIva(b.vatNumber);
    if (!v.ok) add('buyer.vatNumber', `Partita IVA del cliente: ${v.error.it}`, `Buyer VAT number: ${v.error.en}`);
  }
  if (b.taxCode) {
    const v = validateCodiceFiscaleAzienda(b.taxCode);
    if (!v.ok) add('buyer.taxCode', `Codice fiscale del cliente: ${v.error.it}`, `Buyer tax code: ${v.error.en}`);
  }
  if (!b.legalName && !(b.firstName && b.lastName)) add('buyer.legalName', 'Manca la ragione sociale (o nome e cognome) del cliente', 'The buyer’s legal name is missing');
  if (!b.street) add('buyer.street', 'Manca l’indirizzo della sede legale', 'The registered address is missing');
  if (!validateCap(b.cap).ok) add('buyer.cap', 'CAP della sede legale mancante o non valido', 'Postcode missing or invalid');
  if (!b.city) add('buyer.city', 'Manca il comune della sede legale', 'The town is missing');
  if (!b.province || !validateProvincia(b.province).ok) add('buyer.province', 'Provincia della sede legale mancante o non valida', 'Province missing or invalid');
  if (!/^[A-Z0-9]{7}$/.test(b.sdiCode)) add('buyer.sdiCode', 'Manca il codice destinatario SDI (7 caratteri, oppure 0000000 con o senza PEC)', 'The SDI recipient code is missing');
  return out;
}
