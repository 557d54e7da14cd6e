/**
 * The checks SdI makes that a schema cannot, run on the document before its XML is built: every
 * line's total is its quantity times its price, the summaries equal the lines, VAT is the taxable
 * amount times the rate rounded to the cent (within the cent per line that per-line rounding
 * gives), the total is the order's, the seller's and buyer's VAT numbers and tax codes have their
 * check digits, and the file name is IT<IdCodice>_<ProgressivoInvio>.xml.
 */
import { vatOf } from '../orders/totals.js';
import { validateCodiceFiscaleAzienda, validatePartitaIva } from '../validation/index.js';
import { summaries, type FatturaDocument } from './fattura-xml.js';
import type { InvoiceProblem } from './invoice.types.js';
import { buyerProblems } from './buyer.js';

export function invoiceFileName(idCodice: string, progressivoInvio: string): string {
  return `IT${idCodice}_${progressivoInvio}.xml`;
}

export function sdiProblems(d: FatturaDocument, expectedGrossCents: number, fileName: string): InvoiceProblem[] {
  const out: InvoiceProblem[] = [];
  const add = (code: string, it: string) => out.push({ code, it });
  if (!d.lines.length) add('lines', 'Il documento non ha righe');
  d.lines.forEach((l, i) => {
    const n = i + 1;
    if (!Number.isInteger(l.quantity) || l.quantity <= 0) add(`line.${n}.quantity`, `Riga ${n}: quantità non valida`);
    if (l.unitNetCents * l.quantity !== l.netCents) add(`line.${n}.total`, `Riga ${n}: il prezzo totale non è quantità × prezzo unitario`);
    if (Math.abs(l.vatCents - vatOf(l.netCents, l.vatRateBp)) > 1) add(`line.${n}.vat`, `Riga ${n}: IVA non arrotondata al centesimo dell'imponibile`);
    if (l.netCents < 0 || l.unitNetCents < 0) add(`line.${n}.sign`, `Riga ${n}: importo negativo`);
  });
  const sums = summaries(d.lines);
  const net = sums.reduce((s, r) => s + r.netCents, 0);
  const vat = sums.reduce((s, r) => s + r.vatCents, 0);
  for (const r of sums) {
    const lines = d.lines.filter((l) => l.vatRateBp === r.vatRateBp).length;
    // Per-line rounding moves the sum by at most half a cent per line from the rate applied to the sum.
    if (Math.abs(r.vatCents - vatOf(r.netCents, r.vatRateBp)) > Math.ceil(lines / 2)) {
      add('riepilogo.imposta', `Riepilogo ${r.vatRateBp / 100}%: l'imposta non corrisponde all'imponibile per l'aliquota`);
    }
  }
  if (net !== d.netCents || vat !== d.vatCents) add('riepilogo', 'I riepiloghi IVA non corrispondono alla somma delle righe');
  if (d.netCents + d.vatCents !== d.grossCents) add('totale', 'Il totale del documento non è imponibile + imposta');
  if (d.grossCents !== expectedGrossCents) add('totale.ordine', `Il totale del documento (${d.grossCents}) non è quello dell'ordine (${expectedGrossCents})`);
  if (d.grossCents <= 0) add('totale.zero', 'Documento a totale zero');

  const sellerVat = validatePartitaIva(d.seller.vatNumber);
  if (!sellerVat.ok) add('seller.vatNumber', `Partita IVA del venditore: ${sellerVat.error.it}`);
  const sellerCf = validateCodiceFiscaleAzienda(d.seller.taxCode);
  if (!sellerCf.ok) add('seller.taxCode', `Codice fiscale del venditore: ${sellerCf.error.it}`);
  for (const p of buyerProblems(d.buyer)) out.push(p);
  if (d.documentType === 'TD04' && !d.related) add('collegate', 'La nota di credito non indica la fattura a cui si riferisce');
  if (d.number.length > 20 || !/\d/.test(d.number)) add('numero', 'Il numero del documento supera 20 caratteri o non contiene cifre');

  if (!/^[A-Z0-9]{1,5}$/.test(d.transmitter.progressivoInvio)) add('progressivo', 'ProgressivoInvio non valido (1-5 lettere maiuscole o cifre)');
  if (fileName !== invoiceFileName(d.transmitter.idCodice, d.transmitter.progressivoInvio)) add('nome_file', 'Il nome del file non è IT<IdCodice>_<ProgressivoInvio>.xml');
  return out;
}
