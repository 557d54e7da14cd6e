import assert from 'node:assert/strict';
import { formatAmount, formatEuro } from './money.js';

describe('formatEuro', () => {
  it('formats Italian style: dot thousands, comma decimals, euro after', () => {
    assert.equal(formatEuro(122_000, 'it'), '1.220,00 €');
    assert.equal(formatEuro(5, 'it'), '0,05 €');
    assert.equal(formatEuro(123_456_789_01, 'it'), '123.456.789,01 €');
    assert.equal(formatEuro(-122_050, 'it'), '-1.220,50 €');
  });

  it('formats English style: euro first, comma thousands', () => {
    assert.equal(formatEuro(122_000, 'en'), '€1,220.00');
    assert.equal(formatEuro(99, 'en'), '€0.99');
    assert.equal(formatEuro(-100, 'en'), '-€1.00');
  });

  it('gives the number alone for form fields and other currencies, Italian by default', () => {
    assert.equal(formatAmount(123_456), '1.234,56');
    assert.equal(formatAmount(-5), '-0,05');
    assert.equal(formatAmount(123_456, 'en'), '1,234.56');
    assert.equal(formatEuro(123_456), '1.234,56 €');
  });

  it('refuses non-integer cents instead of rounding silently', () => {
    assert.throws(() => formatEuro(12.5, 'it'), RangeError);
    assert.throws(() => formatEuro(Number.MAX_SAFE_INTEGER + 2, 'it'), RangeError);
  });
});
