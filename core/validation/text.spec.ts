import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validateRequiredText } from './text.js';

const rules = { min: 2, max: 40, label: { it: 'Ragione sociale', en: 'Company name' } };

describe('validateRequiredText', () => {
  it('trims and collapses spaces (newlines too)', () => {
    assert.deepEqual(validateRequiredText('  Rossi   Impianti\n S.r.l. ', rules), { ok: true, value: 'Rossi Impianti S.r.l.' });
    assert.deepEqual(validateRequiredText('Caffè Nicolò', rules), { ok: true, value: 'Caffè Nicolò' });
  });

  it('rejects control and invisible characters', () => {
    for (const bad of ['Rossi\u0000Srl', 'Rossi\u0007', 'Rossi\u202eSrl', 'Ro\u200bssi', 'Rossi\ud800'])
      assert.equal((validateRequiredText(bad, rules) as { error?: { code: string } }).error?.code, 'control_chars', JSON.stringify(bad));
  });

  it('explains required, too short, too long, no letters, with the label', () => {
    const req = validateRequiredText('   ', rules);
    assert.ok(!req.ok && req.error.it === '«Ragione sociale» è obbligatorio.' && req.error.en === '"Company name" is required.');
    const short = validateRequiredText('R', rules);
    assert.ok(!short.ok && short.error.code === 'too_short' && /almeno 2 caratteri/.test(short.error.it));
    const long = validateRequiredText('x'.repeat(41), rules);
    assert.ok(!long.ok && /al massimo 40 caratteri, hai scritto 41 caratteri/.test(long.error.it));
    const huge = validateRequiredText('x'.repeat(1_000_000), rules);
    assert.ok(!huge.ok && huge.error.code === 'too_long' && /Ragione sociale/.test(huge.error.it));
    const punct = validateRequiredText('...', rules);
    assert.ok(!punct.ok && punct.error.code === 'format');
    const plain = validateRequiredText('', { label: 'Comune' });
    assert.ok(!plain.ok && /Comune/.test(plain.error.it));
  });

  it('property: whatever passes is already normalised (validating it again gives the same value)', () => {
    fc.assert(
      fc.property(fc.fullUnicodeString({ maxLength: 40 }), (s) => {
        const r = validateRequiredText(s, { min: 1, max: 40, label: 'x' });
        if (r.ok) assert.deepEqual(validateRequiredText(r.value, { min: 1, max: 40, label: 'x' }), r);
      }),
      { numRuns: 500 },
    );
  });

  it('names and places need letters: comune "2100" and surname "MI." are refused, real ones pass', () => {
    const place = (v: string) => validateRequiredText(v, { label: 'Comune', kind: 'place' });
    const name = (v: string) => validateRequiredText(v, { label: 'Cognome', kind: 'name' });
    for (const ok of ['Milano', 'Reggio nell’Emilia', "Sant'Angelo Lodigiano", 'S. Giovanni in Persiceto', 'Castiglion Fiorentino', 'Bolzano-Bozen']) assert.ok(place(ok).ok, ok);
    for (const ok of ['Rossi', "D'Amico", 'De Luca', 'Müller-Lüdenscheidt', 'Nicolò', 'Lo']) assert.ok(name(ok).ok, ok);
    for (const bad of ['2100', 'MI1', '20100 Milano', '--']) {
      const r = place(bad);
      assert.ok(!r.ok && (r.error.code === 'letters' || bad === '--'), bad);
    }
    for (const bad of ['MI.', 'R0ssi', 'x', 'Rossi!', '12']) {
      const r = name(bad);
      assert.ok(!r.ok, bad);
    }
    assert.match((name('MI.') as any).error.it, /solo lettere/);
  });
});
