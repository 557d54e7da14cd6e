import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DomainError } from '../errors.js';
import { buildCamt053 } from '../../test/bank-statement-files.js';
import { parseCamt053, readCamt053 } from './parse-camt053.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/statements/${name}`, import.meta.url));

/** Asserts a parse_error and returns its details. */
function parseErrorOf(fn: () => unknown): { line: number; reason: string } {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof DomainError, String(e));
    assert.equal(e.code, 'parse_error');
    return e.details as { line: number; reason: string };
  }
  assert.fail('expected a parse_error');
}

describe('parseCamt053', () => {
  it('reads camt.053.001.02: entries, a 3-transfer batch, a debit, a reversal; skips pending', () => {
    const s = parseCamt053(fixture('camt053-v02.xml'));
    assert.equal(s.format, 'camt053');
    assert.equal(s.accountIban, 'IT60X0542811101000000123456');
    assert.equal(s.statementId, 'STM-20250312-001');
    assert.equal(s.openingBalanceCents, 100000);
    assert.equal(s.closingBalanceCents, 188610);
    assert.deepEqual(
      s.lines.map((l) => [l.bankRef, l.amountCents, l.counterparty, l.remittance, l.reversal]),
      [
        ['2025031200000101', 12200, 'ROSSI MARIO', 'BONIFICO ORDINE SP-DG3N-XQ9V', false],
        ['2025031200000102-1', 6100, 'STUDIO BIANCHI S.R.L.', 'sp2k6kj63m', false],
        ['2025031200000102-2', 24400, 'VERDI LUCA', 'Causale: SP SE75 MTNX fatt 12', false],
        ['2025031200000102-3', 3660, 'ESPOSITO ANNA', 'SALDO ORDINE SP-BNVC- F4C0 GRAZIE', false],
        ['2025031200000103', -1550, 'BANCO BPM SPA', 'COMMISSIONI E SPESE MARZO', false],
        ['2025031200000104', -5000, 'NERI PAOLO', 'STORNO BONIFICO SP-HB1S-VQS3', true],
        ['2025031200000106', 48800, 'GIALLI COSTRUZIONI S.P.A.', 'SPD6BCF383', false],
      ],
    );
    const first = s.lines[0];
    assert.equal(first.bookingDate, '2025-03-12');
    assert.equal(first.valueDate, '2025-03-12');
    assert.equal(first.currency, 'EUR');
    assert.equal(first.dedupKey, 'ref:IT60X0542811101000000123456:2025-03-12:12200:2025031200000101');
    assert.equal(s.lines[5].valueDate, '2025-03-11');
    assert.equal(new Set(s.lines.map((l) => l.dedupKey)).size, s.lines.length);
  });

  it('reads camt.053.001.08: Pty/Nm, TxDtls/Amt, Sts/Cd, DtTm, entities and CDATA', () => {
    const s = parseCamt053(fixture('camt053-v08.xml'));
    assert.equal(s.openingBalanceCents, 188610);
    assert.equal(s.closingBalanceCents, 181786);
    assert.deepEqual(
      s.lines.map((l) => [l.bookingDate, l.amountCents, l.counterparty, l.remittance, l.reversal]),
      [
        ['2025-03-13', 12200, 'ROSSI & FIGLI SNC', 'Pagamento ordine SP-S8WK-TD3Q <grazie>', false],
        ['2025-03-13', 10000, 'Caffè Nero s.r.l.', 'RIF SP-4HXJ-SXAM ORD 123', false],
        ['2025-03-13', 2200, 'ROMANO GIULIA', 'acconto SP-DG3N-XQ9V', false],
        ['2025-03-13', 976, 'COLOMBO ELENA', 'ricarica credito', false],
        ['2025-03-13', -20000, 'FORNITORE ALFA SRL', 'Fattura 12/2025', false],
        ['2025-03-13', -12200, null, 'RESO BONIFICO SP-S8WK-TD3Q', true],
      ],
    );
  });

  it('gives the same dedup keys when the same file is read twice', () => {
    const a = parseCamt053(fixture('camt053-v02.xml')).lines.map((l) => l.dedupKey);
    const b = parseCamt053(fixture('camt053-v02.xml').toString('utf8')).lines.map((l) => l.dedupKey);
    assert.deepEqual(a, b);
  });

  it('hashes lines without a bank reference, keeping identical payments apart', () => {
    const entry = { amountCents: 5000, credit: true, bookingDate: '2025-03-01', counterparty: 'X', remittance: 'same', ref: '' };
    const xml = buildCamt053({ version: '02', iban: 'IT60X0542811101000000123456', entries: [entry, entry] }).replaceAll('<AcctSvcrRef></AcctSvcrRef>', '');
    const keys = parseCamt053(xml).lines.map((l) => l.dedupKey);
    assert.match(keys[0], /^sha256:[0-9a-f]{64}$/);
    assert.notEqual(keys[0], keys[1]);
    assert.deepEqual(parseCamt053(xml).lines.map((l) => l.dedupKey), keys);
  });

  it('reads namespace-prefixed documents and both versions from the builder', () => {
    for (const version of ['02', '08'] as const) {
      const xml = buildCamt053({
        version,
        prefix: 'camt',
        iban: 'IT60X0542811101000000123456',
        openingBalanceCents: 500,
        entries: [
          { amountCents: 12200, credit: true, bookingDate: '2025-04-01', counterparty: 'Bianchi & C.', remittance: 'ordine <SP-DG3N-XQ9V>' },
          { credit: true, bookingDate: '2025-04-01', batch: [{ amountCents: 100, remittance: 'a' }, { amountCents: 250, ref: 'TX2', remittance: 'b' }] },
          { amountCents: 700, credit: true, reversal: true, bookingDate: '2025-04-02' },
        ],
      });
      assert.match(xml, /<camt:Document xmlns:camt=/);
      const s = parseCamt053(xml);
      assert.deepEqual(s.lines.map((l) => l.amountCents), [12200, 100, 250, -700]);
      assert.equal(s.lines[0].remittance, 'ordine <SP-DG3N-XQ9V>');
      assert.equal(s.lines[0].counterparty, 'Bianchi & C.');
      assert.equal(s.lines[1].bankRef, 'BNK0000000002/1');
      assert.equal(s.lines[2].bankRef, 'TX2');
      assert.equal(s.closingBalanceCents, 500 + 12200 + 350 - 700);
    }
  });

  it("accepts a bank that reads RvslInd the ISO way when the balances say so", () => {
    const spec = { version: '02' as const, iban: 'IT60X0542811101000000123456', entries: [{ amountCents: 700, credit: true, reversal: true, bookingDate: '2025-04-02' }] };
    const s = parseCamt053(buildCamt053({ ...spec, closingBalanceCents: 700 }));
    assert.equal(s.lines[0].amountCents, 700);
    assert.equal(s.lines[0].reversal, true);
  });

  it('refuses wrong totals, saying so', () => {
    const e = parseErrorOf(() => parseCamt053(fixture('camt053-wrong-totals.xml')));
    assert.match(e.reason, /totali errati.*saldo finale è 1868,10/);
    assert.equal(e.line, 12); // the <Stmt>
    const batch = buildCamt053({ version: '08', iban: 'IT60X0542811101000000123456', closingBalanceCents: 350, entries: [{ credit: true, bookingDate: '2025-04-01', batch: [{ amountCents: 100 }, { amountCents: 200 }] }] })
      .replace('<NtryRef>1</NtryRef><Amt Ccy="EUR">3.00</Amt>', '<NtryRef>1</NtryRef><Amt Ccy="EUR">3.50</Amt>');
    assert.match(parseErrorOf(() => parseCamt053(batch)).reason, /dettagli del lotto sommano 3,00 ma il movimento è di 3,50/);
  });

  it('refuses a truncated file with the line and what is missing', () => {
    const e = parseErrorOf(() => parseCamt053(fixture('camt053-truncated.xml')));
    assert.equal(e.line, fixture('camt053-truncated.xml').toString().split('\n').length);
    assert.match(e.reason, /fine del file inattesa: <\w+> aperto alla riga \d+ non è chiuso \(file troncato\?\)/);
  });

  it('refuses malformed XML with the line of the fault', () => {
    const good = fixture('camt053-v02.xml').toString();
    const lineOf = (xml: string, needle: string) => xml.slice(0, xml.indexOf(needle)).split('\n').length;
    const cases: [string, RegExp, string][] = [
      [good.replace('</Nm>\n              </Dbtr>', '</Nme>\n              </Dbtr>'), /trovato <\/Nme> dove era atteso <\/Nm> \(aperto alla riga 102\)/, '</Nme>'],
      [good.replace('ROSSI MARIO', 'ROSSI & MARIO'), /"&" non codificato/, 'ROSSI & MARIO'],
      [good.replace('<Amt Ccy="EUR">122.00</Amt>', '<Amt Ccy="EUR">12,2</Amt>'), /importo non valido "12,2"/, '12,2'],
      [good.replace('<Amt Ccy="EUR">122.00</Amt>', '<Amt>122.00</Amt>'), /senza un attributo Ccy valido/, '<Amt>122.00'],
      [good.replace('<CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>BOOK', '<CdtDbtInd>CR</CdtDbtInd>\n        <Sts>BOOK'), /CRDT o DBIT, non "CR"/, '<Ntry>'],
      [good.replace('<Dt>2025-03-12</Dt>\n        </BookgDt>', '<Dt>12/03/2025</Dt>\n        </BookgDt>'), /<BookgDt> valida/, '<Ntry>'],
      [good + '<extra/>', /secondo elemento radice/, '<extra/>'],
      [good.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>'), /DOCTYPE/, '<!DOCTYPE'],
      [good.replace('camt.053.001.02', 'camt.054.001.02'), /namespace urn:iso:std:iso:20022:tech:xsd:camt\.054\.001\.02/, '<Document'],
      [good.replace('<Ustrd>sp2k6kj63m</Ustrd>', '<Ustrd>sp2k6kj63m</Ustrd> stray < here'), /"<" isolato/, 'stray <'],
    ];
    for (const [xml, reason, needle] of cases) {
      const e = parseErrorOf(() => parseCamt053(xml));
      assert.match(e.reason, reason);
      assert.equal(e.line, lineOf(xml, needle), e.reason);
    }
    assert.equal(parseErrorOf(() => parseCamt053('   ')).line, 1);
  });

  it('reads a statement of 100,000 entries whole (its speed is `npm run bench -- reconciliation`)', function () {
    this.timeout(60_000);
    const entries = Array.from({ length: 100_000 }, (_, i) => ({
      amountCents: 1000 + i, credit: i % 10 !== 0, bookingDate: '2025-03-12', counterparty: `Cliente ${i}`, remittance: `ordine SP-DG3N-XQ9V n. ${i}`,
    }));
    const xml = buildCamt053({ version: '08', iban: 'IT60X0542811101000000123456', entries });
    const s = parseCamt053(xml);
    assert.equal(s.lines.length, 100_000);
    for (const i of [0, 1, 49_999, 99_999]) {
      const line = s.lines[i]!;
      assert.equal(line.amountCents, (i % 10 === 0 ? -1 : 1) * (1000 + i), `line ${i}`);
      assert.match(line.remittance ?? '', new RegExp(`n\\. ${i}$`));
    }
  });

  it('reads a file streamed in pieces exactly as the whole, characters cut between pieces included', async () => {
    for (const name of ['camt053-v02.xml', 'camt053-v08.xml']) {
      const file = fixture(name);
      const whole = parseCamt053(file);
      for (const size of [1, 7, 4096]) {
        const pieces = async function* () {
          for (let i = 0; i < file.length; i += size) yield file.subarray(i, i + size);
        };
        assert.deepEqual(await readCamt053(pieces()), whole, `${name} in pieces of ${size} bytes`);
      }
    }
    // "Società" and "€": multi-byte UTF-8 split across pieces; a Latin-1 file read as such.
    const xml = buildCamt053({ version: '08', iban: 'IT60X0542811101000000123456', entries: [{ amountCents: 12_200, credit: true, bookingDate: '2025-04-01', counterparty: 'Società Verdi', remittance: 'ordine € SP-DG3N-XQ9V' }] });
    const utf8 = Buffer.from(xml, 'utf8');
    const one = async function* (buf: Buffer) {
      for (let i = 0; i < buf.length; i++) yield buf.subarray(i, i + 1);
    };
    const read = await readCamt053(one(utf8));
    assert.equal(read.lines[0].counterparty, 'Società Verdi');
    assert.equal(read.lines[0].remittance, 'ordine € SP-DG3N-XQ9V');
    const latin1 = Buffer.from(xml.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace('€ ', ''), 'latin1');
    assert.equal((await readCamt053(one(latin1))).lines[0].counterparty, 'Società Verdi');

    // The lines read so far are told as it goes (the import's page shows them).
    const big = Buffer.from(buildCamt053({ version: '08', iban: 'IT60X0542811101000000123456', entries: Array.from({ length: 25_000 }, (_, i) => ({ amountCents: 100 + i, credit: true, bookingDate: '2025-04-01' })) }));
    const told: number[] = [];
    const pieces = async function* () {
      for (let i = 0; i < big.length; i += 64 * 1024) yield big.subarray(i, i + 64 * 1024);
    };
    assert.equal((await readCamt053(pieces(), async (n) => void told.push(n))).lines.length, 25_000);
    assert.equal(told.length, 2, told.join());
    assert.ok(told[0] >= 10_000 && told[1] >= told[0] + 10_000 && told[1] < 25_000, told.join());
  });

  it('refuses a file whose TxsSummry disagrees with its entries (count or sums), naming the line', () => {
    const spec = {
      version: '08' as const, iban: 'IT60X0542811101000000123456',
      entries: [
        { amountCents: 12_200, credit: true, bookingDate: '2025-04-01', remittance: 'SP-DG3N-XQ9V' },
        { amountCents: 5_000, credit: true, bookingDate: '2025-04-01', remittance: 'x' },
        { amountCents: 700, credit: false, bookingDate: '2025-04-02', remittance: 'commissioni' },
      ],
    };
    const good = buildCamt053(spec);
    assert.equal(parseCamt053(good).lines.length, 3);
    // A file cut after an entry and closed again by hand: well-formed, balances dropped, one entry missing.
    const cut = buildCamt053({ ...spec, balances: false }).replace(/<Ntry><NtryRef>3<\/NtryRef>.*<\/Ntry>\n/, '');
    const e1 = parseErrorOf(() => parseCamt053(cut));
    assert.match(e1.reason, /TxsSummry\/TtlNtries\) dichiara 3 movimenti, il file ne contiene 2/);
    assert.equal(e1.line, cut.slice(0, cut.indexOf('<TxsSummry>')).split('\n').length);
    const sum = good.replace('<TtlCdtNtries><NbOfNtries>2</NbOfNtries><Sum>172.00</Sum>', '<TtlCdtNtries><NbOfNtries>2</NbOfNtries><Sum>172.50</Sum>');
    assert.notEqual(sum, good);
    assert.match(parseErrorOf(() => parseCamt053(sum)).reason, /TtlCdtNtries\) dichiara accrediti per 172,50, i movimenti del file sommano 172,00/);
    // A pending entry counted by the bank or not: both readings are accepted.
    const pending = { ...spec, entries: [...spec.entries, { amountCents: 100, credit: true, bookingDate: '2025-04-02', status: 'PDNG' as const }] };
    assert.equal(parseCamt053(buildCamt053(pending)).lines.length, 3);
    const bookedOnly = buildCamt053(pending).replace('<TtlNtries><NbOfNtries>4</NbOfNtries><Sum>180.00</Sum>', '<TtlNtries><NbOfNtries>3</NbOfNtries><Sum>179.00</Sum>');
    assert.notEqual(bookedOnly, buildCamt053(pending));
    assert.equal(parseCamt053(bookedOnly).lines.length, 3);
  });
});
