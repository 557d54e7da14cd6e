import assert from 'node:assert/strict';
import { type CompanyData, companyFields, validateCompanyData } from './company-data.js';

const srl = {
  legalName: '  Rossi   Impianti S.r.l. ',
  legalForm: 'S.r.l.',
  vatNumber: 'IT 00743110157',
  taxCode: 'uguale',
  address: 'Via Roma 1',
  cap: '20121',
  city: 'Milano',
  province: 'mi',
  repFirstName: 'Mario',
  repLastName: 'Rossi',
  repTaxCode: 'rssmra85t10a562s',
  atecoCode: '43.22.01',
  pec: 'RossiImpianti@PEC.it',
  sdiCode: '',
  email: 'Info@RossiImpianti.it',
  phone: '02 1234567',
};

const errorsOf = (input: Record<string, unknown>) => {
  const r = validateCompanyData(input);
  assert.equal(r.ok, false, 'expected errors');
  return (r as { ok: false; errors: Record<string, { code: string; it: string; en: string }> }).errors;
};

describe('companyFields', () => {
  it('asks every CompanyData field once, in the order of PRODUCT.md flow 3', () => {
    assert.deepEqual(
      companyFields.map((f) => f.key),
      ['legalName', 'legalForm', 'vatNumber', 'taxCode', 'address', 'cap', 'city', 'province', 'repFirstName', 'repLastName', 'repTaxCode', 'atecoCode', 'pec', 'sdiCode', 'email', 'phone'],
    );
    for (const f of companyFields) {
      assert.ok(f.label.it && f.label.en && f.prompt.it && f.prompt.en, f.key);
      if (f.example !== undefined) assert.equal(f.validate(f.example, { legalForm: 'srl', vatNumber: '00743110157', pec: 'a@pec.it' }).ok, true, `example of ${f.key}`);
    }
    assert.deepEqual(companyFields.filter((f) => f.optional).map((f) => f.key), ['pec', 'phone']);
  });

  it('works one question at a time like the bot, with the same result as all at once', () => {
    const sofar: Partial<CompanyData> = {};
    for (const f of companyFields) {
      const r = f.validate(srl[f.key], sofar);
      assert.ok(r.ok, `${f.key}: ${r.ok ? '' : r.error.it}`);
      (sofar as Record<string, unknown>)[f.key] = r.value;
    }
    const all = validateCompanyData(srl);
    assert.ok(all.ok);
    assert.deepEqual(all.value, sofar);
  });
});

