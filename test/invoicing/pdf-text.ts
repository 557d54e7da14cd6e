/**
 * The text of an uncompressed PDF made with pdfkit's standard fonts, read back for tests: each
 * `[...] TJ` array's hex strings joined (pdfkit splits words at kerning pairs), decoded as
 * Windows-1252, one line per text operation. Enough to assert what a page says; not a PDF parser.
 */
const CP1252: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x84: '„', 0x85: '…', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—', 0x99: '™',
};

export function pdfText(pdf: Buffer): string {
  const src = pdf.toString('latin1');
  const lines: string[] = [];
  for (const m of src.matchAll(/\[((?:<[0-9a-fA-F]*>|\s|-?\d+(?:\.\d+)?)*)\]\s*TJ/g)) {
    const hex = [...m[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('');
    let text = '';
    for (let i = 0; i < hex.length; i += 2) {
      const code = parseInt(hex.slice(i, i + 2), 16);
      text += CP1252[code] ?? String.fromCharCode(code);
    }
    lines.push(text);
  }
  return lines.join('\n');
}
