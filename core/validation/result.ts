/**
 * The shape every validator returns. Validators never throw: the bot, the web checkout and the
 * back-office show `error.it` / `error.en` to people as is, and use `code` to branch in code.
 */
export interface FieldError {
  /** stable machine code, e.g. `length`, `checksum`, `required` */
  code: string;
  it: string;
  en: string;
  /** when the person has to pick among a few valid values (e.g. ATECO sub-categories): buttons for the bot */
  choices?: readonly { value: string; label: string }[];
}

export type Check<T = string> = { ok: true; value: T } | { ok: false; error: FieldError };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export const fail = (
  code: string,
  it: string,
  en: string,
  choices?: FieldError['choices'],
): { ok: false; error: FieldError } => ({ ok: false, error: choices ? { code, it, en, choices } : { code, it, en } });

/**
 * Beyond this many characters nobody is typing a tax code or an address: refuse before any regex
 * runs, so a pasted megabyte costs nothing.
 */
export const MAX_INPUT = 2000;

/**
 * Turns arbitrary input into text without ever calling `String()` on an object (objects without a
 * prototype or with a non-function `toString` make `String()` throw). Numbers are accepted because
 * spreadsheets and JSON bodies send CAPs and phone numbers as numbers.
 */
export function readText(input: unknown): Check<string> {
  if (typeof input === 'string') {
    if (input.length > MAX_INPUT) return fail('too_long', 'Il testo è troppo lungo.', 'The text is too long.');
    return ok(input);
  }
  if (typeof input === 'number' && Number.isSafeInteger(input) && input >= 0) return ok(String(input));
  if (typeof input === 'bigint' && input >= 0n && input < 10n ** 30n) return ok(input.toString());
  if (input === undefined || input === null) return ok('');
  return fail('not_text', 'Il valore deve essere un testo.', 'The value must be text.');
}

/** Trim and collapse every run of whitespace (incl. tabs, newlines, NBSP) to one space. */
export const squeeze = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Removes spaces, dots, dashes and slashes people put inside codes ("IT 0123.456-789"). */
export const compact = (s: string): string => s.replace(/[\s.\-/_]+/g, '');

/** "4 cifre" / "1 cifra" — Italian needs singular and plural right. */
export const nDigits = (n: number): { it: string; en: string } => ({
  it: n === 1 ? '1 cifra' : `${n} cifre`,
  en: n === 1 ? '1 digit' : `${n} digits`,
});

export const nChars = (n: number): { it: string; en: string } => ({
  it: n === 1 ? '1 carattere' : `${n} caratteri`,
  en: n === 1 ? '1 character' : `${n} characters`,
});

/** Strip accents and lower-case: "Forlì" → "forli", for name look-ups and search. */
export const fold = (s: string): string =>
  s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
