/**
 * Order totals in integer euro cents. VAT is computed per line and rounded half up, then the
 * order's totals are the sums of its lines, so net + VAT = gross holds for every line and the order.
 */
export interface LineInput {
  unitNetCents: number;
  quantity: number;
  /** VAT rate in basis points: 22 % = 2200 */
  vatRateBp: number;
}
export interface LineTotals extends LineInput {
  netCents: number;
  vatCents: number;
  grossCents: number;
}
export interface Totals {
  lines: LineTotals[];
  netCents: number;
  vatCents: number;
  grossCents: number;
}

/** round(net × rate / 10000) with halves going up, in exact integer arithmetic (no floats). */
export function vatOf(netCents: number, vatRateBp: number): number {
  const product = netCents * vatRateBp;
  if (!Number.isSafeInteger(product)) throw new RangeError('amount too large');
  const sign = product < 0 ? -1 : 1;
  const abs = Math.abs(product);
  return sign * Math.floor((abs + 5000) / 10000);
}

export function computeTotals(lines: LineInput[]): Totals {
  const out: LineTotals[] = lines.map((l) => {
    for (const [k, v] of Object.entries(l)) {
      if (!Number.isSafeInteger(v)) throw new RangeError(`${k} must be an integer`);
    }
    if (l.quantity <= 0) throw new RangeError('quantity must be positive');
    if (l.vatRateBp < 0 || l.vatRateBp > 10000) throw new RangeError('vatRateBp out of range');
    const netCents = l.unitNetCents * l.quantity;
    const vatCents = vatOf(netCents, l.vatRateBp);
    return { ...l, netCents, vatCents, grossCents: netCents + vatCents };
  });
  const sum = (k: 'netCents' | 'vatCents' | 'grossCents') => out.reduce((s, l) => s + l[k], 0);
  return { lines: out, netCents: sum('netCents'), vatCents: sum('vatCents'), grossCents: sum('grossCents') };
}
