/** CAP (codice di avviamento postale): 5 digits; Italian CAPs run from 00010 (Lazio) to 98168 (Messina). */
import { type Check, fail, nDigits, ok, readText } from './result.js';

export function validateCap(input: unknown): Check {
  const text = readText(input);
  if (!text.ok) return text;
  const s = text.value.replace(/[\s.]+/g, '');
  if (s === '') return fail('required', 'Scrivi il CAP (5 cifre).', 'Enter the postcode (CAP, 5 digits).');
  if (!/^\d+$/.test(s))
    return fail('chars', 'Il CAP contiene solo cifre (5).', 'The postcode (CAP) contains digits only (5).');
  if (s.length !== 5) {
    const n = nDigits(s.length);
    return fail('length', `Il CAP deve essere di 5 cifre, hai scritto ${n.it}.`, `The postcode (CAP) must have 5 digits, you typed ${n.en}.`);
  }
  const n = Number(s);
  if (n < 10 || n > 98168)
    return fail(
      'range',
      `Il CAP ${s} non esiste: i CAP italiani vanno da 00010 a 98168.`,
      `Postcode ${s} does not exist: Italian postcodes run from 00010 to 98168.`,
    );
  return ok(s);
}
