import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DomainError } from '../errors.js';
import { type CsvMapping, parseCsvStatement } from './parse-csv.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/statements/${name}`, import.meta.url));

function parseErrorOf(fn: () => unknown): { line: number; reason: string; row?: number } {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof DomainError && e.code === 'parse_error', String(e));
    return e.details as { line: number; reason: string; row?: number };
  }
  assert.fail('expected a parse_error');
}

/** An Italian home-banking export: semicolons, decimal comma, one signed amount column. */
const italian: CsvMapping = {
  delimiter: ';', hasHeader: true, date: 'Data contabile', valueDate: 'data valuta', dateFormat: 'DD/MM/YYYY', amount: 'Importo',
  decimalComma: true, counterparty: 'Ordinante', remittance: 'Descrizione', bankRef: 'Riferimento', currency: 'Divisa',
};

describe('parseCsvStatement', () => {
  it('reads a signed amount column with decimal comma, quotes, accents and a blank line', () => {
    const s = parseCsvStatement(fixture('csv-importo.csv'), italian);
    assert.equal(s.format, 'csv');
    assert.deepEqual(
      s.lines.map((l) => [l.bookingDate, l.valueDate, l.amountCents, l.currency, l.counterparty, l.remittance, l.bankRef]),
      [
        ['2025-03-14', '2025-03-14', 122000, 'EUR', 'Gialli Costruzioni S.p.A.', 'Bonifico SP-D6BC-F383; saldo ordine', 'CRO0001234'],
        ['2025-03-14', '2025-03-15', -1550, 'EUR', null, 'Commissioni bonifico', 'CRO0001235'],
        ['2025-03-15', '2025-03-15', 6100, 'EUR', 'Caffè Nero srl', 'pagamento "coupon" sp 2k6k j63m', null],
        ['2025-03-15', '2025-03-15', 3660, 'EUR', 'Esposito Anna', 'ricarica', null],
      ],
    );
    assert.equal(s.lines[0].dedupKey, 'ref::2025-03-14:122000:CRO0001234');
    assert.match(s.lines[2].dedupKey, /^sha256:/);
  });

  it('reads credit and debit columns, by index, with a decimal point and thousands commas', () => {
    const mapping: CsvMapping = { delimiter: ',', hasHeader: true, date: '0', valueDate: '1', dateFormat: 'YYYY-MM-DD', credit: 'Entrate', debit: '3', decimalComma: false, remittance: '4' };
    const s = parseCsvStatement(fixture('csv-entrate-uscite.csv'), mapping);
    assert.deepEqual(s.lines.map((l) => [l.bookingDate, l.valueDate, l.amountCents, l.remittance]), [
      ['2025-03-14', '2025-03-14', 12200, 'BONIFICO DA ROSSI MARIO CAUSALE SP-DG3N-XQ9V'],
      ['2025-03-14', '2025-03-14', -1550, 'COMMISSIONI'],
      ['2025-03-15', '2025-03-16', 122000, 'BONIFICO DA GIALLI SPA SP-D6BC-F383'],
    ]);
  });

  it('reads a file without header, DD-MM-YYYY dates, a Windows-1252 file', () => {
    const mapping: CsvMapping = { delimiter: ';', hasHeader: false, date: '0', dateFormat: 'DD-MM-YYYY', amount: '1', decimalComma: true, counterparty: '2', remittance: '3' };
    const latin1 = Buffer.from('05-03-2025;1.234,5;Società Rossi;causale SP-DG3N-XQ9V\n', 'latin1');
    const s = parseCsvStatement(latin1, mapping);
    assert.deepEqual(s.lines.map((l) => [l.bookingDate, l.amountCents, l.counterparty, l.currency]), [['2025-03-05', 123450, 'Società Rossi', 'EUR']]);
  });

  it('refuses a bad row with its row and line numbers', () => {
    const e = parseErrorOf(() => parseCsvStatement(fixture('csv-bad-row.csv'), italian));
    assert.equal(e.line, 3);
    assert.equal(e.row, 2);
    assert.match(e.reason, /movimento 2: data non valida "31\/02\/2025"/);
    const cases: [string, RegExp][] = [
      ['h;i;Importo\n01/03/2025;x;12,3,4', /importo non valido "12,3,4"/],
      ['h;i;Importo\n01/03/2025;x;', /importo vuoto/],
      ['h;i;Importo\n01/03/2025;x;"12', /virgolette aperte e mai chiuse/],
      ['h;i;Importo;Divisa\n01/03/2025;x;12;EURO', /valuta non valida "EURO"/],
    ];
    for (const [text, reason] of cases)
      assert.match(parseErrorOf(() => parseCsvStatement(text, { ...italian, date: 'h', remittance: 'i', counterparty: undefined, bankRef: undefined, valueDate: undefined, currency: text.includes('Divisa') ? 'Divisa' : undefined })).reason, reason);
  });

  it('refuses a mapping that does not fit the file', () => {
    assert.match(parseErrorOf(() => parseCsvStatement('a;b\n', { ...italian, amount: undefined })).reason, /deve indicare una colonna importo/);
    assert.match(parseErrorOf(() => parseCsvStatement(fixture('csv-importo.csv'), { ...italian, amount: 'Saldo' })).reason, /la colonna "Saldo" \(importo\) non è nell’intestazione/);
    const both = 'd;c;a;r\n01/03/2025;1,00;2,00;x';
    assert.match(parseErrorOf(() => parseCsvStatement(both, { delimiter: ';', hasHeader: true, date: 'd', dateFormat: 'DD/MM/YYYY', credit: 'c', debit: 'a', decimalComma: true, remittance: 'r' })).reason, /sia avere sia dare/);
  });

  it('reads UTF-8 with BOM, Latin-1 and UTF-16 (with or without BOM); refuses binary, empty and cut files in Italian', () => {
    const text = 'Data contabile;Importo;Descrizione\r\n02/03/2025;122,00;BONIFICO A VOSTRO FAVORE DA Niccolò Caffè CAUSALE saldo\r\n';
    const mapping = { ...italian, counterparty: undefined, bankRef: undefined, valueDate: undefined, currency: undefined };
    const read = (buf: Buffer) => parseCsvStatement(buf, mapping).lines.map((l) => [l.amountCents, l.counterparty, l.remittance]);
    const expected = [[12_200, 'Niccolò Caffè', 'BONIFICO A VOSTRO FAVORE DA Niccolò Caffè CAUSALE saldo']];
    assert.deepEqual(read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])), expected);
    assert.deepEqual(read(Buffer.from(text, 'latin1')), expected);
    assert.deepEqual(read(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), expected);
    assert.deepEqual(read(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])), expected);
    assert.deepEqual(read(Buffer.from(text, 'utf16le')), expected);
    assert.match(parseErrorOf(() => parseCsvStatement(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0x08, 0, 0x21]), mapping)).reason, /caratteri binari/);
    assert.throws(() => parseCsvStatement(Buffer.alloc(0), mapping), /File vuoto/);
    assert.throws(() => parseCsvStatement('Data contabile;Importo;Descrizione\n', mapping), /File vuoto/);
    const cut = parseErrorOf(() => parseCsvStatement(text + '03/03/2025;50,00', mapping));
    assert.deepEqual([cut.line, cut.reason], [3, '2 colonne invece di 3: l’ultima riga è troncata (file incompleto?)']);
    assert.match(parseErrorOf(() => parseCsvStatement(text + '03/03/2025;50,00;"saldo', mapping)).reason, /virgolette aperte e mai chiuse/);
    assert.match(parseErrorOf(() => parseCsvStatement(text.replace('122,00;', '122,00;;'), mapping)).reason, /4 colonne invece di 3$/);
  });

  it('flags "STORNO BONIFICO" debits as reversals', () => {
    const mapping = { ...italian, counterparty: undefined, bankRef: undefined, valueDate: undefined, currency: undefined };
    const s = parseCsvStatement('Data contabile;Importo;Descrizione\n02/03/2025;-122,00;STORNO BONIFICO DA ROSSI MARIO\n02/03/2025;-10,00;DISPOSIZIONE DI BONIFICO\n', mapping);
    assert.deepEqual(s.lines.map((l) => [l.reversal, l.counterparty]), [[true, 'ROSSI MARIO'], [false, null]]);
  });
});
