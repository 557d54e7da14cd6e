import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DomainError } from '../errors.js';
import { detectFormat, parseStatement } from './parse-statement.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/statements/${name}`, import.meta.url));

describe('parseStatement', () => {
  it('detects the format from the content', () => {
    assert.equal(detectFormat(fixture('camt053-v02.xml')), 'camt053');
    assert.equal(detectFormat(fixture('camt053-v08.xml').toString()), 'camt053');
    assert.equal(detectFormat(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture('camt053-v08.xml')])), 'camt053');
    assert.equal(detectFormat(fixture('cbi-standard.txt')), 'cbi');
    assert.equal(detectFormat(fixture('cbi-leading-space.txt')), 'cbi');
    assert.equal(detectFormat(fixture('cbi-standard.txt').toString().replace(/^ /gm, '')), 'cbi');
    assert.equal(detectFormat(fixture('csv-importo.csv')), 'csv');
    assert.equal(detectFormat('<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"/>'), null);
  });

  it('parses each format, asking for a mapping for CSV', () => {
    assert.equal(parseStatement(fixture('camt053-v02.xml')).lines.length, 7);
    assert.equal(parseStatement(fixture('cbi-leading-space.txt')).lines.length, 4);
    const mapping = { delimiter: ';', hasHeader: true, date: 'Data contabile', dateFormat: 'DD/MM/YYYY', amount: 'Importo', decimalComma: true, remittance: 'Descrizione' } as const;
    assert.equal(parseStatement(fixture('csv-importo.csv'), { csvMapping: mapping }).lines.length, 4);
    assert.throws(() => parseStatement(fixture('csv-importo.csv')), (e: unknown) => e instanceof DomainError && e.code === 'parse_error' && /mappatura delle colonne/.test(e.message));
    assert.throws(() => parseStatement('<x/>'), (e: unknown) => e instanceof DomainError && e.code === 'parse_error' && /non è un estratto conto camt\.053/.test(e.message));
  });
});
