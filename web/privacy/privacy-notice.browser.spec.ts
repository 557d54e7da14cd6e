/**
 * The privacy notices in a real browser: the checkout page shows it before the button that sends the
 * data, nothing is pre-ticked, and its link leads to the demo's placeholder page, which says it is one;
 * the back-office login shows its own notice.
 */
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowserOrSkip } from '../../test/browser.js';
import { startCheckoutServer, type CheckoutServer } from '../checkout/checkout-server.test-helper.js';
import { mountPrivacyPage } from './privacy-page.js';
import { mountAdmin } from '../../admin/mount-admin.js';

describe('privacy notices in a real browser', function () {
  let browser: Browser;
  let s: CheckoutServer;

  before(async function () {
    browser = await launchBrowserOrSkip(this);
    s = await startCheckoutServer({ extraMounts: [mountPrivacyPage, mountAdmin] });
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  it('the checkout shows the notice above the submit button, no box is pre-ticked, and the link opens the placeholder policy', async () => {
    const inv = await s.invite({ partnerName: 'Studio Verdi S.r.l.' });
    const page = await (await browser.newContext({ locale: 'it-IT' })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => void errors.push(e.message));
    await page.goto(inv.link);
    const notice = page.locator('#privacy-notice');
    assert.ok(await notice.isVisible());
    const text = (await notice.textContent()) ?? '';
    assert.match(text, new RegExp(`Titolare del trattamento è ${s.app.config.VENDOR_NAME}`));
    assert.match(text, /Studio Verdi S\.r\.l\., che ti ha invitato, vede l’ordine/);
    assert.match(text, /Nessun consenso per il marketing/);
    // The notice comes before the button that sends the data.
    const [noticeBox, buttonBox] = [await notice.boundingBox(), await page.locator('#checkout button[type=submit]').boundingBox()];
    assert.ok(noticeBox && buttonBox && noticeBox.y < buttonBox.y);
    assert.equal(await page.locator('#checkout input[type=checkbox]:checked').count(), 0, 'no pre-ticked box');

    const href = await notice.locator('a[href$="/privacy"]').getAttribute('href');
    assert.equal(href, `${s.base}/privacy`);
    await page.goto(href!);
    assert.match((await page.locator('#placeholder-warning').textContent()) ?? '', /Questa non è un’informativa privacy/);
    assert.match((await page.locator('main').textContent()) ?? '', /Inviti mai acquistati .* rimossi 90 giorni dopo la scadenza/);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('the back-office login page shows the staff notice with the policy link', async () => {
    const page = await (await browser.newContext({ locale: 'it-IT' })).newPage();
    await page.goto(`${s.base}/admin/login`);
    const notice = page.locator('#privacy-notice');
    assert.ok(await notice.isVisible());
    assert.match((await notice.textContent()) ?? '', /registra email, indirizzo IP e orario di ogni accesso/);
    assert.equal(await notice.locator('a').getAttribute('href'), `${s.base}/privacy`);
    await page.context().close();
  });
});
