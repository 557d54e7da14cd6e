/**
 * Codice fiscale: the 16-character personal code (also the tax code of sole traders) and the
 * 11-digit numeric code of companies and bodies (same check as the Partita IVA).
 */
import { elevenDigitFault } from './partita-iva.js';
import { type Check, compact, fail, nChars, nDigits, ok, readText } from './result.js';

// Values of a character in an odd (1st, 3rd, …) position, for 0-9 and A-Z (digits count as A-J).
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

/** Check character of the first 15 characters (upper-case alphanumerics), per DM 23/12/1976. */
export function cfCheckChar(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = first15.charCodeAt(i);
    const v = c <= 57 ? c - 48 : c - 65; // '0'..'9' → 0..9, 'A'..'Z' → 0..25
    sum += i % 2 === 0 ? ODD[v]! : v;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/**
 * Omocodia: when two people would get the same code, the Agenzia replaces digits (from the right)
 * with these letters; 'L' stands for 0, 'M' for 1 … 'V' for 9.
 */
const OMOCODIA = 'LMNPQRSTUV';
const DIGIT_POSITIONS = [6, 7, 9, 10, 12, 13, 14];
const MONTHS = 'ABCDEHLMPRST';
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]; // century unknown: allow 29 Feb

/** The code with omocodia letters turned back into digits (check character kept as is). */
export function decodeOmocodia(cf: string): string {
  const chars = cf.split('');
  for (const p of DIGIT_POSITIONS) {
    const k = OMOCODIA.indexOf(chars[p] ?? '');
    if (k >= 0) chars[p] = String(k);
  }
  return chars.join('');
}

const isDigitOrOmocodia = (ch: string): boolean => /[0-9LMNPQRSTUV]/.test(ch);

/** Checks an already compacted, upper-cased 16-character code. */
function personalFault(s: string): Check {
  if (!/^[A-Z0-9]+$/.test(s))
    return fail('chars', 'Il codice fiscale contiene solo lettere e cifre.', 'The tax code (codice fiscale) contains only letters and digits.');
  if (s.length !== 16) {
    const n = nChars(s.length);
    return fail(
      'length',
      `Il codice fiscale di una persona è di 16 caratteri, hai scritto ${n.it}.`,
      `A person's tax code (codice fiscale) has 16 characters, you typed ${n.en}.`,
    );
  }
  if (!/^[A-Z]{6}$/.test(s.slice(0, 6)))
    return fail(
      'format',
      'Il codice fiscale non è valido: i primi 6 caratteri (cognome e nome) sono lettere.',
      'The tax code is not valid: the first 6 characters (surname and name) are letters.',
    );
  if (![6, 7].every((p) => isDigitOrOmocodia(s[p]!)))
    return fail(
      'format',
      'Il codice fiscale non è valido: il 7º e l’8º carattere sono l’anno di nascita (due cifre).',
      'The tax code is not valid: characters 7–8 are the year of birth (two digits).',
    );
  const month = MONTHS.indexOf(s[8]!);
  if (month < 0)
    return fail(
      'month',
      `Il codice fiscale non è valido: il 9º carattere (mese di nascita) deve essere una di ${MONTHS.split('').join(' ')}, non «${s[8]}».`,
      `The tax code is not valid: character 9 (month of birth) must be one of ${MONTHS.split('').join(' ')}, not "${s[8]}".`,
    );
  const plain = decodeOmocodia(s);
  const dayDigits = plain.slice(9, 11);
  const rawDay = /^\d\d$/.test(dayDigits) ? Number(dayDigits) : NaN;
  const day = rawDay > 40 ? rawDay - 40 : rawDay; // women: day + 40
  if (!(day >= 1 && day <= MONTH_DAYS[month]!))
    return fail(
      'day',
      'Il codice fiscale non è valido: il giorno di nascita (caratteri 10–11) non esiste in quel mese.',
      'The tax code is not valid: the day of birth (characters 10–11) does not exist in that month.',
    );
  if (!/^[A-Z]$/.test(s[11]!) || ![12, 13, 14].every((p) => isDigitOrOmocodia(s[p]!)))
    return fail(
      'format',
      'Il codice fiscale non è valido: i caratteri 12–15 (comune di nascita) sono una lettera e tre cifre.',
      'The tax code is not valid: characters 12–15 (place of birth) are one letter and three digits.',
    );
  if (!/^[A-Z]$/.test(s[15]!))
    return fail(
      'format',
      'Il codice fiscale non è valido: l’ultimo carattere è una lettera.',
      'The tax code is not valid: the last character is a letter.',
    );
  if (cfCheckChar(s) !== s[15])
    return fail(
      'checksum',
      'Il codice fiscale non è valido: il carattere di controllo non corrisponde: controlla di averlo digitato bene.',
      'The tax code (codice fiscale) is not valid: the check character does not match: check you typed it correctly.',
    );
  return ok(s);
}

