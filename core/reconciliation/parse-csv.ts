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
import { type ParsedStatement, type StatementLine, parseError, squash, assignDedupKeys } from './statement.js';

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

/** UTF-8 when it is valid UTF-8, else Windows-1252/latin1 (what Italian home banking often exports). */
function decode(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return buf.toString('latin1');
  }
}

export function parseCsvStatement(text: string | Buffer, mapping: CsvMapping): ParsedStatement {
  if (!mapping.amount && !(mapping.credit && mapping.debit))
    throw parseError(1, 'the column mapping needs an amount column, or both credit and debit columns');
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(typeof text === 'string' ? text : decode(text), { delimiter: mapping.delimiter, bom: true, info: true, relax_column_count: true, skip_empty_lines: true });
  } catch (e) {
    if (e instanceof CsvError) throw parseError(Number(e.lines) || 1, e.message);
    throw e;
  }
  const header = mapping.hasHeader ? rows.shift() : undefined;
  const names = header?.record.map((h) => h.trim().toLowerCase());
  const column = (key: keyof CsvMapping, ref: string | undefined): number | null => {
    if (ref === undefined || ref === '') return null;
    const byName = names?.indexOf(ref.trim().toLowerCase()) ?? -1;
    if (byName >= 0) return byName;
    if (/^\d+$/.test(ref)) return Number(ref);
    throw parseError(header?.info.lines ?? 1, `column "${ref}" (${key}) is not in the header`);
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
      throw parseError(info.lines, `row ${row}: ${reason}`, { row });
    };
    if (Object.values(col).every((i) => cell(i) === '')) return;
    const bookingDate = parseDate(cell(col.date), mapping.dateFormat) ?? fail(`bad date "${cell(col.date)}" (expected ${mapping.dateFormat})`);
    const money = (i: number | null, what: string) => {
      const c = cell(i);
      if (c === '') return null;
      return decimalToCents(c.replace(/^[€$£]|[€$£]$/g, '').replace(/\s*EUR$/i, ''), decimal) ?? fail(`bad ${what} "${c}"`);
    };
    let amountCents: number;
    if (col.amount !== null) amountCents = money(col.amount, 'amount') ?? fail('empty amount');
    else {
      const credit = money(col.credit, 'credit');
      const debit = money(col.debit, 'debit');
      if (credit && debit) fail('both credit and debit are filled');
      if (credit === null && debit === null) fail('neither credit nor debit is filled');
      amountCents = credit ? Math.abs(credit) : -Math.abs(debit ?? 0);
    }
    const currency = cell(col.currency).toUpperCase() || 'EUR';
    if (!/^[A-Z]{3}$/.test(currency)) fail(`bad currency "${currency}"`);
    const valueDate = cell(col.valueDate) ? (parseDate(cell(col.valueDate), mapping.dateFormat) ?? fail(`bad value date "${cell(col.valueDate)}"`)) : null;
    lines.push({
      bankRef: cell(col.bankRef) || null,
      bookingDate,
      valueDate,
      amountCents,
      currency,
      counterparty: squash(cell(col.counterparty)) || null,
      remittance: squash(cell(col.remittance)),
      reversal: false,
      dedupKey: '',
    });
  });
  return { format: 'csv', accountIban: null, statementId: null, openingBalanceCents: null, closingBalanceCents: null, lines: assignDedupKeys(lines, null) };
}
