import { strict as assert } from 'node:assert';
import { buttonByLabel, type FakeUser, type SentMessage } from '../fakes/telegram-bot-api.js';
import { systemActor } from '../core/shared/actor.js';
import { buyCoupons, productBySku, validCompanyData } from '../test/fixtures.js';
import { createTelegramNotifier } from './notifier.js';
import { startHarness, type Harness } from './testing.js';

describe('bot: /annulla in every flow, double-tapped payment, invitation notifications', function () {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.stop());

  /** Taps a button of an old message (as a user scrolling back would) and returns the toast it got. */
  async function tapOld(u: FakeUser, msg: SentMessage, label: string) {
    const action = buttonByLabel(msg, label);
    assert.ok(action && 'data' in action, `no button "${label}"`);
    const update = h.fake.pressButton(u, { chat_id: msg.chat_id, message_id: msg.message_id! }, action.data);
    return h.fake.callbackAnswered(update.callback_query!.id);
  }

  async function cancelHere(u: FakeUser) {
    const r = await h.say(u, '/annulla');
    assert.match(r.text!, /Operazione annullata/);
    assert.ok(JSON.stringify(r.reply_markup).includes('Acquista coupon'), 'back to the main menu');
    return r;
  }

  it('/annulla at every step of the buy flow leaves it: old buttons and typed answers do nothing, no order', async () => {
    const { u, partnerId, welcome } = await h.linkedUser();
    const actor = { type: 'partner_user' as const, id: (await h.app.db.models.PartnerUser.findOne({ where: { telegramUserId: String(u.id) } }))!.id, partnerId, label: 'x' };
    const { coupons } = await buyCoupons(h.app, partnerId, actor, 'coupon-ordinary-1');
    await h.app.useCases.activateCoupon({ couponId: coupons[0]!.id, partnerId, companyData: validCompanyData({ legalName: 'Gialli Servizi S.r.l.' }) }, actor);
    const ordersBefore = await h.app.db.models.Order.count({ where: { partnerId } });

    // Coupons: tier → offer → quantity → summary; company products: kind → company → offer → summary.
    const paths: { start: string; taps: string[]; next: string }[] = [
      { start: 'Acquista coupon', taps: [], next: 'LITE' },
      { start: 'Acquista coupon', taps: ['LITE'], next: '5 coupon LITE' },
      { start: 'Acquista coupon', taps: ['LITE', '5 coupon LITE'], next: '2' },
      { start: 'Acquista coupon', taps: ['LITE', '5 coupon LITE', '2'], next: 'Bonifico' },
      { start: 'Altri prodotti', taps: [], next: 'Rinnovo' },
      { start: 'Altri prodotti', taps: ['Rinnovo'], next: 'Gialli Servizi' },
      { start: 'Altri prodotti', taps: ['Rinnovo', 'Gialli Servizi'], next: 'Rinnovo 12 mesi Ordinaria' },
      { start: 'Altri prodotti', taps: ['Rinnovo', 'Gialli Servizi', 'Rinnovo 12 mesi Ordinaria'], next: 'Carta' },
    ];
    let menu = welcome;
    for (const path of paths) {
      let r = await h.tap(u, menu, path.start);
      for (const label of path.taps) r = await h.tap(u, r, label);
      const step = r;
      menu = await cancelHere(u);
      // The step's own buttons are dead now: answered with a toast, and nothing is shown or saved.
      const answer = await tapOld(u, step, path.next);
      assert.match(answer.text ?? '', /non è più attivo|già/, `${path.start} → ${path.taps.join(' → ')}`);
      // A typed answer (a quantity, at the quantity step) is not taken for one.
      const typed = await h.say(u, '3');
      assert.match(typed.text!, /Non ho capito/);
      menu = typed;
    }
    assert.equal(await h.app.db.models.Order.count({ where: { partnerId } }), ordersBefore);
    await h.running.dispatcher.drained(); // the reply goes out before the update ends and its session is written
    const stored = (await h.app.useCases.botSessions.get(String(u.id))) as { flow?: unknown } | undefined;
    assert.equal(stored?.flow, undefined, 'no flow left in the stored session');
    assert.equal(h.fake.unansweredCallbacks().length, 0);
  });

  it('/annulla at every step of the invite flow leaves it: no invitation, no email', async () => {
    const { u, partnerId, welcome } = await h.linkedUser();
    // name → email → tier → summary
    const answers = ['Trattoria Da Gino', 'gino@trattoria.example.it'];
    for (let stop = 0; stop <= 3; stop++) {
      let r = await h.tap(u, (await h.say(u, '/menu')), 'Invita un cliente');
      r = await h.tap(u, r, 'Nuovo invito');
      for (const a of answers.slice(0, Math.min(stop, 2))) r = await h.say(u, a);
      if (stop === 3) r = await h.tap(u, r, 'LITE');
      const step = r;
      await cancelHere(u);
      // (with no flow left the toast cannot tell a cancelled step from a completed one)
      if (stop === 2) assert.match((await tapOld(u, step, 'LITE')).text ?? '', /non è più attivo|già/);
      if (stop === 3) assert.match((await tapOld(u, step, 'Spedisci invito')).text ?? '', /non è più attivo|già/);
      // Typed text is no longer a name or an email.
      const typed = await h.say(u, stop === 1 ? 'gino@trattoria.example.it' : 'Trattoria Da Gino');
      assert.match(typed.text!, /Non ho capito/);
    }
    assert.equal(await h.app.db.models.Invitation.count({ where: { partnerId } }), 0);
    assert.equal(await h.app.db.models.Email.count({ where: { template: 'invitation', toAddress: 'gino@trattoria.example.it' } }), 0);
    assert.ok(welcome);
    assert.equal(h.fake.unansweredCallbacks().length, 0);
  });

  for (const [first, second] of [['Bonifico', 'Bonifico'], ['Bonifico', 'Carta']] as const) {
    it(`a double tap on the payment method (${first} + ${second}) places one order, and both taps are answered`, async () => {
      const { u, partnerId, welcome } = await h.linkedUser();
      let r = await h.tap(u, welcome, 'Acquista coupon');
      r = await h.tap(u, r, 'LITE');
      r = await h.tap(u, r, '5 coupon LITE');
      r = await h.tap(u, r, '2');
      assert.match(r.text!, /Totale: 1\.085,80 €/);
      const data = (label: string) => (buttonByLabel(r, label) as { data: string }).data;
      // Both taps reach the bot in one getUpdates batch, before the first has been handled.
      const a = h.fake.pressButton(u, { chat_id: r.chat_id, message_id: r.message_id! }, data(first));
      const b = h.fake.pressButton(u, { chat_id: r.chat_id, message_id: r.message_id! }, data(second));
      const placed = await h.fake.nextReply(u.id);
      assert.match(placed.text!, /Ordine/);
      const answers = await Promise.all([h.fake.callbackAnswered(a.callback_query!.id), h.fake.callbackAnswered(b.callback_query!.id)]);
      assert.match(answers[1].text ?? '', /già|non è più attivo/);
      const orders = await h.app.db.models.Order.findAll({ where: { partnerId } });
      assert.equal(orders.length, 1);
      assert.equal(orders[0]!.paymentMethod, 'bank_transfer');
      assert.equal(orders[0]!.grossCents, 108_580);
      assert.equal(h.fake.unansweredCallbacks().length, 0);
    });
  }

  it('the partner is told, in the chat, when the client opens the invitation and when it buys', async () => {
    const { u, partnerId, welcome } = await h.linkedUser();
    let r = await h.tap(u, welcome, 'Invita un cliente');
    r = await h.tap(u, r, 'Nuovo invito');
    r = await h.say(u, 'Pasticceria Dolce Vita');
    r = await h.say(u, 'ordini@dolcevita.example.it');
    r = await h.tap(u, r, 'LITE');
    r = await h.tap(u, r, 'Spedisci invito');
    assert.match(r.text!, /Invito spedito/);

    // The client's side, through the core: the emailed link carries the token.
    const email = await h.app.db.models.Email.findOne({ where: { template: 'invitation', toAddress: 'ordini@dolcevita.example.it' } });
    const link = String(email!.data.link);
    const token = new URL(link).pathname.split('/').pop()!;
    const { invitation } = await h.app.useCases.openInvitation(token);
    assert.equal(invitation.partnerId, partnerId);
    const offer = await productBySku(h.app, 'coupon-lite-1');
    const client = { type: 'client' as const, label: 'ordini@dolcevita.example.it' };
    const order = await h.app.useCases.placeOrder(
      { buyer: { kind: 'client', invitationId: invitation.id, companyData: validCompanyData({ legalName: 'Dolce Vita S.r.l.' }), billingEmail: 'amministrazione@dolcevita.example.it' }, items: [{ productId: offer.id, quantity: 1 }], paymentMethod: 'sandbox' },
      client,
    );
    await h.app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'sandbox' }, systemActor('sandbox'));

    // The worker sends the notifications through the Bot API (the fake), paced like in production but quicker.
    const worker = h.app.createWorker({ notifier: createTelegramNotifier({ token: h.fake.token, apiRoot: h.fake.url }, { perChatIntervalMs: 0, globalPerSecond: 1000 }) });
    await worker.drain();
    const opened = await h.fake.waitFor((m) => m.chat_id === u.id && /ha aperto il tuo invito/.test(m.text ?? ''));
    assert.match(opened.text!, /Pasticceria Dolce Vita/);
    const bought = await h.fake.waitFor((m) => m.chat_id === u.id && /ha acquistato tramite il tuo invito/.test(m.text ?? ''));
    assert.match(bought.text!, /Dolce Vita S\.r\.l\./);
    assert.ok(bought.text!.includes(order.number!), 'names the order');
    assert.ok(opened.seq < bought.seq, 'opened before purchased');
    const inv = await h.app.db.models.Invitation.findByPk(invitation.id);
    assert.equal(inv!.status, 'purchased');
  });
});
