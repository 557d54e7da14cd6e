/**
 * ISO 20022 camt.053 (bank-to-customer statement), versions .001.02 and .001.08 (other .001.xx read
 * the same way: the elements used here did not move, except the party name, read at both places).
 *
 * Choices worth knowing:
 * - A batch entry (one <Ntry>, several <TxDtls>) becomes one line per TxDtls when every detail carries
 *   its amount (their sum must equal the entry); otherwise one line for the entry.
 * - Only booked entries (Sts BOOK) are lines: pending ones are not money yet.
 * - RvslInd: the brief's reading (and the German "Storno" practice) is that the sign flips: a CRDT
 *   marked as reversal takes money back. ISO's own usage note reads the other way (CdtDbtInd is already
 *   the direction of the reversal). When the balances are there, they decide which reading the bank
 *   used; without balances the flip is assumed. Either way the line is flagged `reversal`.
 */
import { type Amount, type Entry, ENTRY, type Trie, type Tx, newEntry } from './camt053-entry.js';
import { centsToDecimal, decimalToCents } from './money.js';
import { type ParsedStatement, type StatementLine, assignDedupKeys, detach, parseError, squash } from './statement.js';
import { type XmlEvents, type XmlNode, TreeBuilder, XmlScanner, at, childrenNamed, decodeText, namespaceOf, textAt } from './xml-scan.js';

const NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.\d\d$/;

interface Stmt {
  node: XmlNode;
  /** One string per distinct date or currency: 100k lines share a handful (less for the GC to copy). */
  shared: Map<string, string>;
  lines: StatementLine[];
  /** Entry-level signed totals under both readings of RvslInd, and the reversal lines to fix. */
  sumFlip: number;
  sumLiteral: number;
  reversalLines: StatementLine[];
  /**
   * What TxsSummry states: entries and absolute sums, counted over every <Ntry> and over the booked
   * ones alone (banks differ on whether a pending entry counts; either reading is accepted).
   */
  counts: Record<'all' | 'credit' | 'debit', Tally>;
  booked: Record<'all' | 'credit' | 'debit', Tally>;
}

type Fail = (line: number, reason: string) => never;
type Tally = { n: number; sum: number };
const tallies = () => ({ all: { n: 0, sum: 0 }, credit: { n: 0, sum: 0 }, debit: { n: 0, sum: 0 } });

/** Statement structure as a (small) tree; every <Ntry> collected flat through the ENTRY trie. */
class CamtReader implements XmlEvents {
  readonly tree: TreeBuilder;
  readonly stmts: Stmt[] = [];
  documentFound = false;
  private entry: Entry | null = null;
  private readonly tries: (Trie | undefined)[] = [];
  private textDepth = -1; // depth of the leaf whose text is being collected
  private leafText = '';
  private leafAttrs: Record<string, string> | null = null;
  private leafLine = 0;

  constructor(private readonly fail: Fail) {
    this.tree = new TreeBuilder();
  }

  open(name: string, qname: string, attrs: Record<string, string> | null, line: number): void {
    if (this.entry) {
      const t = this.tries[this.tries.length - 1]?.kids.get(name);
      this.tries.push(t);
      this.textDepth = t?.set ? this.tries.length : -1;
      if (t?.set) {
        this.leafText = '';
        this.leafAttrs = attrs;
        this.leafLine = line;
      }
      t?.open?.(this.entry, line);
      return;
    }
    const stack = this.tree.stack;
    if (name === 'Ntry' && stack[stack.length - 1]?.name === 'Stmt') {
      this.entry = newEntry(line);
      this.tries.push(ENTRY);
      return;
    }
    this.tree.open(name, qname, attrs, line);
    const node = stack[stack.length - 1];
    if (stack.length === 1 && name !== 'Document' && !/envelope|message/i.test(name))
      this.fail(line, `non è un estratto camt.053: elemento radice <${qname}>`);
    if (name === 'Document') {
      const ns = namespaceOf(node, stack);
      if (!ns || !NAMESPACE.test(ns)) this.fail(line, `non è un estratto camt.053: namespace ${ns ?? '(nessuno)'}`);
      this.documentFound = true;
    } else if (name === 'Stmt' && stack[stack.length - 2]?.name === 'BkToCstmrStmt') {
      this.stmts.push({ node, shared: new Map(), lines: [], sumFlip: 0, sumLiteral: 0, reversalLines: [], counts: tallies(), booked: tallies() });
    }
  }

