/**
 * CSV exports from home banking, read through a column mapping saved per bank (staff set it once).
 * Columns are named by header text (case and surrounding spaces ignored) or by 0-based index.
 * Either one signed `amount` column, or `credit` and `debit` columns (a debit is negative whatever
 * sign the bank wrote). Strict: a row that can't be read is a parse_error naming the row and its line,
 * rather than a statement silently missing a payment. Rows whose mapped cells are all empty are skipped
 * (blank separators, some banks' trailing lines).
 */
import { CsvError, parse } from 'csv-parse/sync';
import { decimalToCents } from './money.js';
import { type ParsedStatement, type StatementLine, emptyFileError, isReversalText, parseError, squash, assignDedupKeys } from './statement.js';
import { decodeText } from './decode-text.js';
import { payerFromDescription } from './payer-from-description.js';

export interface CsvMapping {
  delimiter: string;
  hasHeader: boolean;
  date: string; // column name or 0-based index
  dateFormat: 'DD/MM/YYYY' | 'YYYY-MM-DD' | 'DD-MM-YYYY';
  amount?: string;
  credit?: string;
  debit?: string;
  decimalComma: boolean;
  counterparty?: string;
  remittance: string;
  bankRef?: string;
  currency?: string; // a column; 'EUR' when absent
  valueDate?: string;
}

const DATE_FORMATS = {
  'DD/MM/YYYY': /^(?<d>\d{1,2})\/(?<m>\d{1,2})\/(?<y>\d{4})$/,
  'DD-MM-YYYY': /^(?<d>\d{1,2})-(?<m>\d{1,2})-(?<y>\d{4})$/,
  'YYYY-MM-DD': /^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})$/,
} as const;

function parseDate(text: string, format: CsvMapping['dateFormat']): string | null {
  const g = DATE_FORMATS[format].exec(text.trim().slice(0, 10))?.groups;
  if (!g) return null;
  const [y, m, d] = [Number(g.y), Number(g.m), Number(g.d)];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date.toISOString().slice(0, 10) : null;
}

const ITALIAN_FORMAT = { 'DD/MM/YYYY': 'GG/MM/AAAA', 'DD-MM-YYYY': 'GG-MM-AAAA', 'YYYY-MM-DD': 'AAAA-MM-GG' } as const;
const LABEL: Partial<Record<keyof CsvMapping, string>> = {
  date: 'data', valueDate: 'data valuta', amount: 'importo', credit: 'avere', debit: 'dare', counterparty: 'ordinante',
  remittance: 'causale', bankRef: 'riferimento banca', currency: 'valuta',
};

/** csv-parse's reasons, in Italian. */
function csvErrorReason(e: CsvError): string {
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'virgolette aperte e mai chiuse: il file è troncato o malformato';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'virgolette nel posto sbagliato: il file non è un CSV leggibile con questo separatore';
    default:
      // e.g. an opening quote inside a field (csv-parse names it in its message only)
      return /opening quote/i.test(e.message) ? 'virgolette nel posto sbagliato: il file non è un CSV leggibile con questo separatore' : 'CSV non leggibile';
  }
}

