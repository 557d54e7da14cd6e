/**
 * How personal values are removed: names and emails replaced by one marker, payers' names and IBANs
 * masked so that staff still recognise a line's shape (“M*** R***”, “IT60…3456”), free text scrubbed
 * of what looks like an email, an IBAN or a codice fiscale. Pure functions, unit-tested.
 */

/** What a removed personal value reads as, everywhere. */
export const REMOVED = '(dato rimosso)';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// Two letters, two check digits, then groups of four letters/digits (written together or spaced) and a short tail.
const IBAN = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b/g;
const CODICE_FISCALE = /\b[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\b/gi;
// Italian and international phone numbers of 9+ digits (a lone amount or date never has that many).
// Not part of a longer word or code (an order number like SP-2026-000123 is not a phone).
const PHONE = /(?<![\w-])(?:\+|00)?\d(?:[\s./-]?\d){8,14}(?![\w-])/g;

export function maskIban(iban: string): string {
  const compact = iban.replace(/\s+/g, '');
  return compact.length < 8 ? '****' : `${compact.slice(0, 4)}…${compact.slice(-4)}`;
}

/** “Mario Rossi S.r.l.” → “M*** R*** S***”: the shape stays, the person does not. */
export function maskName(name: string | null | undefined): string | null {
  if (name == null) return null;
  const words = name.trim().split(/\s+/).filter(Boolean);
  return words.length ? words.map((w) => `${w[0]}***`).join(' ') : '';
}

/** Free text with emails, IBANs, codici fiscali and phone numbers masked; the rest unchanged. */
export function maskText(text: string): string {
  return text
    .replace(EMAIL, REMOVED)
    .replace(IBAN, (m) => maskIban(m))
    .replace(CODICE_FISCALE, REMOVED)
    .replace(PHONE, (m) => (m.replace(/\D/g, '').length >= 9 ? REMOVED : m));
}

/** Keys whose values are about a person wherever they appear (orders, companies, audit entries…). */
export const PERSONAL_KEYS = new Set([
  'clientName', 'clientEmail', 'buyerName', 'buyerEmail', 'email', 'billingEmail', 'toAddress', 'to', 'pec', 'phone',
  'repFirstName', 'repLastName', 'repTaxCode', 'taxCode', 'displayName', 'name', 'legalName', 'address',
  'counterparty', 'payer', 'payerName', 'iban', 'counterpartyIban', 'telegramUserId', 'telegramChatId', 'chatId', 'ip', 'username',
  'firstName', 'lastName', 'companyData',
]);

/**
 * A copy of an audit entry's before/after with personal values masked: personal keys replaced
 * whatever their value, every other string scrubbed by `maskText`. Ids, amounts, statuses, dates stay.
 */
export function maskPersonalValues<T>(value: T): T {
  const walk = (v: unknown, key?: string): unknown => {
    if (v === null || v === undefined) return v;
    if (key && PERSONAL_KEYS.has(key)) return typeof v === 'object' ? REMOVED : v === '' ? v : REMOVED;
    if (typeof v === 'string') return maskText(v);
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(value) as T;
}

/** True when `text` (as stored: JSON or free text) contains `needle`, case-insensitively. */
export const mentions = (text: string | null | undefined, needle: string) => Boolean(text && needle && text.toLowerCase().includes(needle.toLowerCase()));
