/**
 * ATECO 2025 activity codes. Company registrations use the 6-digit sub-category (NN.NN.NN);
 * people type it in many shapes ("621000", "62.10.0", "62.1000") or only know words
 * ("commercialista"), so validation normalises codes and search answers words.
 *
 * The data ships as a generated TypeScript module (see gen-ateco-data.mjs), so it works the same
 * from source (tsx) and from dist/ without reading files at run time; it is parsed and indexed once,
 * at first use.
 */
import { ATECO_2025_ROWS } from './ateco-2025.data.js';
import { type Check, fail, fold, MAX_INPUT, ok, readText } from './result.js';

export interface AtecoEntry {
  code: string;
  description: string;
}

interface Db {
  byCode: Map<string, AtecoEntry>; // categories and sub-categories
  subs: AtecoEntry[]; // sub-categories, in code order
  subWords: Set<string>[]; // folded words of each sub-category's own description
  stems: string[]; // sorted distinct stems, for prefix look-up by binary search
  postings: Map<string, Map<number, number>>; // stem → sub index → weight (1 own text, 0.5 category text, 1.2 both, 0.2 excluded)
}

let db: Db | undefined;

const STOP = new Set(
  ('a ad al all alla alle allo ai agli c con d da dal dall dalla dalle dallo dai dagli de del dell della delle dello dei degli di e ed ' +
    'i il in l la le lo n nca nel nell nella nelle nello nei negli o od per s su sul sull sulla sulle sullo sui sugli tra fra un una uno')
    .split(' '),
);

/** Lower-case, accent-free words: "Attività di contabilità; all'ingrosso" → [attivita, contabilita, ingrosso]. */
const words = (s: string): string[] => fold(s).split(/[^a-z0-9]+/).filter((w) => w !== '' && !STOP.has(w));

/**
 * Words of a description, each flagged when it follows "escluso/esclusa/esclusi/escluse" in its
 * clause: "Altre attività editoriali, esclusa l'edizione di software" is not about software.
 */
function weightedWords(description: string): [string, boolean][] {
  const out: [string, boolean][] = [];
  for (const clause of description.split(/[,;]/)) {
    let excluded = false;
    for (const w of words(clause)) {
      if (/^esclus[oaie]$/.test(w)) excluded = true;
      out.push([w, excluded]);
    }
  }
  return out;
}

/**
 * A light Italian stemmer so that singular/plural and masculine/feminine meet:
 * commercialista/commercialisti → commercialist, contabile/contabilità → contabil,
 * idraulico/idrauliche → idraulic.
 */
export function stem(w: string): string {
  if (w.length <= 3 || /\d/.test(w)) return w;
  let s = w.length > 6 && w.endsWith('ita') ? w.slice(0, -3) : w; // -ità nouns: contabilità → contabil
  s = s.replace(/[aeiou]+$/, '');
  s = s.replace(/([cg])h$/, '$1');
  return s.length >= 3 ? s : w;
}

/**
 * Everyday words that the classification does not use. Kept tiny: only obvious equivalences.
 * A Map, not an object literal: a query word like "constructor" must not find Object.prototype's.
 */
const SYNONYMS = new Map<string, string[]>([
  ['software', ['programmazione']],
  ['app', ['programmazione']],
  ['sviluppatore', ['programmazione']],
  ['avvocato', ['legali']],
  ['avvocati', ['legali']],
  ['notaio', ['notarili']],
  ['estetista', ['bellezza']],
  ['negozio', ['dettaglio']],
]);

