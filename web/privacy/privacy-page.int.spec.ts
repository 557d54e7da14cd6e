/** The policy link of every web notice: the placeholder page in the demo, the vendor's own policy once configured. */
import assert from 'node:assert/strict';
import { startCheckoutServer, type CheckoutServer } from '../checkout/checkout-server.test-helper.js';
import { mountPrivacyPage } from './privacy-page.js';

describe('privacy policy link and placeholder page', () => {
  let demo: CheckoutServer;
  let configured: CheckoutServer;
  before(async () => {
    demo = await startCheckoutServer({ extraMounts: [mountPrivacyPage] });
    configured = await startCheckoutServer({ env: { PRIVACY_POLICY_URL: 'https://www.venditore.example/privacy' }, extraMounts: [mountPrivacyPage] });
  });
  after(async () => {
    await demo?.close();
    await configured?.close();
  });

  it('the demo serves a placeholder that says it is one, in both languages', async () => {
    const it = await (await fetch(`${demo.base}/privacy`)).text();
    assert.match(it, /Questa non è un’informativa privacy/);
    assert.match(it, /PRIVACY_POLICY_URL/);
    const en = await (await fetch(`${demo.base}/privacy?lang=en`)).text();
    assert.match(en, /This is not a privacy policy/);
  });

  it('with PRIVACY_POLICY_URL the checkout notice and the footer link the vendor’s policy, and /privacy redirects there', async () => {
    const inv = await configured.invite();
    const page = await (await fetch(configured.base + inv.path)).text();
    assert.match(page, /<section class="muted privacy" id="privacy-notice"[\s\S]*href="https:\/\/www\.venditore\.example\/privacy"/);
    assert.match(page, /<footer>[\s\S]*href="https:\/\/www\.venditore\.example\/privacy"/);
    const r = await fetch(`${configured.base}/privacy`, { redirect: 'manual' });
    assert.equal(r.status, 302);
    assert.equal(r.headers.get('location'), 'https://www.venditore.example/privacy');
  });

  it('the English checkout carries the English notice', async () => {
    const inv = await demo.invite({ language: 'en' });
    const page = await (await fetch(`${demo.base}${inv.path}?lang=en`)).text();
    assert.match(page, /The data controller is <strong>/);
    assert.match(page, /No marketing consent is asked of you/);
  });
});
