import assert from 'node:assert/strict';
import { EntityParseError, formatText, parseHtml, parseMarkdownV2 } from './formatting.js';

describe('fake Telegram: parse_mode', () => {
  describe('HTML', () => {
    it('handles nesting, pre with language, spoilers and numeric entities', () => {
      assert.deepEqual(parseHtml('<b>a <i>b</i></b> <pre><code class="language-ts">x</code></pre> <tg-spoiler>s</tg-spoiler> &#8364;'), {
        text: 'a b x s €',
        entities: [
          { type: 'bold', offset: 0, length: 3 },
          { type: 'italic', offset: 2, length: 1 },
          { type: 'pre', offset: 4, length: 1, language: 'ts' },
          { type: 'spoiler', offset: 6, length: 1 },
        ],
      });
    });

    it('reports crossed tags and stray end tags with byte offsets', () => {
      assert.throws(() => parseHtml('<b><i>x</b></i>'), /Unmatched end tag at byte offset 7, expected "<\/i>", found "<\/b>"/);
      assert.throws(() => parseHtml('è</b>'), /Unexpected end tag at byte offset 2/);
      assert.throws(() => parseHtml('<span>x</span>'), /Tag "span" must have class "tg-spoiler"/);
    });
  });

  describe('MarkdownV2', () => {
    it('parses bold, italic, underline, links with escaped parentheses, code and quotes', () => {
      const out = parseMarkdownV2('*b* _i_ __u__ [Paga](https://x.test/a\\)b) `1.5` ~s~ ||p||\n>citato\n>ancora\nfine\\!');
      assert.equal(out.text, 'b i u Paga 1.5 s p\ncitato\nancora\nfine!');
      assert.deepEqual(out.entities, [
        { type: 'bold', offset: 0, length: 1 },
        { type: 'italic', offset: 2, length: 1 },
        { type: 'underline', offset: 4, length: 1 },
        { type: 'text_link', offset: 6, length: 4, url: 'https://x.test/a)b' },
        { type: 'code', offset: 11, length: 3 },
        { type: 'strikethrough', offset: 15, length: 1 },
        { type: 'spoiler', offset: 17, length: 1 },
        { type: 'blockquote', offset: 19, length: 13 },
      ]);
    });

    it('refuses reserved characters and unclosed entities', () => {
      assert.throws(() => parseMarkdownV2('Prezzo: 10-20'), /Character '-' is reserved/);
      assert.throws(() => parseMarkdownV2('a (b)'), /Character '\(' is reserved/);
      assert.throws(() => parseMarkdownV2('*grassetto'), /Can't find end of Bold entity at byte offset 0/);
      assert.throws(() => parseMarkdownV2('ok `codice'), /Can't find end of Code entity at byte offset 3/);
    });
  });

  it('legacy Markdown fails on a lone underscore, as in production', () => {
    assert.throws(() => formatText('ciao mario_rossi', 'Markdown'), EntityParseError);
    assert.equal(formatText('*ciao* mario\\_rossi', 'Markdown').text, 'ciao mario_rossi');
  });

  it('no parse_mode keeps the text and the given entities', () => {
    assert.deepEqual(formatText('<b>', undefined), { text: '<b>', entities: [] });
  });
});
