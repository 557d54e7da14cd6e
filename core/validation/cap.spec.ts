import assert from 'node:assert/strict';
import { validateCap } from './cap.js';

describe('validateCap', () => {
  it('accepts Italian CAPs, as text or number, with stray spaces', () => {
    for (const [typed, value] of [
      ['20121', '20121'],
      ['00118', '00118'],
      [' 98168 ', '98168'],
      ['00010', '00010'],
      ['20 121', '20121'],
      [40121, '40121'],
    ] as const)
      assert.deepEqual(validateCap(typed), { ok: true, value }, String(typed));
  });

  it('says how many digits were typed', () => {
    const r = validateCap('2012');
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'length');
    assert.equal(r.error.it, 'Il CAP deve essere di 5 cifre, hai scritto 4 cifre.');
    assert.equal(r.error.en, 'The postcode (CAP) must have 5 digits, you typed 4 digits.');
    const one = validateCap('1');
    assert.ok(!one.ok && one.error.it.endsWith('hai scritto 1 cifra.'));
  });

  it('rejects letters, out-of-range codes and nothing', () => {
    const codes = ['2012a', '00000', '00009', '99999', '', undefined].map((x) => {
      const r = validateCap(x);
      return r.ok ? 'ok' : r.error.code;
    });
    assert.deepEqual(codes, ['chars', 'range', 'range', 'range', 'required', 'required']);
  });
});
