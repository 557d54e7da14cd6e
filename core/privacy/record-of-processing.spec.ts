/** The record of processing is generated from the configuration the retention job reads: the committed copy must be the generated one. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../config.js';
import { renderRecordOfProcessing } from './processing-record.js';
import { retentionRules } from './retention-policy.js';
import { RECORD_PATH, repositoryConfig } from './write-record-of-processing.js';

describe('record of processing (art. 30)', () => {
  it('the committed docs/record-of-processing.md is exactly what `npm run privacy:record` generates', () => {
    assert.equal(readFileSync(RECORD_PATH, 'utf8'), renderRecordOfProcessing(repositoryConfig()), 'run `npm run privacy:record` and commit the document');
  });

  it('states every retention rule with the period the job applies, and follows the configuration', () => {
    const config = loadConfig({ RETENTION_INVITATION_DAYS: '45', RETENTION_BANK_LINE_DAYS: '365' });
    const doc = renderRecordOfProcessing(config);
    for (const rule of retentionRules(config)) assert.ok(doc.includes(`| \`${rule.key}\` |`), rule.key);
    assert.match(doc, /\| `invitations` \| 45 giorni \(`RETENTION_INVITATION_DAYS`\)/);
    assert.match(doc, /\| `bank_lines` \| 365 giorni \(`RETENTION_BANK_LINE_DAYS`\)/);
    for (const r of ['Stripe', 'SMTP', 'Sistema di Interscambio', 'Telegram']) assert.match(doc, new RegExp(r));
    assert.match(doc, /art\. 2220 c\.c\./);
  });
});
