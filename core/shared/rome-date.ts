/**
 * Calendar days as the vendor and its clients read them: Europe/Rome. A subscription "expires on"
 * the Rome day of its expiry instant; reminders, grace and suspension count Rome days, so a
 * daylight-saving change (a 23- or 25-hour day) never moves a reminder to the neighbouring day.
 * Days are `YYYY-MM-DD` strings; day arithmetic is done on the calendar, never by adding 24 hours.
 */
const TZ = 'Europe/Rome';
const fmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

function wall(at: Date): Wall {
  const p = Object.fromEntries(fmt.formatToParts(at).map((x) => [x.type, x.value]));
  return { y: +p.year!, mo: +p.month!, d: +p.day!, h: +p.hour!, mi: +p.minute!, s: +p.second! };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The Rome day of an instant. */
export function romeDay(at: Date): string {
  const w = wall(at);
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}`;
}

/** The instant a Rome wall-clock time happens (the earlier one when the clock is set back, the next valid one when it jumps). */
function fromWall(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): Date {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // Rome is UTC+1 or UTC+2: try both offsets and keep the one whose wall clock matches.
  for (const offsetH of [2, 1]) {
    const guess = new Date(asUtc - offsetH * 3_600_000);
    const w = wall(guess);
    if (w.y === y && w.mo === mo && w.d === d && w.h === h && w.mi === mi) return guess;
  }
  // A time skipped by the spring change (02:xx on the last Sunday of March): the next hour.
  return new Date(asUtc - 3_600_000);
}

function parts(day: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  return [+m[1]!, +m[2]!, +m[3]!];
}

/** The instant a Rome day starts (00:00 Rome). */
export function romeDayStart(day: string): Date {
  const [y, mo, d] = parts(day);
  return fromWall(y, mo, d);
}

/** A day `n` calendar days later (or earlier when negative). */
export function addRomeDays(day: string, n: number): string {
  const [y, mo, d] = parts(day);
  const t = new Date(Date.UTC(y, mo - 1, d + n));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** Whole days from `a` to `b` (b − a). */
export function romeDaysBetween(a: string, b: string): number {
  const [y1, m1, d1] = parts(a);
  const [y2, m2, d2] = parts(b);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/**
 * The same Rome wall-clock time `months` later; a day the target month lacks becomes its last day
 * (29 February 2028 + 12 months = 28 February 2029; 31 January + 1 month = 28 or 29 February).
 */
export function addRomeMonths(at: Date, months: number): Date {
  const w = wall(at);
  const first = new Date(Date.UTC(w.y, w.mo - 1 + months, 1));
  const y = first.getUTCFullYear();
  const mo = first.getUTCMonth() + 1;
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return fromWall(y, mo, Math.min(w.d, last), w.h, w.mi, w.s, at.getUTCMilliseconds());
}

/** `31/01/2027`, as Italians write a day. */
export function italianDay(day: string): string {
  const [y, mo, d] = parts(day);
  return `${pad(d)}/${pad(mo)}/${y}`;
}
