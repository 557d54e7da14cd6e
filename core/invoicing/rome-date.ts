/** Calendar dates of invoices are Italian dates: the day and year in Europe/Rome, whatever the server's zone. */
const romeDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' });

/** YYYY-MM-DD in Europe/Rome. */
export function romeDate(at: Date): string {
  return romeDay.format(at);
}

export function romeYear(at: Date): number {
  return Number(romeDate(at).slice(0, 4));
}

/** 2026-12-31 → 31/12/2026 */
export function italianDate(isoDay: string): string {
  const [y, m, d] = isoDay.split('-');
  return `${d}/${m}/${y}`;
}
