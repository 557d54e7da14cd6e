/** Free text such as names and addresses: trimmed, spaces collapsed, no invisible characters. */
import { type Check, fail, nChars, ok, readText, squeeze } from './result.js';

export interface TextRules {
  min?: number;
  max?: number;
  /** field name shown in messages, e.g. { it: 'Ragione sociale', en: 'Company name' } */
  label: string | { it: string; en: string };
  /**
   * `name` (a person's first or last name): letters, spaces, apostrophes and hyphens only, at least
   * two letters; `place` (a comune): the same plus dots ("S. Giovanni"), no digits.
   */
  kind?: 'name' | 'place';
}

// Control characters, lone surrogates, and bidi/zero-width format characters that can make a
// name display differently from what is stored (spoofing) or break a utf8mb4 column.
const INVISIBLE = /[\p{Cc}\p{Cs}\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

export function validateRequiredText(input: unknown, rules: TextRules): Check {
  const label =
    typeof rules?.label === 'string' ? { it: rules.label, en: rules.label } : (rules?.label ?? { it: 'Campo', en: 'Field' });
  const min = Math.max(1, rules?.min ?? 1);
  const max = rules?.max ?? 200;
  const text = readText(input);
  if (!text.ok) {
    if (text.error.code !== 'too_long') return text;
    const n = nChars(max);
    return fail('too_long', `«${label.it}» è troppo lungo: al massimo ${n.it}.`, `"${label.en}" is too long: at most ${n.en}.`);
  }
  // Newlines and tabs become single spaces: in the bot an address is often typed on two lines.
  const s = squeeze(text.value);
  if (s === '') return fail('required', `«${label.it}» è obbligatorio.`, `"${label.en}" is required.`);
  if (INVISIBLE.test(s))
    return fail(
      'control_chars',
      `«${label.it}» contiene caratteri non ammessi (caratteri invisibili o di controllo).`,
      `"${label.en}" contains characters that are not allowed (invisible or control characters).`,
    );
  if (!/[\p{L}\p{N}]/u.test(s))
    return fail('format', `«${label.it}» deve contenere lettere o cifre.`, `"${label.en}" must contain letters or digits.`);
  if (rules?.kind) {
    const allowed = rules.kind === 'name' ? /^[\p{L}\p{M}' ’\-]+$/u : /^[\p{L}\p{M}' ’.\-()]+$/u;
    const letters = (s.match(/\p{L}/gu) ?? []).length;
    if (letters < 2 || !allowed.test(s))
      return rules.kind === 'name'
        ? fail('letters', `«${label.it}» deve essere un nome: solo lettere, spazi, apostrofi e trattini.`, `"${label.en}" must be a name: letters, spaces, apostrophes and hyphens only.`)
        : fail('letters', `«${label.it}» deve essere il nome del comune, in lettere (senza cifre).`, `"${label.en}" must be the town's name, in letters (no digits).`);
  }
  const length = [...s].length; // code points, so an accented letter or emoji counts as one
  if (length < min) {
    const n = nChars(min);
    return fail('too_short', `«${label.it}» è troppo corto: almeno ${n.it}.`, `"${label.en}" is too short: at least ${n.en}.`);
  }
  if (length > max) {
    const n = nChars(max);
    const got = nChars(length);
    return fail(
      'too_long',
      `«${label.it}» è troppo lungo: al massimo ${n.it}, hai scritto ${got.it}.`,
      `"${label.en}" is too long: at most ${n.en}, you typed ${got.en}.`,
    );
  }
  return ok(s);
}
