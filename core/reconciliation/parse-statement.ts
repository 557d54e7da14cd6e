/** One entry point for an uploaded statement: sniff the format, hand it to its parser. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { type CsvMapping, parseCsvStatement } from './parse-csv.js';
import { parseCamt053, readCamt053 } from './parse-camt053.js';
import { parseCbi } from './parse-cbi.js';
import { type ParsedStatement, emptyFileError, parseError } from './statement.js';

export type StatementFormat = ParsedStatement['format'];

/**
 * camt053: XML whose head names the camt.053 namespace. cbi: the first record is RH, or 61 followed by
 * its 7-digit statement number, after the filler space (or without it). csv: anything else.
 * Returns null for XML that is not a camt.053 (camt.052/054, other documents): better refused than
 * read as CSV.
 */
export function detectFormat(content: string | Buffer): StatementFormat | null {
  const head = (typeof content === 'string' ? content.slice(0, 4096) : content.subarray(0, 4096).toString('latin1')).replace(/^(\ufeff|\u00ef\u00bb\u00bf)/, ''); // BOM as UTF-8 or read as latin1
  if (head.trimStart().startsWith('<')) return /camt\.053\.001\.\d\d/.test(head) ? 'camt053' : null;
  const first = head.replace(/^[\r\n]+/, '').split(/\r?\n|\r/, 1)[0];
  if (/^ {0,2}(RH|61\d{7})/.test(first)) return 'cbi';
  return 'csv';
}

export function parseStatement(content: string | Buffer, opts: { csvMapping?: CsvMapping } = {}): ParsedStatement {
  if (isBlank(content)) throw emptyFileError();
  switch (detectFormat(content)) {
    case 'camt053':
      return parseCamt053(content);
    case 'cbi':
      return parseCbi(content);
    case 'csv':
      if (!opts.csvMapping) throw parseError(1, 'sembra un file CSV: scegli prima la mappatura delle colonne della banca');
      return parseCsvStatement(content, opts.csvMapping);
    default:
      throw parseError(1, 'un file XML che non è un estratto conto camt.053');
  }
}

/**
 * A statement on disk, with the SHA-256 of its bytes. A camt.053 (100,000 entries are about 100 MB of
 * XML) is never held whole: it is read 64 KB at a time, pieces small enough for V8's young generation,
 * collected as soon as they are scanned. CBI and CSV, a few MB of text for as many lines, are read
 * whole: their decoding (encoding, quotes over several lines) wants the whole text.
 */
export async function readStatementFile(
  path: string, opts: { csvMapping?: CsvMapping; onLines?: (linesRead: number) => Promise<void> } = {},
): Promise<{ parsed: ParsedStatement; sha256: string }> {
  const hash = createHash('sha256');
  const file = await open(path);
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    if (detectFormat(head.subarray(0, bytesRead)) === 'camt053') {
      const hashed = async function* () {
        for await (const chunk of createReadStream('', { fd: file, autoClose: false, start: 0, highWaterMark: 64 * 1024 })) {
          hash.update(chunk as Buffer);
          yield chunk as Buffer;
        }
      };
      const parsed = await readCamt053(hashed(), opts.onLines);
      return { parsed, sha256: hash.digest('hex') };
    }
    const content = await file.readFile();
    return { parsed: parseStatement(content, opts), sha256: hash.update(content).digest('hex') };
  } finally {
    await file.close();
  }
}

/** Nothing but whitespace, BOMs and zero bytes (an empty UTF-16 file is its BOM). */
function isBlank(content: string | Buffer): boolean {
  if (typeof content === 'string') return !content.replace(/\ufeff/g, '').trim();
  for (let i = 0; i < content.length; i++) {
    const b = content[i];
    if (b === 0 || b === 32 || b === 9 || b === 10 || b === 13 || b === 0xef || b === 0xbb || b === 0xbf || b === 0xff || b === 0xfe) continue;
    return false;
  }
  return true;
}
