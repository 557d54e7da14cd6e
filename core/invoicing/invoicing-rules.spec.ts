/** The pure parts of invoicing: Latin text, amounts, SdI's checks, the schema's verdict, receipt signatures, Rome dates, numbers. */
import assert from 'node:assert/strict';
import { amount, latin, rate } from './fattura-text.js';
import { buildFatturaXml, type FatturaDocument } from './fattura-xml.js';
import { invoiceFileName, sdiProblems } from './sdi-checks.js';
import { validateAgainstSchema } from './xsd-validator.js';
import { signSdiPayload, verifySdiSignature } from './webhook-signature.js';
import { formatInvoiceNumber } from './numbering.js';
import { romeDate } from './rome-date.js';
import type { Seller } from './seller.js';

const seller: Seller = {
  vatNumber: '01234560157', taxCode: '01234560157', legalName: 'KeyContabilità S.r.l.', regimeFiscale: 'RF01', street: "Via dell'Esempio 1", cap: '20100', city: 'Milano', province: 'MI',
  rea: { office: 'MI', number: '1234567', shareCapitalCents: 1_000_000, soleShareholder: 'SU', liquidation: 'LN' }, email: 'x@example.it', iban: 'IT60X0542811101000000123456', bankName: 'KeyContabilità',
};

function doc(over: Partial<FatturaDocument> = {}): FatturaDocument {
  return {
    seller,
    transmitter: { idCodice: '01234560157', progressivoInvio: '0000A' },
    buyer: { vatNumber: '10000000157', taxCode: '10000000157', legalName: 'Rossi S.r.l.', firstName: null, lastName: null, street: 'Via Po 1', cap: '10121', city: 'Torino', province: 'TO', sdiCode: 'M5UXCR1', pec: null, email: null },
    documentType: 'TD01', number: '2026/SP/000001', issueDate: '2026-12-06',
    lines: [{ description: '5 coupon LITE', quantity: 2, unitNetCents: 9900, netCents: 19800, vatRateBp: 2200, vatCents: 4356 }],
    netCents: 19800, vatCents: 4356, grossCents: 24156,
    payment: { method: 'bank_transfer', paidDate: '2026-12-06' }, causale: 'Ordine 2026-000001', ...over,
  };
}

describe('invoicing rules', () => {
  it('maps typed text into the Latin range within the field length; formats amounts and rates', () => {
    assert.equal(latin('L’“ufficio” – Ŝtudio 😀 ł', 80), 'L\'"ufficio" - Studio');
    assert.equal(latin('a'.repeat(100), 60).length, 60);
    assert.deepEqual([amount(12345), amount(5), amount(-250), rate(2200), rate(1000), rate(550)], ['123.45', '0.05', '-2.50', '22.00', '10.00', '5.50']);
  });

  it('a correct document passes SdI’s checks and the schema, REA included', () => {
    const d = doc();
    const name = invoiceFileName('01234560157', '0000A');
    assert.deepEqual(sdiProblems(d, 24156, name), []);
    const xml = buildFatturaXml(d);
    assert.deepEqual(validateAgainstSchema(xml), []);
    assert.match(xml, /<IscrizioneREA><Ufficio>MI<\/Ufficio><NumeroREA>1234567<\/NumeroREA><CapitaleSociale>10000.00<\/CapitaleSociale><SocioUnico>SU<\/SocioUnico><StatoLiquidazione>LN<\/StatoLiquidazione><\/IscrizioneREA>/);
  });

  it('finds what SdI would reject: line totals, VAT, totals, check digits, file name, a TD04 without its invoice', () => {
    const codes = (d: FatturaDocument, expected = d.grossCents, file = invoiceFileName('01234560157', '0000A')) => sdiProblems(d, expected, file).map((p) => p.code);
    assert.ok(codes(doc({ lines: [{ ...doc().lines[0]!, netCents: 19700 }] })).includes('line.1.total'));
    assert.ok(codes(doc({ lines: [{ ...doc().lines[0]!, vatCents: 4300 }] })).includes('line.1.vat'));
    assert.ok(codes(doc({ vatCents: 4357 })).includes('riepilogo'));
    assert.ok(codes(doc(), 24157).includes('totale.ordine'));
    assert.ok(codes(doc({ buyer: { ...doc().buyer, vatNumber: '10000000158' } })).includes('buyer.vatNumber'));
    assert.ok(codes(doc({ seller: { ...seller, vatNumber: '01234560158' } })).includes('seller.vatNumber'));
    assert.ok(codes(doc(), undefined, 'IT01234560157_0000B.xml').includes('nome_file'));
    assert.ok(codes(doc({ documentType: 'TD04' })).includes('collegate'));
  });

  it('the schema refuses what the builder must never produce (a lower-case province)', () => {
    const errors = validateAgainstSchema(buildFatturaXml(doc({ buyer: { ...doc().buyer, province: 'to' } })));
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /Provincia/);
  });

  it('receipt signatures: over the exact bytes, with the secret, recent', () => {
    const body = Buffer.from('<x/>');
    const header = signSdiPayload('s3cret', body);
    assert.equal(verifySdiSignature('s3cret', header, body), true);
    assert.equal(verifySdiSignature('other', header, body), false);
    assert.equal(verifySdiSignature('s3cret', header, Buffer.from('<y/>')), false);
    assert.equal(verifySdiSignature('s3cret', signSdiPayload('s3cret', body, new Date(Date.now() - 600_000)), body), false);
    assert.equal(verifySdiSignature('s3cret', 't=1,v1=zz', body), false);
    assert.equal(verifySdiSignature('s3cret', undefined, body), false);
  });

  it('numbers fit Numero’s 20 characters; Rome’s calendar day', () => {
    assert.equal(formatInvoiceNumber(2026, 'SP', 123), '2026/SP/000123');
    assert.equal(formatInvoiceNumber(2026, '', 7), '2026/000007');
    assert.ok(formatInvoiceNumber(2026, 'ABCDEFGH', 999_999).length <= 20);
    assert.equal(romeDate(new Date('2026-06-30T22:30:00Z')), '2026-07-01');
  });
});
