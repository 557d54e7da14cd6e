/** The order status page's invoices section: each document's courtesy copy (page and PDF) and its XML (signed links). */
import type { AppConfig } from '../../core/config.js';
import type { App } from '../../core/app.js';
import { invoiceToken } from '../../core/invoicing/links.js';
import { italianDate } from '../../core/invoicing/rome-date.js';
import { html, type SafeHtml } from '../checkout/html.js';
import type { PageLang } from '../checkout/page-strings.js';

/** An invoice as the use cases hand it to faces. */
type Invoice = Awaited<ReturnType<App['useCases']['invoicesOfOrder']>>[number];

const strings = {
  it: { title: 'Fatture', invoice: 'Fattura', creditNote: 'Nota di credito', of: 'del', copy: 'copia di cortesia', pdf: 'PDF', xml: 'file XML', pending: 'in preparazione' },
  en: { title: 'Invoices', invoice: 'Invoice', creditNote: 'Credit note', of: 'of', copy: 'courtesy copy', pdf: 'PDF', xml: 'XML file', pending: 'being prepared' },
};

export function invoiceLinks(lang: PageLang, config: AppConfig, invoices: Invoice[]): SafeHtml | '' {
  if (!invoices.length) return '';
  const s = strings[lang];
  return html`<section aria-labelledby="invoices-title" data-testid="invoices">
<h2 id="invoices-title">${s.title}</h2>
<ul>
${invoices.map((inv) => {
  const href = `/fattura/${invoiceToken(config, inv.id)}`;
  const label = `${inv.documentType === 'TD01' ? s.invoice : s.creditNote} ${inv.number} ${s.of} ${italianDate(inv.issueDate)}`;
  return html`<li><a href="${href}" data-testid="invoice-copy">${label}</a> (${s.copy}) · <a href="${href}?formato=pdf">${s.pdf}</a>${inv.xml ? html` · <a href="${href}?formato=xml">${s.xml}</a>` : html` · ${s.pending}`}</li>`;
})}
</ul>
</section>`;
}
