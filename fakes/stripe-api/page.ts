// A stand-in for Stripe's hosted Checkout page, so a browser test can "pay": it shows the lines and the
// total and posts back to the fake, which completes the session and redirects to success_url / cancel_url.
import type { CheckoutSession, LineItem } from './objects.js';

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const money = (cents: number, currency: string): string =>
  new Intl.NumberFormat('it-IT', { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);

export function checkoutPage(session: CheckoutSession, lines: LineItem[]): string {
  const rows = lines
    .map((li) => `<tr><td>${esc(li.description)}</td><td>${li.quantity}</td><td data-testid="line-total">${money(li.amount_total, li.currency)}</td></tr>`)
    .join('');
  const actions =
    session.status === 'open'
      ? `<form method="post">
  <button id="pay" name="action" value="pay">Paga ${money(session.amount_total, session.currency)}</button>
  <button id="pay-delayed" name="action" value="pay_delayed">Paga con bonifico (SEPA, esito differito)</button>
  <button id="cancel" name="action" value="cancel">Annulla</button>
</form>`
      : `<p id="status">Sessione ${session.status === 'complete' ? 'già pagata' : 'scaduta'}.</p>`;
  return `<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>Checkout (fake Stripe, modalità test)</title></head>
<body>
<p><strong>MODALITÀ TEST</strong> — fake Stripe, nessun addebito reale.</p>
<table><thead><tr><th>Articolo</th><th>Qtà</th><th>Importo</th></tr></thead><tbody>${rows}</tbody></table>
<p>Totale: <span id="total">${money(session.amount_total, session.currency)}</span></p>
${actions}
</body></html>`;
}
