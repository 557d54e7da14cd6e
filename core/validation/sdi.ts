/**
 * Codice destinatario SDI: the 7-character code of the channel through which a business receives
 * electronic invoices. "0000000" means "no channel: deliver to my PEC", so it only works with a PEC.
 */
import { type Check, compact, fail, nChars, ok, readText } from './result.js';

export const SDI_VIA_PEC = '0000000';

export function validateSdi(input: unknown, opts: { hasPec: boolean }): Check {
  const text = readText(input);
  if (!text.ok) return text;
  const s = compact(text.value).toUpperCase();
  const hasPec = Boolean(opts && typeof opts === 'object' && opts.hasPec);
  if (s === '' || s === SDI_VIA_PEC) {
    if (hasPec) return ok(SDI_VIA_PEC);
    return s === ''
      ? fail(
          'required',
          'Scrivi il codice destinatario SDI (7 caratteri). Se l’azienda non ce l’ha, indica una PEC: le fatture arriveranno lì (codice 0000000).',
          'Enter the SDI recipient code (7 characters). If the company has none, give a PEC address: invoices will be delivered there (code 0000000).',
        )
      : fail(
          'pec_required',
          'Il codice 0000000 vuol dire «ricevo le fatture via PEC»: serve quindi una PEC. Indica la PEC oppure il codice destinatario di 7 caratteri.',
          'Code 0000000 means "I receive invoices by PEC", so a PEC address is required. Give the PEC or the 7-character recipient code.',
        );
  }
  if (!/^[A-Z0-9]+$/.test(s))
    return fail('chars', 'Il codice destinatario contiene solo lettere e cifre (7).', 'The recipient code contains only letters and digits (7).');
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
