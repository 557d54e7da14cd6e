/**
 * E-mail and PEC (posta elettronica certificata, which is an ordinary address on a certified
 * provider's domain). Syntax only: whether a mailbox exists or is really certified cannot be
 * known here.
 */
import { type Check, fail, ok, readText } from './result.js';

// Practical subset of RFC 5321: dot-atom local part, LDH domain labels, alphabetic TLD (IDN as xn--).
const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TLD = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

type Words = { it: string; en: string };

function check(input: unknown, what: Words): Check {
  const text = readText(input);
  if (!text.ok) return text;
  // Mail clients copy "mailto:x@y.it" or "<x@y.it>"; addresses are compared case-insensitively in practice.
  const s = text.value
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^<(.*)>$/, '$1')
    .trim()
    .toLowerCase();
  if (s === '') return fail('required', `Scrivi ${what.it}.`, `Enter ${what.en}.`);
  if (/\s/.test(s))
    return fail('format', `${cap(what.it)} non può contenere spazi.`, `${cap(what.en)} cannot contain spaces.`);
  const at = s.lastIndexOf('@');
  if (at < 0 || s.indexOf('@') !== at)
    return fail('format', `${cap(what.it)} deve contenere una sola @ (es. nome@dominio.it).`, `${cap(what.en)} must contain exactly one @ (e.g. name@domain.it).`);
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (s.length > 254 || local.length > 64)
    return fail('too_long', `${cap(what.it)} è troppo lungo.`, `${cap(what.en)} is too long.`);
  if (!LOCAL.test(local))
    return fail(
      'format',
      `${cap(what.it)} non è valido: controlla la parte prima della @ (lettere, cifre, punti non doppi né ai bordi).`,
      `${cap(what.en)} is not valid: check the part before the @ (letters, digits, no leading, trailing or double dots).`,
    );
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || !TLD.test(labels[labels.length - 1]!))
    return fail(
      'domain',
      `${cap(what.it)} non è valido: il dominio dopo la @ deve essere come «dominio.it».`,
      `${cap(what.en)} is not valid: the domain after the @ must look like "domain.it".`,
    );
  return ok(s);
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Ordinary e-mail address, returned trimmed and lower-case. */
export const validateEmail = (input: unknown): Check =>
  check(input, { it: 'l’indirizzo email', en: 'the e-mail address' });

/** PEC address: same syntax as an e-mail, returned lower-case. */
export const validatePec = (input: unknown): Check =>
  check(input, { it: 'l’indirizzo PEC', en: 'the PEC (certified e-mail) address' });
