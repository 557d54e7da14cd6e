/**
 * Server-rendered HTML without a template engine: `html` escapes every interpolated value unless
 * it is already SafeHtml (the output of another `html` call). There is no raw escape hatch for
 * data, so a client named `Rossi & <script>` is always shown as text.
 */
import { escapeHtml } from '../../core/shared/escape-html.js';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}


type Value = SafeHtml | string | number | null | undefined | false | readonly Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Only for constant markup written in our own source (never for data). */
export const trusted = (constant: string) => new SafeHtml(constant);
