/**
 * The FatturaPA XML (versione FPR12) of one invoice or credit note, built as text in the element order
 * of Schema_del_file_xml_FatturaPA_v1.2.2.xsd. Pure: the same document always gives the same bytes.
 * Amounts are integer cents until here; texts are mapped to the Latin range the schema accepts.
 */
import type { Seller } from './seller.js';
import type { BuyerSnapshot, DocumentType, InvoiceLine } from './invoice.types.js';
import { amount, escapeXml, latin, rate } from './fattura-text.js';

export interface FatturaDocument {
  seller: Seller;
  /** IdTrasmittente (the seller's tax identity) and the file's ProgressivoInvio */
  transmitter: { idCodice: string; progressivoInvio: string };
  buyer: BuyerSnapshot;
  documentType: DocumentType;
  number: string;
  issueDate: string;
  lines: InvoiceLine[];
  netCents: number;
  vatCents: number;
  grossCents: number;
  /** how it was paid (already paid: TP02, the payment's date as due date) */
  payment: { method: 'card' | 'bank_transfer'; paidDate: string };
  causale: string;
  /** the invoice a credit note reverses */
  related?: { number: string; issueDate: string };
}

/** One DatiRiepilogo per VAT rate: the lines' taxable amounts and VAT, summed as charged. */
export function summaries(lines: InvoiceLine[]): { vatRateBp: number; netCents: number; vatCents: number }[] {
  const byRate = new Map<number, { vatRateBp: number; netCents: number; vatCents: number }>();
  for (const l of lines) {
    const s = byRate.get(l.vatRateBp) ?? { vatRateBp: l.vatRateBp, netCents: 0, vatCents: 0 };
    s.netCents += l.netCents;
    s.vatCents += l.vatCents;
    byRate.set(l.vatRateBp, s);
  }
  return [...byRate.values()].sort((a, b) => b.vatRateBp - a.vatRateBp);
}

const el = (name: string, value: string) => `<${name}>${escapeXml(value)}</${name}>`;
const opt = (name: string, value: string | null | undefined) => (value ? el(name, value) : '');

function sede(street: string, cap: string, city: string, province: string | null) {
  return `<Sede>${el('Indirizzo', latin(street, 60))}${el('CAP', cap)}${el('Comune', latin(city, 60))}${opt('Provincia', province)}${el('Nazione', 'IT')}</Sede>`;
}

function anagrafica(b: { legalName: string | null; firstName: string | null; lastName: string | null }) {
  if (b.firstName && b.lastName) return `<Anagrafica>${el('Nome', latin(b.firstName, 60))}${el('Cognome', latin(b.lastName, 60))}</Anagrafica>`;
  return `<Anagrafica>${el('Denominazione', latin(b.legalName ?? '', 80))}</Anagrafica>`;
}

export function buildFatturaXml(d: FatturaDocument): string {
  const s = d.seller;
  const b = d.buyer;
  const rea = s.rea
    ? `<IscrizioneREA>${el('Ufficio', s.rea.office)}${el('NumeroREA', latin(s.rea.number, 20))}${s.rea.shareCapitalCents != null ? el('CapitaleSociale', amount(s.rea.shareCapitalCents)) : ''}${opt('SocioUnico', s.rea.soleShareholder)}${el('StatoLiquidazione', s.rea.liquidation)}</IscrizioneREA>`
    : '';
  const header =
    `<FatturaElettronicaHeader>` +
    `<DatiTrasmissione><IdTrasmittente>${el('IdPaese', 'IT')}${el('IdCodice', d.transmitter.idCodice)}</IdTrasmittente>` +
    `${el('ProgressivoInvio', d.transmitter.progressivoInvio)}${el('FormatoTrasmissione', 'FPR12')}${el('CodiceDestinatario', b.sdiCode)}` +
    `${b.sdiCode === '0000000' && b.pec ? el('PECDestinatario', b.pec) : ''}</DatiTrasmissione>` +
    `<CedentePrestatore><DatiAnagrafici><IdFiscaleIVA>${el('IdPaese', 'IT')}${el('IdCodice', s.vatNumber)}</IdFiscaleIVA>${el('CodiceFiscale', s.taxCode)}` +
    `${anagrafica({ legalName: s.legalName, firstName: null, lastName: null })}${el('RegimeFiscale', s.regimeFiscale)}</DatiAnagrafici>` +
    `${sede(s.street, s.cap, s.city, s.province)}${rea}</CedentePrestatore>` +
    `<CessionarioCommittente><DatiAnagrafici>` +
    `${b.vatNumber ? `<IdFiscaleIVA>${el('IdPaese', 'IT')}${el('IdCodice', b.vatNumber)}</IdFiscaleIVA>` : ''}${opt('CodiceFiscale', b.taxCode)}` +
    `${anagrafica(b)}</DatiAnagrafici>${sede(b.street, b.cap, b.city, b.province)}</CessionarioCommittente>` +
    `</FatturaElettronicaHeader>`;

  const related = d.related ? `<DatiFattureCollegate>${el('IdDocumento', d.related.number)}${el('Data', d.related.issueDate)}</DatiFattureCollegate>` : '';
  const general =
    `<DatiGenerali><DatiGeneraliDocumento>${el('TipoDocumento', d.documentType)}${el('Divisa', 'EUR')}${el('Data', d.issueDate)}${el('Numero', d.number)}` +
    `${el('ImportoTotaleDocumento', amount(d.grossCents))}${el('Causale', latin(d.causale, 200))}</DatiGeneraliDocumento>${related}</DatiGenerali>`;
  const lines = d.lines
    .map(
      (l, i) =>
        `<DettaglioLinee>${el('NumeroLinea', String(i + 1))}${el('Descrizione', latin(l.description, 1000))}${el('Quantita', `${l.quantity}.00`)}` +
        `${el('PrezzoUnitario', amount(l.unitNetCents))}${el('PrezzoTotale', amount(l.netCents))}${el('AliquotaIVA', rate(l.vatRateBp))}</DettaglioLinee>`,
    )
    .join('');
  const riepilogo = summaries(d.lines)
    .map((r) => `<DatiRiepilogo>${el('AliquotaIVA', rate(r.vatRateBp))}${el('ImponibileImporto', amount(r.netCents))}${el('Imposta', amount(r.vatCents))}${el('EsigibilitaIVA', 'I')}</DatiRiepilogo>`)
    .join('');
  const payment =
    `<DatiPagamento>${el('CondizioniPagamento', 'TP02')}<DettaglioPagamento>` +
    `${el('ModalitaPagamento', d.payment.method === 'bank_transfer' ? 'MP05' : 'MP08')}${el('DataScadenzaPagamento', d.payment.paidDate)}${el('ImportoPagamento', amount(d.grossCents))}` +
    `${d.payment.method === 'bank_transfer' ? el('IBAN', s.iban) : ''}</DettaglioPagamento></DatiPagamento>`;
  const body = `<FatturaElettronicaBody>${general}<DatiBeniServizi>${lines}${riepilogo}</DatiBeniServizi>${payment}</FatturaElettronicaBody>`;

  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<p:FatturaElettronica xmlns:p="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ` +
    `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" versione="FPR12">${header}${body}</p:FatturaElettronica>\n`
  );
}
