/**
 * Emails: the compiled renderer vs mjml2html from source (same email, same run), and SMTP
 * throughput of the pooled transport into the local sink (which parses every message with
 * mailparser in this same process, so the figure is a floor, not the transport's ceiling).
 */
import mjml2html from 'mjml';
import { startSmtpSink } from '../fakes/smtp-sink.js';
import { createSmtpMailer } from '../core/adapters/smtp/smtp-mailer.js';
import { compilePlaceholders, pathGetter } from '../core/emails/placeholder.js';
import { createEmailRenderer } from '../core/emails/renderer.js';
import { loadTemplateSources } from '../core/emails/template-source.js';
import { findTemplatesDir } from '../core/emails/templates-dir.js';
import { sampleBaseUrl, sampleData, sampleVendor } from '../templates/samples.js';
import { report } from './report.js';

const RENDERS = 20_000;
const MJML_RENDERS = 200;
const SMTP_EMAILS = 1_000;

const usPer = (start: bigint, n: number) => Number(process.hrtime.bigint() - start) / 1e3 / n;

export async function run(): Promise<void> {
  const renderer = await createEmailRenderer({ vendor: sampleVendor, baseUrl: sampleBaseUrl });
  const data = sampleData('it').invitation;

  let sink = 0; // keeps the results alive so the loop can't be optimised away
  for (let i = 0; i < 2_000; i++) sink += renderer.render('invitation', 'it', data).html.length;
  let t = process.hrtime.bigint();
  for (let i = 0; i < RENDERS; i++) sink += renderer.render('invitation', 'it', data).html.length;
  const renderUs = usPer(t, RENDERS);

  // Baseline: the same MJML (layout + template + locale) with the data filled in, compiled each time.
  const source = (await loadTemplateSources(findTemplatesDir())).invitation.it.mjml;
  const links = { checkout: `${sampleBaseUrl}${data.links.checkout}` };
  const vendor = sampleVendor as unknown as Record<string, string>;
  const fill = compilePlaceholders(source, 'html', (p) => (p.startsWith('vendor.') ? { static: vendor[p.slice(7)] } : { get: pathGetter(p) }), 'bench');
  const mjmlOnce = async () => (await mjml2html(fill({ ...data, links }), { validationLevel: 'strict', fonts: {}, keepComments: false })).html;
  for (let i = 0; i < 10; i++) sink += (await mjmlOnce()).length;
  t = process.hrtime.bigint();
  for (let i = 0; i < MJML_RENDERS; i++) sink += (await mjmlOnce()).length;
  const mjmlUs = usPer(t, MJML_RENDERS);

  report('emails.render_us', renderUs, 'us');
  report('emails.mjml_render_us', mjmlUs, 'us');
  report('emails.speedup', mjmlUs / renderUs, 'x');

  const smtp = await startSmtpSink();
  const mailer = createSmtpMailer({ url: smtp.url, maxConnections: 5 });
  try {
    t = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: SMTP_EMAILS }, (_, i) => {
        const email = renderer.render('invitation', 'it', { ...data, clientName: `Cliente ${i}` });
        return mailer.send({ ...email, to: `cliente${i}@example.com`, from: 'Sportello <noreply@sportello.example.it>', messageId: `bench-${i}` });
      }),
    );
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    if (smtp.messages.length !== SMTP_EMAILS) throw new Error(`sink got ${smtp.messages.length} of ${SMTP_EMAILS}`);
    report('emails.smtp_per_s', SMTP_EMAILS / seconds, 'emails/s');
  } finally {
    await mailer.close();
    await smtp.stop();
  }
  if (sink < 0) console.log(sink);
}
