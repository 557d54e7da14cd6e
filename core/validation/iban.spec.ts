import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatIban, IBAN_LENGTHS, ibanMod97, validateIban } from './iban.js';

const code = (r: ReturnType<typeof validateIban>) => (r.ok ? 'ok' : r.error.code);

describe('validateIban', () => {
  it('accepts published example IBANs and returns them compact and upper-case', () => {
    for (const iban of [
      'IT60X0542811101000000123456',
      'GB82WEST12345698765432',
      'DE89370400440532013000',
      'FR1420041010050500013M02606',
      'NL91ABNA0417164300',
      'BE68539007547034',
      'CH9300762011623852957',
    ])
      assert.deepEqual(validateIban(iban), { ok: true, value: iban }, iban);
    assert.deepEqual(validateIban('IBAN: it60 x054 2811 1010 0000 0123 456'), { ok: true, value: 'IT60X0542811101000000123456' });
  });

  it('explains what is wrong', () => {
    assert.equal(code(validateIban('IT61X0542811101000000123456')), 'checksum');
    assert.equal(code(validateIban('IT60X054281110100000012345')), 'length');
    const len = validateIban('IT60X054281110100000012345');
    assert.ok(!len.ok && len.error.it === 'Un IBAN IT è di 27 caratteri, hai scritto 26 caratteri.');
    assert.equal(code(validateIban('IT6010542811101000000123456')), 'format'); // CIN must be a letter
    assert.equal(code(validateIban('US64SVBKUS6S3300958879')), 'country');
    assert.equal(code(validateIban('0542811101000000123456')), 'format');
    assert.equal(code(validateIban('IT60X05428#1101000000123456')), 'chars');
    assert.equal(code(validateIban('')), 'required');
  });

  it('knows the SEPA lengths that matter most', () => {
    assert.equal(IBAN_LENGTHS.IT, 27);
    assert.equal(IBAN_LENGTHS.SM, 27);
    assert.equal(IBAN_LENGTHS.DE, 22);
    assert.equal(IBAN_LENGTHS.MT, 31);
    assert.equal(IBAN_LENGTHS.NO, 15);
  });

  it('property: any IBAN with recomputed check digits passes, and any single-character change fails', () => {
    const body = fc.tuple(
      fc.stringOf(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), { minLength: 1, maxLength: 1 }),
      fc.stringOf(fc.constantFrom(...'0123456789'), { minLength: 22, maxLength: 22 }),
    );
    fc.assert(
      fc.property(body, fc.integer({ min: 4, max: 26 }), fc.integer({ min: 1, max: 9 }), ([cin, digits], pos, delta) => {
        const bban = cin + digits;
        const check = String(98 - ibanMod97(`IT00${bban}`)).padStart(2, '0');
        const iban = `IT${check}${bban}`;
        assert.deepEqual(validateIban(iban), { ok: true, value: iban });
        if (pos === 4) return; // the CIN letter: a letter change is covered below
        const changed = iban.slice(0, pos) + ((Number(iban[pos]) + delta) % 10) + iban.slice(pos + 1);
        assert.equal(validateIban(changed).ok, false, changed);
      }),
    );
  });
});

describe('formatIban', () => {
  it('groups by 4', () => {
    assert.equal(formatIban('IT60X0542811101000000123456'), 'IT60 X054 2811 1010 0000 0123 456');
    assert.equal(formatIban('it60 x054 2811'), 'IT60 X054 2811');
    assert.equal(formatIban(''), '');
  });
});
