/**
 * The courtesy copy: the invoice as a person reads it (HTML, printable to PDF from the browser), with
 * the words the law asks for — the fiscal original is the XML delivered through SdI.
 */
import type { Ctx } from '../shared/context.js';
import type { Invoice } from '../db/invoice-models.js';
import { escapeHtml } from '../shared/escape-html.js';
import { formatEuro } from '../shared/money.js';
import { sellerFromConfig } from './seller.js';
import { italianDate } from './rome-date.js';
import { summaries } from './fattura-xml.js';
import { invoiceStateLabels } from './invoice.types.js';
import { courtesyPdfFileName, renderCourtesyPdf } from './courtesy-pdf.js';

const e = (s: string | null | undefined) => escapeHtml(s ?? '');
const eur = (c: number) => e(formatEuro(c, 'it'));

/** `styleNonce`: the page's CSP nonce when served by the web face (its inline style needs it). */
export function renderCourtesyCopy(ctx: Ctx, inv: Invoice, related: Invoice | null, styleNonce?: string, downloads?: { pdf: string; xml: string | null }): string {
  const s = sellerFromConfig(ctx.config);
  const b = inv.buyer;
  const title = inv.documentType === 'TD01' ? 'Fattura' : 'Nota di credito';
  const buyerName = b.firstName && b.lastName ? `${b.firstName} ${b.lastName}` : b.legalName;
  const rows = inv.lines
    .map((l) => `<tr><td>${e(l.description)}</td><td class="n">${l.quantity}</td><td class="n">${eur(l.unitNetCents)}</td><td class="n">${l.vatRateBp / 100}%</td><td class="n">${eur(l.netCents)}</td></tr>`)
    .join('');
  const vat = summaries(inv.lines)
    .map((r) => `<tr><th colspan="4">IVA ${r.vatRateBp / 100}% su ${eur(r.netCents)}</th><td class="n">${eur(r.vatCents)}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>${title} ${e(inv.number)}</title>
<style${styleNonce ? ` nonce="${e(styleNonce)}"` : ''}>body{font:15px/1.45 system-ui,sans-serif;max-width:760px;margin:24px auto;padding:0 16px;color:#1d2939}
table{width:100%;border-collapse:collapse}td,th{padding:6px;border-bottom:1px solid #e4e7ec;text-align:left}.n{text-align:right}
.warn{background:#fffaeb;border:1px solid #fedf89;padding:8px 12px}.cols{display:flex;gap:32px}.cols>div{flex:1}</style></head>
<body>
<p class="warn"><strong>Copia di cortesia, non valida ai fini fiscali.</strong> L'originale è il file XML trasmesso tramite il Sistema di Interscambio (courtesy copy, not valid for tax purposes).</p>
<h1>${title} n. ${e(inv.number)} del ${e(italianDate(inv.issueDate))}</h1>
${related ? `<p>Riferita alla fattura n. ${e(related.number)} del ${e(italianDate(related.issueDate))}</p>` : ''}
<div class="cols"><div><h2>Venditore</h2><p>${e(s.legalName)}<br>${e(s.street)}, ${e(s.cap)} ${e(s.city)} (${e(s.province)})<br>P.IVA IT${e(s.vatNumber)} · C.F. ${e(s.taxCode)}</p></div>
<div><h2>Cliente</h2><p>${e(buyerName)}<br>${e(b.street)}, ${e(b.cap)} ${e(b.city)}${b.province ? ` (${e(b.province)})` : ''}<br>${b.vatNumber ? `P.IVA IT${e(b.vatNumber)} · ` : ''}${b.taxCode ? `C.F. ${e(b.taxCode)}` : ''}<br>Codice destinatario ${e(b.sdiCode)}${b.pec ? ` · PEC ${e(b.pec)}` : ''}</p></div></div>
<table><thead><tr><th>Descrizione</th><th class="n">Quantità</th><th class="n">Prezzo unitario</th><th class="n">IVA</th><th class="n">Imponibile</th></tr></thead>
<tbody>${rows}</tbody>
<tfoot><tr><th colspan="4">Imponibile</th><td class="n">${eur(inv.netCents)}</td></tr>${vat}<tr><th colspan="4">Totale documento</th><td class="n"><strong>${eur(inv.grossCents)}</strong></td></tr></tfoot></table>
<p>Ordine ${e(inv.orderNumber ?? String(inv.orderId))} · ${inv.paymentMethod === 'bank_transfer' ? `pagato con bonifico (IBAN ${e(s.iban)})` : 'pagato con carta'} il ${e(italianDate(inv.paidAt.toISOString().slice(0, 10)))}</p>
<p>Stato: ${e(invoiceStateLabels[inv.state].it)}</p>
${downloads ? `<p><a href="${e(downloads.pdf)}">Scarica il PDF</a> (download PDF)${downloads.xml ? ` · <a href="${e(downloads.xml)}">Scarica il file XML</a> (XML file)` : ''}</p>` : ''}
</body></html>`;
}

export function courtesyCopy(ctx: Ctx) {
  const m = ctx.db.models;
  /** `downloads`: where the page's PDF and XML links point (each face has its own routes). */
  return async (invoiceId: number, styleNonce?: string, downloads?: { pdf: string; xml: string }) => {
    const inv = await m.Invoice.findByPk(invoiceId);
    if (!inv) return null;
    const related = inv.relatedInvoiceId ? await m.Invoice.findByPk(inv.relatedInvoiceId) : null;
    const links = downloads ? { pdf: downloads.pdf, xml: inv.xml ? downloads.xml : null } : undefined;
    return { fileName: `${inv.documentType === 'TD01' ? 'fattura' : 'nota-di-credito'}-${inv.number.replace(/\//g, '-')}.html`, html: renderCourtesyCopy(ctx, inv, related, styleNonce, links) };
  };
}

/** The courtesy copy as a PDF document (core/invoicing/courtesy-pdf.ts). */
export function courtesyPdf(ctx: Ctx) {
  const m = ctx.db.models;
  return async (invoiceId: number, opts: { compress?: boolean } = {}) => {
    const inv = await m.Invoice.findByPk(invoiceId);
    if (!inv) return null;
    const related = inv.relatedInvoiceId ? await m.Invoice.findByPk(inv.relatedInvoiceId) : null;
    return { fileName: courtesyPdfFileName(inv), pdf: await renderCourtesyPdf(ctx.config, inv, related, opts) };
  };
}
