/**
 * CBI RH flow (see cbi-layout.ts for the record table). Bank quirks tolerated: CRLF or LF or no line
 * breaks at all (records back to back), the position-1 filler missing or doubled, trailing spaces
 * trimmed, a final Ctrl-Z. Anything else out of shape is a parse_error with the line.
 */
import { ibanMod97 } from '../validation/iban.js';
import { FIELDS, RECORD_LENGTH, field, isRecordType } from './cbi-layout.js';
import { decimalToCents } from './money.js';
import { type ParsedStatement, type StatementLine, emptyFileError, isReversalText, parseError, squash, assignDedupKeys } from './statement.js';
import { decodeText } from './decode-text.js';

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
}

export function parseCbi(input: string | Buffer): ParsedStatement {
  const text = (typeof input === 'string' ? input : decodeText(input)).replace(/^\ufeff/, '').replace(/\x1a+\s*$/, '');
  if (!text.trim()) throw emptyFileError();
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
    // The identifiers (ID1/ID2) stay out of the causale: staff read it, and the matcher looks for references in it.
    const joined = joinTexts([movement.value.remittance, ...movement.texts]);
    lines.push({ ...movement.value, remittance: joined, reversal: movement.value.amountCents < 0 && isReversalText(joined) });
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
    if (trailer) fail('record dopo la coda EF');
    records++;
    switch (type) {
      case 'RH':
        if (records !== 1) fail('la testata RH deve essere il primo record');
        header = n;
        statementId = field(r, FIELDS.RH.name).trim() || null;
        break;
      case '61': {
        if (group) fail(`il 61 apre un nuovo conto ma quello aperto alla riga ${group.line} non ha il 64`);
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
        if (!group) fail('movimento 62 senza il record di apertura 61');
        const g = group!;
        const f = FIELDS['62'];
        if (field(r, f.statement) !== g.statement) fail(`numero estratto ${field(r, f.statement)} diverso da quello del suo 61 (${g.statement})`);
        flush();
        const amountCents = signed(r, f.sign, f.amount, fail);
        g.sum += amountCents;
        movement = {
          line: n,
          number: field(r, f.movement),
          texts: [],
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
        if (!group || !movement) fail('dettaglio 63 senza il suo movimento 62');
        const m = movement!;
        if (field(r, f.statement) !== group!.statement || field(r, f.movement) !== m.number)
          fail(`il dettaglio 63 numerato ${field(r, f.statement)}/${field(r, f.movement)} non segue il suo 62 (${group!.statement}/${m.number})`);
        readDetail(field(r, f.text), m);
        break;
      }
      case '64': {
        if (!group) fail('record di chiusura 64 senza il record di apertura 61');
        const g = group!;
        const f = FIELDS['64'];
        flush();
        const balance = signed(r, f.sign, f.balance, fail);
        if (balance !== g.opening + g.sum)
          fail(`totali errati: saldo iniziale ${cents(g.opening)} (riga ${g.line}) + movimenti ${cents(g.sum)} = ${cents(g.opening + g.sum)}, ma il saldo finale è ${cents(balance)}`);
        closing = balance;
        group = null;
        break;
      }
      case '65':
        break;
      case 'EF': {
        if (group) fail(`coda EF ma il conto aperto alla riga ${group.line} non ha il 64`);
        trailer = n;
        const count = (range: readonly [number, number], actual: number, what: string) => {
          const v = field(r, range).trim();
          if (/^\d+$/.test(v) && Number(v) !== actual) fail(`la coda EF conta ${Number(v)} ${what} ma il file ne ha ${actual}`);
        };
        count(FIELDS.EF.statements, statements, 'estratti');
        count(FIELDS.EF.records, records, 'record');
        break;
      }
      default:
        fail(`tipo di record sconosciuto "${type}"`);
    }
  });
  let last = raw.length; // the last record's line, for errors at the end of the file
  while (last > 1 && raw[last - 1].trim() === '') last--;
  if (group) throw parseError(last, `fine del file: il conto aperto alla riga ${(group as Group).line} non ha il record di chiusura 64 (file troncato?)`);
  if (header && !trailer) throw parseError(last, 'fine del file senza la coda EF (file troncato?)');
  if (!records) throw parseError(1, 'file CBI vuoto');
  const accountIban = ibans.size === 1 ? [...ibans][0] : null;
  return { format: 'cbi', accountIban, statementId, openingBalanceCents: opening, closingBalanceCents: closing, lines: assignDedupKeys(lines, accountIban) };
}

/** Brings a record to 120 characters with the type at positions 2-3, or fails with the line. */
function normalise(source: string, n: number): string {
  let r = source;
  if (isRecordType(r.slice(0, 2)) && !isRecordType(r.slice(1, 3))) r = ' ' + r; // filler missing
  else if (r.startsWith('  ') && isRecordType(r.slice(2, 4))) r = r.slice(1); // one space too many
  const type = r.slice(1, 3);
  if (r[0] !== ' ' || !isRecordType(type)) throw parseError(n, `tipo di record sconosciuto "${r.slice(0, 3).trim()}"`);
  // Longer is corruption (a shifted field); shorter is a bank trimming trailing spaces.
  if (r.length > RECORD_LENGTH) throw parseError(n, `lunghezza del record ${source.length} errata, attesa ${RECORD_LENGTH} (record ${type})`);
  return r.padEnd(RECORD_LENGTH, ' ');
}

function signed(r: string, sign: readonly [number, number], amount: readonly [number, number], fail: (m: string) => never): number {
  const s = field(r, sign);
  const a = field(r, amount).trim();
  if (s !== 'C' && s !== 'D') fail(`il segno deve essere C o D, non "${s}"`);
  const cents = a.includes(',') ? decimalToCents(a, ',') : /^\d{1,15}$/.test(a) ? Number(a) : null;
  if (cents === null || cents < 0) fail(`importo non valido "${a}"`);
  return s === 'D' ? -cents! : cents!;
}

function date(ddmmyy: string, fail: (m: string) => never): string {
  const m = /^(\d\d)(\d\d)(\d\d)$/.exec(ddmmyy);
  const [dd, mm, yy] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const d = new Date(Date.UTC(2000 + yy, mm - 1, dd));
  if (!m || d.getUTCMonth() !== mm - 1 || d.getUTCDate() !== dd) fail(`data non valida "${ddmmyy}" (formato atteso GGMMAA)`);
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
  // identifiers, amounts, charges, the payer's address and IBAN: record framing, not causale
  else if (/^(ID\d|ZZ\d|KKK|YY\d)$/.test(tag)) return;
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
