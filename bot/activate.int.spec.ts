import { strict as assert } from 'node:assert';
import { startHarness, type Harness } from './testing.js';
import { buyCoupons, makePartitaIva } from '../test/fixtures.js';
import type { SentMessage } from '../fakes/telegram-bot-api.js';
import type { FakeUser } from '../fakes/telegram-bot-api.js';

/** The answers of a valid S.r.l., in question order. */
const answers = (vat: string) => [
  'Rossi Impianti S.r.l.', 'srl', vat, 'uguale', 'Via Garibaldi 12', '20121', 'Milano', 'MI', 'Mario', 'Rossi', 'RSSMRA85T10A562S',
  '62.10.00', 'rossi.impianti@pec.example.it', '0000000', 'info@rossi-impianti.example.it', '+39 02 1234567',
];

describe('bot: activating a coupon', function () {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.stop());

  async function userWithCoupons(n = 'coupon-lite-1') {
    const linked = await h.linkedUser();
    const pu = await h.app.db.models.PartnerUser.findOne({ where: { telegramUserId: String(linked.u.id) } });
    const actor = { type: 'partner_user' as const, id: pu!.id, partnerId: linked.partnerId, label: pu!.displayName };
    const { coupons } = await buyCoupons(h.app, linked.partnerId, actor, n);
    return { ...linked, actor, coupons };
  }

  async function startActivation(u: FakeUser, welcome: SentMessage) {
    let r = await h.say(u, '/menu');
    r = await h.tap(u, r, 'Attiva coupon acquistati');
    assert.match(r.text!, /Quale coupon/);
    r = await h.tap(u, r, '🎟');
    assert.match(r.text!, /1\/16 Qual è la ragione sociale/);
    return r;
  }

  it('asks every field, catches a wrong Partita IVA at once with the reason, searches ATECO by words, lets a field be changed, and activates', async () => {
    const { u, welcome, partnerId, coupons } = await userWithCoupons();
    let r = await startActivation(u, welcome);
    const vat = makePartitaIva();
    const a = answers(vat);
    r = await h.say(u, a[0]!);
    assert.match(r.text!, /forma giuridica/);
    // short labels on the buttons, never cut mid-word; the full names in the message
    const labels = (r.reply_markup as any).inline_keyboard.flat().map((b: any) => b.text as string);
    assert.ok(labels.includes('S.r.l.') && labels.includes('Ditta individuale'), labels.join(' | '));
    assert.ok(labels.every((l: string) => l.length <= 30), labels.join(' | '));
    assert.match(r.text!, /Società a responsabilità limitata \(S\.r\.l\.\)/);
    r = await h.tap(u, r, 'S.r.l.');
    assert.match(r.text!, /Partita IVA/);
    r = await h.say(u, '00743110158'); // wrong check digit
    assert.match(r.text!, /⚠️/);
    assert.doesNotMatch(r.text!, /Codice fiscale/);
    r = await h.say(u, vat);
    assert.match(r.text!, /codice fiscale dell’azienda/);
    r = await h.tap(u, r, 'Uguale alla Partita IVA');
    for (const answer of a.slice(4, 11)) r = await h.say(u, answer);
    assert.match(r.text!, /ATECO/);
    r = await h.say(u, 'programmazione informatica');
    assert.match(r.text!, /Ho trovato queste attività/);
    r = await h.tap(u, r, '62.10.00');
    assert.match(r.text!, /PEC/);
    for (const answer of a.slice(12)) r = await h.say(u, answer);
    assert.match(r.text!, /Controlla i dati/);
    assert.match(r.text!, /Partita IVA<\/b>|Partita IVA: /);
    // Change the city from the summary.
    r = await h.tap(u, r, 'Modifica un dato');
    r = await h.tap(u, r, 'Comune');
    assert.match(r.text!, /In quale comune/);
    r = await h.say(u, 'Sesto San Giovanni');
    assert.match(r.text!, /Comune: Sesto San Giovanni/);
    r = await h.tap(u, r, 'Conferma i dati');
    assert.match(r.text!, /Stiamo creando l’azienda/);

    const company = await h.app.db.models.Company.findOne({ where: { partnerId } });
    assert.equal(company!.city, 'Sesto San Giovanni');
    assert.equal(company!.vatNumber, vat);
    assert.equal(company!.atecoCode, '62.10.00');
    assert.equal(company!.couponId, coupons[0]!.id);
    const audit = await h.app.db.models.AuditLog.findOne({ where: { action: 'coupon.activated', entityId: String(coupons[0]!.id) } });
    assert.equal(audit!.actorType, 'partner_user');
    assert.equal(audit!.actorLabel, 'Giulia Bianchi');

    await h.drainJobs(); // provisioning, then the notification
    await h.drainJobs();
    const ready = await h.fake.waitFor((m) => m.chat_id === u.id && /è pronta/.test(m.text ?? ''));
    assert.match(ready.text!, /Rossi Impianti S\.r\.l\./);
    assert.equal(h.fake.unansweredCallbacks().length, 0);
  });

  it('invalid answers at every question get the reason and the same question again', async () => {
    const { u, welcome } = await userWithCoupons();
    let r = await startActivation(u, welcome);
    const a = answers(makePartitaIva());
    const wrong = ['x', 'societa strana', '123', 'ABC', '', '2012', 'M', 'ZZ', '', '', 'RSSMRA85T10A562X', '99.99.99', 'not-an-email', '12', 'nope@', '12ab'];
    for (let i = 0; i < a.length; i++) {
      if (wrong[i]) {
        const bad = await h.say(u, wrong[i]!);
        assert.match(bad.text!, /⚠️|Ho trovato|Non ho trovato/, `question ${i + 1} accepted "${wrong[i]}"`);
      }
      r = await h.say(u, a[i]!);
    }
    assert.match(r.text!, /Controlla i dati/);
  });

  it('survives a restart in the middle of the flow (the session is in the database)', async () => {
    const { u, welcome, partnerId } = await userWithCoupons();
    let r = await startActivation(u, welcome);
    const a = answers(makePartitaIva());
    for (const answer of a.slice(0, 6)) r = await h.say(u, answer);
    assert.match(r.text!, /7\/16/);
    await h.restartBot();
    for (const answer of a.slice(6)) r = await h.say(u, answer);
    r = await h.tap(u, r, 'Conferma i dati');
    assert.match(r.text!, /Stiamo creando/);
    assert.equal(await h.app.db.models.Company.count({ where: { partnerId } }), 1);
  });

  it('a double tap on "Conferma i dati" activates once', async () => {
    const { u, welcome, partnerId } = await userWithCoupons('coupon-lite-5');
    let r = await startActivation(u, welcome);
    for (const answer of answers(makePartitaIva())) r = await h.say(u, answer);
    const data = (r.reply_markup as any).inline_keyboard.flat().find((b: any) => /Conferma/.test(b.text)).callback_data;
    const before = h.fake.callbackAnswers.length;
    h.fake.pressButton(u, { chat_id: r.chat_id, message_id: r.message_id! }, data);
    h.fake.pressButton(u, { chat_id: r.chat_id, message_id: r.message_id! }, data);
    await h.fake.waitFor((m) => m.chat_id === u.id && /Stiamo creando/.test(m.text ?? ''));
    while (h.fake.callbackAnswers.length < before + 2) await new Promise((res) => setTimeout(res, 10));
    assert.equal(await h.app.db.models.Company.count({ where: { partnerId } }), 1);
    assert.equal(await h.app.db.models.Coupon.count({ where: { partnerId, status: 'activated' } }), 1);
    assert.ok(h.fake.callbackAnswers.slice(before).some((c) => /già/.test(c.text ?? '')));
    assert.equal(h.fake.unansweredCallbacks().length, 0);
  });

  it('/annulla at every step leaves the flow and saves nothing', async () => {
    const { u, welcome, partnerId } = await userWithCoupons();
    const a = answers(makePartitaIva());
    for (let stop = 0; stop <= a.length; stop++) {
      let r = await startActivation(u, welcome);
      for (const answer of a.slice(0, stop)) r = await h.say(u, answer);
      r = await h.say(u, '/annulla');
      assert.match(r.text!, /Operazione annullata/);
      r = await h.say(u, 'Via Roma 1');
      assert.match(r.text!, /Non ho capito/);
    }
    assert.equal(await h.app.db.models.Company.count({ where: { partnerId } }), 0);
  });

  it('a ditta individuale typed without accents is asked for the owner’s personal tax code, with no «uguale»; SDI 0000000 is offered without a PEC', async () => {
    const { u, welcome } = await userWithCoupons();
    let r = await startActivation(u, welcome);
    r = await h.say(u, 'Bar Sport di Luca Neri');
    r = await h.say(u, 'societa a responsabilita limitata semplificata');
    assert.match(r.text!, /Partita IVA/, 'recognised without accents');
    await h.say(u, '/annulla');
    r = await startActivation(u, welcome);
    r = await h.say(u, 'Bar Sport di Luca Neri');
    r = await h.say(u, 'ditta individuale');
    r = await h.say(u, makePartitaIva());
    assert.match(r.text!, /codice fiscale del titolare \(16 caratteri\)/);
    assert.match(r.text!, /RSSMRA85T10A562S/);
    assert.doesNotMatch(r.text!, /uguale/i);
    const labels = ((r.reply_markup as any)?.inline_keyboard ?? []).flat().map((b: any) => b.text as string);
    assert.ok(!labels.some((l: string) => /Uguale/.test(l)), labels.join(' | '));
  });
});