  text(src: string, from: number, to: number, cdata: boolean, line: number): void {
    if (!this.entry) this.tree.text(src, from, to, cdata, line);
    else if (this.textDepth === this.tries.length) this.leafText += decodeText(src, from, to, cdata, line);
  }

  close(): void {
    if (!this.entry) return this.tree.close();
    const t = this.tries.pop();
    if (t?.set && this.textDepth === this.tries.length + 1) t.set(this.entry, this.leafText, this.leafAttrs, this.leafLine);
    this.textDepth = -1;
    if (this.tries.length) return;
    const stmt = this.stmts[this.stmts.length - 1] ?? this.fail(this.entry.line, '<Ntry> fuori da BkToCstmrStmt/Stmt');
    readEntry(this.entry, stmt, this.fail);
    this.entry = null;
  }
}

const fail: Fail = (line, reason) => {
  throw parseError(line, reason);
};

/** A whole file in memory (tests, small uploads). */
export function parseCamt053(input: string | Buffer): ParsedStatement {
  const reader = new CamtReader(fail);
  const scanner = new XmlScanner(reader);
  scanner.write(typeof input === 'string' ? input : new TextDecoder(encodingOf(input)).decode(input));
  scanner.end();
  return finish(reader);
}

/**
 * A file read in pieces (the background import): only the current piece and the lines found so far
 * are in memory, never the whole document nor its text.
 */
export async function readCamt053(chunks: AsyncIterable<Buffer>, onLines?: (linesRead: number) => Promise<void>): Promise<ParsedStatement> {
  const reader = new CamtReader(fail);
  let reported = 0;
  const linesSoFar = () => reader.stmts.reduce((n, st) => n + st.lines.length, 0);
  const scanner = new XmlScanner(reader);
  let decoder: TextDecoder | null = null;
  let head: Buffer[] = []; // the first bytes, until the XML declaration (and its encoding) can be read
  let headBytes = 0;
  for await (const chunk of chunks) {
    if (!decoder) {
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes < 200) continue;
      const start = Buffer.concat(head);
      head = [];
      decoder = new TextDecoder(encodingOf(start));
      scanner.write(decoder.decode(start, { stream: true }));
    } else scanner.write(decoder.decode(chunk, { stream: true }));
    // Every 10,000 lines, for the import's page (a 100 MB file takes a few seconds to read).
    if (onLines && linesSoFar() - reported >= 10_000) await onLines((reported = linesSoFar()));
  }
  if (!decoder) {
    const start = Buffer.concat(head);
    decoder = new TextDecoder(encodingOf(start));
    scanner.write(decoder.decode(start, { stream: true }));
  }
  scanner.write(decoder.decode());
  scanner.end();
  return finish(reader);
}

function finish(reader: CamtReader): ParsedStatement {
  if (!reader.documentFound) throw parseError(1, 'non è un estratto camt.053: manca l’elemento <Document>');
  const stmts = reader.stmts;
  if (!stmts.length) throw parseError(1, 'l’estratto non ha nessun <Stmt>');

  const ibans = new Set(stmts.map((s) => accountOf(s.node)));
  if (ibans.size > 1) fail(stmts[1].node.line, `più conti nello stesso file (${[...ibans].join(', ')}): importare un conto alla volta`);
  const accountIban = accountOf(stmts[0].node);
  for (const s of stmts) checkSummary(s);
  const balances = stmts.map((s) => checkBalances(s, fail));
  const statementId = textAt(stmts[0].node, 'Id');
  return {
    format: 'camt053',
    accountIban,
    statementId: statementId && detach(statementId),
    openingBalanceCents: balances[0].opening,
    closingBalanceCents: balances[balances.length - 1].closing,
    lines: assignDedupKeys(stmts.flatMap((s) => s.lines), accountIban),
  };
}

