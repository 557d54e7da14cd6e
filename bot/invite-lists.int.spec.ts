import { strict as assert } from 'node:assert';
import { startHarness, type Harness } from './testing.js';
import { buyCoupons, staffActor, validCompanyData } from '../test/fixtures.js';

describe('bot: invitations, lists, company products, languages, authorisation', function () {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.stop());

  async function actorOf(uId: number, partnerId: number) {
    const pu = await h.app.db.models.PartnerUser.findOne({ where: { telegramUserId: String(uId) } });
    return { type: 'partner_user' as const, id: pu!.id, partnerId, label: pu!.displayName };
  }

  it('invites a client: name → email (validated) → tier → Spedisci invito; the list shows its state', async () => {
    const { u, partnerId, welcome } = await h.linkedUser();
    let r = await h.tap(u, welcome, 'Invita un cliente');
    r = await h.tap(u, r, 'Nuovo invito');
    assert.match(r.text!, /Come si chiama il cliente/);
    r = await h.say(u, 'Bar Sport di Luca Neri');
    assert.match(r.text!, /indirizzo email/);
    r = await h.say(u, 'luca.neri@');
    assert.match(r.text!, /⚠️/);
    r = await h.say(u, 'luca.neri@example.it');
    assert.match(r.text!, /Quale tipologia/);
    r = await h.say(u, 'LITE');
    assert.match(r.text!, /pulsanti/); // a hint, not silence
    r = await h.tap(u, (await h.fake.sent(u.id).filter((m) => /Quale tipologia/.test(m.text ?? '')).pop())!, 'LITE');
    assert.match(r.text!, /Bar Sport di Luca Neri/);
    r = await h.tap(u, r, 'Spedisci invito');
    assert.match(r.text!, /Invito spedito a <?b?>?luca\.neri@example\.it/);
    const inv = await h.app.db.models.Invitation.findOne({ where: { partnerId } });
    assert.equal(inv!.tier, 'lite');
    const audit = await h.app.db.models.AuditLog.findOne({ where: { action: 'invitation.sent', entityId: String(inv!.id) } });
    assert.equal(audit!.actorType, 'partner_user');
    assert.equal(await h.app.db.models.Email.count({ where: { template: 'invitation', toAddress: 'luca.neri@example.it' } }), 1);
    r = await h.tap(u, r, 'Inviti inviati');
    assert.match(r.text!, /Bar Sport di Luca Neri.*spedito/);
  });

  it('orders, coupons and companies are listed page by page; a bank-transfer order shows the instructions again', async () => {
    const { u, partnerId, welcome } = await h.linkedUser();
    const actor = await actorOf(u.id, partnerId);
    for (let i = 0; i < 7; i++) await buyCoupons(h.app, partnerId, actor, 'coupon-lite-1');
    const product = await h.app.db.models.Product.findOne({ where: { sku: 'coupon-corporate-1' } });
    const waiting = await h.app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId }, items: [{ productId: product!.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);
    let r = await h.tap(u, welcome, 'Ordini');
    assert.match(r.text!, /Pagina 1 di 2/);
    assert.match(r.text!, /in attesa di pagamento/);
    r = await h.tap(u, r, waiting.number!);
    assert.match(r.text!, /IBAN/);
    assert.match(r.text!, /425,78 €/);
    r = await h.say(u, '/menu');
    r = await h.tap(u, r, 'I miei coupon');
    assert.match(r.text!, /Disponibili: LITE 7/);
    r = await h.say(u, '/menu');
    r = await h.tap(u, r, 'Aziende');
    assert.match(r.text!, /Non hai ancora aziende/);
    r = await h.say(u, '/menu');
    r = await h.tap(u, r, 'Ordini');
    r = await h.tap(u, r, 'Successivi');
    assert.match(r.text!, /Pagina 2 di 2/);
    for (const m of h.fake.sent(u.id)) assert.ok((m.text ?? '').length <= 4096);
  });

  it('sells company products after choosing the company (renewal of its own tier)', async () => {
    const { u, partnerId, welcome } = await h.linkedUser();
    const actor = await actorOf(u.id, partnerId);
    const { coupons } = await buyCoupons(h.app, partnerId, actor, 'coupon-ordinary-1');
    await h.app.useCases.activateCoupon({ couponId: coupons[0]!.id, partnerId, companyData: validCompanyData({ legalName: 'Neri Servizi S.r.l.' }) }, actor);
    let r = await h.tap(u, welcome, 'Altri prodotti');
    r = await h.tap(u, r, 'Rinnovo');
    assert.match(r.text!, /per quale azienda/);
    r = await h.tap(u, r, 'Neri Servizi');
    assert.match(r.text!, /Rinnovo 12 mesi Ordinaria/);
    assert.doesNotMatch(r.text!, /LITE/);
    r = await h.tap(u, r, 'Rinnovo 12 mesi Ordinaria');
    assert.match(r.text!, /Azienda: <?b?>?Neri Servizi/);
    r = await h.tap(u, r, 'Carta');
    assert.ok(JSON.stringify(r.reply_markup).includes('/pay/'));
    const order = await h.app.db.models.Order.findOne({ where: { partnerId, status: 'pending_payment' }, include: [{ model: h.app.db.models.OrderLine, as: 'lines' }] });
    assert.equal(order!.lines![0]!.productKind, 'renewal');
    assert.ok(order!.companyId);
  });

  it('speaks English to an English Telegram user, and /lingua switches', async () => {
    const { u, welcome } = await h.linkedUser({ language_code: 'en' });
    assert.match(welcome.text!, /You are linked/);
    assert.ok(JSON.stringify(welcome.reply_markup).includes('Buy coupons'));
    let r = await h.say(u, '/lingua');
    r = await h.tap(u, r, 'Italiano');
    assert.match(r.text!, /Lingua impostata/);
    const pu = await h.app.db.models.PartnerUser.findOne({ where: { telegramUserId: String(u.id) } });
    assert.equal(pu!.language, 'it');
  });

  it('a user of another partner cannot see or touch my orders, coupons, companies or invitations', async () => {
    const mine = await h.linkedUser();
    const actor = await actorOf(mine.u.id, mine.partnerId);
    const { order, coupons } = await buyCoupons(h.app, mine.partnerId, actor, 'coupon-lite-1');
    const company = await h.app.useCases.activateCoupon({ couponId: coupons[0]!.id, partnerId: mine.partnerId, companyData: validCompanyData() }, actor);
    const { coupons: free } = await buyCoupons(h.app, mine.partnerId, actor, 'coupon-lite-1');
    const intruder = await h.linkedUser();
    const { u } = intruder;
    const msg = intruder.welcome;
    const theirs = await actorOf(u.id, intruder.partnerId);
    const own = await buyCoupons(h.app, intruder.partnerId, theirs, 'coupon-lite-1');
    await h.app.useCases.activateCoupon({ couponId: own.coupons[0]!.id, partnerId: intruder.partnerId, companyData: validCompanyData({ legalName: 'Altra S.r.l.' }) }, theirs);
    const press = async (data: string) => {
      h.fake.pressButton(u, { chat_id: msg.chat_id, message_id: msg.message_id! }, data, { force: true });
      return h.fake.nextReply(u.id);
    };
    let r = await press(`o:${order.id}`);
    assert.match(r.text!, /Non trovato/);
    assert.doesNotMatch(r.text!, new RegExp(order.number!));
    // start a flow of my own, then forge the other partner's ids
    r = await h.tap(u, (await h.say(u, '/menu')), 'Attiva coupon acquistati');
    assert.match(r.text!, /Non hai coupon/);
    assert.doesNotMatch(r.text!, new RegExp(free[0]!.code));
    r = await h.tap(u, (await h.say(u, '/menu')), 'Altri prodotti');
    const flowId = JSON.stringify(r.reply_markup).match(/"b:([\w-]+):kind/)![1];
    r = await h.tap(u, r, 'Rinnovo');
    r = await press(`b:${flowId}:co:${company.id}`);
    assert.match(r.text!, /Non trovato/);
    r = await h.tap(u, (await h.say(u, '/menu')), 'Invita un cliente');
    r = await h.tap(u, r, 'Inviti inviati');
    assert.match(r.text!, /Non hai ancora spedito/);
    r = await h.tap(u, (await h.say(u, '/menu')), 'I miei coupon');
    assert.doesNotMatch(r.text!, new RegExp(free[0]!.code));
    r = await h.tap(u, (await h.say(u, '/menu')), 'Aziende');
    assert.match(r.text!, /Altra S\.r\.l\./);
    assert.doesNotMatch(r.text!, /Rossi Impianti/);
    const stillFree = await h.app.db.models.Coupon.findByPk(free[0]!.id);
    assert.equal(stillFree!.status, 'available');
    // an unlinked chat pressing a forged button is answered and sees the welcome only
    const stranger = h.user();
    const hello = await h.say(stranger, '/start');
    h.fake.pressButton(stranger, { chat_id: hello.chat_id, message_id: hello.message_id! }, `o:${order.id}`, { force: true });
    const w = await h.fake.nextReply(stranger.id);
    assert.match(w.text!, /codice di collegamento/);
    assert.equal(h.fake.unansweredCallbacks().length, 0);
    void staffActor;
  });
});
