import { strict as assert } from 'node:assert';
import { startHarness, type Harness } from './testing.js';
import { staffActor } from '../test/fixtures.js';

describe('bot: linking and buying', function () {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.stop());

  it('an unlinked chat sees only the welcome, whatever it sends', async () => {
    const u = h.user();
    let r = await h.say(u, '/start');
    assert.match(r.text!, /codice di collegamento/);
    r = await h.say(u, '/menu');
    assert.match(r.text!, /codice di collegamento/);
    assert.equal(r.reply_markup, undefined);
    r = await h.say(u, 'ordini');
    assert.match(r.text!, /codice di collegamento/);
    // a forged button press is answered, and shows nothing
    h.fake.sendText(u, 'x');
    await h.fake.nextReply(u.id);
    assert.equal(h.fake.unansweredCallbacks().length, 0);
  });

  it('links with /start <code>; a used or unknown code gets a clear message', async () => {
    const { u, partnerId, welcome } = await h.linkedUser({ partnerName: 'Studio Verdi S.r.l.' });
    assert.match(welcome.text!, /collegato a Studio Verdi S\.r\.l\./);
    assert.ok(welcome.reply_markup);
    const user = await h.app.db.models.PartnerUser.findOne({ where: { telegramUserId: String(u.id) } });
    assert.equal(user!.partnerId, partnerId);
    const other = h.user();
    const { code } = await h.app.useCases.issueLinkCode({ partnerId, role: 'operator' }, staffActor);
    await h.say(other, `/start ${code}`);
    const again = await h.say(h.user(), `/start ${code}`);
    assert.match(again.text!, /già stato usato/);
    const unknown = await h.say(h.user(), '/start ZZZZZZZZZZZZZZ');
    assert.match(unknown.text!, /non esiste/);
  });

  it('buys 5 LITE coupons by bank transfer: summary with IVA, instructions with IBAN and causale, audit names the user', async () => {
    const { u, partnerId, welcome } = await h.linkedUser();
    let r = await h.tap(u, welcome, 'Acquista coupon');
    assert.match(r.text!, /Quale tipologia/);
    r = await h.tap(u, r, 'LITE');
    assert.match(r.text!, /5 coupon LITE — 445,00 €/);
    r = await h.tap(u, r, '5 coupon LITE');
    assert.match(r.text!, /Quanti ne vuoi/);
    r = await h.tap(u, r, '2');
    assert.match(r.text!, /Imponibile: 890,00 €/);
    assert.match(r.text!, /IVA 22%: 195,80 €/);
    assert.match(r.text!, /Totale: 1\.085,80 €/);
    r = await h.tap(u, r, 'Bonifico');
    assert.match(r.text!, /IBAN: IT60 X054/);
    assert.match(r.text!, /Importo esatto: 1\.085,80 €/);
    assert.match(r.text!, /Causale: SP-\w{4}-\w{4}/);
    assert.match(r.text!, /24 ore/);
    const orders = await h.app.db.models.Order.findAll({ where: { partnerId } });
    assert.equal(orders.length, 1);
    assert.equal(orders[0]!.grossCents, 108_580);
    assert.equal(orders[0]!.paymentMethod, 'bank_transfer');
    const audit = await h.app.db.models.AuditLog.findOne({ where: { action: 'order.placed', entityId: String(orders[0]!.id) } });
    assert.equal(audit!.actorType, 'partner_user');
    assert.equal(audit!.actorLabel, 'Giulia Bianchi');

    // The bank transfer arrives: the user is told, and the coupons are there.
    await h.app.useCases.markOrderPaid({ orderId: orders[0]!.id, amountCents: orders[0]!.grossCents, source: 'bank_transfer' }, staffActor);
    await h.drainJobs();
    const told = await h.fake.waitFor((m) => m.chat_id === u.id && /10 coupon emessi/.test(m.text ?? ''));
    assert.match(told.text!, /Ora ne hai 10 disponibili/);
    assert.ok(h.fake.sent(u.id).some((m) => /bonifico/.test(m.text ?? '')));
    assert.equal(h.fake.unansweredCallbacks().length, 0);
  });
});
