/** Days as staff in Italy mean them (midnight to midnight, Europe/Rome, daylight saving included). */
const HOUR = 3600_000;
const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' });
const romeHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit', hour12: false });

/** "2026-12-06": the Italian calendar day of an instant. */
export const romeDay = (d: Date): string => dayKey.format(d);

/** The instant a Rome calendar day ("2026-12-06") starts. */
export function romeDayStart(day: string): Date {
  const utcMidnight = new Date(`${day}T00:00:00Z`);
  // Rome is UTC+1 or UTC+2: the offset at that day's early morning, read from Intl
  for (const offsetH of [1, 2]) {
    const guess = new Date(utcMidnight.getTime() - offsetH * HOUR);
    if (romeDay(guess) === day && romeHour.format(guess) === '00:00') return guess;
  }
  return new Date(utcMidnight.getTime() - HOUR);
}

/** The day after a Rome calendar day. */
export function nextRomeDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The last `n` Rome days up to and including the day of `now`, oldest first. */
export function lastRomeDays(now: Date, n: number): string[] {
  const days = [romeDay(now)];
  while (days.length < n) {
    const d = new Date(`${days[0]}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 1);
    days.unshift(d.toISOString().slice(0, 10));
  }
  return days;
}

/** "2026-12": the Italian calendar month of an instant. */
export const romeMonth = (d: Date): string => romeDay(d).slice(0, 7);