export function parseCsvStatement(text: string | Buffer, mapping: CsvMapping): ParsedStatement {
  const content = typeof text === 'string' ? text : decodeText(text);
  if (!content.replace(/^\ufeff/, '').trim()) throw emptyFileError();
  if (!mapping.amount && !(mapping.credit && mapping.debit))
    throw parseError(1, 'la mappatura delle colonne deve indicare una colonna importo, oppure le colonne avere e dare');
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(content, { delimiter: mapping.delimiter, bom: true, info: true, relax_column_count: true, skip_empty_lines: true });
  } catch (e) {
    if (e instanceof CsvError) throw parseError(Number(e.lines) || 1, csvErrorReason(e));
    throw e;
  }
  // Every row has the header's number of columns (or the first row's): a row with fewer is cut short
  // (a truncated file's last line), one with more has a stray separator; either would store a wrong movement.
  const width = rows[0]?.record.length ?? 0;
  for (const [k, { record, info }] of rows.entries()) {
    if (record.length === width || record.every((c) => c.trim() === '')) continue;
    const last = k === rows.length - 1 && !/[\r\n]$/.test(content);
    throw parseError(info.lines, `${record.length} colonne invece di ${width}${last ? ': l’ultima riga è troncata (file incompleto?)' : ''}`, { row: mapping.hasHeader ? k : k + 1 });
  }
  const header = mapping.hasHeader ? rows.shift() : undefined;
  const names = header?.record.map((h) => h.trim().toLowerCase());
  const column = (key: keyof CsvMapping, ref: string | undefined): number | null => {
    if (ref === undefined || ref === '') return null;
    const byName = names?.indexOf(ref.trim().toLowerCase()) ?? -1;
    if (byName >= 0) return byName;
    if (/^\d+$/.test(ref)) return Number(ref);
    throw parseError(header?.info.lines ?? 1, `la colonna "${ref}" (${LABEL[key] ?? key}) non è nell’intestazione`);
  };
  const col = {
    date: column('date', mapping.date)!,
    valueDate: column('valueDate', mapping.valueDate),
    amount: column('amount', mapping.amount),
    credit: column('credit', mapping.credit),
    debit: column('debit', mapping.debit),
    counterparty: column('counterparty', mapping.counterparty),
    remittance: column('remittance', mapping.remittance)!,
    bankRef: column('bankRef', mapping.bankRef),
    currency: column('currency', mapping.currency),
  };
  const decimal = mapping.decimalComma ? ',' : '.';

  const lines: StatementLine[] = [];
  rows.forEach(({ record, info }, k) => {
    const row = k + 1;
    const cell = (i: number | null) => (i === null ? '' : (record[i] ?? '').trim());
    const fail = (reason: string): never => {
      throw parseError(info.lines, `movimento ${row}: ${reason}`, { row });
    };
    if (Object.values(col).every((i) => cell(i) === '')) return;
    const bookingDate = parseDate(cell(col.date), mapping.dateFormat) ?? fail(`data non valida "${cell(col.date)}" (formato atteso ${ITALIAN_FORMAT[mapping.dateFormat]})`);
    const money = (i: number | null, what: string) => {
      const c = cell(i);
      if (c === '') return null;
      return decimalToCents(c.replace(/^[€$£]|[€$£]$/g, '').replace(/\s*EUR$/i, ''), decimal) ?? fail(`${what} non valido "${c}"`);
    };
    let amountCents: number;
    if (col.amount !== null) amountCents = money(col.amount, 'importo') ?? fail('importo vuoto');
    else {
      const credit = money(col.credit, 'avere');
      const debit = money(col.debit, 'dare');
      if (credit && debit) fail('sono compilati sia avere sia dare');
      if (credit === null && debit === null) fail('né avere né dare è compilato');
      amountCents = credit ? Math.abs(credit) : -Math.abs(debit ?? 0);
    }
    const currency = cell(col.currency).toUpperCase() || 'EUR';
    if (!/^[A-Z]{3}$/.test(currency)) fail(`valuta non valida "${currency}"`);
    const valueDate = cell(col.valueDate) ? (parseDate(cell(col.valueDate), mapping.dateFormat) ?? fail(`data valuta non valida "${cell(col.valueDate)}"`)) : null;
    const remittance = squash(cell(col.remittance));
    lines.push({
      bankRef: cell(col.bankRef) || null,
      bookingDate,
      valueDate,
      amountCents,
      currency,
      // No payer column: the name the bank wrote into the description ("… A VOSTRO FAVORE DA …").
      counterparty: (col.counterparty === null ? payerFromDescription(remittance) : squash(cell(col.counterparty))) || null,
      remittance,
      reversal: amountCents < 0 && isReversalText(remittance),
      dedupKey: '',
    });
  });
  if (!lines.length) throw emptyFileError();
  // A file cut inside the last field of its last line has every column and reads well: "fattura 12"
  // become "fatt", 1.234,56 become 1.234,5. Exports end their lines with a line break; a last line
  // without one may be cut short, so it is held for a person rather than trusted (a bank that never
  // ends its files with a break costs one look per import, not a wrong payment).
  if (!/[\r\n]\s*$/.test(content)) lines[lines.length - 1].suspect = 'ultima riga del file senza a capo finale: potrebbe essere troncata; confrontarla con l’estratto della banca prima di abbinarla';
  return { format: 'csv', accountIban: null, statementId: null, openingBalanceCents: null, closingBalanceCents: null, lines: assignDedupKeys(lines, null) };
}