describe('validateCompanyData', () => {
  it('returns normalised data for a valid S.r.l.', () => {
    const r = validateCompanyData(srl);
    assert.ok(r.ok);
    assert.deepEqual(r.value, {
      legalName: 'Rossi Impianti S.r.l.',
      legalForm: 'srl',
      vatNumber: '00743110157',
      taxCode: '00743110157', // "uguale" = same as the Partita IVA
      address: 'Via Roma 1',
      cap: '20121',
      city: 'Milano',
      province: 'MI',
      repFirstName: 'Mario',
      repLastName: 'Rossi',
      repTaxCode: 'RSSMRA85T10A562S',
      atecoCode: '43.22.01',
      pec: 'rossiimpianti@pec.it',
      sdiCode: '0000000', // empty with a PEC: invoices go to the PEC
      email: 'info@rossiimpianti.it',
      phone: '+39021234567',
    });
  });

  it('company tax code: numeric, may differ from the Partita IVA, but must pass the check digit', () => {
    const other = validateCompanyData({ ...srl, taxCode: '06363391001' });
    assert.ok(other.ok && other.value.taxCode === '06363391001');
    assert.equal(errorsOf({ ...srl, taxCode: '06363391002' }).taxCode?.code, 'checksum');
    assert.equal(errorsOf({ ...srl, taxCode: 'RSSMRA85T10A562S' }).taxCode?.code, 'company_numeric');
  });

  it('"uguale" or an empty tax code copies the Partita IVA, only for companies and only when it is valid', () => {
    const blank = validateCompanyData({ ...srl, taxCode: '' });
    assert.ok(blank.ok && blank.value.taxCode === '00743110157');
    const same = errorsOf({ ...srl, vatNumber: '123', taxCode: 'uguale' });
    assert.equal(same.taxCode?.code, 'required');
    assert.match(same.taxCode!.it, /Partita IVA valida/);
    const ditta = errorsOf({ ...srl, legalForm: 'ditta individuale', taxCode: 'uguale' });
    assert.equal(ditta.taxCode?.code, 'individual_personal');
  });

  it('sole trader: personal tax code, the owner is the representative', () => {
    const ditta = { ...srl, legalName: 'Mario Rossi', legalForm: 'ditta individuale', taxCode: 'RSSMRA85T10A562S', repTaxCode: '' };
    const r = validateCompanyData(ditta);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.repTaxCode, 'RSSMRA85T10A562S');
    assert.equal(errorsOf({ ...ditta, repTaxCode: 'BNCLRA90A41F205I' }).repTaxCode?.code, 'owner_mismatch');
    assert.equal(errorsOf({ ...ditta, taxCode: '00743110157' }).taxCode?.code, 'individual_personal');
  });

  it('SDI and PEC: 0000000 without a PEC is accepted (the cassetto fiscale); nothing at all without a PEC is asked for', () => {
    const noPec = validateCompanyData({ ...srl, pec: 'no', sdiCode: '0000000' });
    assert.ok(noPec.ok && noPec.value.pec === null && noPec.value.sdiCode === '0000000');
    assert.equal(errorsOf({ ...srl, pec: null, sdiCode: '' }).sdiCode?.code, 'required');
    const withCode = validateCompanyData({ ...srl, pec: '', sdiCode: 'm5uxcr1' });
    assert.ok(withCode.ok && withCode.value.pec === null && withCode.value.sdiCode === 'M5UXCR1');
    const both = validateCompanyData({ ...srl, sdiCode: 'M5UXCR1' });
    assert.ok(both.ok && both.value.pec === 'rossiimpianti@pec.it' && both.value.sdiCode === 'M5UXCR1');
  });

  it('phone is optional', () => {
    for (const phone of [undefined, null, '', 'no']) {
      const r = validateCompanyData({ ...srl, phone });
      assert.ok(r.ok && r.value.phone === null, String(phone));
    }
  });

  it('reports every wrong field with its own specific message', () => {
    const e = errorsOf({ ...srl, cap: '2012', vatNumber: '00743110158', province: 'XX', atecoCode: '69.20.0', email: 'nope' });
    assert.deepEqual(Object.keys(e).sort(), ['atecoCode', 'cap', 'email', 'province', 'taxCode', 'vatNumber']);
    assert.equal(e.cap!.it, 'Il CAP deve essere di 5 cifre, hai scritto 4 cifre.');
    assert.match(e.vatNumber!.it, /cifra di controllo/);
    assert.equal(e.atecoCode!.code, 'ambiguous');
    // "uguale" cannot copy a Partita IVA that failed: the tax code is reported too, not silently wrong.
    assert.ok(e.taxCode);
  });

  it('an empty or hostile input gives errors, never an exception', () => {
    const empty = errorsOf({});
    assert.deepEqual(
      Object.keys(empty),
      companyFields.filter((f) => !f.optional).map((f) => f.key),
    );
    const hostile = new Proxy({}, { getOwnPropertyDescriptor() { throw new Error('boom'); }, get() { throw new Error('boom'); } });
    assert.equal(validateCompanyData(hostile).ok, false);
    assert.equal(validateCompanyData(null as unknown as Record<string, unknown>).ok, false);
    assert.equal(validateCompanyData(Object.create(null)).ok, false);
  });
});
