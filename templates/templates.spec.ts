import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emailNames, langs, type EmailName } from '../core/emails/email-data.js';
import { createEmailRenderer, type EmailRenderer } from '../core/emails/renderer.js';
import { writePreviews } from './preview.js';
import { sampleBaseUrl, sampleData, sampleLinks, sampleVendor } from './samples.js';

/** Which absolute link(s) each email must carry (none: the email has no button). */
const expectedLink: Record<EmailName, string | string[] | undefined> = {
  invitation: sampleLinks.checkout,
  invitation_reminder: sampleLinks.checkout,
  order_confirmation: sampleLinks.order,
  bank_transfer_instructions: sampleLinks.order,
  payment_received: [sampleLinks.order, `${sampleBaseUrl}/fattura/Vq1b7NnX4c`],
  coupons_issued: undefined,
  company_ready: sampleLinks.order,
  company_failed: undefined,
  order_expiring: sampleLinks.pay,
  order_refunded: sampleLinks.order,
  renewal_due_client: sampleLinks.renew,
  renewal_due_partner: undefined,
  company_suspended: undefined,
  company_reactivated: undefined,
  invoice_in_tax_drawer: `${sampleBaseUrl}/fattura/Vq1b7NnX4c`,
};

const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);

describe('email templates', () => {
  let renderer: EmailRenderer;
  before(async () => {
    renderer = await createEmailRenderer({ vendor: sampleVendor, baseUrl: sampleBaseUrl });
  });

  for (const name of emailNames) {
    for (const lang of langs) {
      it(`${name} (${lang}) renders with the samples: subject, links, footer, readable text`, () => {
        const data = sampleData(lang)[name];
        const { subject, html, text } = renderer.render(name, lang, data as never);
        assert.ok(subject.length > 5 && !/[{}\n]/.test(subject), subject);
        assert.ok(!html.includes('{{') && !text.includes('{{'), 'no placeholder left');
        assert.match(html, new RegExp(`<html lang="${lang}"`));
        // Header and footer come from the vendor config.
        for (const v of [sampleVendor.productName!, sampleVendor.name, sampleVendor.vatNumber, sampleVendor.supportEmail]) {
          assert.ok(html.includes(v) && text.includes(v), `vendor detail ${v}`);
        }
        // Every link is either the expected absolute URL or the support mailto.
        const want = [expectedLink[name] ?? []].flat();
        const links = hrefs(html);
        assert.deepEqual(new Set(links), new Set([...want, `mailto:${sampleVendor.supportEmail}`]));
        for (const w of want) assert.ok(text.includes(`\n${w}\n`), 'link alone on its line in the text part');
        // Plain text reads as text.
        assert.ok(!/<[a-z/!][^>]*>/i.test(text), 'no HTML tags in text');
        assert.ok(!/&(amp|lt|gt|quot|#39);/.test(text), 'no HTML entities in text');
        assert.ok(!/\n{3,}/.test(text), 'no runs of blank lines');
        assert.ok(text.split('\n').every((l) => l === l.trimEnd()), 'no trailing spaces');
      });
    }
  }

  it('the invitation keeps the guide’s wording on who bears the costs', () => {
    const { text } = renderer.render('invitation', 'it', sampleData('it').invitation);
    assert.match(text, /sarai tu ad acquistare l’account aziendale e a farti carico di tutti i costi del software \(pacchetti di fatturazione elettronica, credito prepagato, rinnovi e upgrade\)/);
  });

  for (const name of ['invitation', 'invitation_reminder'] as const) {
    it(`${name} says who is writing, on whose behalf, why, how to object, and links the privacy policy (both parts, both languages)`, () => {
      for (const lang of langs) {
        const data = sampleData(lang)[name];
        const { html, text } = renderer.render(name, lang, data);
        for (const part of [html, text]) {
          assert.ok(part.includes(sampleVendor.name), 'the controller');
          assert.match(part, lang === 'it' ? /Chi ti scrive: .* per conto di / : /Who is writing: .* on behalf of /);
          assert.ok(part.includes(data.partnerName.replace(/&/g, part === html ? '&amp;' : '&')), 'the partner');
          assert.match(part, lang === 'it' ? /opponi, scrivi a .*annulla iscrizione/ : /object, write to .*unsubscribe/);
          assert.ok(part.includes(`${sampleBaseUrl}/privacy`), 'the privacy policy (the placeholder page when none is configured)');
        }
      }
    });
  }

  it('escapes customer-typed values in HTML (text, attributes, title) and keeps them verbatim in text', () => {
    const evil = 'Rossi & <script>alert(1)</script>';
    const data = { ...sampleData('it').invitation, clientName: evil, partnerName: `Studio "Bianchi" <img src=x onerror=alert(1)>` };
    const { subject, html, text } = renderer.render('invitation', 'it', data);
    assert.ok(html.includes('Rossi &amp; &lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!html.includes('<script') && !html.includes('<img'));
    assert.ok(html.includes('<title>Studio &quot;Bianchi&quot; &lt;img'));
    assert.ok(text.includes(`Gentile ${evil},`));
    assert.ok(subject.startsWith('Studio "Bianchi" <img'));
  });

  it('refuses links that are not paths on our site', () => {
    const data = sampleData('en').invitation;
    for (const checkout of ['javascript:alert(1)', '//evil.example/x', 'https://evil.example/']) {
      assert.throws(() => renderer.render('invitation', 'en', { ...data, links: { checkout } }), /email link/);
    }
  });

  it('preview writes every email in both languages plus an index', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sportello-preview-'));
    try {
      await writePreviews(out);
      const files = await readdir(out);
      assert.equal(files.length, emailNames.length * langs.length * 2 + 1);
      const index = await readFile(join(out, 'index.html'), 'utf8');
      for (const name of emailNames) assert.ok(index.includes(`href="${name}.it.html"`) && index.includes(`href="${name}.en.txt"`));
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
