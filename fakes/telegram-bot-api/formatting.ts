// parse_mode handling. The real API turns markup into plain text + entities and refuses malformed markup
// with "Bad Request: can't parse entities: …". Reproducing the refusal is the point: an unescaped "<" in a
// company name (HTML) or an unescaped "." in a price (MarkdownV2) fails in production, so it must fail here.
// Offsets are UTF-16 code units (JS string indices), as in the real API; error offsets are UTF-8 bytes, as
// in the real error messages.
import type { MessageEntity } from './types.js';

export class EntityParseError extends Error {}

export interface Formatted {
  text: string;
  entities: MessageEntity[];
}

const byteOffset = (src: string, i: number): number => Buffer.byteLength(src.slice(0, i), 'utf8');

export function formatText(raw: string, parseMode: string | undefined, entities?: MessageEntity[]): Formatted {
  switch ((parseMode ?? '').toLowerCase()) {
    case '':
      return { text: raw, entities: entities ?? [] };
    case 'html':
      return parseHtml(raw);
    case 'markdownv2':
      return parseMarkdownV2(raw);
    case 'markdown':
      return parseLegacyMarkdown(raw);
    default:
      throw new EntityParseError('unsupported parse_mode'); // caller maps to "Bad Request: unsupported parse_mode"
  }
}

function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
}

// ---------------------------------------------------------------------------------------------------- HTML

