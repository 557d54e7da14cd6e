/**
 * The courtesy copy as a PDF (pdfkit, the standard Helvetica fonts: no font files to ship, and their
 * WinAnsi encoding covers Italian — à è é ì ò ù — and €). What a partner downloads in the bot and an
 * accountant files: seller, buyer, number and date, lines, VAT summary, total, payment, with the words
 * the law asks for — the fiscal original is the XML delivered through SdI.
 */
import PDFDocument from 'pdfkit';
import type { AppConfig } from '../config.js';
import type { Invoice } from '../db/invoice-models.js';
import { formatEuro } from '../shared/money.js';
import { sellerFromConfig } from './seller.js';
import { italianDate, romeDate } from './rome-date.js';
import { summaries } from './fattura-xml.js';

/** The characters of Windows-1252 above Latin-1's control block that the standard fonts can draw. */
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * Text the standard fonts can draw: Latin-1 and the Windows-1252 extras stay; a letter with an accent
 * they lack keeps its base letter; anything else (emoji, other scripts) is dropped, never garbled.
 */
export function winAnsi(text: string): string {
  let out = '';
  for (const ch of (text ?? '').normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if (ch === '\n') out += ch;
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += ' ';
    else if (code <= 0xff || CP1252_EXTRA.has(ch)) out += ch;
    else {
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      if ([...base].every((c) => c.codePointAt(0)! <= 0xff)) out += base;
    }
  }
  return out;
}

const eur = (cents: number) => formatEuro(cents, 'it');
const pct = (bp: number) => `${(bp / 100).toFixed(bp % 100 ? 2 : 0).replace('.', ',')}%`;

export function courtesyPdfFileName(inv: Pick<Invoice, 'documentType' | 'number'>): string {
  return `${inv.documentType === 'TD01' ? 'fattura' : 'nota-di-credito'}-${inv.number.replace(/[^A-Za-z0-9]+/g, '-')}.pdf`;
}

const PAYMENT: Record<string, string> = { bank_transfer: 'bonifico bancario', stripe: 'carta di pagamento', sandbox: 'carta di pagamento' };

