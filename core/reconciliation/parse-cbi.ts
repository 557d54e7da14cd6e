/**
 * CBI RH flow (see cbi-layout.ts for the record table). Bank quirks tolerated: CRLF or LF or no line
 * breaks at all (records back to back), the position-1 filler missing or doubled, trailing spaces
 * trimmed, a final Ctrl-Z. Anything else out of shape is a parse_error with the line.
 */
import { ibanMod97 } from '../validation/iban.js';
import { FIELDS, RECORD_LENGTH, field, isRecordType } from './cbi-layout.js';
import { decimalToCents } from './money.js';
import { type ParsedStatement, type StatementLine, parseError, squash, assignDedupKeys } from './statement.js';

interface Group {
  line: number;
  statement: string;
  opening: number;
  sum: number;
  iban: string | null;
  currency: string;
}

interface Movement {
  line: number;
  number: string;
  value: StatementLine;
  texts: string[];
  ids: string[];
}

export function parseCbi(input: string | Buffer): ParsedStatement {
  const text = (typeof input === 'string' ? input : input.toString('latin1')).replace(/^\ufeff/, '').replace(/\x1a+\s*$/, '');
  // Records without line breaks: cut every 120 characters.
  const raw = !/[\r\n]/.test(text.trimEnd()) && text.length > RECORD_LENGTH ? text.match(/[^]{1,120}/g)! : text.split(/\r?\n|\r/);

  const lines: StatementLine[] = [];
  let statementId: string | null = null;
  let header = 0;
  let trailer = 0;
  let records = 0;
  let statements = 0;
  let group: Group | null = null;
  let movement: Movement | null = null;
  let opening: number | null = null;
  let closing: number | null = null;
  const ibans = new Set<string | null>();

  const flush = () => {
    if (!movement) return;
    const joined = joinTexts([movement.value.remittance, ...movement.texts, ...movement.ids]);
    lines.push({ ...movement.value, remittance: joined });
    movement = null;
  };

  raw.forEach((source, k) => {
    const n = k + 1;
    if (source.trim() === '') return;
    const r = normalise(source, n);
    const type = r.slice(1, 3);
    const fail = (reason: string): never => {
      throw parseError(n, `${reason} (record ${type})`);
    };
    if (trailer) fail('record after the EF trailer');
    records++;
    switch (type) {
      case 'RH':
        if (records !== 1) fail('RH header must be the first record');
        header = n;
        statementId = field(r, FIELDS.RH.name).trim() || null;
        break;
      case '61': {
        if (group) fail(`61 opens a new account but the one opened at line ${group.line} has no 64`);
        const f = FIELDS['61'];
        group = {
          line: n,
          statement: field(r, f.statement),
          opening: signed(r, f.sign, f.balance, fail),
          sum: 0,
          iban: ibanOf(r),
          currency: currencyOf(field(r, f.currency)),
        };
        statements++;
        ibans.add(group.iban);
        opening ??= group.opening;
        break;
      }
      case '62': {
        if (!group) fail('62 movement without a 61 opening record');
        const g = group!;
        const f = FIELDS['62'];
        if (field(r, f.statement) !== g.statement) fail(`statement number ${field(r, f.statement)} differs from its 61 (${g.statement})`);
        flush();
        const amountCents = signed(r, f.sign, f.amount, fail);
        g.sum += amountCents;
        movement = {
          line: n,
          number: field(r, f.movement),
          texts: [],
          ids: [],
          value: {
            bankRef: field(r, f.bankRef).trim() || null,
            bookingDate: date(field(r, f.bookingDate), fail),
            valueDate: field(r, f.valueDate).trim() ? date(field(r, f.valueDate), fail) : null,
            amountCents,
            currency: g.currency,
            counterparty: null,
            remittance: field(r, f.description),
            reversal: false,
            dedupKey: '',
          },
        };
        break;
      }
      case '63': {
        const f = FIELDS['63'];
        if (!group || !movement) fail('63 detail without its 62 movement');
        const m = movement!;
        if (field(r, f.statement) !== group!.statement || field(r, f.movement) !== m.number)
          fail(`63 detail numbered ${field(r, f.statement)}/${field(r, f.movement)} does not follow its 62 (${group!.statement}/${m.number})`);
        readDetail(field(r, f.text), m);
        break;
      }
      case '64': {
        if (!group) fail('64 closing record without a 61 opening record');
        const g = group!;
        const f = FIELDS['64'];
        flush();
        const balance = signed(r, f.sign, f.balance, fail);
        if (balance !== g.opening + g.sum)
          fail(`wrong totals: opening ${cents(g.opening)} (line ${g.line}) + movements ${cents(g.sum)} = ${cents(g.opening + g.sum)}, but the closing balance is ${cents(balance)}`);
        closing = balance;
        group = null;
        break;
      }
      case '65':
        break;
      case 'EF': {
        if (group) fail(`EF trailer but the account opened at line ${group.line} has no 64`);
        trailer = n;
        const count = (range: readonly [number, number], actual: number, what: string) => {
          const v = field(r, range).trim();
          if (/^\d+$/.test(v) && Number(v) !== actual) fail(`EF trailer counts ${Number(v)} ${what} but the file has ${actual}`);
        };
        count(FIELDS.EF.statements, statements, 'statements');
        count(FIELDS.EF.records, records, 'records');
        break;
      }
      default:
        fail(`unknown record type "${type}"`);
    }
  });
  let last = raw.length; // the last record's line, for errors at the end of the file
  while (last > 1 && raw[last - 1].trim() === '') last--;
  if (group) throw parseError(last, `end of file: the account opened at line ${(group as Group).line} has no 64 closing record (truncated file?)`);
  if (header && !trailer) throw parseError(last, 'end of file without the EF trailer (truncated file?)');
  if (!records) throw parseError(1, 'empty CBI file');
  const accountIban = ibans.size === 1 ? [...ibans][0] : null;
  return { format: 'cbi', accountIban, statementId, openingBalanceCents: opening, closingBalanceCents: closing, lines: assignDedupKeys(lines, accountIban) };
}

