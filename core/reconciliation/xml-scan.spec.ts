import assert from 'node:assert/strict';
import { DomainError } from '../errors.js';
import { namespaceOf, parseXmlTree, textAt } from './xml-scan.js';

describe('xml-scan', () => {
  it('reads prefixes, attributes (quoted ">" and single quotes), entities, CDATA, comments, PIs, self-closing tags', () => {
    const root = parseXmlTree(
      '\ufeff<?xml version="1.0"?>\n<!-- c --><p:Doc xmlns:p="urn:x" a=\'1 > 0\'><p:A Ccy="EUR">1&amp;2&#65;&#x42;</p:A><B/><C><![CDATA[<raw> & ]]>tail</C><?pi x?></p:Doc>\n',
    );
    assert.equal(root.name, 'Doc');
    assert.equal(root.attrs?.a, '1 > 0');
    assert.equal(namespaceOf(root, [root]), 'urn:x');
    assert.equal(textAt(root, 'A'), '1&2AB');
    assert.equal(root.children![0].attrs?.Ccy, 'EUR');
    assert.equal(root.children![1].name, 'B');
    assert.equal(textAt(root, 'C'), '<raw> & tail');
  });

  it('reports the line of what is wrong', () => {
    const cases: [string, number, RegExp][] = [
      ['<a>\n<b>\n</a>', 3, /trovato <\/a> dove era atteso <\/b> \(aperto alla riga 2\)/],
      ['<a>\n<b></b>\n', 3, /fine del file inattesa: <a> aperto alla riga 1 non è chiuso/],
      ['<a>\n</a>\n</b>', 3, /<\/b> inatteso/],
      ['x<a/>', 1, /testo fuori dall’elemento radice/],
      ['<a>&nbsp;</a>', 1, /entità sconosciuta "&nbsp;"/],
      ['<a b=1/>', 1, /non è tra virgolette/],
      ['<a>\n<1b/></a>', 2, /nome di elemento non valido "1b"/],
      ['<a><!-- x </a>', 1, /commento non chiuso/],
    ];
    for (const [xml, line, reason] of cases)
      assert.throws(() => parseXmlTree(xml), (e: unknown) => e instanceof DomainError && e.code === 'parse_error' && e.details.line === line && reason.test(String(e.details.reason)), xml);
  });
});