function load(): Db {
  if (db) return db;
  const byCode = new Map<string, AtecoEntry>();
  const subs: AtecoEntry[] = [];
  const subWords: Set<string>[] = [];
  const postings = new Map<string, Map<number, number>>();
  const post = (text: string, index: number, weight: number): void => {
    for (const [w, excluded] of weightedWords(text)) {
      const st = stem(w);
      let p = postings.get(st);
      if (!p) postings.set(st, (p = new Map()));
      const had = p.get(index) ?? 0;
      const wt = excluded ? 0.2 : weight;
      // Found both in its own text (1) and in its category's (0.5): squarely about this word.
      if (had + wt === 1.5) p.set(index, 1.2);
      else if (had < wt) p.set(index, wt);
    }
  };
  let category: AtecoEntry | undefined;
  for (const line of ATECO_2025_ROWS.split('\n')) {
    const bar = line.indexOf('|');
    if (bar < 0) continue;
    const code = line.slice(0, bar);
    if (code.length === 7) {
      category = { code, description: line.slice(bar + 1) };
      byCode.set(code, category);
      continue;
    }
    const entry = { code, description: line.slice(bar + 1) || category!.description };
    byCode.set(code, entry);
    const index = subs.push(entry) - 1;
    subWords.push(new Set(words(entry.description)));
    // The category's wording describes its sub-categories too ("consulenza fiscale" → 69.20.0x);
    // a sub-category that repeats it is "about" those words in both texts.
    if (category!.description === entry.description) post(entry.description, index, 1.2);
    else {
      post(entry.description, index, 1);
      post(category!.description, index, 0.5);
    }
  }
  db = { byCode, subs, subWords, stems: [...postings.keys()].sort(), postings };
  return db;
}

/** Digits of something that looks like a code ("ATECO 62.10.00", "62 10 00", "62,1000"), else undefined. */
function codeDigits(raw: string): string | undefined {
  const s = raw.trim().replace(/^ateco(\s*2025)?\s*:?\s*/i, '');
  if (!/^[\d.\s,-]+$/.test(s)) return undefined;
  return s.replace(/\D/g, '');
}

const dotted = (d: string): string =>
  d.length <= 2 ? d : d.length <= 4 ? `${d.slice(0, 2)}.${d.slice(2)}` : `${d.slice(0, 2)}.${d.slice(2, 4)}.${d.slice(4)}`;

/** Sub-categories whose code starts with these digits (division, class or category). */
function subsUnder(digits: string): AtecoEntry[] {
  const prefix = dotted(digits);
  return load().subs.filter((e) => e.code.startsWith(prefix));
}

export function findAteco(code: unknown): AtecoEntry | undefined {
  if (typeof code !== 'string' || code.length > 40) return undefined;
  const d = codeDigits(code);
  if (d === undefined || (d.length !== 5 && d.length !== 6)) return undefined;
  return load().byCode.get(dotted(d));
}

const choicesOf = (entries: AtecoEntry[]) =>
  entries.map((e) => ({ value: e.code, label: `${e.code} ${e.description}` }));

const listed = (entries: AtecoEntry[]): string =>
  entries
    .slice(0, 8)
    .map((e) => `${e.code} (${e.description})`)
    .join('; ') + (entries.length > 8 ? '; …' : '');

