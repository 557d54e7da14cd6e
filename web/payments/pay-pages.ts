/** Bodies of the pay-link pages: bank-transfer instructions, an order's state, processing, outage, results. */
import type { Order } from '../../core/shared/records.js';
import type { BankTransferInstructions } from '../../core/payments/payment-gateway.js';
import { formatEuro } from '../../core/shared/money.js';
import { html, type SafeHtml } from '../checkout/html.js';
import { payStrings, type Lang } from './pay-strings.js';

export function orderSummary(lang: Lang, order: Order): SafeHtml {
  const s = payStrings[lang];
  return html`<table>
<tbody>${(order.lines ?? []).map((l) => html`<tr><td>${l.quantity > 1 ? `${l.quantity} × ` : ''}${l.description}</td><td class="num">${formatEuro(l.grossCents, lang)}</td></tr>`)}</tbody>
<tfoot><tr class="total"><th>${s.total}</th><td class="num" data-testid="order-total">${formatEuro(order.grossCents, lang)}</td></tr></tfoot>
</table>`;
}

export function bankTransferBody(lang: Lang, order: Order, i: BankTransferInstructions): SafeHtml {
  const s = payStrings[lang];
  return html`<p class="muted">${s.order(order.number ?? String(order.id))}</p>
<h1>${s.bankTitle}</h1>
<p>${s.bankIntro}</p>
<dl class="bank">
<dt>${s.beneficiary}</dt><dd data-testid="beneficiary">${i.beneficiary}</dd>
<dt>${s.iban}</dt><dd data-testid="iban">${i.iban}</dd>
<dt>${s.bic}</dt><dd data-testid="bic">${i.bic}</dd>
<dt>${s.amount}</dt><dd data-testid="amount">${formatEuro(i.amountCents, lang)}</dd>
<dt>${s.reference}</dt><dd data-testid="causale">${i.paymentReference}</dd>
</dl>
${orderSummary(lang, order)}
<p class="muted">${s.bankAfter}</p>`;
}

export function stateBody(lang: Lang, order: Order): SafeHtml {
  const s = payStrings[lang];
  return html`<p class="muted">${s.order(order.number ?? String(order.id))}</p>
<h1>${s.stateTitle}</h1>
<p class="notice" data-testid="order-state" data-state="${order.status}">${s.states[order.status]}</p>
${orderSummary(lang, order)}`;
}

export function messageBody(title: string, text: string, opts: { testid: string; back?: { href: string; label: string } }): SafeHtml {
  return html`<h1>${title}</h1>
<p data-testid="${opts.testid}">${text}</p>
${opts.back ? html`<p><a class="button" href="${opts.back.href}">${opts.back.label}</a></p>` : ''}`;
}
