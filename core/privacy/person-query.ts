/**
 * Who a request is about: an email, a codice fiscale (or Partita IVA), a phone number or a Telegram
 * id, checked and normalised the way the data were stored, with the request's reference (the PEC,
 * letter or ticket it came with), which the audit log keeps instead of the person's identifier.
 */
import { DomainError } from '../errors.js';
import { validateEmail, validatePhone } from '../validation/index.js';

export const personKinds = ['email', 'taxCode', 'phone', 'telegram'] as const;
export type PersonKind = (typeof personKinds)[number];

export interface PersonQuery {
  kind: PersonKind;
  /** the value as stored */
  value: string;
  /** other spellings found in free text (a phone without +39) */
  alternatives: string[];
  requestRef: string;
}

export function parsePersonQuery(raw: { kind?: unknown; value?: unknown; requestRef?: unknown }): PersonQuery {
  const kind = String(raw.kind ?? '') as PersonKind;
  const text = String(raw.value ?? '').trim();
  const requestRef = String(raw.requestRef ?? '').trim();
  const fields: Record<string, { it: string; en: string }> = {};
  if (!personKinds.includes(kind)) fields.kind = { it: 'scegli email, codice fiscale, telefono o id Telegram', en: 'choose email, tax code, phone or Telegram id' };
  if (requestRef.length < 3 || requestRef.length > 60) fields.requestRef = { it: 'il riferimento della richiesta (es. «PEC del 02/12/2026 prot. 41»), da 3 a 60 caratteri', en: 'the request reference, 3 to 60 characters' };
  let value = '';
  let alternatives: string[] = [];
  if (kind === 'email') {
    const r = validateEmail(text);
    if (r.ok) value = String(r.value).toLowerCase();
    else fields.value = r.error;
  } else if (kind === 'taxCode') {
    const cf = text.replace(/\s+/g, '').toUpperCase().replace(/^IT(?=\d{11}$)/, '');
    if (/^[A-Z0-9]{16}$/.test(cf) || /^\d{11}$/.test(cf)) value = cf;
    else fields.value = { it: 'un codice fiscale ha 16 caratteri (persona) o 11 cifre (azienda)', en: 'a tax code has 16 characters (person) or 11 digits (company)' };
  } else if (kind === 'phone') {
    const r = validatePhone(text);
    if (r.ok) {
      value = String(r.value);
      const national = value.replace(/^\+39/, '');
      alternatives = national !== value ? [national] : [];
    } else fields.value = r.error;
  } else if (kind === 'telegram') {
    if (/^-?\d{3,20}$/.test(text)) value = text;
    else fields.value = { it: 'l’id Telegram è un numero', en: 'a Telegram id is a number' };
  }
  if (Object.keys(fields).length) throw new DomainError('validation', 'Richiesta non valida', { fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.it])) });
  return { kind, value, alternatives, requestRef };
}