const HTML_TAGS: Record<string, string> = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
  s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', 'tg-spoiler': 'spoiler', span: 'spoiler',
  a: 'text_link', code: 'code', pre: 'pre', blockquote: 'blockquote', 'tg-emoji': 'custom_emoji',
};
const HTML_NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function parseAttrs(src: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of src.matchAll(/([a-zA-Z][\w-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    attrs[m[1]!.toLowerCase()] = decodeHtmlEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

function decodeHtmlEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return HTML_NAMED[name.toLowerCase()] ?? whole;
  });
}

export function parseHtml(src: string): Formatted {
  let text = '';
  const entities: MessageEntity[] = [];
  const open: { tag: string; offset: number; attrs: Record<string, string> }[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '&') {
      const m = /^&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/.exec(src.slice(i, i + 16));
      if (m) {
        text += decodeHtmlEntities(m[0]);
        i += m[0].length;
        continue;
      }
    }
    if (c !== '<') {
      text += c;
      i++;
      continue;
    }
    const at = byteOffset(src, i);
    const close = src.indexOf('>', i);
    if (close < 0) throw new EntityParseError(`Unclosed start tag at byte offset ${at}`);
    const inner = src.slice(i + 1, close);
    i = close + 1;
    if (inner.startsWith('/')) {
      const name = inner.slice(1).trim().toLowerCase();
      const top = open.pop();
      if (!top) throw new EntityParseError(`Unexpected end tag at byte offset ${at}`);
      if (top.tag !== name) {
        throw new EntityParseError(`Unmatched end tag at byte offset ${at}, expected "</${top.tag}>", found "</${name}>"`);
      }
      const entity = htmlEntity(top, text.length, open[open.length - 1]);
      if (entity) entities.push(entity);
      continue;
    }
    const m = /^([a-zA-Z][\w-]*)([\s\S]*?)\/?$/.exec(inner);
    const name = (m?.[1] ?? inner.split(/\s/)[0] ?? '').toLowerCase();
    if (!m || !(name in HTML_TAGS)) throw new EntityParseError(`Unsupported start tag "${name}" at byte offset ${at}`);
    const attrs = parseAttrs(m[2] ?? '');
    if (name === 'span' && attrs.class !== 'tg-spoiler') {
      throw new EntityParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${at}`);
    }
    open.push({ tag: name, offset: text.length, attrs });
  }
  const unclosed = open.pop();
  if (unclosed) throw new EntityParseError(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  return { text, entities: sortEntities(entities) };
}

function htmlEntity(
  tag: { tag: string; offset: number; attrs: Record<string, string> },
  end: number,
  parent: { tag: string; attrs: Record<string, string> } | undefined,
): MessageEntity | undefined {
  const length = end - tag.offset;
  // <pre><code class="language-x"> is one pre entity with a language, not two entities.
  if (tag.tag === 'code' && parent?.tag === 'pre') {
    const lang = /^language-(.+)$/.exec(tag.attrs.class ?? '')?.[1];
    if (lang) parent.attrs['data-language'] = lang;
    return undefined;
  }
  if (length === 0) return undefined; // the real API drops empty entities
  const type = HTML_TAGS[tag.tag]!;
  const base = { type, offset: tag.offset, length };
  if (type === 'text_link') return tag.attrs.href ? { ...base, url: tag.attrs.href } : undefined;
  if (type === 'pre') return tag.attrs['data-language'] ? { ...base, language: tag.attrs['data-language'] } : base;
  if (type === 'blockquote' && 'expandable' in tag.attrs) return { ...base, type: 'expandable_blockquote' };
  if (type === 'custom_emoji') return { ...base, custom_emoji_id: tag.attrs['emoji-id'] ?? '' };
  return base;
}

// ---------------------------------------------------------------------------------------------- MarkdownV2

const MD_RESERVED = new Set('_*[]()~`>#+-=|{}.!');
// Longer markers first: "__" is greedily underline, "||" spoiler.
const MD_TOGGLES: [string, string][] = [['||', 'spoiler'], ['__', 'underline'], ['*', 'bold'], ['_', 'italic'], ['~', 'strikethrough']];
const MD_NAMES: Record<string, string> = {
  bold: 'Bold', italic: 'Italic', underline: 'Underline', strikethrough: 'Strikethrough', spoiler: 'Spoiler',
  text_link: 'TextUrl', custom_emoji: 'CustomEmoji',
};

export function parseMarkdownV2(src: string): Formatted {
  let text = '';
  const entities: MessageEntity[] = [];
  const open: { marker: string; type: string; offset: number; byte: number }[] = [];
  let quote: { offset: number; expandable: boolean } | null = null;
  const reserved = (c: string): EntityParseError =>
    new EntityParseError(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
  const closeQuote = (end: number): void => {
    if (quote && end > quote.offset) {
      entities.push({ type: quote.expandable ? 'expandable_blockquote' : 'blockquote', offset: quote.offset, length: end - quote.offset });
    }
    quote = null;
  };
  let i = 0;
  outer: while (i < src.length) {
    const c = src[i]!;
    if (i === 0 || src[i - 1] === '\n') {
      const expandable = src.startsWith('**>', i);
      if (c === '>' || expandable) {
        quote ??= { offset: text.length, expandable };
        i += expandable ? 3 : 1;
        continue;
      }
      if (quote) closeQuote(text.length - 1); // the quote ended with the previous line (its "\n" excluded)
    }
    if (c === '\\') {
      if (i + 1 >= src.length) throw reserved('\\');
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const fence = src.startsWith('```', i) ? '```' : '`';
      let j = i + fence.length;
      let body = '';
      while (j < src.length && !src.startsWith(fence, j)) {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        body += src[j];
        j++;
      }
      if (j >= src.length) {
        throw new EntityParseError(`Can't find end of ${fence === '`' ? 'Code' : 'Pre'} entity at byte offset ${byteOffset(src, i)}`);
      }
      const entity: MessageEntity = { type: fence === '`' ? 'code' : 'pre', offset: text.length, length: 0 };
      if (fence === '```') {
        const nl = body.indexOf('\n');
        if (nl >= 0 && /^[\w+#.-]*$/.test(body.slice(0, nl))) {
          if (nl > 0) entity.language = body.slice(0, nl);
          body = body.slice(nl + 1);
        }
      }
      entity.length = body.length;
      if (body.length) entities.push(entity);
      text += body;
      i = j + fence.length;
      continue;
    }
    if (c === '[' || (c === '!' && src[i + 1] === '[')) {
      open.push({ marker: '[', type: c === '!' ? 'custom_emoji' : 'text_link', offset: text.length, byte: byteOffset(src, i) });
      i += c === '!' ? 2 : 1;
      continue;
    }
    if (c === ']') {
      const top = open[open.length - 1];
      if (top?.marker !== '[' || src[i + 1] !== '(') throw reserved(']');
      let j = i + 2;
      let url = '';
      while (j < src.length && src[j] !== ')') {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        url += src[j];
        j++;
      }
      if (j >= src.length) throw new EntityParseError(`Can't find end of a URL at byte offset ${byteOffset(src, i + 1)}`);
      open.pop();
      const length = text.length - top.offset;
      if (length > 0) {
        entities.push(
          top.type === 'custom_emoji'
            ? { type: 'custom_emoji', offset: top.offset, length, custom_emoji_id: /id=(\d+)/.exec(url)?.[1] ?? '' }
            : { type: 'text_link', offset: top.offset, length, url },
        );
      }
      i = j + 1;
      continue;
    }
    // The closing "||" of an expandable blockquote sits at the end of its last line.
    if (quote?.expandable && src.startsWith('||', i) && (i + 2 === src.length || src[i + 2] === '\n')) {
      i += 2;
      continue;
    }
    for (const [marker, type] of MD_TOGGLES) {
      if (!src.startsWith(marker, i)) continue;
      const idx = open.findLastIndex((o) => o.marker === marker);
      if (idx >= 0 && idx !== open.length - 1) {
        const inner = open[open.length - 1]!;
        throw new EntityParseError(`Can't find end of ${MD_NAMES[inner.type]} entity at byte offset ${inner.byte}`);
      }
      if (idx >= 0) {
        const o = open.pop()!;
        if (text.length > o.offset) entities.push({ type, offset: o.offset, length: text.length - o.offset });
      } else {
        open.push({ marker, type, offset: text.length, byte: byteOffset(src, i) });
      }
      i += marker.length;
      continue outer;
    }
    if (MD_RESERVED.has(c)) throw reserved(c);
    text += c;
    i++;
  }
  const unclosed = open.pop();
  if (unclosed) throw new EntityParseError(`Can't find end of ${MD_NAMES[unclosed.type]} entity at byte offset ${unclosed.byte}`);
  closeQuote(text.length);
  return { text, entities: sortEntities(entities) };
}

// ------------------------------------------------------------------------------------- legacy "Markdown"

/** Legacy Markdown: *bold* _italic_ `code` ```pre``` [text](url); no nesting. Unclosed markers fail, which
 * is the classic production bug (an underscore in a username). */
export function parseLegacyMarkdown(src: string): Formatted {
  let text = '';
  const entities: MessageEntity[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\' && '_*`['.includes(src[i + 1] ?? '')) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    const marker = src.startsWith('```', i) ? '```' : '*_`['.includes(c) ? c : '';
    if (!marker) {
      text += c;
      i++;
      continue;
    }
    const endMarker = marker === '[' ? ']' : marker;
    const end = src.indexOf(endMarker, i + marker.length);
    if (end < 0) throw new EntityParseError(`Can't find end of the entity starting at byte offset ${byteOffset(src, i)}`);
    const body = src.slice(i + marker.length, end);
    let next = end + endMarker.length;
    const entity: MessageEntity = { type: '', offset: text.length, length: body.length };
    if (marker === '[') {
      const m = /^\(([^)]*)\)/.exec(src.slice(next));
      if (!m) {
        text += c; // a lone "[" is plain text in legacy Markdown
        i++;
        continue;
      }
      Object.assign(entity, { type: 'text_link', url: m[1] });
      next += m[0].length;
    } else {
      entity.type = { '*': 'bold', _: 'italic', '`': 'code', '```': 'pre' }[marker]!;
    }
    if (body.length) entities.push(entity);
    text += body;
    i = next;
  }
  return { text, entities: sortEntities(entities) };
}
