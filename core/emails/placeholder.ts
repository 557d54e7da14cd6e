/**
 * `{{path}}` placeholders, compiled once into static chunks + getters, filled per email with a
 * plain loop (no regex, no parsing at render time). There is deliberately no raw/triple-brace
 * form: in HTML every value is escaped, so customer-typed names can never inject markup.
 */

export type Mode = 'html' | 'text' | 'header';
export type Getter = (data: unknown) => string;
export type Filler = (data: unknown) => string;

/** What a placeholder turns into: a constant known at compile time, or a per-email getter. */
export type Resolve = (path: string) => { static: string } | { get: (data: unknown) => string };

import { escapeHtml } from '../shared/escape-html.js';

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Header values (the subject) must stay on one line whatever a customer typed. */
export function oneLine(s: string): string {
  return s.indexOf('\n') === -1 && s.indexOf('\r') === -1 ? s : s.replace(/[\r\n]+/g, ' ');
}

export const encoderFor = (mode: Mode): ((s: string) => string) =>
  mode === 'html' ? escapeHtml : mode === 'header' ? oneLine : (s) => s;

/** Reads a dotted path from the data; a missing or non-string value is a bug in the caller. */
export function pathGetter(path: string): Getter {
  const keys = path.split('.');
  return (data) => {
    let v: unknown = data;
    for (let i = 0; i < keys.length && v != null; i++) v = (v as Record<string, unknown>)[keys[i]];
    if (typeof v !== 'string') throw new TypeError(`email data: "${path}" must be a string, got ${v === null ? 'null' : typeof v}`);
    return v;
  };
}

/** Lists the placeholder paths of a source, throwing on anything that is not `{{ a.b }}`. */
export function scanPlaceholders(source: string, where: string): { start: number; end: number; path: string }[] {
  const found: { start: number; end: number; path: string }[] = [];
  let from = 0;
  for (;;) {
    const start = source.indexOf('{{', from);
    if (start === -1) return found;
    const close = source.indexOf('}}', start + 2);
    if (close === -1) throw new Error(`${where}: unclosed "{{" at offset ${start}`);
    const path = source.slice(start + 2, close).trim();
    // `{{{raw}}}`, `{{#if}}`, `{{> partial}}` all land here: this syntax has none of them.
    if (!PATH.test(path) || source[close + 2] === '}') {
      throw new Error(`${where}: bad placeholder "${source.slice(start, close + 3)}" (only {{a.b}} exists)`);
    }
    found.push({ start, end: close + 2, path });
    from = close + 2;
  }
}

export function compilePlaceholders(source: string, mode: Mode, resolve: Resolve, where: string): Filler {
  const encode = encoderFor(mode);
  const parts: (string | Getter)[] = [];
  let pending = '';
  let last = 0;
  for (const p of scanPlaceholders(source, where)) {
    pending += source.slice(last, p.start);
    last = p.end;
    const r = resolve(p.path);
    if ('static' in r) {
      pending += encode(r.static);
    } else {
      if (pending) parts.push(pending);
      pending = '';
      const get = r.get;
      parts.push((data) => encode(get(data)));
    }
  }
  pending += source.slice(last);
  if (pending) parts.push(pending);

  if (parts.length === 1 && typeof parts[0] === 'string') {
    const only = parts[0];
    return () => only;
  }
  return (data) => {
    let out = '';
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      out += typeof part === 'string' ? part : part(data);
    }
    return out;
  };
}
