import assert from 'node:assert/strict';
import { escapeHtml } from './escape-html.js';

describe('escapeHtml', () => {
  it('escapes the five HTML specials and leaves the rest alone', () => {
    assert.equal(escapeHtml(`Rossi & <b class="x">'</b>`), 'Rossi &amp; &lt;b class=&quot;x&quot;&gt;&#39;&lt;/b&gt;');
    assert.equal(escapeHtml('Caffè 1.220,00 €'), 'Caffè 1.220,00 €');
    assert.equal(escapeHtml(''), '');
  });
});
