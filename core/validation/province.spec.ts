import assert from 'node:assert/strict';
import { findProvince, provinces, validateProvincia } from './province.js';

describe('provinces', () => {
  it('lists every province once, with a 2-letter sigla, a name and a region', () => {
    assert.ok(provinces.length >= 108, `only ${provinces.length}`);
    const codes = provinces.map((p) => p.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const p of provinces) assert.match(p.code, /^[A-Z]{2}$/);
    for (const p of provinces) assert.ok(p.name && p.region, p.code);
    // The classic list, the 2016 Sud Sardegna and the Sardinian provinces restored in 2025.
    for (const c of ['RM', 'MI', 'NA', 'BT', 'FM', 'MB', 'SU', 'OT', 'OG', 'VS', 'AO', 'BZ', 'TN'])
      assert.ok(codes.includes(c), c);
    assert.equal(findProvince('RM')?.name, 'Roma');
    assert.equal(findProvince('XX'), undefined);
  });
});

describe('validateProvincia', () => {
  it('accepts the sigla in any case, "Name (XX)", or the name', () => {
    const cases: [unknown, string][] = [
      ['RM', 'RM'],
      [' mi ', 'MI'],
      ['Roma', 'RM'],
      ['ROMA', 'RM'],
      ['Roma (RM)', 'RM'],
      ['Forlì-Cesena', 'FC'],
      ['forli cesena', 'FC'],
      ["Reggio nell'Emilia", 'RE'],
      ['Reggio Calabria', 'RC'],
      ["L'Aquila", 'AQ'],
      ['Monza e della Brianza', 'MB'],
      ['Sud Sardegna', 'SU'],
      ['Bolzano/Bozen', 'BZ'],
      ['Provincia di Torino', 'TO'],
      ['Città metropolitana di Napoli', 'NA'],
    ];
    for (const [typed, code] of cases) assert.deepEqual(validateProvincia(typed), { ok: true, value: code }, String(typed));
  });

  it('rejects unknown siglas and names with a message that shows what was typed', () => {
    const r = validateProvincia('xx');
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'unknown');
    assert.match(r.error.it, /«XX» non è la sigla/);
    for (const bad of ['Atlantide', 'constructor', '__proto__', 'R', '12']) {
      const b = validateProvincia(bad);
      assert.ok(!b.ok && b.error.code === 'unknown', bad);
    }
    const empty = validateProvincia('  ');
    assert.ok(!empty.ok && empty.error.code === 'required');
  });
});