/** The XML declaration's encoding, for TextDecoder: Latin-1 family as windows-1252, else UTF-8 (BOM dropped). */
function encodingOf(head: Buffer): string {
  const enc = /encoding=["']([\w-]+)["']/i.exec(head.subarray(0, 200).toString('latin1'))?.[1].toLowerCase();
  return enc && /^(iso-8859-1|latin1|windows-1252)$/.test(enc) ? 'windows-1252' : 'utf-8';
}

const accountOf = (stmt: XmlNode): string | null =>
  textAt(stmt, 'Acct', 'Id', 'IBAN')?.replace(/\s+/g, '').toUpperCase() ?? textAt(stmt, 'Acct', 'Id', 'Othr', 'Id');

/** camt amounts: digits with an optional '.' and up to 5 decimals, never negative. */
function cents(a: Amount, fail: Fail): number {
  const c = /^\s*\d+(\.\d+)?\s*$/.test(a.text) ? decimalToCents(a.text, '.') : null;
  if (c === null) fail(a.line, `importo non valido "${a.text.trim()}"`);
  if (!a.ccy || !/^[A-Z]{3}$/.test(a.ccy)) fail(a.line, 'importo senza un attributo Ccy valido');
  return c!;
}

const direction = (cdi: string | null, line: number, fail: Fail): boolean => {
  if (cdi !== 'CRDT' && cdi !== 'DBIT') fail(line, cdi === null ? 'manca <CdtDbtInd>' : `CdtDbtInd deve essere CRDT o DBIT, non "${cdi}"`);
  return cdi === 'DBIT';
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function readEntry(e: Entry, stmt: Stmt, fail: Fail): void {
  if (!e.amt) fail(e.line, 'movimento senza <Amt>');
  const amount = cents(e.amt!, fail);
  const debit = direction(e.cdi, e.line, fail);
  const booked = !e.status || e.status === 'BOOK';
  for (const t of booked ? [stmt.counts, stmt.booked] : [stmt.counts])
    for (const c of [t.all, debit ? t.debit : t.credit]) {
      c.n++;
      c.sum += amount;
    }
  if (!booked) return;
  const reversal = e.reversal === 'true';
  if (!e.booking || !DAY.test(e.booking)) fail(e.line, 'movimento senza una <BookgDt> valida');

  const literal = debit ? -amount : amount;
  stmt.sumLiteral += literal;
  stmt.sumFlip += reversal ? -literal : literal;

  const txs = e.txs;
  if (txs.length > 1) {
    // Per-detail amounts in the entry's currency (a foreign instructed amount doesn't count).
    const amounts = txs.map((t) => {
      const a = t.amt ?? t.txAmt;
      return a && a.ccy === e.amt!.ccy ? cents(a, fail) : null;
    });
    if (amounts.every((a) => a !== null)) {
      const sum = amounts.reduce((s: number, a) => s + a!, 0);
      if (sum !== amount) fail(e.line, `totali errati: i dettagli del lotto sommano ${centsToDecimal(sum, ',')} ma il movimento è di ${centsToDecimal(amount, ',')}`);
      txs.forEach((t, k) => pushLine(stmt, e, t, amounts[k]!, t.ref ?? (e.ref && `${e.ref}/${k + 1}`), joined(t.texts)));
      return;
    }
  }
  const remittance = txs.length === 1 ? joined(txs[0].texts) : squash(txs.map((t) => joined(t.texts)).join(' '));
  pushLine(stmt, e, txs[0], amount, (txs.length === 1 ? txs[0].ref : null) ?? e.ref, remittance);
}

const joined = (texts: string[]): string => squash(texts.length === 1 ? texts[0] : texts.join(' '));

function share(stmt: Stmt, s: string): string {
  const known = stmt.shared.get(s);
  if (known !== undefined) return known;
  stmt.shared.set(s, s);
  return s;
}

function pushLine(stmt: Stmt, e: Entry, t: Tx | undefined, value: number, bankRef: string | null, remittance: string): void {
  const debit = e.cdi === 'DBIT';
  const reversal = e.reversal === 'true';
  const p = t?.parties;
  const counterparty = debit ? (p?.Cdtr ?? p?.UltmtCdtr) : (p?.Dbtr ?? p?.UltmtDbtr);
  const line: StatementLine = {
    bankRef,
    bookingDate: share(stmt, e.booking!),
    valueDate: e.value && DAY.test(e.value) ? share(stmt, e.value) : null,
    amountCents: (debit !== reversal ? -1 : 1) * value,
    currency: share(stmt, e.amt!.ccy!),
    counterparty: counterparty ? squash(counterparty) : null,
    remittance: remittance || squash(e.info ?? ''),
    reversal,
    dedupKey: '',
  };
  stmt.lines.push(line);
  if (reversal) stmt.reversalLines.push(line);
}

function balanceOf(stmt: XmlNode, codes: string[], fail: Fail): number | null {
  for (const code of codes)
    for (const bal of childrenNamed(stmt, 'Bal')) {
      if ((textAt(bal, 'Tp', 'CdOrPrtry', 'Cd') ?? textAt(bal, 'Tp', 'CdOrPrtry', 'Prtry')) !== code) continue;
      const amt = at(bal, 'Amt') ?? fail(bal.line, `saldo ${code} senza <Amt>`);
      const value = cents({ text: amt.text, ccy: amt.attrs?.Ccy, line: amt.line }, fail);
      return direction(textAt(bal, 'CdtDbtInd'), bal.line, fail) ? -value : value;
    }
  return null;
}

/**
 * <TxsSummry>, when the bank gives it: the number of entries and their sums (total, credits, debits)
 * must be those of the entries in the file. A file cut and closed again by hand, or entries lost on
 * the way, disagree here even when the XML is well formed.
 */
function checkSummary(s: Stmt): void {
  const summary = at(s.node, 'TxsSummry');
  if (!summary) return;
  const parts: [string, 'all' | 'credit' | 'debit', string][] = [['TtlNtries', 'all', 'movimenti'], ['TtlCdtNtries', 'credit', 'accrediti'], ['TtlDbtNtries', 'debit', 'addebiti']];
  for (const [tag, key, what] of parts) {
    const node = at(summary, tag);
    if (!node) continue;
    const all = s.counts[key];
    const booked = s.booked[key];
    const n = textAt(node, 'NbOfNtries');
    if (n !== null && Number(n) !== all.n && Number(n) !== booked.n)
      fail(node.line, `totali errati: il riepilogo (TxsSummry/${tag}) dichiara ${n} ${what}, il file ne contiene ${all.n} (file troncato o modificato?)`);
    const sum = textAt(node, 'Sum');
    if (sum !== null) {
      const declared = cents({ text: sum, ccy: 'EUR', line: node.line }, fail);
      if (declared !== all.sum && declared !== booked.sum)
        fail(node.line, `totali errati: il riepilogo (TxsSummry/${tag}) dichiara ${what} per ${centsToDecimal(declared, ',')}, i movimenti del file sommano ${centsToDecimal(all.sum, ',')}`);
    }
  }
}

function checkBalances(s: Stmt, fail: Fail): { opening: number | null; closing: number | null } {
  const opening = balanceOf(s.node, ['OPBD', 'PRCD'], fail);
  const closing = balanceOf(s.node, ['CLBD'], fail);
  if (opening === null || closing === null || closing === opening + s.sumFlip) return { opening, closing };
  if (closing === opening + s.sumLiteral) {
    for (const l of s.reversalLines) l.amountCents = -l.amountCents; // this bank follows ISO's reading
    return { opening, closing };
  }
  const fmt = (c: number) => centsToDecimal(c, ',');
  return fail(s.node.line, `totali errati: saldo iniziale ${fmt(opening)} + movimenti ${fmt(s.sumFlip)} = ${fmt(opening + s.sumFlip)}, ma il saldo finale è ${fmt(closing)}`);
}
