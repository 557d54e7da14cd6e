import assert from 'node:assert/strict';
import { maskIban, maskName, maskPersonalValues, maskText, REMOVED } from './mask.js';

describe('masking personal values', () => {
  it('masks an IBAN to its country, check digits and last four', () => {
    assert.equal(maskIban('IT60 X054 2811 1010 0000 0123 456'), 'IT60…3456');
  });

  it('masks a name to its initials', () => {
    assert.equal(maskName('Mario Rossi'), 'M*** R***');
    assert.equal(maskName(null), null);
  });

  it('scrubs emails, IBANs, codici fiscali and phone numbers from free text, and nothing else', () => {
    const text = 'BONIFICO DA mario.rossi@example.it IBAN IT60X0542811101000000123456 CF RSSMRA80A01H501U tel 333 123 4567 ORDINE SP-2026-000123 EUR 122,00';
    const out = maskText(text);
    assert.doesNotMatch(out, /mario\.rossi|0542811101|RSSMRA80A01H501U|333 123 4567/);
    assert.match(out, /IT60…3456/);
    assert.match(out, /SP-2026-000123 EUR 122,00/);
  });

  it('keeps ids, amounts and statuses of an audit entry and masks the personal keys', () => {
    const masked = maskPersonalValues({ status: 'sent', orderId: 7, grossCents: 12200, clientName: 'Mario Rossi', clientEmail: 'm@r.it', companyData: { repTaxCode: 'RSSMRA80A01H501U' }, note: 'scritto a m@r.it' });
    assert.deepEqual(masked, { status: 'sent', orderId: 7, grossCents: 12200, clientName: REMOVED, clientEmail: REMOVED, companyData: REMOVED, note: `scritto a ${REMOVED}` });
  });
});
