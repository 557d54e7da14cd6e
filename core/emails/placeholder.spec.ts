import assert from 'node:assert/strict';
import { compilePlaceholders, pathGetter, scanPlaceholders, type Resolve } from './placeholder.js';

const resolve: Resolve = (path) => (path.startsWith('k.') ? { static: `<${path}>` } : { get: pathGetter(path) });

describe('placeholders', () => {
  it('fills getters per call and folds constants at compile time (escaped too)', () => {
    const fill = compilePlaceholders('<a href="{{ a.b }}">{{k.x}} {{c}}</a>', 'html', resolve, 't');
    assert.equal(fill({ a: { b: '/x?y=1&z=2' }, c: '<i>' }), '<a href="/x?y=1&amp;z=2">&lt;k.x&gt; &lt;i&gt;</a>');
    assert.equal(compilePlaceholders('{{c}}', 'text', resolve, 't')({ c: '<i> & co' }), '<i> & co');
    // Values are never re-scanned: a customer typing "{{k.x}}" gets exactly that text.
    assert.equal(compilePlaceholders('{{c}}', 'html', resolve, 't')({ c: '{{k.x}}' }), '{{k.x}}');
    assert.equal(compilePlaceholders('Re: {{c}}', 'header', resolve, 't')({ c: 'a\r\nBcc: x' }), 'Re: a Bcc: x');
  });

  it('has no raw or block syntax: triple braces, helpers and partials are compile errors', () => {
    for (const bad of ['{{{c}}}', '{{#if c}}', '{{> p}}', '{{c', '{{a b}}', '{{}}']) {
      assert.throws(() => scanPlaceholders(bad, 'tpl'), /tpl: (bad placeholder|unclosed)/, bad);
    }
  });

  it('throws on missing or non-string data rather than printing "undefined"', () => {
    const fill = compilePlaceholders('{{a.b}}', 'html', resolve, 't');
    assert.throws(() => fill({}), /"a.b" must be a string, got undefined/);
    assert.throws(() => fill({ a: { b: 3 } }), /got number/);
  });
});