/** Personal codice fiscale (16 characters, omocodia accepted). Returns it compact and upper-case. */
export function validateCodiceFiscalePersona(input: unknown): Check {
  const text = readText(input);
  if (!text.ok) return text;
  const s = compact(text.value).toUpperCase();
  if (s === '') return fail('required', 'Scrivi il codice fiscale (16 caratteri).', 'Enter the tax code (codice fiscale, 16 characters).');
  if (/^\d{11}$/.test(s))
    return fail(
      'numeric',
      'Questo è un codice fiscale numerico (di una società o di un ente): qui serve quello della persona, di 16 caratteri.',
      'This is a numeric tax code (of a company or body): a person’s 16-character code is needed here.',
    );
  return personalFault(s);
}

/**
 * Tax code of a business: the 11-digit numeric one (companies, bodies; usually equal to the
 * Partita IVA) or the owner's 16-character personal one (sole traders, professionals).
 */
export function validateCodiceFiscaleAzienda(input: unknown): Check {
  const text = readText(input);
  if (!text.ok) return text;
  const s = compact(text.value).toUpperCase();
  if (s === '')
    return fail(
      'required',
      'Scrivi il codice fiscale dell’azienda (11 cifre, o 16 caratteri per le ditte individuali).',
      'Enter the company’s tax code (11 digits, or 16 characters for sole traders).',
    );
  if (/^\d+$/.test(s)) {
    const fault = elevenDigitFault(s);
    if (!fault) return ok(s);
    if (fault === 'length') {
      const n = nDigits(s.length);
      return fail(
        'length',
        `Il codice fiscale numerico è di 11 cifre, hai scritto ${n.it}.`,
        `A numeric tax code has 11 digits, you typed ${n.en}.`,
      );
    }
    return fail(
      fault,
      fault === 'checksum'
        ? 'Il codice fiscale non è valido: la cifra di controllo non corrisponde: controlla di averlo digitato bene.'
        : 'Il codice fiscale numerico non è valido: controlla di averlo digitato bene.',
      fault === 'checksum'
        ? 'The tax code is not valid: the check digit does not match: check you typed it correctly.'
        : 'The numeric tax code is not valid: check you typed it correctly.',
    );
  }
  if (s.length !== 16 && /^[A-Z0-9]+$/.test(s)) {
    const n = nChars(s.length);
    return fail(
      'length',
      `Il codice fiscale è di 11 cifre (società) o di 16 caratteri (persone e ditte individuali), hai scritto ${n.it}.`,
      `The tax code has 11 digits (companies) or 16 characters (people and sole traders), you typed ${n.en}.`,
    );
  }
  return personalFault(s);
}

/**
 * For logs: keeps the first 3 and the last character, so support can tell codes apart without the
 * log holding the person's name, birth date and place. Short or odd input is masked entirely.
 */
export function maskTaxCode(cf: unknown): string {
  if (typeof cf !== 'string') return '***';
  const s = compact(cf.slice(0, 64)).toUpperCase();
  if (s.length < 8) return '*'.repeat(Math.max(3, s.length));
  return s.slice(0, 3) + '*'.repeat(s.length - 4) + s.slice(-1);
}
