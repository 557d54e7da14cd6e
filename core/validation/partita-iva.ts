/**
 * Partita IVA: 11 digits = 7-digit serial + 3-digit provincial office code + 1 check digit
 * (Luhn variant used by the Agenzia delle Entrate). The same algorithm checks the 11-digit
 * numeric codice fiscale of companies, hence `piCheckDigit` is exported.
 */
import { type Check, compact, fail, nDigits, ok, readText } from './result.js';

/** Check digit of the first 10 digits: odd positions summed as is, even positions doubled (minus 9 above 9). */
export function piCheckDigit(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = first10.charCodeAt(i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Provincial office codes allowed in digits 8–10: 001–100, 120, 121 (later offices), 888 and 999 (special assignments). */
export function isValidOfficeCode(office: number): boolean {
  return (office >= 1 && office <= 100) || office === 120 || office === 121 || office === 888 || office === 999;
}

export type PartitaIvaFault = 'length' | 'chars' | 'zeros' | 'office' | 'checksum' | 'serial' | 'non_commercial';

/**
 * Checks 11 digits already stripped of separators; the result says which rule failed so that
 * callers (Partita IVA, numeric codice fiscale) can word the message with their own field name.
 */
export function elevenDigitFault(digits: string): PartitaIvaFault | undefined {
  if (!/^\d+$/.test(digits)) return 'chars';
  if (digits.length !== 11) return 'length';
  if (/^0+$/.test(digits)) return 'zeros';
  if (!isValidOfficeCode(Number(digits.slice(7, 10)))) return 'office';
  if (piCheckDigit(digits) !== digits.charCodeAt(10) - 48) return 'checksum';
  return undefined;
}

export function validatePartitaIva(input: unknown): Check {
  const text = readText(input);
  if (!text.ok) return text;
  // People paste "IT01234567890" (the VIES form) or group digits with spaces and dots.
  let s = compact(text.value).toUpperCase();
  if (s.startsWith('IT')) s = s.slice(2);
  if (s === '') return fail('required', 'Scrivi la Partita IVA (11 cifre).', 'Enter the VAT number (Partita IVA, 11 digits).');
  // Rules of the Partita IVA alone (an 11-digit codice fiscale may break them): the Agenzia delle
  // Entrate never assigns the company number 0000000, and numbers starting with 8 or 9 are the tax
  // codes of non-commercial bodies (associations, foundations, public bodies), not VAT numbers.
  const fault = elevenDigitFault(s) ?? (s.slice(0, 7) === '0000000' ? 'serial' : /^[89]/.test(s) ? 'non_commercial' : undefined);
  switch (fault) {
    case undefined:
      return ok(s);
    case 'chars':
      // A codice fiscale typed in the wrong field is the commonest mistake: say so.
      if (/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z]/.test(s) && s.length === 16)
        return fail(
          'chars',
          'Questo sembra un codice fiscale, non una Partita IVA: la Partita IVA è di 11 cifre.',
          'This looks like a codice fiscale (tax code), not a VAT number: the Partita IVA has 11 digits.',
        );
      return fail(
        'chars',
        'La Partita IVA contiene solo cifre (11): togli lettere e simboli.',
        'The VAT number (Partita IVA) contains digits only (11): remove letters and symbols.',
      );
    case 'length': {
      const n = nDigits(s.length);
      return fail(
        'length',
        `La Partita IVA deve essere di 11 cifre, hai scritto ${n.it}.`,
        `The VAT number (Partita IVA) must have 11 digits, you typed ${n.en}.`,
      );
    }
    case 'zeros':
      return fail('zeros', 'La Partita IVA non può essere tutta di zeri.', 'The VAT number (Partita IVA) cannot be all zeros.');
    case 'office':
      return fail(
        'office',
        `La Partita IVA non è valida: le cifre 8–10 (${s.slice(7, 10)}) non sono il codice di un ufficio provinciale. Controlla di averla digitata bene.`,
        `The VAT number (Partita IVA) is not valid: digits 8–10 (${s.slice(7, 10)}) are not a provincial office code. Check you typed it correctly.`,
      );
    case 'serial':
      return fail(
        'serial',
        'La Partita IVA non è valida: le prime 7 cifre (il numero dell’azienda) non possono essere tutte zero. Controlla di averla digitata bene.',
        'The VAT number (Partita IVA) is not valid: its first 7 digits (the company number) cannot all be zero. Check you typed it correctly.',
      );
    case 'non_commercial':
      return fail(
        'non_commercial',
        'Questa non è una Partita IVA: i numeri che iniziano con 8 o 9 sono codici fiscali di enti non commerciali (associazioni, fondazioni, enti pubblici). Scrivi la Partita IVA dell’azienda.',
        'This is not a VAT number: numbers starting with 8 or 9 are tax codes of non-commercial bodies (associations, foundations, public bodies). Enter the company’s Partita IVA.',
      );
    case 'checksum':
      return fail(
        'checksum',
        'La Partita IVA non è valida: la cifra di controllo non corrisponde: controlla di averla digitata bene.',
        'The VAT number (Partita IVA) is not valid: the check digit does not match: check you typed it correctly.',
      );
  }
}
