/**
 * Phone numbers as people type them: "+39 333 123 4567", "02.1234567", "0039-06-1234567".
 * Italian numbers (with or without +39) are returned as "+39" + digits; a number with another
 * international prefix is accepted as E.164 (a foreign legal representative is not rare).
 */
import { type Check, fail, nDigits, ok, readText } from './result.js';

export function validatePhone(input: unknown): Check {
  const text = readText(input);
  if (!text.ok) return text;
  const s = text.value.replace(/[\s.\-/()]+/g, '');
  if (s === '') return fail('required', 'Scrivi il numero di telefono.', 'Enter the phone number.');
  if (!/^(\+|00)?\d+$/.test(s))
    return fail(
      'chars',
      'Il numero di telefono contiene solo cifre (ed eventualmente +39 davanti).',
      'A phone number contains only digits (optionally with +39 in front).',
    );
  const international = s.startsWith('+') ? s.slice(1) : s.startsWith('00') ? s.slice(2) : undefined;
  if (international !== undefined && !international.startsWith('39')) {
    if (international.length < 8 || international.length > 15)
      return fail(
        'length',
        'Il numero internazionale deve avere da 8 a 15 cifre compreso il prefisso del paese.',
        'An international number has 8 to 15 digits including the country code.',
      );
    return ok(`+${international}`);
  }
  const national = international === undefined ? s : international.slice(2);
  if (national.length < 6 || national.length > 13) {
    const n = nDigits(national.length);
    return fail(
      'length',
      `Il numero di telefono deve avere da 6 a 13 cifre (senza +39), hai scritto ${n.it}.`,
      `The phone number must have 6 to 13 digits (without +39), you typed ${n.en}.`,
    );
  }
  return ok(`+39${national}`);
}
