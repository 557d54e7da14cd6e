import assert from 'node:assert/strict';
import { validateSdi } from './sdi.js';

describe('validateSdi', () => {
  it('accepts 7 alphanumerics, upper-cased', () => {
    assert.deepEqual(validateSdi('m5uxcr1', { hasPec: false }), { ok: true, value: 'M5UXCR1' });
    assert.deepEqual(validateSdi(' KRRH6B9 ', { hasPec: true }), { ok: true, value: 'KRRH6B9' });
    assert.deepEqual(validateSdi('SUBM 70N', { hasPec: false }), { ok: true, value: 'SUBM70N' });
  });

  it('0000000, or nothing, only with a PEC', () => {
    assert.deepEqual(validateSdi('0000000', { hasPec: true }), { ok: true, value: '0000000' });
    assert.deepEqual(validateSdi('', { hasPec: true }), { ok: true, value: '0000000' });
    assert.deepEqual(validateSdi(null, { hasPec: true }), { ok: true, value: '0000000' });
    const zeros = validateSdi('0000000', { hasPec: false });
    assert.ok(!zeros.ok);
    assert.equal(zeros.error.code, 'pec_required');
    assert.match(zeros.error.it, /0000000.*PEC/);
    assert.match(zeros.error.en, /PEC/);
    const empty = validateSdi('', { hasPec: false });
    assert.ok(!empty.ok && empty.error.code === 'required' && /PEC/.test(empty.error.it));
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
