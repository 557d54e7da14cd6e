import assert from 'node:assert/strict';
import { validateEmail, validatePec } from './email.js';

const code = (r: ReturnType<typeof validateEmail>) => (r.ok ? 'ok' : r.error.code);

describe('validateEmail / validatePec', () => {
  it('accepts ordinary addresses and returns them trimmed and lower-case', () => {
    assert.deepEqual(validateEmail(' Mario.Rossi@Example.IT '), { ok: true, value: 'mario.rossi@example.it' });
    assert.deepEqual(validateEmail('info+fatture@studio-bianchi.co.uk'), { ok: true, value: 'info+fatture@studio-bianchi.co.uk' });
    assert.deepEqual(validateEmail('mailto:a@b.it'), { ok: true, value: 'a@b.it' });
    assert.deepEqual(validateEmail('<a@b.it>'), { ok: true, value: 'a@b.it' });
    assert.deepEqual(validateEmail("o'neil@xn--caff-dsa.it"), { ok: true, value: "o'neil@xn--caff-dsa.it" });
  });

  it('explains what is wrong', () => {
    assert.equal(code(validateEmail('')), 'required');
    assert.equal(code(validateEmail('mario rossi@example.it')), 'format');
    assert.equal(code(validateEmail('mario.example.it')), 'format');
    assert.equal(code(validateEmail('a@b@c.it')), 'format');
    assert.equal(code(validateEmail('.mario@example.it')), 'format');
    assert.equal(code(validateEmail('mario..rossi@example.it')), 'format');
    assert.equal(code(validateEmail('mario@example')), 'domain');
    assert.equal(code(validateEmail('mario@-example.it')), 'domain');
    assert.equal(code(validateEmail('mario@example.i')), 'domain');
    assert.equal(code(validateEmail('mario@example..it')), 'domain');
    assert.equal(code(validateEmail(`${'a'.repeat(65)}@example.it`)), 'too_long');
    const r = validateEmail('mario.example.it');
    assert.ok(!r.ok && /una sola @/.test(r.error.it) && /exactly one @/.test(r.error.en));
  });

  it('PEC: same syntax, lower-cased, messages name the PEC', () => {
    assert.deepEqual(validatePec('RossiImpianti@PEC.it'), { ok: true, value: 'rossiimpianti@pec.it' });
    assert.deepEqual(validatePec('studio@legalmail.it'), { ok: true, value: 'studio@legalmail.it' });
    const r = validatePec('rossi@pec');
    assert.ok(!r.ok && /PEC/.test(r.error.it) && /PEC/.test(r.error.en));
  });
});
