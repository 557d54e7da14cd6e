/**
 * The fields of one camt.053 <Ntry>, collected flat while the XML streams by: a statement has up to
 * hundreds of thousands of entries, and building a node per element is what made parsing slow
 * (garbage collection). Paths are relative to <Ntry>; anything not listed is skipped unread.
 * Party names are read at both places camt.053 used over its versions: Dbtr/Nm (.02) and Dbtr/Pty/Nm (.08).
 */
export interface Amount {
  text: string;
  ccy: string | undefined;
  line: number;
}

export interface Tx {
  line: number;
  ref: string | null;
  amt: Amount | null; // TxDtls/Amt (.08)
  txAmt: Amount | null; // TxDtls/AmtDtls/TxAmt/Amt (.02 and later)
  parties: Partial<Record<'Dbtr' | 'Cdtr' | 'UltmtDbtr' | 'UltmtCdtr', string>>;
  texts: string[]; // Ustrd, Strd references, additional information, in document order
}

export interface Entry {
  line: number;
  amt: Amount | null;
  cdi: string | null;
  reversal: string | null;
  status: string | null;
  booking: string | null;
  value: string | null;
  ref: string | null;
  info: string | null; // AddtlNtryInf
  txs: Tx[];
}

/** What a leaf sets; `attrs` and `line` are those of the leaf element. */
type Setter = (e: Entry, text: string, attrs: Record<string, string> | null, line: number) => void;

export interface Trie {
  kids: Map<string, Trie>;
  set?: Setter;
  open?: (e: Entry, line: number) => void;
}

const tx = (e: Entry) => e.txs[e.txs.length - 1];
const date = (text: string) => text.trim().slice(0, 10); // Dt, or DtTm cut to its date
const amount: (text: string, attrs: Record<string, string> | null, line: number) => Amount = (text, attrs, line) => ({ text, ccy: attrs?.Ccy, line });

const TX_LEAVES: Record<string, Setter> = {
  'Refs/AcctSvcrRef': (e, t) => (tx(e).ref = t.trim() || null),
  Amt: (e, t, a, p) => (tx(e).amt = amount(t, a, p)),
  'AmtDtls/TxAmt/Amt': (e, t, a, p) => (tx(e).txAmt = amount(t, a, p)),
  'RmtInf/Ustrd': (e, t) => void tx(e).texts.push(t),
  'RmtInf/Strd/CdtrRefInf/Ref': (e, t) => void tx(e).texts.push(t),
  'RmtInf/Strd/AddtlRmtInf': (e, t) => void tx(e).texts.push(t),
  AddtlTxInf: (e, t) => void tx(e).texts.push(t),
};
for (const role of ['Dbtr', 'Cdtr', 'UltmtDbtr', 'UltmtCdtr'] as const) {
  const set: Setter = (e, t) => void (tx(e).parties[role] ??= t);
  TX_LEAVES[`RltdPties/${role}/Nm`] = set;
  TX_LEAVES[`RltdPties/${role}/Pty/Nm`] = set;
}

const ENTRY_LEAVES: Record<string, Setter> = {
  Amt: (e, t, a, p) => (e.amt = amount(t, a, p)),
  CdtDbtInd: (e, t) => (e.cdi = t.trim()),
  RvslInd: (e, t) => (e.reversal = t.trim()),
  Sts: (e, t) => (e.status = t.trim()), // .02: <Sts>BOOK</Sts>
  'Sts/Cd': (e, t) => (e.status = t.trim()), // .08: <Sts><Cd>BOOK</Cd></Sts>
  'BookgDt/Dt': (e, t) => (e.booking = date(t)),
  'BookgDt/DtTm': (e, t) => (e.booking ??= date(t)),
  'ValDt/Dt': (e, t) => (e.value = date(t)),
  'ValDt/DtTm': (e, t) => (e.value ??= date(t)),
  AcctSvcrRef: (e, t) => (e.ref = t.trim() || null),
  AddtlNtryInf: (e, t) => (e.info = t),
};
for (const [path, set] of Object.entries(TX_LEAVES)) ENTRY_LEAVES[`NtryDtls/TxDtls/${path}`] = set;

function build(): Trie {
  const root: Trie = { kids: new Map() };
  const node = (path: string): Trie => {
    let cur = root;
    for (const name of path.split('/')) {
      let next = cur.kids.get(name);
      if (!next) cur.kids.set(name, (next = { kids: new Map() }));
      cur = next;
    }
    return cur;
  };
  for (const [path, set] of Object.entries(ENTRY_LEAVES)) node(path).set = set;
  node('NtryDtls/TxDtls').open = (e, line) => {
    e.txs.push({ line, ref: null, amt: null, txAmt: null, parties: {}, texts: [] });
  };
  return root;
}

/** The trie of <Ntry>'s paths. */
export const ENTRY: Trie = build();

export const newEntry = (line: number): Entry => ({
  line, amt: null, cdi: null, reversal: null, status: null, booking: null, value: null, ref: null, info: null, txs: [],
});
