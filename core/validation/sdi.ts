/**
 * Codice destinatario SDI: the 7-character code of the channel through which a business receives
 * electronic invoices. "0000000" means "no channel of my own": invoices go to the PEC when there is
 * one and in any case to the buyer's cassetto fiscale, so it is always acceptable. "XXXXXXX" is the
 * code for foreign customers, never an Italian company's.
 */
import { type Check, compact, fail, nChars, ok, readText } from './result.js';

export const SDI_VIA_PEC = '0000000';
export const SDI_FOREIGN = 'XXXXXXX';

export function validateSdi(input: unknown, opts: { hasPec: boolean }): Check {
  const text = readText(input);
  if (!text.ok) return text;
  const s = compact(text.value).toUpperCase();
  const hasPec = Boolean(opts && typeof opts === 'object' && opts.hasPec);
  if (s === SDI_VIA_PEC) return ok(SDI_VIA_PEC);
  if (s === '') {
    if (hasPec) return ok(SDI_VIA_PEC);
    return fail(
      'required',
      'Scrivi il codice destinatario SDI (7 caratteri). Se l’azienda non ce l’ha scrivi 0000000: le fatture arriveranno alla PEC, se c’è, e in ogni caso nel cassetto fiscale.',
      'Enter the SDI recipient code (7 characters). If the company has none, write 0000000: invoices will reach the PEC, if any, and in any case the tax drawer (cassetto fiscale).',
    );
  }
  if (s === SDI_FOREIGN)
    return fail(
      'foreign',
      'XXXXXXX è il codice per i clienti esteri: per un’azienda italiana scrivi il suo codice di 7 caratteri, oppure 0000000 se non ne ha uno.',
      'XXXXXXX is the code for foreign customers: for an Italian company write its 7-character code, or 0000000 if it has none.',
    );
  if (!/^[A-Z0-9]+$/.test(s))
    return fail('chars', 'Il codice destinatario contiene solo lettere e cifre (7).', 'The recipient code contains only letters and digits (7).');
  // "ABC-DEF" is 7 characters typed but 6 once the dash is dropped: not a public administration code
  if (s.length === 6 && /[\s.\-/_]/.test(text.value.trim()))
    return fail(
      'length',
      'Il codice destinatario è di 7 lettere o cifre: trattini, spazi e trattini bassi non contano, e qui ne restano 6. Controlla di averlo copiato per intero.',
      'The recipient code has 7 letters or digits: dashes, spaces and underscores do not count, and 6 are left here. Check you copied all of it.',
    );
  if (s.length === 6)
    return fail(
      'length',
      'Il codice di 6 caratteri è il codice univoco di un ufficio della Pubblica Amministrazione: per un’azienda il codice destinatario è di 7 caratteri.',
      'A 6-character code is the unique code of a public administration office: a business’s recipient code has 7 characters.',
    );
  if (s.length !== 7) {
    const n = nChars(s.length);
    return fail(
      'length',
      `Il codice destinatario deve essere di 7 caratteri, hai scritto ${n.it}.`,
      `The recipient code must have 7 characters, you typed ${n.en}.`,
    );
  }
  return ok(s);
}
