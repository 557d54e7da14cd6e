import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DomainError } from '../errors.js';
import { type CbiSpec, buildCbi } from '../../test/bank-statement-files.js';
import { parseCbi } from './parse-cbi.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/statements/${name}`, import.meta.url));

function parseErrorOf(fn: () => unknown): { line: number; reason: string } {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof DomainError && e.code === 'parse_error', String(e));
    return e.details as { line: number; reason: string };
  }
  assert.fail('expected a parse_error');
}

const expected = [
  ['0000250314000301', '2025-03-14', 12200, 'ROSSI MARIO', 'BONIFICO A VOSTRO FAVORE BONIFICO ORDINE SP-2K6K-J63M'],
  ['0000250314000302', '2025-03-14', 24400, 'STUDIO BIANCHI S.R.L.', 'BONIFICO A VOSTRO FAVORE PAGAMENTO COUPON ORDINARIA 2 PEZZI COME DA VOSTRA CONFERMA RICEVUTA VIA TELEGRAM IL 10 MARZO SP-SE75-MTNX GRAZIE'],
  ['0000250314000303', '2025-03-14', 3660, null, 'BONIFICO A VOSTRO FAVORE'],
  ['0000250314000304', '2025-03-14', -1550, null, 'COMMISSIONI SPESE TENUTA CONTO MARZO'],
];

