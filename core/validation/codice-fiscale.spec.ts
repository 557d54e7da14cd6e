import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  cfCheckChar,
  decodeOmocodia,
  maskTaxCode,
  validateCodiceFiscaleAzienda,
  validateCodiceFiscalePersona,
} from './codice-fiscale.js';

type Err = { code: string; it: string; en: string };
const errOf = (r: ReturnType<typeof validateCodiceFiscalePersona>): Err => {
  assert.equal(r.ok, false);
  return (r as { ok: false; error: Err }).error;
};

describe('validateCodiceFiscalePersona', () => {
  it('accepts the well-known example and its female form', () => {
    // By hand: odd positions R S R 8 T 0 5 2 → 8+12+8+19+14+1+13+5 = 80; even S M A 5 1 A 6 → 42; 122 mod 26 = 18 → S
    assert.equal(cfCheckChar('RSSMRA85T10A562'), 'S');
    assert.deepEqual(validateCodiceFiscalePersona('RSSMRA85T10A562S'), { ok: true, value: 'RSSMRA85T10A562S' });
    // Women: day + 40 (10 → 50); check char 122 + 4 = 126 mod 26 = 22 → W
    assert.deepEqual(validateCodiceFiscalePersona('RSSMRA85T50A562W'), { ok: true, value: 'RSSMRA85T50A562W' });
    assert.equal(validateCodiceFiscalePersona('BNCLRA90A41F205I').ok, true);
  });

  it('accepts omocodia variants (digits replaced from the right by LMNPQRSTUV)', () => {
    // Each one has its own check character, computed for the substituted string.
    const variants = [
      'RSSMRA85T10A56NH', // 14: 2→N: odd position, ODD[N]-ODD[2] = 20-5 = +15 → 137 mod 26 = 7 → H
      'RSSMRA85T10A5SNT',
      'RSSMRA85T10ARSNO',
      'RSSMRA85T1LARSNR',
      'RSSMRA85TMLARSNC',
      'RSSMRA8RTMLARSNO',
      'RSSMRAURTMLARSNL',
    ];
    for (const v of variants) {
      assert.deepEqual(validateCodiceFiscalePersona(v), { ok: true, value: v }, v);
      assert.equal(decodeOmocodia(v).slice(0, 15), 'RSSMRA85T10A562', v);
    }
    // An omocodic code with the check character of the plain one is wrong.
    assert.equal(errOf(validateCodiceFiscalePersona('RSSMRA85T10A56NS')).code, 'checksum');
  });

  it('normalises case and spaces', () => {
    assert.deepEqual(validateCodiceFiscalePersona(' rssmra 85t10 a562s '), { ok: true, value: 'RSSMRA85T10A562S' });
    assert.deepEqual(validateCodiceFiscalePersona('RSS-MRA-85T10-A562S'), { ok: true, value: 'RSSMRA85T10A562S' });
  });

  it('rejects a wrong check character with a clear message', () => {
    const e = errOf(validateCodiceFiscalePersona('RSSMRA85T10A562T'));
    assert.equal(e.code, 'checksum');
    assert.match(e.it, /il carattere di controllo non corrisponde: controlla di averlo digitato bene/);
    assert.match(e.en, /check character does not match/);
  });

  it('explains structural errors (each example has a correct check character, so only the rule fails)', () => {
    const withCheck = (first15: string) => first15 + cfCheckChar(first15);
    assert.equal(errOf(validateCodiceFiscalePersona(withCheck('RSSMRA85F10A562'))).code, 'month'); // F is no month
    assert.equal(errOf(validateCodiceFiscalePersona(withCheck('RSSMRA85T32A562'))).code, 'day');
    assert.equal(errOf(validateCodiceFiscalePersona(withCheck('RSSMRA85B30A562'))).code, 'day'); // 30 February
    assert.equal(errOf(validateCodiceFiscalePersona(withCheck('RSSMRA85T00A562'))).code, 'day');
    assert.equal(validateCodiceFiscalePersona(withCheck('RSSMRA84B29A562')).ok, true); // 29 February
    assert.equal(validateCodiceFiscalePersona(withCheck('RSSMRA85T71A562')).ok, true); // woman born on the 31st
    assert.equal(errOf(validateCodiceFiscalePersona(withCheck('RSSMR185T10A562'))).code, 'format');
    assert.equal(errOf(validateCodiceFiscalePersona(withCheck('RSSMRA8AT10A562'))).code, 'format');
    assert.equal(errOf(validateCodiceFiscalePersona(withCheck('RSSMRA85T101562'))).code, 'format');
    assert.equal(errOf(validateCodiceFiscalePersona('RSSMRA85T10A5621')).code, 'format'); // last char a digit
  });

  it('tells length, characters, and a numeric code in the wrong place', () => {
    const e = errOf(validateCodiceFiscalePersona('RSSMRA85T10A562'));
    assert.equal(e.code, 'length');
    assert.match(e.it, /16 caratteri, hai scritto 15 caratteri/);
    assert.equal(errOf(validateCodiceFiscalePersona('RSSMRA85T10A562$')).code, 'chars');
    assert.equal(errOf(validateCodiceFiscalePersona('00743110157')).code, 'numeric');
    assert.equal(errOf(validateCodiceFiscalePersona('')).code, 'required');
  });

  describe('properties', () => {
    const letter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    const digit = fc.constantFrom(...'0123456789');
    const validFirst15 = fc
      .record({
        name: fc.stringOf(letter, { minLength: 6, maxLength: 6 }),
        year: fc.stringOf(digit, { minLength: 2, maxLength: 2 }),
        month: fc.constantFrom(...'ABCDEHLMPRST'),
        day: fc.integer({ min: 1, max: 28 }),
        woman: fc.boolean(),
        place: fc.tuple(letter, fc.stringOf(digit, { minLength: 3, maxLength: 3 })),
        omocodia: fc.integer({ min: 0, max: 7 }), // how many digits, from the right, are substituted
      })
      .map(({ name, year, month, day, woman, place, omocodia }) => {
        const chars = `${name}${year}${month}${String(day + (woman ? 40 : 0)).padStart(2, '0')}${place[0]}${place[1]}`.split('');
        for (const p of [14, 13, 12, 10, 9, 7, 6].slice(0, omocodia)) chars[p] = 'LMNPQRSTUV'[Number(chars[p])]!;
        return chars.join('');
      });

    it('a generated code (with any degree of omocodia) and its computed check character passes', () => {
      fc.assert(
        fc.property(validFirst15, (f) => {
          const cf = f + cfCheckChar(f);
          assert.deepEqual(validateCodiceFiscalePersona(cf), { ok: true, value: cf });
          assert.deepEqual(validateCodiceFiscaleAzienda(cf), { ok: true, value: cf });
        }),
      );
    });

    it('changing any one character always fails', () => {
      const alnum = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
      fc.assert(
        fc.property(validFirst15, fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 35 }), (f, pos, shift) => {
          const cf = f + cfCheckChar(f);
          const replacement = alnum[(alnum.indexOf(cf[pos]!) + shift) % 36]!;
          const changed = cf.slice(0, pos) + replacement + cf.slice(pos + 1);
          assert.equal(validateCodiceFiscalePersona(changed).ok, false, `${cf} → ${changed}`);
        }),
        { numRuns: 1000 },
      );
    });
  });
});

