import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isValidOfficeCode, piCheckDigit, validatePartitaIva } from './partita-iva.js';

const err = (input: unknown) => {
  const r = validatePartitaIva(input);
  assert.equal(r.ok, false, `expected ${String(input)} to be rejected`);
  return (r as { ok: false; error: { code: string; it: string; en: string } }).error;
};

describe('validatePartitaIva', () => {
  it('accepts real numbers (check digits verified by hand)', () => {
    // 00743110157: odd 0+7+3+1+1=12, even 0,8,2,0,1(10-9)=11 → 23 → check 7; office 015 (Milano)
    assert.deepEqual(validatePartitaIva('00743110157'), { ok: true, value: '00743110157' });
    // 06363391001: odd 0+3+3+9+0=15, even 3,3,6,2,0=14 → 29 → check 1; office 100
    assert.deepEqual(validatePartitaIva('06363391001'), { ok: true, value: '06363391001' });
    // 01234560157: odd 0+2+4+6+1=13, even 2,6,1,0,1=10 → 23 → check 7
    assert.deepEqual(validatePartitaIva('01234560157'), { ok: true, value: '01234560157' });
  });

  it('normalises what people type: IT prefix, spaces, dots, dashes', () => {
    for (const typed of ['IT00743110157', 'it 00743110157', ' 007 431 101 57 ', '007.431.101.57', '00743-110157', 'IT-00743110157'])
      assert.deepEqual(validatePartitaIva(typed), { ok: true, value: '00743110157' }, typed);
  });

  it('rejects a wrong check digit with the agreed wording', () => {
    const e = err('00743110158');
    assert.equal(e.code, 'checksum');
    assert.match(e.it, /la cifra di controllo non corrisponde: controlla di averla digitata bene/);
    assert.match(e.en, /check digit does not match/);
  });

  it('rejects an impossible office code even when the check digit is right', () => {
    // 12345678903 and 01234567897 have a correct Luhn digit but offices 890 and 789 do not exist.
    assert.equal(piCheckDigit('1234567890'), 3);
    assert.equal(piCheckDigit('0123456789'), 7);
    assert.equal(err('12345678903').code, 'office');
    const e = err('01234567897');
    assert.equal(e.code, 'office');
    assert.match(e.it, /789/);
  });

  it('tells the length typed', () => {
    const e = err('0074311015');
    assert.equal(e.code, 'length');
    assert.equal(e.it, 'La Partita IVA deve essere di 11 cifre, hai scritto 10 cifre.');
    assert.match(err('1').it, /hai scritto 1 cifra\.$/);
    assert.match(err('007431101570').it, /hai scritto 12 cifre/);
    // A number loses its leading zeros: the message says what arrived.
    assert.match(err(743110157).it, /hai scritto 9 cifre/);
  });

  it('distinguishes non-digits, all zeros, empty, and a codice fiscale in the wrong field', () => {
    assert.equal(err('0074311015A').code, 'chars');
    assert.equal(err('00000000000').code, 'zeros');
    assert.equal(err('').code, 'required');
    assert.equal(err(null).code, 'required');
    assert.equal(err({ vat: '00743110157' }).code, 'not_text');
    const e = err('RSSMRA85T10A562S');
    assert.match(e.it, /sembra un codice fiscale/);
  });

  it('refuses the company number 0000000 and numbers starting with 8 or 9, though their check digit is right', () => {
    for (const p of ['00000000018', '00000000505']) {
      assert.equal(piCheckDigit(p.slice(0, 10)), Number(p[10]), `${p} has a right check digit`);
      const r = validatePartitaIva(p);
      assert.equal(r.ok, false, p);
      assert.match((r as any).error.it, /prime 7 cifre/);
    }
    for (const serial of ['8012345', '9712345']) {
      const p = serial + '015' + piCheckDigit(serial + '015');
      const r = validatePartitaIva(p);
      assert.equal(r.ok, false, p);
      assert.match((r as any).error.it, /iniziano con 8 o 9/);
      assert.match((r as any).error.en, /non-commercial bodies/);
    }
  });

  it('knows the provincial office codes', () => {
    for (const ok of [1, 15, 100, 120, 121, 888, 999]) assert.ok(isValidOfficeCode(ok), String(ok));
    for (const no of [0, 101, 119, 122, 500, 887, 998]) assert.ok(!isValidOfficeCode(no), String(no));
  });

  describe('properties', () => {
    const office = fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constantFrom(120, 121, 888, 999)).map((n) => String(n).padStart(3, '0'));
    const validPiva = fc
      .tuple(fc.constantFrom(...'01234567'), fc.stringOf(fc.constantFrom(...'0123456789'), { minLength: 6, maxLength: 6 }), office)
      .filter(([first, rest]) => first + rest !== '0000000')
      .map(([first, rest, off]) => first + rest + off + piCheckDigit(first + rest + off));

    it('a generated number (7 digits + office + computed check digit) always passes', () => {
      fc.assert(
        fc.property(validPiva, (p) => {
          assert.deepEqual(validatePartitaIva(p), { ok: true, value: p });
        }),
      );
    });

    it('changing any one digit always fails', () => {
      fc.assert(
        fc.property(validPiva, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 9 }), (p, pos, delta) => {
          const changed = p.slice(0, pos) + ((Number(p[pos]) + delta) % 10) + p.slice(pos + 1);
          const r = validatePartitaIva(changed);
          assert.equal(r.ok, false, `${p} → ${changed} should fail`);
        }),
        { numRuns: 500 },
      );
    });
  });
});
