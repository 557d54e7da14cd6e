import assert from 'node:assert/strict';
import fc from 'fast-check';
import { centsToDecimal, decimalToCents } from './money.js';

describe('decimalToCents', () => {
  it('reads decimal text exactly, without floating point', () => {
    const cases: [string, '.' | ',', number | null][] = [
      ['0.29', '.', 29], ['1234.50', '.', 123450], ['1,234.56', '.', 123456], ['12.', '.', 1200], ['12.500', '.', 1250],
      ['1.234,50', ',', 123450], ['1.234', ',', 123400], ['-12,3', ',', -1230], ['+5', ',', 500], ['12,50-', ',', -1250],
      [',5', ',', 50], [' 1 234,50 ', ',', 123450], ['-0,00', ',', 0], ['90071992547409,91', ',', 9007199254740991], ['90071992547409,92', ',', null],
      ['1.234', '.', null], ['12.505', '.', null], ['', '.', null], ['abc', '.', null], ['1.23.4', ',', null], ['12,3,4', ',', null], ['1e3', '.', null],
    ];
    for (const [text, sep, cents] of cases) assert.equal(decimalToCents(text, sep), cents, `${text} (${sep})`);
  });

  it('round-trips every amount through its text', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom<'.' | ','>('.', ','), (cents, sep) => decimalToCents(centsToDecimal(cents, sep), sep) === cents),
    );
  });
});