describe('validateCodiceFiscaleAzienda', () => {
  it('accepts the 11-digit numeric code (Partita IVA check) and the personal one', () => {
    assert.deepEqual(validateCodiceFiscaleAzienda('00743110157'), { ok: true, value: '00743110157' });
    assert.deepEqual(validateCodiceFiscaleAzienda('rssmra85t10a562s'), { ok: true, value: 'RSSMRA85T10A562S' });
  });

  it('checks the numeric check digit and explains lengths', () => {
    const r = validateCodiceFiscaleAzienda('00743110158');
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.error.code, 'checksum');
      assert.match(r.error.it, /cifra di controllo non corrisponde/);
    }
    const len = validateCodiceFiscaleAzienda('0074311015');
    assert.ok(!len.ok && len.error.it === 'Il codice fiscale numerico è di 11 cifre, hai scritto 10 cifre.');
    const odd = validateCodiceFiscaleAzienda('ABC123');
    assert.ok(!odd.ok && /11 cifre \(società\) o di 16 caratteri/.test(odd.error.it));
    const wrong = validateCodiceFiscaleAzienda('RSSMRA85T10A562T');
    assert.ok(!wrong.ok && wrong.error.code === 'checksum');
  });
});

describe('maskTaxCode', () => {
  it('keeps the first 3 and the last character', () => {
    assert.equal(maskTaxCode('RSSMRA85T10A562S'), 'RSS************S');
    assert.equal(maskTaxCode(' rssmra85t10a562s'), 'RSS************S');
    assert.equal(maskTaxCode('00743110157'), '007*******7');
  });

  it('masks short or odd input entirely and never throws', () => {
    assert.equal(maskTaxCode('ABC'), '***');
    assert.equal(maskTaxCode(''), '***');
    assert.equal(maskTaxCode(null), '***');
    assert.equal(maskTaxCode({}), '***');
    fc.assert(fc.property(fc.anything(), (x) => typeof maskTaxCode(x) === 'string'));
    fc.assert(
      fc.property(fc.string(), (s) => {
        const m = maskTaxCode(s);
        return m.length <= 64 && (m.length < 8 || /^.{3}\*+.$/.test(m));
      }),
    );
  });
});
