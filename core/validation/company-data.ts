/**
 * The company form of PRODUCT.md flow 3 as data: the bot walks `companyFields` one question at a
 * time (passing the answers so far, for cross-field rules), the web checkout shows them all at once
 * and the back-office re-checks with `validateCompanyData`. Order = the order of the questions.
 */
import { validateAteco } from './ateco.js';
import { validateCodiceFiscaleAzienda, validateCodiceFiscalePersona } from './codice-fiscale.js';
import { validateCap } from './cap.js';
import { validateEmail, validatePec } from './email.js';
import { type LegalForm, isCompany, isIndividual, validateLegalForm } from './legal-form.js';
import { validatePartitaIva } from './partita-iva.js';
import { validatePhone } from './phone.js';
import { validateProvincia } from './province.js';
import { type Check, type FieldError, fail, ok, readText } from './result.js';
import { validateSdi } from './sdi.js';
import { validateRequiredText } from './text.js';

export { type LegalForm, legalForms } from './legal-form.js';

export interface CompanyData {
  legalName: string;
  legalForm: LegalForm;
  vatNumber: string;
  taxCode: string;
  address: string;
  cap: string;
  city: string;
  province: string;
  repFirstName: string;
  repLastName: string;
  repTaxCode: string;
  atecoCode: string;
  pec: string | null;
  sdiCode: string;
  email: string;
  phone: string | null;
}

type Words = { it: string; en: string };

export interface CompanyField {
  key: keyof CompanyData;
  label: Words;
  /** the question the bot asks */
  prompt: Words;
  example?: string;
  /** may be left empty (the value is then null) */
  optional: boolean;
  // Check<any> because each key has its own value type; validateCompanyData assembles them.
  validate(raw: unknown, sofar: Partial<CompanyData>): Check<any>;
}

