import assert from 'node:assert/strict';
import { browserLike, csrfOf, startCheckoutServer, type CheckoutServer } from '../checkout/checkout-server.test-helper.js';
import { createPartnerWithUser, staffActor } from '../../test/fixtures.js';
import { makeCompany } from '../../test/renewals.js';
import { addRomeDays, romeDay, romeDayStart } from '../../core/shared/rome-date.js';
import { createRenewalMount } from './mount-renewal.js';

describe('client renewal page /rinnovo/<token> (integration)', function () {
  this.timeout(30_000);
  let s: CheckoutServer;
  before(async () => {
    s = await startCheckoutServer({ extraMounts: [createRenewalMount()] });
  });
  after(async () => s?.close());

  /** A client-paid company due in 7 days, its reminder sent: returns the link's path. */
  async function reminded(email: string, legalName: string) {
    const { partner } = await createPartnerWithUser(s.app, 'Studio Rinnovi');
    const today = romeDay(s.clock.now());
    const c = await makeCompany(s.app, partner.id, new Date(romeDayStart(addRomeDays(today, 7)).getTime() + 3_600_000), { payer: 'client', email, legalName, tier: 'ordinary' });
    await s.app.db.models.RenewalScan.destroy({ where: {} });
    await s.app.useCases.scanRenewals({ day: today });
    await s.app.createWorker().drain();
    const row = await s.app.db.models.Email.findOne({ where: { template: 'renewal_due_client', toAddress: email } });
    return { company: c, path: new URL(String((row!.data as any).link)).pathname };
  }

  it('shows the company and the price with VAT; bank transfer places the order once; paid, the link says so', async () => {
    const { company, path } = await reminded('uno@cliente.test', 'Rossi & <Figli> S.r.l.');
    const get = browserLike(s.base);
    const first = await get(path);
    assert.equal(first.res.status, 200);
    assert.match(first.text, /Rossi &amp; &lt;Figli&gt; S\.r\.l\./);
    assert.match(first.text, /IVA 22 %/);
    assert.match(first.text, /value="bank_transfer"/);
    const bad = await get(path, { form: { csrf: csrfOf(first.text), lang: 'it', paymentMethod: 'bitcoin' } });
    assert.equal(bad.res.status, 422);
    assert.match(bad.text, /Scegli un metodo di pagamento/);
    const forged = await get(path, { form: { csrf: 'nope', lang: 'it', paymentMethod: 'bank_transfer' } });
    assert.equal(forged.res.status, 303);
    assert.equal(await s.app.db.models.Order.count({ where: { companyId: company.id } }), 0);
    const placed = await get(path, { form: { csrf: csrfOf(first.text), lang: 'it', paymentMethod: 'bank_transfer' } });
    assert.equal(placed.res.status, 303);
    assert.match(placed.res.headers.get('location')!, /^\/ordine\//);
    const again = await get(path);
    assert.doesNotMatch(again.text, /<form method="post"/, 'an unpaid renewal is shown, not a second form');
    const order = (await s.app.db.models.Order.findOne({ where: { companyId: company.id } }))!;
    await s.app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'bank_transfer' }, staffActor);
    const spent = await get(path);
    assert.equal(spent.res.status, 410);
    assert.match(spent.text, /già stato rinnovato/);
  });

  it('an unknown link is 404; English on request', async () => {
    const get = browserLike(s.base);
    assert.equal((await get('/rinnovo/' + 'A'.repeat(43))).res.status, 404);
    const { path } = await reminded('due@cliente.test', 'Verdi S.n.c.');
    const en = await get(`${path}?lang=en`);
    assert.match(en.text, /Renew your KeyContabilità subscription/);
  });
});
