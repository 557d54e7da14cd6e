/**
 * FatturaPA's text fields accept Basic Latin and Latin-1 only, with fixed maximum lengths: what
 * people type (typographic apostrophes, dashes, emoji) is mapped to the nearest Latin character.
 */
const REPLACEMENTS: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u2033': '"',
  '\u2013': '-', '\u2014': '-', '\u2212': '-', '\u2026': '...', '\u20AC': 'EUR', '\u00A0': ' ',
};

export function latin(text: string, max: number): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if (REPLACEMENTS[ch] !== undefined) out += REPLACEMENTS[ch];
    else if (code < 0x20 || code === 0x7f) out += ' ';
    else if (code <= 0xff) out += ch;
    else {
      // A letter with an accent Latin-1 lacks keeps its base letter (ł is dropped, ș becomes s).
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += [...base].every((c) => c.codePointAt(0)! <= 0xff) ? base : '';
    }
  }
  return out.replace(/\s+/g, ' ').trim().slice(0, max).trim();
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** 12345 → "123.45"; negative amounts keep their sign. */
export function amount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 2200 basis points → "22.00" */
export function rate(bp: number): string {
  return `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}`;
}
