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
      assert.equal(s.lines[0].dedupKey, 'ref:IT60X0542811101000000123456:0000250314000301');
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
    assert.match(e.reason, /wrong record length 121, expected 120/);
  });

  it('refuses totals that do not add up (64 ≠ 61 + movements), with the 64 line', () => {
    const e = parseErrorOf(() => parseCbi(fixture('cbi-wrong-totals.txt')));
    assert.equal(e.line, 13);
    assert.match(e.reason, /wrong totals: opening 1817,86 \(line 2\) \+ movements 387,10 = 2204,96, but the closing balance is 2205,96/);
  });

  it('refuses records out of order or unknown, with the line', () => {
    const lines = buildCbi(base).split('\r\n');
    const cases: [string[], number, RegExp][] = [
      [[lines[0], lines[2], ...lines.slice(3)], 2, /62 movement without a 61/],
      [[lines[0], lines[1], lines[3], lines[2], ...lines.slice(4)], 3, /63 detail without its 62/],
      [[lines[0], lines[1], ' 99' + lines[2].slice(3), ...lines.slice(3)], 3, /unknown record type "99"/],
      [[lines[0], lines[1], lines[2].slice(0, 25) + 'X' + lines[2].slice(26), ...lines.slice(3)], 3, /sign must be C or D/],
      [[lines[0], lines[1], lines[2].slice(0, 13) + '310225' + lines[2].slice(19), ...lines.slice(3)], 3, /bad date "310225"/],
      [[lines[0], lines[1], lines[2].slice(0, 30) + 'ABC' + lines[2].slice(33), ...lines.slice(3)], 3, /bad amount/],
      [[lines[0], lines[1], lines[1], ...lines.slice(2)], 3, /61 opens a new account but the one opened at line 2 has no 64/],
      [lines.slice(0, 6), 6, /has no 64 closing record \(truncated file\?\)/],
      [[...lines.slice(0, -2), ''], 7, /without the EF trailer/],
      [[...lines.slice(0, -2), lines.at(-2)!.replace('0000008', '0000009'), ''], 8, /EF trailer counts 9 records but the file has 8/],
    ];
    for (const [records, line, reason] of cases) {
      const e = parseErrorOf(() => parseCbi(records.join('\r\n')));
      assert.match(e.reason, reason);
      assert.equal(e.line, line, e.reason);
    }
  });
});