/** Answers that mean "I have none" to an optional question, nothing at all, or "same as the Partita IVA". */
const isNone = (raw: unknown): boolean => {
  const t = readText(raw);
  return t.ok && /^(|-|no|nessun[ao]?|non ce l['’]?ho|none|n\/a|skip|salta)$/i.test(t.value.trim());
};
const isBlank = (raw: unknown): boolean => {
  const t = readText(raw);
  return t.ok && t.value.trim() === '';
};
const isSameAsVat = (raw: unknown): boolean => {
  const t = readText(raw);
  return t.ok && /^(=|uguale|idem|same|stessa|come (la )?partita iva|uguale alla partita iva)$/i.test(t.value.trim());
};

const text = (label: Words, min: number, max: number, kind?: 'name' | 'place') => (raw: unknown) => validateRequiredText(raw, { label, min, max, kind });

function validateTaxCode(raw: unknown, sofar: Partial<CompanyData>): Check {
  const form = sofar.legalForm;
  if (isSameAsVat(raw)) {
    // "uguale": copy the Partita IVA — only possible for companies, and only once it is valid.
    if (isIndividual(form))
      return fail(
        'individual_personal',
        'Per una ditta individuale o un professionista il codice fiscale è quello personale del titolare, di 16 caratteri (non la Partita IVA).',
        'For a sole trader or professional the tax code is the owner’s personal one, 16 characters (not the VAT number).',
      );
    if (sofar.vatNumber) return ok(sofar.vatNumber);
    return fail(
      'required',
      'Scrivi il codice fiscale: «uguale» si può usare solo dopo aver indicato una Partita IVA valida.',
      'Enter the tax code: "same" can only be used once a valid VAT number has been given.',
    );
  }
  if (!isIndividual(form) && sofar.vatNumber && isBlank(raw)) return ok(sofar.vatNumber); // left empty in the web form
  const r = validateCodiceFiscaleAzienda(raw);
  if (!r.ok) return r;
  if (isCompany(form) && r.value.length === 16)
    return fail(
      'company_numeric',
      'Per una società il codice fiscale è numerico, di 11 cifre (di solito uguale alla Partita IVA): quello di 16 caratteri è di una persona.',
      'A company’s tax code is numeric, 11 digits (usually the same as the VAT number): the 16-character one belongs to a person.',
    );
  if (isIndividual(form) && r.value.length === 11)
    return fail(
      'individual_personal',
      'Per una ditta individuale o un professionista il codice fiscale è quello personale del titolare, di 16 caratteri (non la Partita IVA).',
      'For a sole trader or professional the tax code is the owner’s personal one, 16 characters (not the VAT number).',
    );
  return r;
}

function validateRepTaxCode(raw: unknown, sofar: Partial<CompanyData>): Check {
  const own = isIndividual(sofar.legalForm) && sofar.taxCode?.length === 16 ? sofar.taxCode : undefined;
  if (own && (isBlank(raw) || isSameAsVat(raw))) return ok(own); // the owner is the legal representative
  const r = validateCodiceFiscalePersona(raw);
  if (r.ok && own && r.value !== own)
    return fail(
      'owner_mismatch',
      'In una ditta individuale il legale rappresentante è il titolare: il suo codice fiscale deve essere uguale a quello dell’azienda.',
      'In a sole proprietorship the legal representative is the owner: their tax code must equal the business’s one.',
    );
  return r;
}

export const companyFields: readonly CompanyField[] = [
  {
    key: 'legalName',
    label: { it: 'Ragione sociale', en: 'Company name' },
    prompt: { it: 'Qual è la ragione sociale dell’azienda (come nella visura camerale)?', en: 'What is the company’s registered name (as in the chamber of commerce record)?' },
    example: 'Rossi Impianti S.r.l.',
    optional: false,
    validate: text({ it: 'Ragione sociale', en: 'Company name' }, 2, 150),
  },
  {
    key: 'legalForm',
    label: { it: 'Forma giuridica', en: 'Legal form' },
    prompt: { it: 'Qual è la forma giuridica?', en: 'What is the legal form?' },
    example: 'S.r.l.',
    optional: false,
    validate: (raw) => validateLegalForm(raw),
  },
  {
    key: 'vatNumber',
    label: { it: 'Partita IVA', en: 'VAT number (Partita IVA)' },
    prompt: { it: 'Qual è la Partita IVA dell’azienda?', en: 'What is the company’s VAT number (Partita IVA)?' },
    example: '00743110157',
    optional: false,
    validate: (raw) => validatePartitaIva(raw),
  },
  {
    key: 'taxCode',
    label: { it: 'Codice fiscale', en: 'Tax code (codice fiscale)' },
    prompt: {
      it: 'Qual è il codice fiscale dell’azienda? Se è uguale alla Partita IVA scrivi «uguale».',
      en: 'What is the company’s tax code (codice fiscale)? If it is the same as the VAT number, write "same".',
    },
    example: '00743110157',
    optional: false,
    validate: validateTaxCode,
  },
  {
    key: 'address',
    label: { it: 'Indirizzo della sede legale', en: 'Registered office address' },
    prompt: { it: 'Indirizzo della sede legale (via e numero civico)?', en: 'Registered office address (street and number)?' },
    example: 'Via Roma 1',
    optional: false,
    validate: text({ it: 'Indirizzo della sede legale', en: 'Registered office address' }, 3, 200),
  },
  {
    key: 'cap',
    label: { it: 'CAP', en: 'Postcode (CAP)' },
    prompt: { it: 'CAP della sede legale?', en: 'Postcode (CAP) of the registered office?' },
    example: '20121',
    optional: false,
    validate: (raw) => validateCap(raw),
  },
  {
    key: 'city',
    label: { it: 'Comune', en: 'Town' },
    prompt: { it: 'In quale comune ha sede?', en: 'In which town is the registered office?' },
    example: 'Milano',
    optional: false,
    validate: text({ it: 'Comune', en: 'Town' }, 2, 100, 'place'),
  },
  {
    key: 'province',
    label: { it: 'Provincia', en: 'Province' },
    prompt: { it: 'Provincia (sigla di 2 lettere)?', en: 'Province (2-letter code)?' },
    example: 'MI',
    optional: false,
    validate: (raw) => validateProvincia(raw),
  },
  {
    key: 'repFirstName',
    label: { it: 'Nome del legale rappresentante', en: 'Legal representative’s first name' },
    prompt: { it: 'Nome del legale rappresentante?', en: 'Legal representative’s first name?' },
    example: 'Mario',
    optional: false,
    validate: text({ it: 'Nome del legale rappresentante', en: 'Legal representative’s first name' }, 1, 100, 'name'),
  },
  {
    key: 'repLastName',
    label: { it: 'Cognome del legale rappresentante', en: 'Legal representative’s surname' },
    prompt: { it: 'Cognome del legale rappresentante?', en: 'Legal representative’s surname?' },
    example: 'Rossi',
    optional: false,
    validate: text({ it: 'Cognome del legale rappresentante', en: 'Legal representative’s surname' }, 1, 100, 'name'),
  },
  {
    key: 'repTaxCode',
    label: { it: 'Codice fiscale del legale rappresentante', en: 'Legal representative’s tax code' },
    prompt: { it: 'Codice fiscale del legale rappresentante (16 caratteri)?', en: 'Legal representative’s tax code (codice fiscale, 16 characters)?' },
    example: 'RSSMRA85T10A562S',
    optional: false,
    validate: validateRepTaxCode,
  },
  {
    key: 'atecoCode',
    label: { it: 'Codice ATECO', en: 'ATECO activity code' },
    prompt: {
      it: 'Codice ATECO dell’attività principale (6 cifre, es. 62.10.00)? Puoi anche scrivere l’attività a parole.',
      en: 'ATECO code of the main activity (6 digits, e.g. 62.10.00)? You can also describe the activity in words.',
    },
    example: '69.20.01',
    optional: false,
    validate: (raw) => validateAteco(raw),
  },
  {
    key: 'pec',
    label: { it: 'PEC', en: 'PEC (certified e-mail)' },
    prompt: {
      it: 'Indirizzo PEC dell’azienda? Se non c’è scrivi «no»: servirà il codice destinatario SDI.',
      en: 'The company’s PEC (certified e-mail) address? If it has none, write "no": the SDI recipient code will then be needed.',
    },
    example: 'rossiimpianti@pec.it',
    optional: true,
    validate: (raw) => (isNone(raw) ? ok(null) : validatePec(raw)),
  },
  {
    key: 'sdiCode',
    label: { it: 'Codice destinatario SDI', en: 'SDI recipient code' },
    prompt: {
      it: 'Codice destinatario SDI per le fatture elettroniche (7 caratteri)? Se l’azienda non ne ha uno scrivi 0000000: le fatture arriveranno alla PEC, se c’è, e nel cassetto fiscale.',
      en: 'SDI recipient code for electronic invoices (7 characters)? If the company has none, write 0000000: invoices will reach the PEC, if any, and the tax drawer (cassetto fiscale).',
    },
    example: 'M5UXCR1',
    optional: false,
    validate: (raw, sofar) => validateSdi(isNone(raw) ? '' : raw, { hasPec: Boolean(sofar.pec) }),
  },
  {
    key: 'email',
    label: { it: 'Email', en: 'E-mail' },
    prompt: { it: 'Email di contatto dell’azienda?', en: 'The company’s contact e-mail?' },
    example: 'amministrazione@rossiimpianti.it',
    optional: false,
    validate: (raw) => validateEmail(raw),
  },
  {
    key: 'phone',
    label: { it: 'Telefono', en: 'Phone' },
    prompt: { it: 'Numero di telefono? (facoltativo: scrivi «no» per saltare)', en: 'Phone number? (optional: write "no" to skip)' },
    example: '+39 02 1234567',
    optional: true,
    validate: (raw) => (isNone(raw) ? ok(null) : validatePhone(raw)),
  },
];

export const companyField = (key: keyof CompanyData): CompanyField | undefined => companyFields.find((f) => f.key === key);

/** All fields at once (web form, "Conferma i dati", back-office): every error, keyed by field. */
export function validateCompanyData(
  input: Record<string, unknown>,
): { ok: true; value: CompanyData } | { ok: false; errors: Partial<Record<keyof CompanyData, FieldError>> } {
  const source: unknown = input;
  const sofar: Partial<Record<keyof CompanyData, unknown>> = {};
  const errors: Partial<Record<keyof CompanyData, FieldError>> = {};
  for (const field of companyFields) {
    let raw: unknown;
    try {
      // Own properties only: "constructor" and friends must read as missing. A hostile getter must not escape.
      raw = source !== null && typeof source === 'object' && Object.hasOwn(source, field.key) ? (source as Record<string, unknown>)[field.key] : undefined;
    } catch {
      raw = undefined;
    }
    const r = field.validate(raw, sofar as Partial<CompanyData>);
    if (r.ok) sofar[field.key] = r.value;
    else errors[field.key] = r.error;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: sofar as CompanyData };
}
