/**
 * Payer name vs buyer name. Banks write "ROSSI MARIO", "ROSSI & C. S.R.L.", "Caffè Nero srl" as
 * "CAFFE NERO SRL": compare sets of words, ignoring case, accents, dots, legal forms and titles.
 */
const IGNORED = new Set([
  // legal forms, written with or without dots
  'srl', 'srls', 'spa', 'sas', 'snc', 'sapa', 'scarl', 'scrl', 'sca', 'ss', 'coop', 'soc', 'societa', 'ditta',
  'ltd', 'gmbh', 'sarl', 'sl', 'sa', 'bv', 'inc', 'llc',
  // titles and joiners
  'sig', 'sigra', 'dott', 'dottssa', 'dr', 'avv', 'ing', 'geom', 'rag', 'arch', 'prof',
  'di', 'de', 'del', 'della', 'dei', 'degli', 'e', 'ed', 'and', 'c',
]);

/**
 * Lower-case ASCII words of a name, without legal forms, titles and one-letter words. Hand-written
 * (no regex split): it runs once per open order, i.e. 100k times for a large import.
 */
export function nameTokens(name: string | null | undefined): string[] {
  if (!name) return [];
  const text = /[^\x00-\x7f]/.test(name) ? name.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : name;
  const out: string[] = [];
  let word = '';
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) | 0 : 32;
    if (c === 46) continue; // "s.r.l." → "srl"
    const lower = c >= 65 && c <= 90 ? c + 32 : c;
    if ((lower >= 97 && lower <= 122) || (lower >= 48 && lower <= 57)) {
      word += String.fromCharCode(lower);
      continue;
    }
    if (word.length > 1 && !IGNORED.has(word) && !out.includes(word)) out.push(word);
    word = '';
  }
  return out;
}

/** Dice coefficient of two token sets: 1 for the same words in any order, 0 for none shared. */
export function nameSimilarity(a: readonly string[], b: readonly string[]): number {
  if (!a.length || !b.length) return 0;
  let shared = 0;
  for (const t of a) if (b.includes(t)) shared++;
  return (2 * shared) / (a.length + b.length);
}
