/**
 * Builders of bank statements in the real formats, for tests (unit, integration, browser) and the
 * benchmark: describe the transfers, get the file a bank would send. Balances are computed so the file
 * is valid unless a broken one is asked for (closingBalanceCents).
 */
import { record } from '../core/reconciliation/cbi-layout.js';
import { centsToDecimal } from '../core/reconciliation/money.js';

export interface CamtTx {
  amountCents: number;
  ref?: string; // the bank's reference for this transaction (AcctSvcrRef)
  counterparty?: string;
  remittance?: string; // free text, where payers write the causale
  endToEndId?: string;
}

export interface CamtEntry {
  amountCents?: number; // defaults to the sum of `batch`
  credit: boolean;
  ref?: string; // AcctSvcrRef of the entry; generated when absent
  counterparty?: string;
  remittance?: string;
  bookingDate: string; // YYYY-MM-DD
  valueDate?: string;
  reversal?: boolean;
  batch?: CamtTx[]; // several TxDtls in one entry
  status?: 'BOOK' | 'PDNG';
  structuredRef?: string; // RmtInf/Strd/CdtrRefInf/Ref
}

export interface CamtSpec {
  version: '02' | '08';
  iban: string;
  entries: CamtEntry[];
  statementId?: string;
  currency?: string;
  openingBalanceCents?: number; // default 0
  closingBalanceCents?: number; // default: opening + booked entries; set it wrong for a broken file
  balances?: boolean; // default true
  summary?: boolean; // write <TxsSummry> (entries and sums, as most banks do); default true
  prefix?: string; // write <prefix:Document xmlns:prefix="…"> and prefixed elements
  createdAt?: string; // ISO date-time
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Signed effect of an entry on the balance (a reversal takes back what its direction says). */
export const entryEffect = (e: CamtEntry): number => {
  const amount = e.amountCents ?? (e.batch ?? []).reduce((s, t) => s + t.amountCents, 0);
  return (e.credit ? 1 : -1) * (e.reversal ? -1 : 1) * amount;
};

export function buildCamt053(spec: CamtSpec): string {
  const v = spec.version;
  const p = spec.prefix ? `${spec.prefix}:` : '';
  const ccy = spec.currency ?? 'EUR';
  const amt = (cents: number) => `<${p}Amt Ccy="${ccy}">${centsToDecimal(Math.abs(cents))}</${p}Amt>`;
  const el = (name: string, inner: string) => `<${p}${name}>${inner}</${p}${name}>`;
  const txt = (name: string, value: string) => el(name, esc(value));
  const party = (name: string) => (v === '02' ? txt('Nm', name) : el('Pty', txt('Nm', name)));
  const ustrd = (text: string) => (text.match(/[^]{1,140}/g) ?? []).map((c) => txt('Ustrd', c)).join('');
  const date = (name: string, d: string) => el(name, txt('Dt', d));

  const booked = spec.entries.filter((e) => (e.status ?? 'BOOK') === 'BOOK');
  const opening = spec.openingBalanceCents ?? 0;
  const closing = spec.closingBalanceCents ?? booked.reduce((s, e) => s + entryEffect(e), opening);
  const balance = (code: string, cents: number, d: string) =>
    el('Bal', el('Tp', el('CdOrPrtry', txt('Cd', code))) + amt(cents) + txt('CdtDbtInd', cents < 0 ? 'DBIT' : 'CRDT') + date('Dt', d));
  const dates = spec.entries.map((e) => e.bookingDate).sort();
  const from = dates[0] ?? '2025-01-01';
  const to = dates[dates.length - 1] ?? from;
  const created = spec.createdAt ?? `${to}T20:00:00`;

  const out: string[] = [];
  out.push(`<?xml version="1.0" encoding="UTF-8"?>\n`);
  const ns = `urn:iso:std:iso:20022:tech:xsd:camt.053.001.${v}`;
  out.push(`<${p}Document xmlns${spec.prefix ? ':' + spec.prefix : ''}="${ns}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n`);
  out.push(`<${p}BkToCstmrStmt>\n`);
  out.push(el('GrpHdr', txt('MsgId', `MSG-${spec.statementId ?? to}`) + txt('CreDtTm', created)) + '\n');
  out.push(`<${p}Stmt>\n`);
  out.push(txt('Id', spec.statementId ?? `STMT-${to}`) + txt('CreDtTm', created));
  out.push(el('FrToDt', txt('FrDtTm', `${from}T00:00:00`) + txt('ToDtTm', `${to}T23:59:59`)) + '\n');
  out.push(el('Acct', el('Id', txt('IBAN', spec.iban)) + txt('Ccy', ccy)) + '\n');
  if (spec.balances ?? true) out.push(balance('OPBD', opening, from) + '\n' + balance('CLBD', closing, to) + '\n');
  if (spec.summary ?? true) {
    const amountOf = (e: CamtEntry) => e.amountCents ?? (e.batch ?? []).reduce((s, t) => s + t.amountCents, 0);
    const tally = (name: string, es: CamtEntry[]) =>
      el(name, txt('NbOfNtries', String(es.length)) + txt('Sum', centsToDecimal(es.reduce((s, e) => s + amountOf(e), 0))));
    out.push(el('TxsSummry', tally('TtlNtries', spec.entries) + tally('TtlCdtNtries', spec.entries.filter((e) => e.credit)) + tally('TtlDbtNtries', spec.entries.filter((e) => !e.credit))) + '\n');
  }

  spec.entries.forEach((e, k) => {
    const n = k + 1;
    const entryRef = e.ref ?? `BNK${String(n).padStart(10, '0')}`;
    const txs: CamtTx[] = e.batch ?? [{ amountCents: e.amountCents ?? 0, counterparty: e.counterparty, remittance: e.remittance }];
    const amount = e.amountCents ?? txs.reduce((s, t) => s + t.amountCents, 0);
    const direction = e.credit ? 'CRDT' : 'DBIT';
    const family = e.credit ? 'RCDT' : 'ICDT';
    const details = txs.map((t, i) => {
      const refs = el('Refs', (t.ref ? txt('AcctSvcrRef', t.ref) : '') + txt('EndToEndId', t.endToEndId ?? 'NOTPROVIDED'));
      const txAmount = v === '02' ? el('AmtDtls', el('TxAmt', amt(t.amountCents))) : amt(t.amountCents) + txt('CdtDbtInd', direction);
      const who = t.counterparty ?? (e.batch ? undefined : e.counterparty);
      const parties = who ? el('RltdPties', el(e.credit ? 'Dbtr' : 'Cdtr', party(who))) : '';
      const rmt = (t.remittance ? ustrd(t.remittance) : '') + (e.structuredRef && i === 0 ? el('Strd', el('CdtrRefInf', txt('Ref', e.structuredRef))) : '');
      return el('TxDtls', refs + (e.batch ? txAmount : '') + parties + (rmt ? el('RmtInf', rmt) : ''));
    });
    out.push(
      el(
        'Ntry',
        txt('NtryRef', String(n)) +
          amt(amount) +
          txt('CdtDbtInd', direction) +
          (e.reversal ? txt('RvslInd', 'true') : '') +
          (v === '02' ? txt('Sts', e.status ?? 'BOOK') : el('Sts', txt('Cd', e.status ?? 'BOOK'))) +
          date('BookgDt', e.bookingDate) +
          date('ValDt', e.valueDate ?? e.bookingDate) +
          txt('AcctSvcrRef', entryRef) +
          el('BkTxCd', el('Domn', txt('Cd', 'PMNT') + el('Fmly', txt('Cd', family) + txt('SubFmlyCd', 'ESCT')))) +
          el('NtryDtls', (e.batch ? el('Btch', txt('NbOfTxs', String(txs.length))) : '') + details.join('')),
      ) + '\n',
    );
  });
  out.push(`</${p}Stmt>\n</${p}BkToCstmrStmt>\n</${p}Document>\n`);
  return out.join('');
}

export interface CbiMovement {
  amountCents: number; // positive
  credit: boolean;
  bookingDate: string; // YYYY-MM-DD
  valueDate?: string;
  ref?: string; // bank reference (positions 62-77)
  counterparty?: string; // written in a structured 63 "YYY"
  remittance?: string; // written in 63 "RI1"/"RI2" records (or free 63s), cut to the record width
  description?: string; // 62 description (34 characters)
  causale?: string; // CBI causale, default 48 (bonifico) for credits, 26 for debits
}

export interface CbiSpec {
  iban: string; // Italian IBAN (27 characters): gives CIN, ABI, CAB, account
  movements: CbiMovement[];
  date?: string; // statement date, YYYY-MM-DD (default: last booking date)
  openingBalanceCents?: number;
  closingBalanceCents?: number; // default: opening + movements; set it wrong for a broken file
  name?: string; // flow name in RH/EF
  freeText63?: boolean; // remittance as untagged 63 records
  /** Bank quirks: the filler space at position 1 missing or doubled, trailing spaces trimmed, line ending. */
  filler?: 'standard' | 'missing' | 'extra';
  trimTrailing?: boolean;
  eol?: '\r\n' | '\n' | '\r' | '';
  header?: boolean; // RH and EF records (default true)
}

const ddmmyy = (iso: string) => `${iso.slice(8, 10)}${iso.slice(5, 7)}${iso.slice(2, 4)}`;
const cbiAmount = (cents: number) => `${String(Math.floor(Math.abs(cents) / 100)).padStart(12, '0')},${String(Math.abs(cents) % 100).padStart(2, '0')}`;
const chunks = (s: string, n: number) => s.match(new RegExp(`[^]{1,${n}}`, 'g')) ?? [];

export function buildCbi(spec: CbiSpec): string {
  const iban = spec.iban.replace(/\s+/g, '').toUpperCase();
  const [country, check, cin, abi, cab, account] = [iban.slice(0, 2), iban.slice(2, 4), iban[4], iban.slice(5, 10), iban.slice(10, 15), iban.slice(15, 27)];
  const date = spec.date ?? spec.movements.map((m) => m.bookingDate).sort().at(-1) ?? '2025-01-01';
  const opening = spec.openingBalanceCents ?? 0;
  const closing = spec.closingBalanceCents ?? spec.movements.reduce((s, m) => s + (m.credit ? m.amountCents : -m.amountCents), opening);
  const stmt = '0000001';
  const sign = (c: number) => (c < 0 ? 'D' : 'C');
  const head = { sender: abi, receiver: 'SP001', created: ddmmyy(date), name: spec.name ?? `SPORTELLO${ddmmyy(date)}` };

  const records: string[] = [];
  if (spec.header ?? true) records.push(record('RH', head));
  records.push(record('61', { statement: stmt, cin, abi, cab, account, currency: 'EUR', date: ddmmyy(date), sign: sign(opening), balance: cbiAmount(opening), country, check }));
  spec.movements.forEach((m, k) => {
    const movement = String((k % 999) + 1).padStart(3, '0');
    records.push(
      record('62', {
        statement: stmt, movement, valueDate: ddmmyy(m.valueDate ?? m.bookingDate), bookingDate: ddmmyy(m.bookingDate),
        sign: m.credit ? 'C' : 'D', amount: cbiAmount(m.amountCents), causale: m.causale ?? (m.credit ? '48' : '26'),
        bankRef: m.ref ?? `R${String(k + 1).padStart(15, '0')}`,
        description: m.description ?? (m.credit ? 'BONIFICO A VOSTRO FAVORE' : 'DISPOSIZIONE DI BONIFICO'),
      }),
    );
    const detail = (text: string) => records.push(record('63', { statement: stmt, movement, text }));
    if (m.counterparty) detail(`YYY${ddmmyy(m.bookingDate).slice(0, 4)}20${m.bookingDate.slice(2, 4)}${m.counterparty}`);
    if (m.remittance) {
      if (spec.freeText63) chunks(m.remittance, 107).forEach(detail);
      else chunks(m.remittance, 104).forEach((c, i) => detail(`${i === 0 ? 'RI1' : 'RI2'}${c}`));
    }
  });
  records.push(record('64', { statement: stmt, currency: 'EUR', date: ddmmyy(date), sign: sign(closing), balance: cbiAmount(closing) }));
  if (spec.header ?? true)
    records.push(record('EF', { ...head, statements: '0000001', records: String(records.length + 1).padStart(7, '0') }));

  const eol = spec.eol ?? '\r\n';
  return records
    .map((r) => {
      let out = spec.filler === 'missing' ? r.slice(1) : spec.filler === 'extra' ? ' ' + r : r;
      if (spec.trimTrailing) out = out.trimEnd();
      return out;
    })
    .join(eol) + eol;
}

export interface CsvRow {
  amountCents: number; // signed: credit > 0, debit < 0
  bookingDate: string; // YYYY-MM-DD
  valueDate?: string;
  counterparty?: string;
  remittance?: string;
  reversal?: boolean; // written "STORNO BONIFICO …", as banks describe a returned transfer
}

export interface CsvSpec {
  rows: CsvRow[];
  /** A payer column (some banks); without it the payer is only inside "Descrizione", as most write it. */
  payerColumn?: boolean;
  encoding?: 'utf8' | 'utf8-bom' | 'utf16le-bom' | 'latin1';
}

/** The saved mapping that reads buildCsv's files (see CsvSpec.payerColumn). */
export const csvMappingFor = (payerColumn = false) => ({
  delimiter: ';', hasHeader: true, date: 'Data contabile', valueDate: 'Data valuta', dateFormat: 'DD/MM/YYYY' as const,
  amount: 'Importo', decimalComma: true, remittance: 'Descrizione', ...(payerColumn ? { counterparty: 'Ordinante' } : {}),
});

/** A home-banking CSV export: "Data contabile;Data valuta;Importo;[Ordinante;]Descrizione", Italian dates and decimal comma. */
export function buildCsv(spec: CsvSpec): Buffer {
  const it = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  const quote = (s: string) => (/[;"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [['Data contabile', 'Data valuta', 'Importo', ...(spec.payerColumn ? ['Ordinante'] : []), 'Descrizione'].join(';')];
  for (const r of spec.rows) {
    const who = r.counterparty ?? '';
    const text = r.reversal
      ? `STORNO BONIFICO${who ? ` DA ${who}` : ''} ${r.remittance ?? ''}`.trim()
      : r.amountCents > 0
        ? `BONIFICO A VOSTRO FAVORE${who ? ` DA ${who}` : ''} CAUSALE ${r.remittance ?? ''}`.trim()
        : `DISPOSIZIONE DI BONIFICO ${r.remittance ?? ''}`.trim();
    lines.push([it(r.bookingDate), it(r.valueDate ?? r.bookingDate), centsToDecimal(r.amountCents, ','), ...(spec.payerColumn ? [quote(who)] : []), quote(text)].join(';'));
  }
  const text = lines.join('\r\n') + '\r\n';
  switch (spec.encoding ?? 'utf8') {
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'latin1':
      return Buffer.from(text, 'latin1');
    default:
      return Buffer.from(text, 'utf8');
  }
}
