/**
 * A person's data in the back-office, in a real browser: the admin fills the form beside the audit log,
 * reads the report in the page and downloads the JSON export; under the back-office's CSP, no violation.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { launchBrowserOrSkip } from '../test/browser.js';
import { startBackOffice, STAFF_PASSWORD, type BackOffice } from '../test/back-office.js';
import { createPartnerWithUser } from '../test/fixtures.js';

describe('back-office: a person’s data in a real browser', function () {
  this.timeout(180_000);
  let browser: Browser;
  let bo: BackOffice;
  let page: Page;
  const violations: string[] = [];

  before(async function () {
    browser = await launchBrowserOrSkip(this);
    bo = await startBackOffice();
    const { partner, actor } = await createPartnerWithUser(bo.app, 'Studio Marino');
    await bo.app.useCases.createInvitation({ partnerId: partner.id, clientName: 'Sara Marino', clientEmail: 'sara.marino@cliente.test', tier: 'lite', language: 'it' }, actor);
    page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    page.on('console', (m) => void (/Content Security Policy/i.test(m.text()) && violations.push(m.text())));
  });
  after(async () => {
    await browser?.close();
    await bo?.close();
  });

  it('finds the person, shows the report and downloads the JSON export', async () => {
    await page.goto(`${bo.base}/admin/login`);
    await page.fill('input[name=email]', 'admin@sportello.test');
    await page.fill('input[name=password]', STAFF_PASSWORD);
    await Promise.all([page.waitForURL(`${bo.base}/admin`), page.press('input[name=password]', 'Enter')]);
    await page.goto(`${bo.base}/admin/resources/audit_logs/actions/personalDataReport`);
    await page.getByTestId('field-value').fill('sara.marino@cliente.test');
    await page.getByTestId('field-requestRef').fill('Ticket 4711');
    await page.getByTestId('action-submit').click();
    await page.getByTestId('action-confirm').click();
    const result = page.getByTestId('action-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-result-type'), 'success');
    const report = page.frameLocator('iframe[title=anteprima]');
    assert.match((await report.locator('h1').textContent()) ?? '', /richiesta Ticket 4711/);
    assert.match((await report.locator('body').textContent()) ?? '', /sara\.marino@cliente\.test/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('action-result-download').click()]);
    assert.equal(download.suggestedFilename(), 'dati-personali-Ticket-4711.json');
    const json = JSON.parse(await readFile((await download.path())!, 'utf8'));
    assert.ok(json.findings.some((f: any) => f.table === 'invitations' && f.data.clientEmail === 'sara.marino@cliente.test'));
    assert.deepEqual(violations, []);
  });
});
