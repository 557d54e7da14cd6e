/**
 * Reads templates/ and produces, per email and language, the MJML, plain-text and subject sources
 * with the compile-time placeholders already folded in:
 *   {{content}}   (layouts only) the template's body
 *   {{t.key}}     the template's strings in templates/locales/<lang>.json
 *   {{common.key}} strings shared by all templates in that locale
 * Locale strings are trusted (they are ours) and may themselves contain data placeholders like
 * {{clientName}}: those survive folding and are filled per email. Strings are HTML-escaped when
 * folded into MJML; an array (paragraphs) becomes one <p> per item, or blank-line separated text.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { emailNames, langs, type EmailName, type Lang } from './email-data.js';
import { escapeHtml } from '../shared/escape-html.js';

const entrySchema = z
  .object({
    subject: z.string().min(1),
    preview: z.string().min(1),
    heading: z.string().min(1),
    paragraphs: z.array(z.string().min(1)).min(1),
    button: z.string().min(1).optional(),
    after: z.array(z.string().min(1)).optional(),
    /** who is writing, on whose behalf, why, how to object (GDPR art. 14), where an email reaches someone who never wrote to us */
    privacy: z.string().min(1).optional(),
    labels: z.record(z.string()).optional(),
  })
  .strict();

const localeSchema = z
  .object({ common: z.record(z.string()) })
  .and(z.object(Object.fromEntries(emailNames.map((n) => [n, entrySchema])) as Record<EmailName, typeof entrySchema>));

export type LocaleEntry = z.infer<typeof entrySchema>;

export interface TemplateSources {
  mjml: string;
  text: string;
  subject: string;
}

export type AllSources = Record<EmailName, Record<Lang, TemplateSources>>;

const FOLD = /\{\{\s*(content|t\.[A-Za-z0-9_.]+|common\.[A-Za-z0-9_]+)\s*\}\}/g;

function fold(source: string, html: boolean, values: { content?: string; t: LocaleEntry; common: Record<string, string> }, where: string): string {
  return source.replace(FOLD, (_m, path: string) => {
    if (path === 'content') {
      if (values.content === undefined) throw new Error(`${where}: {{content}} is only allowed in a layout`);
      return values.content;
    }
    const [root, ...keys] = path.split('.');
    let v: unknown = root === 't' ? values.t : values.common;
    for (const k of keys) v = v == null ? undefined : (v as Record<string, unknown>)[k];
    if (typeof v === 'string') return html ? escapeHtml(v) : v;
    if (Array.isArray(v)) {
      return html ? v.map((p: string) => `<p>${escapeHtml(p)}</p>`).join('\n') : v.join('\n\n');
    }
    throw new Error(`${where}: unknown locale string {{${path}}}`);
  });
}

async function readText(dir: string, file: string): Promise<string> {
  try {
    return await readFile(join(dir, file), 'utf8');
  } catch (e) {
    throw new Error(`email templates: cannot read ${join(dir, file)}: ${(e as Error).message}`);
  }
}

async function readLocale(dir: string, lang: Lang) {
  const raw = await readText(dir, join('locales', `${lang}.json`));
  const parsed = localeSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`email templates: locales/${lang}.json is invalid:\n  ${issues.join('\n  ')}`);
  }
  return parsed.data as { common: Record<string, string> } & Record<EmailName, LocaleEntry>;
}

export async function loadTemplateSources(dir: string): Promise<AllSources> {
  const [layoutMjml, layoutText] = await Promise.all([readText(dir, 'layout.mjml'), readText(dir, 'layout.txt')]);
  const locales = { it: await readLocale(dir, 'it'), en: await readLocale(dir, 'en') };
  const out = {} as AllSources;
  for (const name of emailNames) {
    const [bodyMjml, bodyText] = await Promise.all([readText(dir, `${name}.mjml`), readText(dir, `${name}.txt`)]);
    out[name] = {} as Record<Lang, TemplateSources>;
    for (const lang of langs) {
      const where = `email template "${name}" (${lang})`;
      const v = { t: locales[lang][name], common: locales[lang].common };
      out[name][lang] = {
        mjml: fold(layoutMjml, true, { ...v, content: fold(bodyMjml, true, v, where) }, where),
        text: fold(layoutText, false, { ...v, content: fold(bodyText, false, v, where).trim() }, where),
        subject: v.t.subject,
      };
    }
  }
  return out;
}
