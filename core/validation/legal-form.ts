/** Forma giuridica: the legal forms a client company can have, and what people type for them. */
import { type Check, fail, fold, ok, readText } from './result.js';

export type LegalForm =
  | 'srl'
  | 'srls'
  | 'spa'
  | 'sapa'
  | 'sas'
  | 'snc'
  | 'ss'
  | 'coop'
  | 'ditta_individuale'
  | 'libero_professionista'
  | 'associazione'
  | 'altro';

export const legalForms: readonly { code: LegalForm; it: string; en: string }[] = [
  { code: 'srl', it: 'Società a responsabilità limitata (S.r.l.)', en: 'Limited liability company (S.r.l.)' },
  { code: 'srls', it: 'S.r.l. semplificata (S.r.l.s.)', en: 'Simplified limited liability company (S.r.l.s.)' },
  { code: 'spa', it: 'Società per azioni (S.p.A.)', en: 'Joint-stock company (S.p.A.)' },
  { code: 'sapa', it: 'Società in accomandita per azioni (S.a.p.a.)', en: 'Partnership limited by shares (S.a.p.a.)' },
  { code: 'sas', it: 'Società in accomandita semplice (S.a.s.)', en: 'Limited partnership (S.a.s.)' },
  { code: 'snc', it: 'Società in nome collettivo (S.n.c.)', en: 'General partnership (S.n.c.)' },
  { code: 'ss', it: 'Società semplice (S.s.)', en: 'Simple partnership (S.s.)' },
  { code: 'coop', it: 'Società cooperativa', en: 'Cooperative' },
  { code: 'ditta_individuale', it: 'Ditta individuale', en: 'Sole trader' },
  { code: 'libero_professionista', it: 'Libero professionista', en: 'Self-employed professional' },
  { code: 'associazione', it: 'Associazione', en: 'Association' },
  { code: 'altro', it: 'Altro', en: 'Other' },
];

/** Forms whose tax code is the owner's personal one (16 characters). */
export const isIndividual = (f: LegalForm | undefined): boolean => f === 'ditta_individuale' || f === 'libero_professionista';

/** Companies proper: by law their codice fiscale is numeric (11 digits). */
export const isCompany = (f: LegalForm | undefined): boolean =>
  f !== undefined && ['srl', 'srls', 'spa', 'sapa', 'sas', 'snc', 'ss', 'coop'].includes(f);

/** "S.r.l.", "srl", "Società a responsabilità limitata" all become "srl". */
const key = (s: string): string => fold(s).replace(/[^a-z0-9]/g, '');

// A Map, not an object: "constructor" typed by someone must not find Object.prototype.constructor.
const ALIASES = new Map<string, LegalForm>([
  ['srlsemplificata', 'srls'],
  ['societaaresponsabilitalimitatasemplificata', 'srls'],
  ['cooperativa', 'coop'],
  ['ditta', 'ditta_individuale'],
  ['impresaindividuale', 'ditta_individuale'],
  ['professionista', 'libero_professionista'],
  ['liberaprofessione', 'libero_professionista'],
  ['asd', 'associazione'],
  ['aps', 'associazione'],
  ['onlus', 'associazione'],
]);
for (const f of legalForms) {
  for (const name of [f.code, f.it, f.en, f.it.replace(/\s*\(.*\)$/, ''), f.en.replace(/\s*\(.*\)$/, '')])
    ALIASES.set(key(name), f.code);
}

export function validateLegalForm(input: unknown): Check<LegalForm> {
  const text = readText(input);
  if (!text.ok) return text;
  const k = key(text.value);
  if (k === '') return fail('required', 'Scegli la forma giuridica.', 'Choose the legal form.', choices());
  const form = ALIASES.get(k);
  if (form) return ok(form);
  return fail(
    'unknown',
    'Forma giuridica non riconosciuta: scegli tra S.r.l., S.r.l.s., S.p.A., S.a.p.a., S.a.s., S.n.c., S.s., cooperativa, ditta individuale, libero professionista, associazione, altro.',
    'Legal form not recognised: choose among S.r.l., S.r.l.s., S.p.A., S.a.p.a., S.a.s., S.n.c., S.s., cooperative, sole trader, self-employed professional, association, other.',
    choices(),
  );
}

const choices = () => legalForms.map((f) => ({ value: f.code, label: f.it }));
