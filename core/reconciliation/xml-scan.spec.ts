import assert from 'node:assert/strict';
import { DomainError } from '../errors.js';
import { type XmlNode, TreeBuilder, XmlScanner, namespaceOf, parseXmlTree, textAt } from './xml-scan.js';

/** The document written in pieces of `size` characters. */
function treeInPieces(xml: string, size: number): XmlNode {
  const b = new TreeBuilder();
  const s = new XmlScanner(b);
  for (let i = 0; i < xml.length; i += size) s.write(xml.slice(i, i + size));
  s.end();
  return b.root!;
}
const errorOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? e.message : String(e);
  }
  return 'no error';
};

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

  it('reads a document written in pieces of any size exactly as the whole, errors included', () => {
    const docs = [
      '\ufeff<?xml version="1.0"?>\n<!-- c --><p:Doc xmlns:p="urn:x" a=\'1 > 0\'>\n<p:A Ccy="EUR">1&amp;2&#65;&#x42;</p:A><B/>\n<C><![CDATA[<raw> & ]]>tail</C><?pi x?></p:Doc>\n',
      '<a>\n<b>\n</a>',
      '<a>\n<b></b>\n',
      '<a>&nbsp;</a>',
      '<a>\n\n<1b/></a>',
      '<a><!-- x </a>',
      '<a b="x',
      '<a>\n<b/>\n</a>\n<c/>',
      '<a><',
    ];
    const strip = (n: XmlNode): unknown => ({ q: n.qname, a: n.attrs, t: n.text, l: n.line, c: n.children?.map(strip) ?? null });
    for (const xml of docs) {
      const whole = errorOf(() => parseXmlTree(xml));
      const tree = whole === 'no error' ? strip(parseXmlTree(xml)) : null;
      for (const size of [1, 2, 3, 5, 8, 13, 64]) {
        assert.equal(errorOf(() => treeInPieces(xml, size)), whole, `${JSON.stringify(xml)} in pieces of ${size}`);
        if (tree) assert.deepEqual(strip(treeInPieces(xml, size)), tree, `${JSON.stringify(xml)} in pieces of ${size}`);
      }
    }
  });
});