/** `compress: false` leaves the text readable in the file (tests read it back). */
export function renderCourtesyPdf(config: AppConfig, inv: Invoice, related: Invoice | null, opts: { compress?: boolean } = {}): Promise<Buffer> {
  const s = sellerFromConfig(config);
  const b = inv.buyer;
  const title = inv.documentType === 'TD01' ? 'Fattura' : 'Nota di credito';
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    compress: opts.compress ?? true,
    lang: 'it-IT',
    info: { Title: winAnsi(`${title} ${inv.number}`), Author: winAnsi(s.legalName), Subject: 'Copia di cortesia, non valida ai fini fiscali' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const t = (text: string) => winAnsi(text);

  // The notice first, boxed: nobody may take this for the original.
  const notice = t('Copia di cortesia, non valida ai fini fiscali. L’originale è il file XML trasmesso tramite il Sistema di Interscambio (SdI) e disponibile nell’area riservata del sito dell’Agenzia delle Entrate.');
  doc.font('Helvetica').fontSize(9);
  const noticeHeight = doc.heightOfString(notice, { width: width - 16 }) + 12;
  doc.save().rect(left, doc.y, width, noticeHeight).fillAndStroke('#fffaeb', '#f5c451').restore();
  doc.fillColor('#1d2939').text(notice, left + 8, doc.y + 6, { width: width - 16 });
  doc.moveDown(1.5);

  doc.font('Helvetica-Bold').fontSize(16).text(t(`${title} n. ${inv.number} del ${italianDate(inv.issueDate)}`), left, doc.y, { width });
  doc.font('Helvetica').fontSize(10);
  if (related) doc.text(t(`Riferita alla fattura n. ${related.number} del ${italianDate(related.issueDate)}`), { width });
  doc.text(t(`Tipo documento ${inv.documentType} · ordine ${inv.orderNumber ?? String(inv.orderId)}`), { width });
  doc.moveDown();

  // Seller and buyer side by side.
  const colWidth = (width - 20) / 2;
  const top = doc.y;
  const sellerLines = [
    s.legalName,
    `${s.street}, ${s.cap} ${s.city} (${s.province})`,
    `P.IVA IT${s.vatNumber} · C.F. ${s.taxCode}`,
    ...(s.rea ? [`REA ${s.rea.office}-${s.rea.number}${s.rea.shareCapitalCents ? ` · capitale sociale ${eur(s.rea.shareCapitalCents)}` : ''}`] : []),
    `Regime fiscale ${s.regimeFiscale}`,
  ];
  const buyerName = b.firstName && b.lastName ? `${b.firstName} ${b.lastName}` : (b.legalName ?? '');
  const buyerLines = [
    buyerName,
    `${b.street}, ${b.cap} ${b.city}${b.province ? ` (${b.province})` : ''}`,
    [b.vatNumber ? `P.IVA IT${b.vatNumber}` : '', b.taxCode ? `C.F. ${b.taxCode}` : ''].filter(Boolean).join(' · '),
    `Codice destinatario ${b.sdiCode}${b.pec ? ` · PEC ${b.pec}` : ''}`,
  ].filter(Boolean);
  const block = (heading: string, lines: string[], x: number) => {
    doc.font('Helvetica-Bold').fontSize(10).text(t(heading), x, top, { width: colWidth });
    doc.font('Helvetica').fontSize(10);
    for (const l of lines) doc.text(t(l), x, doc.y, { width: colWidth });
    return doc.y;
  };
  const endSeller = block('Venditore (cedente/prestatore)', sellerLines, left);
  const endBuyer = block('Cliente (cessionario/committente)', buyerLines, left + colWidth + 20);
  doc.y = Math.max(endSeller, endBuyer) + 16;

  // The lines: description, quantity, unit price, VAT rate, taxable amount.
  const cols = [
    { label: 'Descrizione', w: width - 250, align: 'left' as const },
    { label: 'Quantità', w: 50, align: 'right' as const },
    { label: 'Prezzo unitario', w: 75, align: 'right' as const },
    { label: 'IVA', w: 45, align: 'right' as const },
    { label: 'Imponibile', w: 80, align: 'right' as const },
  ];
  const row = (cells: string[], bold = false) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9.5);
    const heights = cells.map((c, i) => doc.heightOfString(t(c), { width: cols[i]!.w - 6 }));
    const h = Math.max(...heights) + 6;
    if (doc.y + h > bottom()) {
      doc.addPage();
      doc.y = doc.page.margins.top;
    }
    const y = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      doc.text(t(c), x + 3, y + 3, { width: cols[i]!.w - 6, align: cols[i]!.align });
      x += cols[i]!.w;
    });
    doc.save().moveTo(left, y + h).lineTo(left + width, y + h).lineWidth(0.5).stroke('#d0d5dd').restore();
    doc.y = y + h;
  };
  row(cols.map((c) => c.label), true);
  for (const l of inv.lines) row([l.description, String(l.quantity), eur(l.unitNetCents), pct(l.vatRateBp), eur(l.netCents)]);
  doc.moveDown();

  // VAT summary and total.
  const total = (label: string, value: string, bold = false) => {
    if (doc.y + 16 > bottom()) {
      doc.addPage();
      doc.y = doc.page.margins.top;
    }
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(bold ? 11 : 10);
    doc.text(t(label), left, y, { width: width - 90, align: 'right' });
    doc.text(t(value), left + width - 85, y, { width: 85, align: 'right' });
    doc.y = Math.max(doc.y, y + 14);
  };
  total('Imponibile', eur(inv.netCents));
  for (const r of summaries(inv.lines)) total(`IVA ${pct(r.vatRateBp)} su ${eur(r.netCents)}`, eur(r.vatCents));
  total(inv.documentType === 'TD01' ? 'Totale documento' : 'Totale nota di credito', eur(inv.grossCents), true);
  doc.moveDown();

  const paid = italianDate(romeDate(inv.paidAt));
  const method = PAYMENT[inv.paymentMethod] ?? inv.paymentMethod;
  doc.font('Helvetica').fontSize(10).fillColor('#1d2939');
  const payment =
    inv.documentType === 'TD01'
      ? `Pagamento: ${method}${inv.paymentMethod === 'bank_transfer' ? ` (IBAN ${s.iban})` : ''}, già ricevuto il ${paid}. Nulla è dovuto.`
      : `Importo rimborsato con ${method}.`;
  doc.text(t(payment), left, doc.y, { width });
  doc.end();
  return done;
}
