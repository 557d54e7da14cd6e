import assert from 'node:assert/strict';
import { isCompany, isIndividual, legalForms, validateLegalForm } from './legal-form.js';

describe('validateLegalForm', () => {
  it('lists the twelve forms with Italian and English names', () => {
    assert.deepEqual(
      legalForms.map((f) => f.code),
      ['srl', 'srls', 'spa', 'sapa', 'sas', 'snc', 'ss', 'coop', 'ditta_individuale', 'libero_professionista', 'associazione', 'altro'],
    );
    for (const f of legalForms) assert.ok(f.it && f.en);
  });

  it('understands abbreviations with dots, full names and codes', () => {
    const cases: [string, string][] = [
      ['S.r.l.', 'srl'],
      ['SRLS', 'srls'],
      ['s.p.a.', 'spa'],
      ['S.a.p.a.', 'sapa'],
      ['sas', 'sas'],
      ['S.N.C.', 'snc'],
      ['Società semplice', 'ss'],
      ['società a responsabilità limitata', 'srl'],
      ['Cooperativa', 'coop'],
      ['ditta individuale', 'ditta_individuale'],
      ['ditta_individuale', 'ditta_individuale'],
      ['Libero professionista', 'libero_professionista'],
      ['Sole trader', 'ditta_individuale'],
      ['ASD', 'associazione'],
      ['altro', 'altro'],
    ];
    for (const [typed, code] of cases) assert.deepEqual(validateLegalForm(typed), { ok: true, value: code }, typed);
  });

  it('rejects the unknown, offering the choices', () => {
    for (const bad of ['GmbH', 'constructor', '']) {
      const r = validateLegalForm(bad);
      assert.ok(!r.ok, bad);
      assert.equal(r.error.choices?.length, 12);
    }
  });

  it('groups forms for the tax-code rules', () => {
    assert.ok(isCompany('srl') && isCompany('coop') && !isCompany('ditta_individuale') && !isCompany('associazione'));
    assert.ok(isIndividual('ditta_individuale') && isIndividual('libero_professionista') && !isIndividual('srl'));
  });
});
