/**
 * Decimal text → integer cents by string arithmetic: a float would turn "0.29" into 28.999… cents.
 * Accepts "1234.50", "1.234,50", "-12,3", "+5", "1 234,50", "12,": the decimal separator is given (banks
 * are consistent within a file; guessing from "1.234" is impossible), the other one may group thousands.
 */
export function decimalToCents(text: string, decimal: '.' | ','): number | null {
  let s = text.trim().replace(/[\s\u00a0']/g, '');
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  } else if (s.endsWith('-')) {
    sign = -1; // some exports write "12,50-"
    s = s.slice(0, -1);
  }
  const group = decimal === '.' ? ',' : '.';
  const at = s.lastIndexOf(decimal);
  let int = at < 0 ? s : s.slice(0, at);
  const frac = at < 0 ? '' : s.slice(at + 1);
  if (int.includes(group)) {
    if (!/^\d{1,3}([.,]\d{3})+$/.test(int) || int.includes(decimal)) return null;
    int = int.split(group).join('');
  }
  if (!/^\d*$/.test(int) || !/^\d*$/.test(frac) || (int === '' && frac === '')) return null;
  // More than two decimals only when they are zeros ("12.500"): never round money silently.
  if (frac.length > 2 && !/^0+$/.test(frac.slice(2))) return null;
  const cents = Number((int || '0') + (frac + '00').slice(0, 2));
  if (!Number.isSafeInteger(cents)) return null;
  return cents === 0 ? 0 : sign * cents;
}

/** Integer cents → "1234.50" (for writing files). */
export function centsToDecimal(cents: number, decimal: '.' | ',' = '.'): string {
  const abs = Math.abs(cents);
  const s = `${Math.floor(abs / 100)}${decimal}${String(abs % 100).padStart(2, '0')}`;
  return cents < 0 ? `-${s}` : s;
}
