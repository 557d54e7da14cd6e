import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeTotals, vatOf } from './totals.js';

describe('order totals (integer cents, VAT per line, round half up)', () => {
  it('computes 22 % VAT with halves rounded up', () => {
    assert.equal(vatOf(10_000, 2200), 2_200);
    assert.equal(vatOf(25, 2200), 6); // 5.5 → 6
    assert.equal(vatOf(2, 2200), 0); // 0.44 → 0
    assert.equal(vatOf(3, 2200), 1); // 0.66 → 1
    assert.equal(vatOf(0, 2200), 0);
  });

  it('sums lines computed one by one', () => {
    const t = computeTotals([
      { unitNetCents: 9_900, quantity: 1, vatRateBp: 2200 },
      { unitNetCents: 44_500, quantity: 2, vatRateBp: 2200 },
    ]);
    assert.deepEqual([t.netCents, t.vatCents, t.grossCents], [98_900, 2_178 + 19_580, 98_900 + 2_178 + 19_580]);
    assert.equal(t.lines[1]!.netCents, 89_000);
  });

  it('keeps net + VAT = gross for every line and the order', () => {
    const line = fc.record({ unitNetCents: fc.integer({ min: 0, max: 10_000_000 }), quantity: fc.integer({ min: 1, max: 100 }), vatRateBp: fc.constantFrom(0, 400, 500, 1000, 2200) });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 20 }), (lines) => {
        const t = computeTotals(lines);
        for (const l of t.lines) assert.equal(l.netCents + l.vatCents, l.grossCents);
        assert.equal(t.netCents + t.vatCents, t.grossCents);
        assert.equal(t.grossCents, t.lines.reduce((s, l) => s + l.grossCents, 0));
        for (const l of t.lines) assert.ok(Number.isInteger(l.vatCents));
      }),
    );
  });

  it('refuses fractional cents and non-positive quantities', () => {
    assert.throws(() => computeTotals([{ unitNetCents: 10.5, quantity: 1, vatRateBp: 2200 }]), RangeError);
    assert.throws(() => computeTotals([{ unitNetCents: 100, quantity: 0, vatRateBp: 2200 }]), RangeError);
  });
});
