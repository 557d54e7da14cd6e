/**
 * `npm run emails:preview`: renders every email in both languages with the sample data into
 * data/email-preview/ (<name>.<lang>.html and .txt, plus index.html), to eyeball them in a browser.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { emailNames, langs } from '../core/emails/email-data.js';
import { escapeHtml } from '../core/shared/escape-html.js';
import { createEmailRenderer } from '../core/emails/renderer.js';
import { findTemplatesDir } from '../core/emails/templates-dir.js';
import { sampleBaseUrl, sampleData, sampleVendor } from './samples.js';

export async function writePreviews(outDir: string): Promise<string[]> {
  const renderer = await createEmailRenderer({ vendor: sampleVendor, baseUrl: sampleBaseUrl });
  await mkdir(outDir, { recursive: true });
  const rows: string[] = [];
  const files: string[] = [];
  for (const name of emailNames) {
    const cells: string[] = [];
    for (const lang of langs) {
      const email = renderer.render(name, lang, sampleData(lang)[name] as never);
      const base = `${name}.${lang}`;
      await writeFile(join(outDir, `${base}.html`), email.html);
      // The BOM makes browsers open the .txt as UTF-8 (accents) instead of guessing Latin-1.
      await writeFile(join(outDir, `${base}.txt`), `\uFEFFSubject: ${email.subject}\n\n${email.text}`);
      files.push(`${base}.html`, `${base}.txt`);
      cells.push(`<td><a href="${base}.html">${lang} html</a> · <a href="${base}.txt">txt</a><br><small>${escapeHtml(email.subject)}</small></td>`);
    }
    rows.push(`<tr><th>${name}</th>${cells.join('')}</tr>`);
  }
  const index = `<!doctype html><meta charset="utf-8"><title>Sportello email preview</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}td,th{padding:6px 12px;text-align:left;vertical-align:top}</style>
<h1>Sportello emails</h1><table>${rows.join('\n')}</table>`;
  await writeFile(join(outDir, 'index.html'), index);
  return files;
}

// Run as a script (not when imported by a spec).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outDir = join(dirname(findTemplatesDir()), 'data', 'email-preview');
  await writePreviews(outDir);
  console.log(outDir);
}
