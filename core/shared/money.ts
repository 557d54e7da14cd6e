/**
 * The one way to show money to people, from integer cents with integer math only (no floats, no Intl
 * rounding surprises, identical output on every Node/ICU build). Every face, email and note uses it.
 *   formatEuro:   it "1.220,00 €"   en "€1,220.00"   negatives "-1.220,00 €" / "-€1,220.00"
 *   formatAmount: the number alone, "1.220,00" / "1,220.00" (form fields, amounts in another currency)
 * A plain space (not Intl's NBSP) so the strings are predictable in tests and plain text.
 */
import type { Lang } from './types.js';

export function formatAmount(cents: number, lang: Lang = 'it'): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`formatEuro: cents must be a safe integer, got ${cents}`);
  const negative = cents < 0;
  const abs = negative ? -cents : cents;
  const euros = Math.trunc(abs / 100);
  const rest = abs % 100;
  const [thousands, decimal] = lang === 'it' ? ['.', ','] : [',', '.'];
  const grouped = String(euros).replace(/\B(?=(\d{3})+$)/g, thousands);
  return `${negative ? '-' : ''}${grouped}${decimal}${rest < 10 ? '0' : ''}${rest}`;
}

export function formatEuro(cents: number, lang: Lang = 'it'): string {
  const amount = formatAmount(cents, lang);
  if (lang === 'it') return `${amount} €`;
  return amount.startsWith('-') ? `-€${amount.slice(1)}` : `€${amount}`;
}