/** Brings a record to 120 characters with the type at positions 2-3, or fails with the line. */
function normalise(source: string, n: number): string {
  let r = source;
  if (isRecordType(r.slice(0, 2)) && !isRecordType(r.slice(1, 3))) r = ' ' + r; // filler missing
  else if (r.startsWith('  ') && isRecordType(r.slice(2, 4))) r = r.slice(1); // one space too many
  const type = r.slice(1, 3);
  if (r[0] !== ' ' || !isRecordType(type)) throw parseError(n, `unknown record type "${r.slice(0, 3).trim()}"`);
  // Longer is corruption (a shifted field); shorter is a bank trimming trailing spaces.
  if (r.length > RECORD_LENGTH) throw parseError(n, `wrong record length ${source.length}, expected ${RECORD_LENGTH} (record ${type})`);
  return r.padEnd(RECORD_LENGTH, ' ');
}

function signed(r: string, sign: readonly [number, number], amount: readonly [number, number], fail: (m: string) => never): number {
  const s = field(r, sign);
  const a = field(r, amount).trim();
  if (s !== 'C' && s !== 'D') fail(`sign must be C or D, not "${s}"`);
  const cents = a.includes(',') ? decimalToCents(a, ',') : /^\d{1,15}$/.test(a) ? Number(a) : null;
  if (cents === null || cents < 0) fail(`bad amount "${a}"`);
  return s === 'D' ? -cents! : cents!;
}

function date(ddmmyy: string, fail: (m: string) => never): string {
  const m = /^(\d\d)(\d\d)(\d\d)$/.exec(ddmmyy);
  const [dd, mm, yy] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const d = new Date(Date.UTC(2000 + yy, mm - 1, dd));
  if (!m || d.getUTCMonth() !== mm - 1 || d.getUTCDate() !== dd) fail(`bad date "${ddmmyy}" (expected DDMMYY)`);
  return d.toISOString().slice(0, 10);
}

const cents = (c: number) => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)},${String(Math.abs(c) % 100).padStart(2, '0')}`;

/** 'EUR', or the old one-letter code 'E'. */
const currencyOf = (c: string) => (c.trim() === '' || c.trim() === 'E' ? 'EUR' : c.trim());

function ibanOf(r: string): string | null {
  const f = FIELDS['61'];
  const country = field(r, f.country);
  if (!/^[A-Z]{2}$/.test(country)) return null;
  const iban = country + field(r, f.check) + field(r, f.cin) + field(r, f.abi) + field(r, f.cab) + field(r, f.account);
  return /^[A-Z0-9]+$/.test(iban) && ibanMod97(iban) === 1 ? iban : null;
}

/** A 63 text: structured (tagged) or free. */
function readDetail(text: string, m: Movement): void {
  const tag = text.slice(0, 3);
  const body = text.slice(3);
  if (tag === 'YYY') {
    // payer: order date GGMMAAAA, then the name (up to a run of spaces), then the address
    const name = body.replace(/^\d{8}/, '').trim().split(/\s{3,}/)[0];
    if (name && !m.value.counterparty) m.value.counterparty = squash(name);
  } else if (tag === 'RI1' || tag === 'RI2') m.texts.push(body);
  else if (tag === 'ID1' || tag === 'ID2') {
    if (!/^NOT ?PROVIDED$/i.test(body.trim())) m.ids.push(body);
  } else if (/^(ZZ\d|KKK)$/.test(tag)) return; // amounts/charges details: no text to match
  else m.texts.push(text);
}

/**
 * Joins fixed-width text pieces. A piece filled to its last column was cut mid-word by the width, so
 * the next one continues it; otherwise the pieces are separate words.
 */
function joinTexts(pieces: string[]): string {
  let out = '';
  let glue = false; // the previous piece filled its width
  for (const p of pieces) {
    const t = p.trimEnd();
    if (!t) continue;
    out += out && !glue ? ' ' + t : t;
    glue = t.length === p.length;
  }
  return squash(out);
}
