import { strict as assert } from 'node:assert';
import { startHarness, type Harness } from './testing.js';
import { makeCompany } from '../test/renewals.js';
import { addRomeDays, romeDay, romeDayStart } from '../core/shared/rome-date.js';

const inDays = (n: number) => new Date(romeDayStart(addRomeDays(romeDay(new Date()), n)).getTime() + 10 * 3_600_000);

describe('bot: ⏳ In scadenza and renewing', function () {
  this.timeout(30_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.stop());

  it('lists the next 90 days with totals; renews all own companies in one order, once even when the pay tap comes twice', async () => {
    const { u, partnerId, welcome } = await h.linkedUser();
    await makeCompany(h.app, partnerId, inDays(10), { legalName: 'Alfa S.r.l.' });
    await makeCompany(h.app, partnerId, inDays(40), { legalName: 'Beta S.r.l.', tier: 'ordinary' });
    await makeCompany(h.app, partnerId, inDays(80), { legalName: 'Gamma S.r.l.' });
    await makeCompany(h.app, partnerId, inDays(20), { legalName: 'Cliente S.r.l.', payer: 'client' });
    await makeCompany(h.app, partnerId, inDays(200), { legalName: 'Lontana S.r.l.' });
    let r = await h.tap(u, welcome, '⏳ In scadenza');
    assert.match(r.text!, /4 aziende, 3 a tuo carico/);
    assert.match(r.text!, /Alfa S\.r\.l\..*scade il/);
    assert.match(r.text!, /Cliente S\.r\.l\..*rinnova il cliente/);
    assert.doesNotMatch(r.text!, /Lontana/);
    const list = r;
    r = await h.tap(u, list, '🔁 Rinnova tutte (3) in un ordine');
    assert.match(r.text!, /Rinnovo di 12 mesi di 3 aziende/);
    assert.match(r.text!, /Alfa S\.r\.l\./);
    const summary = r;
    r = await h.tap(u, summary, '🏦 Bonifico bancario');
    assert.match(r.text!, /Ordine .+ registrato/);
    assert.match(r.text!, /IBAN/);
    const orders = await h.app.db.models.Order.findAll({ where: { partnerId } });
    assert.equal(orders.length, 1);
    assert.equal(await h.app.db.models.OrderLine.count({ where: { orderId: orders[0]!.id, productKind: 'renewal' } }), 3);
    // The same tap handled again (a second delivery of the pay button): the same order, not a second one.
    const payData = ((summary.reply_markup as any).inline_keyboard.flat() as { text: string; callback_data: string }[]).find((b) => b.text === '🏦 Bonifico bancario')!;
    const again = h.fake.pressButton(u, summary, payData.callback_data, { force: true });
    await h.fake.callbackAnswered(again.callback_query!.id);
    assert.equal(await h.app.db.models.Order.count({ where: { partnerId } }), 1);
    // The list now says the renewals wait for the transfer.
    r = await h.say(u, '/menu');
    r = await h.tap(u, r, '⏳ In scadenza');
    assert.match(r.text!, /rinnovo ordinato .* in attesa del bonifico/);
  });

  it('renews one company; the partner is reminded in the chat with a button to the list', async () => {
    const { u, partnerId } = await h.linkedUser();
    const c = await makeCompany(h.app, partnerId, inDays(30), { legalName: 'Delta S.r.l.' });
    await h.app.db.models.RenewalScan.destroy({ where: {} });
    await h.app.useCases.scanRenewals({ day: romeDay(new Date()) });
    await h.drainJobs();
    const note = await h.fake.nextReply(u.id);
    assert.match(note.text!, /Un’azienda scade il/);
    assert.match(note.text!, /Delta S\.r\.l\./);
    let r = await h.tap(u, note, '🔁 Rinnova');
    r = await h.tap(u, r, '🔁 Delta S.r.l.');
    assert.match(r.text!, /Rinnovo di 12 mesi/);
    r = await h.tap(u, r, '💳 Carta (Stripe)');
    assert.match(r.text!, /registrato/);
    const line = await h.app.db.models.OrderLine.findOne({ where: { companyId: c.id } });
    assert.equal(line!.productKind, 'renewal');
  });
});