/** Accepts any common spelling of a code; returns the canonical 6-digit sub-category "NN.NN.NN". */
export function validateAteco(input: unknown): Check {
  const text = readText(input);
  if (!text.ok) return text;
  const raw = text.value.trim();
  if (raw === '') return fail('required', 'Scrivi il codice ATECO (6 cifre, es. 62.10.00).', 'Enter the ATECO code (6 digits, e.g. 62.10.00).');
  const d = codeDigits(raw);
  if (d === undefined) {
    // Words instead of a code: offer the best matches as choices.
    const found = raw.length <= 200 ? searchAteco(raw, 5) : [];
    return fail(
      'not_code',
      found.length
        ? `Serve il codice ATECO a 6 cifre (es. 62.10.00). Forse uno di questi: ${listed(found)}.`
        : 'Serve il codice ATECO a 6 cifre (es. 62.10.00): lo trovi nella visura camerale.',
      found.length
        ? `The 6-digit ATECO code is needed (e.g. 62.10.00). Perhaps one of these: ${listed(found)}.`
        : 'The 6-digit ATECO code is needed (e.g. 62.10.00): it is on the company’s chamber of commerce record (visura).',
      found.length ? choicesOf(found) : undefined,
    );
  }
  const { byCode } = load();
  const code = dotted(d);
  if (d.length === 6 && byCode.has(code)) return ok(code);
  if (d.length === 5 || d.length === 4) {
    const under = byCode.has(code) || d.length === 4 ? subsUnder(d) : [];
    if (under.length === 1) return ok(under[0]!.code); // only one possible sub-category: no need to ask
    if (under.length > 1)
      return fail(
        'ambiguous',
        `Il codice ${code} comprende più attività: scegli il codice a 6 cifre: ${listed(under)}.`,
        `Code ${code} covers several activities: choose the 6-digit code: ${listed(under)}.`,
        choicesOf(under),
      );
  }
  if (d.length === 6 || d.length === 5 || d.length === 4) {
    // Unknown code: often an ATECO 2007 code that the 2025 revision renumbered.
    const near = subsUnder(d.slice(0, 4));
    return fail(
      'unknown',
      `Il codice ${code} non esiste in ATECO 2025 (forse è un codice ATECO 2007?).` +
        (near.length ? ` Codici vicini: ${listed(near)}.` : ''),
      `Code ${code} does not exist in ATECO 2025 (perhaps an ATECO 2007 code?).` + (near.length ? ` Nearby codes: ${listed(near)}.` : ''),
      near.length ? choicesOf(near) : undefined,
    );
  }
  return fail(
    'length',
    `Il codice ATECO è di 6 cifre (es. 62.10.00), hai scritto ${d.length === 1 ? '1 cifra' : `${d.length} cifre`}.`,
    `The ATECO code has 6 digits (e.g. 62.10.00), you typed ${d.length === 1 ? '1 digit' : `${d.length} digits`}.`,
  );
}

/** First index in the sorted array whose value is ≥ key. */
function lowerBound(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Best sub-categories for a few words, accent- and case-insensitive, matching word prefixes.
 * Ranking: entries matching every word first, then by score (whole word > prefix > synonym;
 * own description > its category's), then shorter (more specific) descriptions.
 */
export function searchAteco(query: string, limit = 8): AtecoEntry[] {
  if (typeof query !== 'string' || query.length > MAX_INPUT) return [];
  const max = Number.isFinite(limit) ? Math.max(0, Math.min(100, Math.floor(limit))) : 8;
  if (max === 0) return [];
  const { subs, subWords, stems, postings } = load();
  const digits = codeDigits(query);
  if (digits !== undefined) return digits.length >= 2 ? subsUnder(digits.slice(0, 6)).slice(0, max) : [];

  const terms = [...new Set(words(query))].filter((w) => w.length >= 2).slice(0, 8);
  if (terms.length === 0) return [];
  const hits = new Map<number, { matched: number; score: number }>();
  for (const term of terms) {
    const best = new Map<number, number>(); // this term's best weight per entry
    const add = (st: string, factor: number, prefix: boolean): void => {
      for (let i = lowerBound(stems, st); i < stems.length && stems[i]!.startsWith(st); i++) {
        const k = stems[i] === st ? 1 : 0.7;
        if (!prefix && k < 1) break;
        for (const [entry, w] of postings.get(stems[i]!)!) {
          let score = w * k * factor;
          if (factor === 1 && w >= 1 && subWords[entry]!.has(term)) score += 0.3; // the very word typed
          if (score > (best.get(entry) ?? 0)) best.set(entry, score);
        }
      }
    };
    add(stem(term), 1, true);
    // Trades named after the activity, when the word itself is not in the data:
    // elettricista → elettric(o), fiorista → fior(i).
    if (best.size === 0 && term.length > 7 && /ist[aie]$/.test(term)) add(term.slice(0, -4), 0.8, true);
    for (const syn of SYNONYMS.get(term) ?? []) add(stem(syn), 0.6, false);
    for (const [entry, score] of best) {
      const h = hits.get(entry) ?? { matched: 0, score: 0 };
      h.matched++;
      h.score += score;
      hits.set(entry, h);
    }
  }
  return [...hits]
    .sort(
      ([a, x], [b, y]) =>
        y.matched - x.matched ||
        y.score - x.score ||
        subs[a]!.description.length - subs[b]!.description.length ||
        (subs[a]!.code < subs[b]!.code ? -1 : 1),
    )
    .slice(0, max)
    .map(([i]) => subs[i]!);
}
