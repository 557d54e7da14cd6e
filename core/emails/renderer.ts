/**
 * The email renderer: MJML is compiled ONCE per template and language at startup (strict
 * validation; compiling is the expensive part, see `npm run bench -- emails`), into HTML that still
 * holds {{path}} placeholders; each email is then only filled from the precompiled chunks. A broken
 * template fails the boot, naming it.
 */
import mjml2html from 'mjml';
import { z } from 'zod';
import { emailNames, emailSchemas, langs, type EmailData, type EmailName, type Lang, type RenderedEmail, type VendorInfo } from './email-data.js';
import { linkBuilder } from './links.js';
import { compilePlaceholders, pathGetter, type Filler, type Resolve } from './placeholder.js';
import { loadTemplateSources } from './template-source.js';
import { findTemplatesDir } from './templates-dir.js';

export const DEFAULT_PRODUCT_NAME = 'KeyContabilità · Sportello';

export interface EmailRendererOptions {
  /** Defaults to <project root>/templates (see templates-dir.ts). */
  templatesDir?: string;
  vendor: VendorInfo;
  /** Public base URL of the site, e.g. https://sportello.example.it; every link is built on it. */
  baseUrl: string;
}

export interface EmailRenderer {
  render<K extends EmailName>(name: K, lang: Lang, data: EmailData[K]): RenderedEmail;
}

export class EmailTemplateError extends Error {
  constructor(
    readonly template: string,
    readonly lang: Lang,
    message: string,
    readonly mjmlErrors: { line: number; message: string; tagName: string }[] = [],
  ) {
    super(message);
    this.name = 'EmailTemplateError';
  }
}

/** True when `path` names a string leaf of the email's schema (so the template can't reference nothing). */
function schemaHasPath(schema: z.ZodTypeAny, path: string): boolean {
  let node: z.ZodTypeAny | undefined = schema;
  for (const key of path.split('.')) {
    if (!(node instanceof z.ZodObject)) return false;
    node = (node.shape as Record<string, z.ZodTypeAny>)[key];
  }
  return node instanceof z.ZodString;
}

async function compileMjml(name: string, lang: Lang, source: string): Promise<string> {
  try {
    // fonts: {} — no Google Fonts <link>: it leaks recipients' IPs to a third party (GDPR).
    const out = await mjml2html(source, { validationLevel: 'strict', keepComments: false, fonts: {} });
    return out.html;
  } catch (e) {
    const err = e as Error & { errors?: { line: number; message: string; tagName: string; formattedMessage?: string }[] };
    const list = (err.errors ?? []).map((x) => `  - ${x.formattedMessage ?? `line ${x.line} <${x.tagName}>: ${x.message}`}`);
    const detail = list.length ? list.join('\n') : `  - ${err.message}`;
    throw new EmailTemplateError(name, lang, `email template "${name}" (${lang}) is not valid MJML:\n${detail}`, err.errors ?? []);
  }
}

export async function createEmailRenderer(opts: EmailRendererOptions): Promise<EmailRenderer> {
  const dir = opts.templatesDir ?? findTemplatesDir();
  const toUrl = linkBuilder(opts.baseUrl);
  const vendor: Record<string, string> = { productName: DEFAULT_PRODUCT_NAME, privacyPolicyUrl: `${opts.baseUrl.replace(/\/$/, '')}/privacy`, ...opts.vendor };
  const sources = await loadTemplateSources(dir);

  const compiled = {} as Record<EmailName, Record<Lang, { subject: Filler; html: Filler; text: Filler }>>;
  for (const name of emailNames) {
    compiled[name] = {} as (typeof compiled)[EmailName];
    for (const lang of langs) {
      const where = `email template "${name}" (${lang})`;
      const resolve: Resolve = (path) => {
        if (path.startsWith('vendor.')) {
          const v = vendor[path.slice(7)];
          if (typeof v !== 'string') throw new EmailTemplateError(name, lang, `${where}: unknown {{${path}}}`);
          return { static: v };
        }
        if (!schemaHasPath(emailSchemas[name], path)) {
          throw new EmailTemplateError(name, lang, `${where}: {{${path}}} is not a field of EmailData["${name}"]`);
        }
        const get = pathGetter(path);
        return path.startsWith('links.') ? { get: (d) => toUrl(get(d)) } : { get };
      };
      const src = sources[name][lang];
      const html = await compileMjml(name, lang, src.mjml);
      compiled[name][lang] = {
        subject: compilePlaceholders(src.subject, 'header', resolve, `${where} subject`),
        html: compilePlaceholders(html, 'html', resolve, `${where} html`),
        text: compilePlaceholders(src.text, 'text', resolve, `${where} text`),
      };
    }
  }

  return {
    render(name, lang, data) {
      const c = compiled[name]?.[lang];
      if (!c) throw new Error(`unknown email ${String(name)}/${String(lang)}`);
      return { subject: c.subject(data), html: c.html(data), text: c.text(data) };
    },
  };
}
