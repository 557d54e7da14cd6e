import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { sampleBaseUrl, sampleData, sampleLinks, sampleVendor } from '../../../templates/samples.js';
import { createEmailRenderer } from '../../emails/renderer.js';
import { createFileMailer } from './file-mailer.js';

const from = 'KeyContabilità Sportello <noreply@sportello.example.it>';

describe('file outbox mailer', () => {
  let dir: string;
  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'sportello-outbox-')), 'outbox'); // created on first send
  });
  afterEach(() => rm(join(dir, '..'), { recursive: true, force: true }));

  it('writes one parseable RFC 822 .eml per email, named <timestamp>-<messageId>.eml', async () => {
    const renderer = await createEmailRenderer({ vendor: sampleVendor, baseUrl: sampleBaseUrl });
    const email = renderer.render('invitation', 'it', { ...sampleData('it').invitation, clientName: 'Rossi & <script>alert(1)</script>' });
    const times = [new Date('2025-03-01T09:05:03.123Z'), new Date('2025-03-01T09:05:04.000Z')];
    const mailer = createFileMailer({ dir, now: () => times.shift()! });
    await mailer.send({ ...email, to: 'mario.rossi@example.com', from, messageId: 'email-42' });
    await mailer.send({ ...email, to: 'mario.rossi@example.com', from, messageId: 'email-42' }); // a resend
    await mailer.close();

    const files = (await readdir(dir)).sort();
    assert.deepEqual(files, ['20250301T090503123Z-email-42@sportello.example.it.eml', '20250301T090504000Z-email-42@sportello.example.it.eml']);
    const raw = await readFile(join(dir, files[0]));
    assert.ok(raw.includes('\r\n'), 'CRLF line ends');
    const parsed = await simpleParser(raw);
    assert.equal(parsed.subject, email.subject);
    assert.equal(parsed.messageId, '<email-42@sportello.example.it>');
    assert.equal(parsed.html, email.html);
    assert.equal(parsed.text?.trimEnd(), email.text.trimEnd());
    assert.ok(parsed.text?.includes(sampleLinks.checkout));
  });
});
