import assert from 'node:assert/strict';
import { validateSdi } from './sdi.js';

describe('validateSdi', () => {
  it('accepts 7 alphanumerics, upper-cased', () => {
    assert.deepEqual(validateSdi('m5uxcr1', { hasPec: false }), { ok: true, value: 'M5UXCR1' });
    assert.deepEqual(validateSdi(' KRRH6B9 ', { hasPec: true }), { ok: true, value: 'KRRH6B9' });
    assert.deepEqual(validateSdi('SUBM 70N', { hasPec: false }), { ok: true, value: 'SUBM70N' });
  });

  it('0000000 always (invoices via PEC or the cassetto fiscale); nothing only with a PEC, else the message suggests 0000000', () => {
    assert.deepEqual(validateSdi('0000000', { hasPec: true }), { ok: true, value: '0000000' });
    assert.deepEqual(validateSdi('', { hasPec: true }), { ok: true, value: '0000000' });
    assert.deepEqual(validateSdi(null, { hasPec: true }), { ok: true, value: '0000000' });
    assert.deepEqual(validateSdi('0000000', { hasPec: false }), { ok: true, value: '0000000' }, 'the suggestion given is accepted');
    const empty = validateSdi('', { hasPec: false });
    assert.ok(!empty.ok && empty.error.code === 'required' && /0000000/.test(empty.error.it) && /cassetto fiscale/.test(empty.error.it));
  });

  it('XXXXXXX (foreign customers) is refused for an Italian company', () => {
    const x = validateSdi('xxxxxxx', { hasPec: true });
    assert.ok(!x.ok && x.error.code === 'foreign' && /clienti esteri/.test(x.error.it));
  });

  it('7 characters typed with a dash, space or underscore, 6 left: not the PA message', () => {
    for (const typed of ['ABC-DEF', 'ABC DEF', 'ABC_DEF']) {
      const r = validateSdi(typed, { hasPec: false });
      assert.ok(!r.ok, typed);
      assert.match(r.error.it, /trattini, spazi e trattini bassi non contano/, typed);
      assert.doesNotMatch(r.error.it, /Pubblica Amministrazione/, typed);
    }
  });

  it('explains lengths, the 6-character PA code, and symbols', () => {
    const six = validateSdi('UFABCD', { hasPec: false });
    assert.ok(!six.ok && /Pubblica Amministrazione/.test(six.error.it));
    const eight = validateSdi('ABCDEFGH', { hasPec: false });
    assert.ok(!eight.ok && eight.error.it === 'Il codice destinatario deve essere di 7 caratteri, hai scritto 8 caratteri.');
    const sym = validateSdi('ABC#EF1', { hasPec: false });
    assert.ok(!sym.ok && sym.error.code === 'chars');
  });
});
