/**
 * Money for humans, from integer cents with integer math only (no floats, no Intl rounding
 * surprises, identical output on every Node/ICU build).
 *   it: "1.220,00 €"   en: "€1,220.00"   negatives: "-1.220,00 €" / "-€1,220.00"
 * A plain space (not Intl's NBSP) so the strings are predictable in tests and plain text.
 */
import type { Lang } from './email-data.js';

export function formatEuro(cents: number, lang: Lang): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`formatEuro: cents must be a safe integer, got ${cents}`);
  const negative = cents < 0;
  const abs = negative ? -cents : cents;
  const euros = Math.trunc(abs / 100);
  const rest = abs % 100;
  const [thousands, decimal] = lang === 'it' ? ['.', ','] : [',', '.'];
  const grouped = String(euros).replace(/\B(?=(\d{3})+$)/g, thousands);
  const amount = `${grouped}${decimal}${rest < 10 ? '0' : ''}${rest}`;
  const sign = negative ? '-' : '';
  return lang === 'it' ? `${sign}${amount} €` : `${sign}€${amount}`;
}
