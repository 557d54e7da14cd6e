/** Euro cents for people in the back-office: shown by the core's formatter ("1.234,56 €"), typed as "1234,56" or "1234.56". */
import { formatAmount, formatEuro } from '../core/shared/money.js';
import { decimalToCents } from '../core/reconciliation/money.js';

export function euro(cents: number | string | null | undefined): string {
  if (cents == null || cents === '') return '';
  const n = Number(cents);
  return Number.isSafeInteger(n) ? formatEuro(n) : String(cents);
}

/** An amount as a form field's starting value ("1.234,56"), read back by parseEuro. */
export const euroField = (cents: number | string) => formatAmount(Number(cents));

export function parseEuro(text: unknown): number | null {
  const s = String(text ?? '').trim().replace(/€/g, '');
  if (!s) return null;
  return decimalToCents(s, s.includes(',') ? ',' : '.');
}
