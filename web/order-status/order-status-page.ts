/**
 * The order status page (`/ordine/<token>`, linked from every order email): what was bought, whether
 * it is paid, the bank details again while a transfer is awaited, the company once it exists.
 */
import type { AppConfig } from '../../core/config.js';
import type { Company, Order } from '../../core/shared/records.js';
import { formatEuro } from '../../core/shared/money.js';
import { formatDate, paymentMethodLabel } from '../../core/emails/email-data-from-facts.js';
import { formatPaymentReference } from '../../core/orders/payment-reference.js';
import { formatIban } from '../../core/validation/index.js';
import { html, type SafeHtml } from '../checkout/html.js';
import { pageStrings, type PageLang } from '../checkout/page-strings.js';

export interface OrderStatusView {
  lang: PageLang;
  order: Order;
  company: Company | null;
  payLink: string;
  config: AppConfig;
  justPlaced: boolean;
  /** the order's invoice and credit notes, with links to their courtesy copies */
  invoices?: SafeHtml | '';
}

export function bankInstructions(lang: PageLang, order: Order, config: AppConfig): SafeHtml {
  const s = pageStrings[lang];
  return html`<section aria-labelledby="bank-title">
<h2 id="bank-title">${s.bankTitle}</h2>
<p>${s.bankIntro}</p>
<dl class="bank">
<dt>${s.beneficiary}</dt><dd>${config.BANK_BENEFICIARY}</dd>
<dt>${s.iban}</dt><dd>${formatIban(config.BANK_IBAN)}</dd>
<dt>${s.bic}</dt><dd>${config.BANK_BIC}</dd>
<dt>${s.amount}</dt><dd>${formatEuro(order.grossCents, lang)}</dd>
<dt>${s.reference}</dt><dd data-testid="causale">${formatPaymentReference(order.paymentReference)}</dd>
</dl>
<p>${s.bankAfter}</p>
<p class="muted">${s.orderExpires(formatDate(order.expiresAt.toISOString(), lang))}</p>
</section>`;
}

export function orderStatusBody(v: OrderStatusView): SafeHtml {
  const { order, lang } = v;
  const s = pageStrings[lang];
  const eur = (c: number) => formatEuro(c, lang);
  const pending = order.status === 'pending_payment';
  // The rate is the catalogue's (one rate per order today); shown as people write it: "22", "4", "5,5".
  const rateBp = order.lines?.[0]?.vatRateBp ?? 2200;
  const rate = lang === 'it' ? String(rateBp / 100).replace('.', ',') : String(rateBp / 100);
  return html`<h1>${s.orderTitle(order.number ?? String(order.id))}</h1>
${v.justPlaced ? html`<p class="notice" role="status">${s.orderPlaced}</p>` : ''}
<p><strong>${s.status}:</strong> <span data-testid="order-status">${s.statuses[order.status] ?? order.status}</span> · ${paymentMethodLabel(order.paymentMethod, lang)}</p>
<table>
<thead><tr><th scope="col">${s.product}</th><th scope="col" class="num">${s.quantity}</th><th scope="col" class="num">${s.total}</th></tr></thead>
<tbody>
${(order.lines ?? []).map((l) => html`<tr><td>${l.description}</td><td class="num">${l.quantity}</td><td class="num">${eur(l.grossCents)}</td></tr>`)}
</tbody>
<tfoot>
<tr><th scope="row" colspan="2">${s.net}</th><td class="num">${eur(order.netCents)}</td></tr>
<tr><th scope="row" colspan="2">${s.vat(rate)}</th><td class="num">${eur(order.vatCents)}</td></tr>
<tr class="total"><th scope="row" colspan="2">${s.total}</th><td class="num">${eur(order.grossCents)}</td></tr>
</tfoot>
</table>
${pending && order.paymentMethod === 'bank_transfer' ? bankInstructions(lang, order, v.config) : ''}
${pending && order.paymentMethod !== 'bank_transfer' ? html`<p><a class="button" href="${v.payLink}">${s.payNow}</a></p>` : ''}
${v.company ? html`<p class="notice" data-testid="company-state">${v.company.legalName}: ${s.companyState[v.company.provisioningState] ?? ''}</p>` : ''}
${v.company?.provisioningState === 'active' && v.config.PLATFORM_URL ? html`<p>${s.platformHint} <a class="button" href="${v.config.PLATFORM_URL}" data-testid="open-platform">${s.openPlatform}</a></p>` : ''}
${v.invoices ?? ''}`;
}

/**
 * Shown above the invitation form to a client who comes back while an order is still unpaid: what
 * it is, how to pay it (the pay link, or the bank details again), and that sending the form again
 * replaces it.
 */
export function pendingOrderNotice(v: { lang: PageLang; order: Order; config: AppConfig; payLink: string; statusLink: string }): SafeHtml {
  const { lang, order } = v;
  const s = pageStrings[lang];
  const bank = order.paymentMethod === 'bank_transfer';
  return html`<section class="pending" aria-labelledby="pending-title" data-testid="pending-order" data-order="${order.number ?? String(order.id)}">
<h2 id="pending-title">${s.pendingTitle}</h2>
<p>${s.pendingSummary(order.number ?? String(order.id), formatDate(order.createdAt.toISOString(), lang))}: <strong data-testid="pending-amount">${formatEuro(order.grossCents, lang)}</strong> · <span data-testid="pending-method">${paymentMethodLabel(order.paymentMethod, lang)}</span></p>
${bank ? bankInstructions(lang, order, v.config) : html`<p><a class="button" href="${v.payLink}" data-testid="pending-pay">${s.pendingPay}</a></p>`}
<p><a href="${v.statusLink}" data-testid="pending-status">${s.pendingStatus}</a></p>
${bank ? html`<p><strong>${s.pendingBankPaid}</strong></p>` : ''}
<p class="muted">${s.pendingReplace}</p>
</section>`;
}