describe('parseCbi', () => {
  for (const name of ['cbi-standard.txt', 'cbi-leading-space.txt']) {
    it(`reads ${name}: balances, movements, 63 details (a causale cut across two 63s), a missing 63`, () => {
      const s = parseCbi(fixture(name));
      assert.equal(s.format, 'cbi');
      assert.equal(s.accountIban, 'IT60X0542811101000000123456');
      assert.equal(s.statementId, 'RH0542825031401');
      assert.equal(s.openingBalanceCents, 181786);
      assert.equal(s.closingBalanceCents, 181786 + 12200 + 24400 + 3660 - 1550);
      assert.deepEqual(s.lines.map((l) => [l.bankRef, l.bookingDate, l.amountCents, l.counterparty, l.remittance]), expected);
      assert.ok(s.lines.every((l) => l.currency === 'EUR' && l.valueDate === '2025-03-14' && !l.reversal));
      assert.equal(s.lines[0].dedupKey, 'ref:IT60X0542811101000000123456:2025-03-14:12200:0000250314000301');
    });
  }

  const base: CbiSpec = {
    iban: 'IT60X0542811101000000123456',
    openingBalanceCents: -5000,
    movements: [
      { amountCents: 12200, credit: true, bookingDate: '2025-03-14', valueDate: '2025-03-15', counterparty: 'NERI PAOLO', remittance: 'ordine sp-dg3n-xq9v' },
      { amountCents: 700, credit: false, bookingDate: '2025-03-14' },
    ],
  };

  it('takes every quirk: missing filler, LF, CR only, no line breaks, trimmed spaces, Ctrl-Z, blank lines', () => {
    const reference = parseCbi(buildCbi(base));
    assert.equal(reference.openingBalanceCents, -5000);
    assert.equal(reference.lines[0].valueDate, '2025-03-15');
    for (const quirk of [
      buildCbi({ ...base, filler: 'missing', eol: '\n' }),
      buildCbi({ ...base, filler: 'extra', trimTrailing: true }),
      buildCbi({ ...base, eol: '\r' }),
      buildCbi({ ...base, eol: '' }),
      buildCbi({ ...base, trimTrailing: true }) + '\x1a',
      '\r\n' + buildCbi(base).replace(/\r\n/g, '\r\n\r\n'),
    ])
      assert.deepEqual(parseCbi(quirk), reference);
  });

  it('reads a file without RH/EF, free-text 63 records, and amounts written in plain cents', () => {
    const plain = buildCbi({ ...base, header: false, freeText63: true }).replace('000000000122,00', '000000000012200');
    const s = parseCbi(plain);
    assert.deepEqual(s.lines.map((l) => [l.amountCents, l.remittance]), [
      [12200, 'BONIFICO A VOSTRO FAVORE ordine sp-dg3n-xq9v'],
      [-700, 'DISPOSIZIONE DI BONIFICO'],
    ]);
  });

  it('hashes movements without a bank reference into stable keys', () => {
    const text = buildCbi({ ...base, movements: base.movements.map((m) => ({ ...m, ref: ' ' })) });
    const keys = parseCbi(text).lines.map((l) => l.dedupKey);
    assert.ok(keys.every((k) => /^sha256:/.test(k)));
    assert.deepEqual(parseCbi(text).lines.map((l) => l.dedupKey), keys);
  });

  it('refuses a record of the wrong length, with its line', () => {
    const e = parseErrorOf(() => parseCbi(fixture('cbi-wrong-length.txt')));
    assert.equal(e.line, 4);
    assert.match(e.reason, /lunghezza del record 121 errata, attesa 120/);
  });

  it('refuses totals that do not add up (64 ≠ 61 + movements), with the 64 line', () => {
    const e = parseErrorOf(() => parseCbi(fixture('cbi-wrong-totals.txt')));
    assert.equal(e.line, 13);
    assert.match(e.reason, /totali errati: saldo iniziale 1817,86 \(riga 2\) \+ movimenti 387,10 = 2204,96, ma il saldo finale è 2205,96/);
  });

  it('refuses records out of order or unknown, with the line', () => {
    const lines = buildCbi(base).split('\r\n');
    const cases: [string[], number, RegExp][] = [
      [[lines[0], lines[2], ...lines.slice(3)], 2, /movimento 62 senza il record di apertura 61/],
      [[lines[0], lines[1], lines[3], lines[2], ...lines.slice(4)], 3, /dettaglio 63 senza il suo movimento 62/],
      [[lines[0], lines[1], ' 99' + lines[2].slice(3), ...lines.slice(3)], 3, /tipo di record sconosciuto "99"/],
      [[lines[0], lines[1], lines[2].slice(0, 25) + 'X' + lines[2].slice(26), ...lines.slice(3)], 3, /il segno deve essere C o D/],
      [[lines[0], lines[1], lines[2].slice(0, 13) + '310225' + lines[2].slice(19), ...lines.slice(3)], 3, /data non valida "310225"/],
      [[lines[0], lines[1], lines[2].slice(0, 30) + 'ABC' + lines[2].slice(33), ...lines.slice(3)], 3, /importo non valido/],
      [[lines[0], lines[1], lines[1], ...lines.slice(2)], 3, /il 61 apre un nuovo conto ma quello aperto alla riga 2 non ha il 64/],
      [lines.slice(0, 6), 6, /non ha il record di chiusura 64 \(file troncato\?\)/],
      [[...lines.slice(0, -2), ''], 7, /senza la coda EF/],
      [[...lines.slice(0, -2), lines.at(-2)!.replace('0000008', '0000009'), ''], 8, /la coda EF conta 9 record ma il file ne ha 8/],
    ];
    for (const [records, line, reason] of cases) {
      const e = parseErrorOf(() => parseCbi(records.join('\r\n')));
      assert.match(e.reason, reason);
      assert.equal(e.line, line, e.reason);
    }
  });

  it('keeps record framing out of the causale and reads STORNO BONIFICO as a reversal', () => {
    const text = buildCbi({ iban: 'IT60X0542811101000000123456', movements: [
      { amountCents: 12_200, credit: true, bookingDate: '2025-03-14', counterparty: 'ROSSI MARIO', remittance: 'saldo SP-2K6K-J63M' },
      { amountCents: 12_200, credit: false, bookingDate: '2025-03-15', description: 'STORNO BONIFICO', remittance: 'saldo SP-2K6K-J63M' },
    ] });
    const records = text.split('\r\n');
    // A bank's structured details: the payer's address and IBAN (YY2), the end-to-end id (ID1).
    const junk = [' 630000001001YY2VIA ROMA 1 20100 MILANO IT60X0542811101000000123456', ' 630000001001ID1E2E-REF-000123'];
    records.splice(3, 0, ...junk);
    const full = records.filter(Boolean).map((r) => r.padEnd(120).slice(0, 120));
    const ef = full.length - 1; // EF counts records at 83-89
    full[ef] = full[ef].slice(0, 82) + String(full.length).padStart(7, '0') + full[ef].slice(89);
    const fixed = full.join('\r\n');
    const s = parseCbi(fixed);
    assert.deepEqual(s.lines.map((l) => [l.remittance, l.counterparty, l.reversal, l.amountCents]), [
      ['BONIFICO A VOSTRO FAVORE saldo SP-2K6K-J63M', 'ROSSI MARIO', false, 12_200],
      ['STORNO BONIFICO saldo SP-2K6K-J63M', null, true, -12_200],
    ]);
  });
});
