/** IBAN (ISO 13616): country, 2 check digits (mod 97), country-specific length; SEPA countries only. */
import { type Check, fail, nChars, ok, readText } from './result.js';

/** Lengths of the SEPA scheme countries (EU/EEA, CH, GB, the micro-states, and the 2024–25 entrants). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AL: 28, AT: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24,
  FI: 18, FR: 27, GB: 22, GI: 23, GR: 27, HR: 21, HU: 28, IE: 22, IS: 26, IT: 27, LI: 21, LT: 20,
  LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MT: 31, NL: 18, NO: 15, PL: 28, PT: 25, RO: 24,
  RS: 22, SE: 24, SI: 19, SK: 24, SM: 27, VA: 22,
};

/** ISO 7064 mod 97-10 over the rearranged IBAN, computed piecewise to stay within number precision. */
export function ibanMod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const c = ch.charCodeAt(0);
    const v = c <= 57 ? c - 48 : c - 55; // A=10 … Z=35
    rem = v < 10 ? (rem * 10 + v) % 97 : (rem * 100 + v) % 97;
  }
  return rem;
}

export function validateIban(input: unknown): Check {
  const text = readText(input);
  if (!text.ok) return text;
  // Printed IBANs come in groups of 4, sometimes prefixed "IBAN:".
  const s = text.value.replace(/^\s*IBAN:?/i, '').replace(/[\s.\-]+/g, '').toUpperCase();
  if (s === '') return fail('required', 'Scrivi l’IBAN.', 'Enter the IBAN.');
  if (!/^[A-Z0-9]+$/.test(s))
    return fail('chars', 'L’IBAN contiene solo lettere e cifre.', 'An IBAN contains only letters and digits.');
  if (!/^[A-Z]{2}\d{2}/.test(s))
    return fail(
      'format',
      'L’IBAN inizia con la sigla del paese e due cifre (es. IT60…).',
      'An IBAN starts with the country code and two digits (e.g. IT60…).',
    );
  const country = s.slice(0, 2);
  const len = Object.hasOwn(IBAN_LENGTHS, country) ? IBAN_LENGTHS[country] : undefined;
  if (len === undefined)
    return fail(
      'country',
      `«${country}» non è un paese dell’area SEPA: serve un IBAN di un conto in area SEPA.`,
      `"${country}" is not a SEPA country: an IBAN of a SEPA account is required.`,
    );
  if (s.length !== len) {
    const n = nChars(s.length);
    return fail(
      'length',
      `Un IBAN ${country} è di ${len} caratteri, hai scritto ${n.it}.`,
      `A ${country} IBAN has ${len} characters, you typed ${n.en}.`,
    );
  }
  // Italy and San Marino: CIN letter, ABI (5 digits), CAB (5 digits), account number (12 alphanumerics).
  if ((country === 'IT' || country === 'SM') && !/^[A-Z]\d{10}[A-Z0-9]{12}$/.test(s.slice(4)))
    return fail(
      'format',
      'L’IBAN italiano non è valido: dopo le prime 4 posizioni vengono una lettera (CIN), ABI e CAB (5 cifre ciascuno) e il numero di conto.',
      'The Italian IBAN is not valid: after the first 4 characters come a letter (CIN), ABI and CAB (5 digits each) and the account number.',
    );
  if (ibanMod97(s) !== 1)
    return fail(
      'checksum',
      'L’IBAN non è valido: le cifre di controllo non corrispondono: controlla di averlo digitato bene.',
      'The IBAN is not valid: the check digits do not match: check you typed it correctly.',
    );
  return ok(s);
}

/** "IT60X0542811101000000123456" → "IT60 X054 2811 1010 0000 0123 456", for display only. */
export function formatIban(iban: string): string {
  if (typeof iban !== 'string') return '';
  return iban
    .replace(/\s+/g, '')
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, '$1 ');
}
