import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  checkValue,
  findPaymentReferences,
  formatPaymentReference,
  generatePaymentReference,
  parsePaymentReference,
  syndrome,
} from './payment-reference.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const enc = (v: number[]) => 'SP' + v.map((x) => ALPHABET[x]).join('');
const valid = (v: number[]) => syndrome(v) === 0;
/** A valid body whose positions p and p+1 hold a and b (the check is the last position). */
function validWith(p: number, a: number, b: number, seed: number[]): number[] {
  const v = [...seed, 0];
  v[p] = a;
  v[p + 1] = b;
  if (p + 1 < 7) {
    v[7] = checkValue(v);
    return v;
  }
  // The check itself is b: move a free data position until the check comes out as b (a bijection).
  for (let x = 0; x < 32; x++) {
    v[0] = x;
    if (checkValue(v) === b) return v;
  }
  throw new Error('unreachable: the check is a bijection of any one data position');
}
const arbData = fc.array(fc.integer({ min: 0, max: 31 }), { minLength: 7, maxLength: 7 });

describe('payment reference', () => {
  it('generates SP + 8 Crockford characters with a valid check and at least one digit', () => {
    for (let i = 0; i < 2000; i++) {
      const r = generatePaymentReference();
      assert.match(r, /^SP[0-9A-HJKMNP-TV-Z]{8}$/);
      assert.match(r.slice(2), /[0-9]/);
      assert.equal(parsePaymentReference(r), r);
    }
  });

  it('formats as SP-XXXX-XXXX and parses back', () => {
    const r = generatePaymentReference();
    const shown = formatPaymentReference(r);
    assert.equal(shown, `SP-${r.slice(2, 6)}-${r.slice(6)}`);
    assert.equal(parsePaymentReference(shown), r);
    assert.throws(() => formatPaymentReference('SP12345678'), TypeError);
  });

  it('parses what people type: case, spaces, dashes, dots, O/I/L, missing or extra dashes', () => {
    const v = [7, 20, 4, 21, 2, 23, 29, 0];
    v[7] = checkValue(v);
    const r = enc(v);
    const body = r.slice(2);
    for (const typed of [
      r,
      r.toLowerCase(),
      `SP-${body.slice(0, 4)}-${body.slice(4)}`,
      `sp ${body.slice(0, 4)} ${body.slice(4)}`,
      `SP.${body.slice(0, 4)}.${body.slice(4)}.`,
      `SP--${body.slice(0, 2)}-${body.slice(2)}`,
      ` S P ${body} `,
    ])
      assert.equal(parsePaymentReference(typed), r, typed);
    const withZero = generateWith((b) => b.includes('0') && b.includes('1'));
    const mistyped = withZero.replace(/0/g, 'O').replace(/1/, 'I').replace(/1/, 'l');
    assert.equal(parsePaymentReference(mistyped), withZero);
    assert.equal(parsePaymentReference(r.slice(0, -1)), null);
    assert.equal(parsePaymentReference(body), null, 'the SP prefix is required');
    assert.equal(parsePaymentReference(r + '0'), null);
  });

  it('finds a reference whose only digit, a 0, was typed as the letter O (exactly, never by correction)', () => {
    let checked = 0;
    for (let k = 0; k < 200_000 && checked < 30; k++) {
      const ref = generatePaymentReference();
      const digits = ref.slice(2).replace(/\D/g, '');
      if (digits !== '0') continue;
      checked++;
      const typed = formatPaymentReference(ref).replace('0', 'O');
      assert.deepEqual(findPaymentReferences(`bonifico ${typed}`), { exact: [ref], correctable: [] }, typed);
      assert.deepEqual(findPaymentReferences(`bonifico ${typed.toLowerCase().replace(/-/g, ' ')}`).exact, [ref], typed);
    }
    assert.ok(checked > 0);
    for (const words of ['SPEDIZIONE OLIO', 'SPORTELLO COMUNALE', 'sp ORTOLANI', 'SP GRAZIE OLIO'])
      assert.deepEqual(findPaymentReferences(words), { exact: [], correctable: [] }, words);
  });

  it('catches every single substitution, exhaustively per position and value', () => {
    fc.assert(
      fc.property(arbData, (data) => {
        const v = [...data, checkValue(data)];
        assert.ok(valid(v));
        for (let p = 0; p < 8; p++)
          for (let x = 0; x < 32; x++) {
            if (x === v[p]) continue;
            const w = v.slice();
            w[p] = x;
            assert.ok(!valid(w), `substitution at ${p} undetected: ${enc(v)} → ${enc(w)}`);
          }
      }),
      { numRuns: 200 },
    );
  });

  it('catches every adjacent transposition, exhaustively over positions and character pairs', () => {
    const seed = [3, 14, 15, 9, 26, 5, 31];
    let checked = 0;
    for (let p = 0; p < 7; p++)
      for (let a = 0; a < 32; a++)
        for (let b = 0; b < 32; b++) {
          if (a === b) continue;
          const v = validWith(p, a, b, seed);
          assert.ok(valid(v));
          const w = v.slice();
          [w[p], w[p + 1]] = [w[p + 1], w[p]];
          assert.ok(!valid(w), `swap at ${p} undetected: ${enc(v)} → ${enc(w)}`);
          checked++;
        }
    assert.equal(checked, 7 * 32 * 31);
    // The scheme is linear, so the other characters can't matter; show it on random contexts too.
    fc.assert(
      fc.property(arbData, fc.integer({ min: 0, max: 6 }), (data, p) => {
        const v = [...data, checkValue(data)];
        fc.pre(v[p] !== v[p + 1]);
        const w = v.slice();
        [w[p], w[p + 1]] = [w[p + 1], w[p]];
        return !valid(w);
      }),
    );
  });

  describe('findPaymentReferences', () => {
    const r = generateWith((b) => /[A-Z]/.test(b));
    const b = r.slice(2);
    const lower = b.toLowerCase();

    it('finds the reference however it is written', () => {
      for (const text of [
        `bonifico ordine sp ${lower.slice(0, 4)} ${lower.slice(4)} grazie`,
        `CAUSALE:SP-${b.slice(0, 4)}${b.slice(4)} fatt 12`,
        `SP ${b.slice(0, 4)} ${b.slice(4)}`,
        `sp${lower}`,
        `SP-${b.slice(0, 4)}-${b.slice(4)}.`,
        `RIF SP-${b.slice(0, 4)}-${b.slice(4)} ORD 123`,
        `SP ${b}`,
        `SP${b.slice(0, 4)} ${b.slice(4)}`,
        `/RFB/SP${b}/ROC/123`,
      ])
        assert.deepEqual(findPaymentReferences(text), { exact: [r], correctable: [] }, text);
    });

    it('finds several references in one text, once each', () => {
      const r2 = generatePaymentReference();
      const text = `saldo ordini ${formatPaymentReference(r)} e ${r2.toLowerCase()}; ancora ${r}`;
      assert.deepEqual(findPaymentReferences(text).exact, [r, r2]);
    });

    it('lists the corrections of a mistyped reference (substitution or swap), the original among them', () => {
      const original = generateWith((x) => x[3] !== x[4] && /[0-9]/.test(x.slice(0, 6)));
      const ob = original.slice(2);
      const swapped = ob.slice(0, 3) + ob[4] + ob[3] + ob.slice(5);
      const subst = ob.slice(0, 6) + (ob[6] === 'Z' ? 'Y' : 'Z') + ob[7];
      for (const typo of [swapped, subst]) {
        const found = findPaymentReferences(`bonifico SP-${typo.slice(0, 4)}-${typo.slice(4)}`);
        assert.deepEqual(found.exact, []);
        assert.equal(found.correctable.length, 1);
        assert.ok(found.correctable[0].includes(original), `${typo}: ${found.correctable[0]}`);
        // 8 single-character fixes (one per position) + at most 7 swaps, all valid, all one edit away.
        assert.ok(found.correctable[0].length >= 8 && found.correctable[0].length <= 15);
        for (const c of found.correctable[0]) assert.equal(parsePaymentReference(c), c);
      }
    });

    it('fixes a letter outside the alphabet (U typed for V)', () => {
      const withV = generateWith((x) => x.includes('V'));
      const found = findPaymentReferences(`ord ${withV.replace('V', 'U')}`);
      assert.deepEqual(found, { exact: [], correctable: [[withV]] });
    });

    it('does not glue unrelated words into references', () => {
      for (const text of [
        'SPEDIZIONE ordine 123',
        'spettabile ditta',
        'SP GRAZIE 12 MARZO',
        'SP 45 KM 3 LOC. BOSCO',
        'RISP7K4M2QX9',
        `SP ${b} 9`.replace(b, b + 'X'),
        `SP-${b.slice(0, 4)}: ${b.slice(4)}`.replace(':', ';'),
      ])
        assert.deepEqual(findPaymentReferences(text), { exact: [], correctable: [] }, text);
    });
  });
});

function generateWith(ok: (body: string) => boolean): string {
  for (;;) {
    const r = generatePaymentReference();
    if (ok(r.slice(2))) return r;
  }
}
