import assert from 'node:assert/strict';
import { validatePhone } from './phone.js';

describe('validatePhone', () => {
  it('normalises Italian numbers to +39 and digits', () => {
    const cases: [unknown, string][] = [
      ['+39 333 123 4567', '+393331234567'],
      ['333.123.4567', '+393331234567'],
      ['0039-02-1234567', '+39021234567'],
      ['(06) 1234 5678', '+390612345678'],
      ['02 123456', '+3902123456'],
      [3331234567, '+393331234567'],
    ];
    for (const [typed, value] of cases) assert.deepEqual(validatePhone(typed), { ok: true, value }, String(typed));
  });

  it('accepts other international numbers as E.164', () => {
    assert.deepEqual(validatePhone('+41 44 668 18 00'), { ok: true, value: '+41446681800' });
  });

  it('explains what is wrong', () => {
    const short = validatePhone('12345');
    assert.ok(!short.ok && short.error.it === 'Il numero di telefono deve avere da 6 a 13 cifre (senza +39), hai scritto 5 cifre.');
    const long = validatePhone('+39 12345678901234');
    assert.ok(!long.ok && long.error.code === 'length');
    const letters = validatePhone('333 CALL ME');
    assert.ok(!letters.ok && letters.error.code === 'chars');
    const plusInside = validatePhone('333+1234567');
    assert.ok(!plusInside.ok && plusInside.error.code === 'chars');
    const empty = validatePhone('');
    assert.ok(!empty.ok && empty.error.code === 'required');
  });
});
