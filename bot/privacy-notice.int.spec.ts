/** The privacy notices of the bot (GDPR art. 13), seen through the fake Bot API as a partner sees them. */
import { strict as assert } from 'node:assert';
import { startHarness, type Harness } from './testing.js';
import { buyCoupons } from '../test/fixtures.js';
import type { SentMessage } from '../fakes/telegram-bot-api.js';

const linkOf = (m: SentMessage) => m.entities?.find((e) => e.type === 'text_link') as { url?: string } | undefined;

describe('bot: privacy notices where personal data are collected', function () {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.stop());

  it('the invitation flow says what happens to the client’s name and email, and links the policy', async () => {
    const { u, welcome } = await h.linkedUser();
    let r = await h.tap(u, welcome, 'Invita un cliente');
    r = await h.tap(u, r, 'Nuovo invito');
    assert.match(r.text!, /Come si chiama il cliente/);
    assert.match(r.text!, /Privacy: nome ed email del cliente servono solo a mandargli l’invito per conto tuo/);
    assert.match(r.text!, new RegExp(`cancelliamo ${h.app.config.RETENTION_INVITATION_DAYS} giorni dopo la scadenza`));
    assert.match(r.text!, new RegExp(`Titolare: ${h.app.config.VENDOR_NAME}`));
    assert.equal(linkOf(r)?.url, h.app.config.privacyPolicyUrl);
  });

  it('the activation flow names the controller and the purpose before the first question, with the policy link', async () => {
    const { u, partnerId } = await h.linkedUser();
    const pu = await h.app.db.models.PartnerUser.findOne({ where: { telegramUserId: String(u.id) } });
    await buyCoupons(h.app, partnerId, { type: 'partner_user', id: pu!.id, partnerId, label: pu!.displayName }, 'coupon-lite-1');
    let r = await h.say(u, '/menu');
    r = await h.tap(u, r, 'Attiva coupon acquistati');
    r = await h.tap(u, r, '🎟');
    assert.match(r.text!, /Privacy: i dati che inserisci \(anche del legale rappresentante\) li tratta/);
    assert.match(r.text!, /1\/16 Qual è la ragione sociale/);
    assert.equal(linkOf(r)?.url, h.app.config.privacyPolicyUrl);
  });
});
