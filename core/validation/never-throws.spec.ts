/**
 * The promise every validator makes to the bot, the web form and the back-office: whatever arrives
 * (numbers, null, objects without a prototype, symbols, megabytes of text), the answer is a Check
 * with a message in both languages, never an exception.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { companyFields, validateCompanyData } from './company-data.js';
import {
  type Check,
  findAteco,
  formatIban,
  maskTaxCode,
  searchAteco,
  validateAteco,
  validateCap,
  validateCodiceFiscaleAzienda,
  validateCodiceFiscalePersona,
  validateEmail,
  validateIban,
  validateLegalForm,
  validatePartitaIva,
  validatePec,
  validatePhone,
  validateProvincia,
  validateRequiredText,
  validateSdi,
} from './index.js';

const validators: [string, (x: unknown) => Check<unknown>][] = [
  ['validatePartitaIva', validatePartitaIva],
  ['validateCodiceFiscalePersona', validateCodiceFiscalePersona],
  ['validateCodiceFiscaleAzienda', validateCodiceFiscaleAzienda],
  ['validateCap', validateCap],
  ['validateProvincia', validateProvincia],
  ['validateAteco', validateAteco],
  ['validateEmail', validateEmail],
  ['validatePec', validatePec],
  ['validateSdi (with PEC)', (x) => validateSdi(x, { hasPec: true })],
  ['validateSdi (without PEC)', (x) => validateSdi(x, { hasPec: false })],
  ['validateIban', validateIban],
  ['validatePhone', validatePhone],
  ['validateRequiredText', (x) => validateRequiredText(x, { min: 2, max: 50, label: 'Nome' })],
  ['validateLegalForm', validateLegalForm],
  ...companyFields.map((f): [string, (x: unknown) => Check<unknown>] => [
    `companyFields.${f.key}`,
    (x) => f.validate(x, { legalForm: 'ditta_individuale', vatNumber: '00743110157', taxCode: 'RSSMRA85T10A562S' }),
  ]),
];

function assertCheck(r: unknown): void {
  assert.ok(r !== null && typeof r === 'object', 'a Check is an object');
  const c = r as Check<unknown>;
  if (c.ok === true) {
    assert.ok('value' in c);
    return;
  }
  assert.equal(c.ok, false);
  for (const k of ['code', 'it', 'en'] as const) assert.ok(typeof c.error[k] === 'string' && c.error[k].length > 0, k);
}

// Strings shaped like what validators look for, to reach the deep branches, not just the first "no".
const codeLike = fc.stringOf(fc.constantFrom(...'0123456789 .-+@ITRSMLNPQUVXZABCEHit'), { maxLength: 30 });

const oddities: unknown[] = [
  Object.create(null),
  { toString: 1, valueOf: 2 },
  { toString() { throw new Error('x'); } },
  Symbol('s'),
  () => 1,
  1n,
  -1n,
  10n ** 40n,
  Number.NaN,
  Infinity,
  -0,
  -1,
  1e300,
  0.5,
  [],
  ['00743110157'],
  new Date(),
  /x/,
  new Proxy({}, { get() { throw new Error('boom'); } }),
  'x'.repeat(1_000_000),
  '0'.repeat(1_000_000),
  '\u0000'.repeat(10_000),
  '\ud800',
  ' '.repeat(100_000),
];

describe('validators never throw', () => {
  for (const [name, validate] of validators) {
    describe(name, () => {
      it('fc.anything() → a Check', () => {
        fc.assert(fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true }), (x) => assertCheck(validate(x))), { numRuns: 200 });
      });
      it('fc.string(), full unicode and code-like strings → a Check', () => {
        fc.assert(fc.property(fc.oneof(fc.string(), fc.fullUnicodeString(), codeLike), (s) => assertCheck(validate(s))), { numRuns: 300 });
      });
      it('odd values and huge strings → a Check', () => {
        for (const x of oddities) assertCheck(validate(x));
      });
      it('what passes is a fixed point (validating the output again gives it back)', () => {
        fc.assert(
          fc.property(fc.oneof(fc.string(), codeLike), (s) => {
            const r = validate(s);
            if (r.ok && typeof r.value === 'string') assert.deepEqual(validate(r.value), r);
          }),
          { numRuns: 300 },
        );
      });
    });
  }

  it('validateCompanyData, findAteco, searchAteco, maskTaxCode, formatIban on anything', () => {
    fc.assert(
      fc.property(fc.anything(), fc.dictionary(fc.constantFrom(...companyFields.map((f) => f.key)), fc.anything()), (x, form) => {
        const a = validateCompanyData(x as Record<string, unknown>);
        const b = validateCompanyData(form);
        for (const r of [a, b]) assert.ok(r.ok === true || (r.ok === false && typeof r.errors === 'object'));
        findAteco(x as string);
        assert.ok(Array.isArray(searchAteco(x as string)));
        assert.equal(typeof maskTaxCode(x), 'string');
        assert.equal(typeof formatIban(x as string), 'string');
      }),
      { numRuns: 300 },
    );
    for (const x of oddities) {
      validateCompanyData(x as Record<string, unknown>);
      findAteco(x as string);
      searchAteco(x as string, x as number);
      maskTaxCode(x);
      formatIban(x as string);
    }
  });
});
