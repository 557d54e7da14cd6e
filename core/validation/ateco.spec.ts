import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findAteco, searchAteco, stem, validateAteco } from './ateco.js';
import { ATECO_2025_ROWS } from './ateco-2025.data.js';

describe('ATECO 2025 data', () => {
  it('ships all 2,210 rows of the reference file (920 categories, 1,290 sub-categories)', () => {
    const rows = ATECO_2025_ROWS.split('\n').filter((l) => l.includes('|'));
    assert.equal(rows.length, 2210);
    assert.equal(rows.filter((r) => /^\d\d\.\d\d\.\d\|/.test(r)).length, 920);
    assert.equal(rows.filter((r) => /^\d\d\.\d\d\.\d\d\|/.test(r)).length, 1290);
  });

  it('finds categories and sub-categories by code', () => {
    assert.deepEqual(findAteco('62.10.00'), { code: '62.10.00', description: 'Attività di programmazione informatica' });
    assert.deepEqual(findAteco('692001'), { code: '69.20.01', description: 'Attività di commercialisti' });
    assert.equal(findAteco('69.20.0')?.description, 'Attività di contabilità, controllo e revisione contabile; consulenza fiscale');
    assert.equal(findAteco('62.01.00'), undefined); // ATECO 2007, renumbered in 2025
    assert.equal(findAteco('62'), undefined);
    assert.equal(findAteco(62100 as unknown as string), undefined);
  });
});

describe('validateAteco', () => {
  it('accepts the usual spellings and returns the canonical sub-category', () => {
    for (const typed of ['62.10.00', '621000', '62.1000', '62 10 00', 'ATECO 62.10.00', ' 62.10.00 '])
      assert.deepEqual(validateAteco(typed), { ok: true, value: '62.10.00' }, typed);
    assert.deepEqual(validateAteco('69.20.01'), { ok: true, value: '69.20.01' });
  });

  it('maps a category (or class) with one sub-category to it', () => {
    assert.deepEqual(validateAteco('62.10.0'), { ok: true, value: '62.10.00' });
    assert.deepEqual(validateAteco('62.20.1'), { ok: true, value: '62.20.10' });
    assert.deepEqual(validateAteco('62.10'), { ok: true, value: '62.10.00' });
  });

  it('asks for the 6-digit code when a category has several, listing them as choices', () => {
    const r = validateAteco('69.20.0');
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'ambiguous');
    assert.match(r.error.it, /69\.20\.01 \(Attività di commercialisti\)/);
    assert.deepEqual(
      r.error.choices?.map((c) => c.value),
      ['69.20.01', '69.20.02', '69.20.03', '69.20.04', '69.20.05', '69.20.06', '69.20.07'],
    );
  });

  it('rejects codes that do not exist, hinting at ATECO 2007', () => {
    const r = validateAteco('62.01.00');
    assert.ok(!r.ok && r.error.code === 'unknown' && /ATECO 2007/.test(r.error.it));
    const near = validateAteco('62.90.05');
    assert.ok(!near.ok && near.error.choices?.some((c) => c.value === '62.90.01'));
  });

  it('explains lengths and turns words into suggestions', () => {
    const two = validateAteco('62');
    assert.ok(!two.ok && two.error.it === 'Il codice ATECO è di 6 cifre (es. 62.10.00), hai scritto 2 cifre.');
    const words = validateAteco('commercialista');
    assert.ok(!words.ok && words.error.code === 'not_code');
    assert.equal(words.error.choices?.[0]?.value, '69.20.01');
    const empty = validateAteco('');
    assert.ok(!empty.ok && empty.error.code === 'required');
  });
});

describe('searchAteco', () => {
  const codes = (q: string, n?: number) => searchAteco(q, n).map((e) => e.code);

  it('stems Italian words so that singular, plural and -ità meet', () => {
    assert.equal(stem('commercialista'), stem('commercialisti'));
    assert.equal(stem('contabilità'.normalize('NFD').replace(/[\u0300-\u036f]/g, '')), stem('contabile'));
    assert.equal(stem('idraulico'), stem('idrauliche'));
  });

  it('finds what people call their activity', () => {
    assert.deepEqual(codes('commercialista'), ['69.20.01']);
    assert.ok(codes('contabilità', 4).every((c) => c.startsWith('69.20.')), codes('contabilità', 4).join());
    assert.ok(codes('CONTABILITA').includes('69.20.05'));
    assert.ok(codes('software').includes('62.10.00'));
    assert.equal(codes('parrucchiere')[0], '96.21.00');
    assert.equal(codes('notaio')[0], '69.10.20');
    assert.ok(codes('consulenza fiscale', 8).includes('69.20.01'));
    assert.ok(codes('ristorante').every((c) => /^(56|46)\./.test(c)));
  });

  it('matches word prefixes and requires every word when possible', () => {
    assert.equal(codes('program informat')[0], '62.10.00');
    assert.equal(codes('commerc ingros comput')[0], '46.50.10');
  });

  it('answers codes by prefix, respects the limit, and returns nothing for nothing', () => {
    assert.deepEqual(codes('69.20', 3), ['69.20.01', '69.20.02', '69.20.03']);
    assert.equal(searchAteco('attività', 5).length, 5);
    assert.equal(searchAteco('attività').length, 8);
    assert.deepEqual(codes(''), []);
    assert.deepEqual(codes('di e per'), []);
    assert.deepEqual(codes('zzzzqqq'), []);
    assert.deepEqual(searchAteco('software', 0), []);
    assert.equal(searchAteco('attività', Number.NaN).length, 8);
  });

  it('property: never throws, returns at most `limit` known sub-categories', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: -5, max: 20 }), (q, limit) => {
        const r = searchAteco(q, limit);
        assert.ok(r.length <= Math.max(0, limit));
        for (const e of r) assert.match(e.code, /^\d\d\.\d\d\.\d\d$/);
      }),
    );
  });
});
