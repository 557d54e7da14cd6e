import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sampleBaseUrl, sampleVendor } from '../../templates/samples.js';
import { createEmailRenderer, EmailTemplateError } from './renderer.js';
import { findTemplatesDir } from './templates-dir.js';

describe('email renderer startup', () => {
  let dir: string;
  const templates = findTemplatesDir();

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sportello-tpl-'));
    await cp(templates, dir, { recursive: true, filter: (src) => !src.endsWith('.ts') });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const edit = async (file: string, change: (s: string) => string) => {
    await writeFile(join(dir, file), change(await readFile(join(dir, file), 'utf8')));
  };

  it('compiles a copy of the real templates', async () => {
    const r = await createEmailRenderer({ templatesDir: dir, vendor: sampleVendor, baseUrl: sampleBaseUrl });
    assert.ok(r.render('company_ready', 'it', { recipientName: 'A', companyName: 'B', tierLabel: 'LITE', links: { order: '/ordine/x' } }).html.includes('B'));
  });

  it('rejects invalid MJML (strict validation) naming the template and listing mjml errors', async () => {
    await edit('order_refunded.mjml', (s) => s.replace('<mj-column>', '<mj-column bogus-attribute="1">').replace('</mj-column>', '<mj-unknown /></mj-column>'));
    const err = await createEmailRenderer({ templatesDir: dir, vendor: sampleVendor, baseUrl: sampleBaseUrl }).then(
      () => assert.fail('should reject'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof EmailTemplateError);
    assert.equal(err.template, 'order_refunded');
    assert.match(err.message, /email template "order_refunded" \(it\) is not valid MJML/);
    assert.match(err.message, /bogus-attribute/);
    assert.ok(err.mjmlErrors.length >= 2, JSON.stringify(err.mjmlErrors));
  });

  it('rejects a placeholder that is not a field of the email data', async () => {
    await edit('payment_received.txt', (s) => s + '\n{{orderNumbr}}\n');
    await assert.rejects(
      createEmailRenderer({ templatesDir: dir, vendor: sampleVendor, baseUrl: sampleBaseUrl }),
      /"payment_received" \(it\): \{\{orderNumbr\}\} is not a field of EmailData\["payment_received"\]/,
    );
  });

  it('rejects a locale string that does not exist and a locale file missing a template', async () => {
    await edit('company_ready.txt', (s) => s + '{{t.signature}}');
    await assert.rejects(createEmailRenderer({ templatesDir: dir, vendor: sampleVendor, baseUrl: sampleBaseUrl }), /unknown locale string \{\{t.signature\}\}/);
    await edit('locales/en.json', (s) => JSON.stringify({ ...JSON.parse(s), company_ready: undefined }));
    await assert.rejects(createEmailRenderer({ templatesDir: dir, vendor: sampleVendor, baseUrl: sampleBaseUrl }), /locales\/en.json is invalid:\n {2}company_ready: Required/);
  });

  it('rejects a non-http(s) base URL at startup', async () => {
    await assert.rejects(createEmailRenderer({ templatesDir: dir, vendor: sampleVendor, baseUrl: 'javascript:alert(1)' }), /http\(s\)/);
  });
});

describe('templates folder resolution', () => {
  let root: string;
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('walks up from compiled code in dist/ to the project root, skipping a dist/package.json', async () => {
    root = await mkdtemp(join(tmpdir(), 'sportello-root-'));
    await mkdir(join(root, 'templates'));
    await mkdir(join(root, 'dist', 'core', 'emails'), { recursive: true });
    await writeFile(join(root, 'package.json'), '{}');
    await writeFile(join(root, 'dist', 'package.json'), '{"type":"module"}');
    await writeFile(join(root, 'templates', 'layout.mjml'), '<mjml></mjml>');
    const fromDist = pathToFileURL(join(root, 'dist', 'core', 'emails', 'templates-dir.js')).href;
    assert.equal(findTemplatesDir(fromDist), join(root, 'templates'));
  });

  it('finds this repository\'s templates from source', () => {
    root = '/nonexistent-nothing-to-clean';
    assert.match(findTemplatesDir(), /[/\\]templates$/);
  });
});
