/** Euro cents for people: shown as "1.234,56 €", typed as "1234,56" or "1234.56". */
import { decimalToCents } from '../core/reconciliation/money.js';

const fmt = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' });

export const euro = (cents: number | null | undefined) => (cents == null ? '' : fmt.format(Number(cents) / 100));

export function parseEuro(text: unknown): number | null {
  const s = String(text ?? '').trim().replace(/€/g, '');
  if (!s) return null;
  return decimalToCents(s, s.includes(',') ? ',' : '.');
}
