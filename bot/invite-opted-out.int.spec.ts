/** A partner inviting an address that opted out is told why, in the chat, and nothing is sent. */
import { strict as assert } from 'node:assert';
import { startHarness, type Harness } from './testing.js';

describe('bot: an invitation to an address that opted out', function () {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.stop());

  it('refuses at “Spedisci invito” with the reason; no invitation, no email', async () => {
    await h.app.db.models.EmailOptOut.create({ email: 'no.inviti@example.it', source: 'link' });
    const { u, partnerId, welcome } = await h.linkedUser();
    let r = await h.tap(u, welcome, 'Invita un cliente');
    r = await h.tap(u, r, 'Nuovo invito');
    r = await h.say(u, 'Bar Centrale');
    r = await h.say(u, 'No.Inviti@example.it');
    r = await h.tap(u, (await h.fake.sent(u.id).filter((m) => /Quale tipologia/.test(m.text ?? '')).pop())!, 'LITE');
    r = await h.tap(u, r, 'Spedisci invito');
    const told = h.fake.sent(u.id).map((m) => m.text ?? '').join('\n');
    assert.match(told, /ha chiesto di non ricevere più inviti/);
    assert.equal(await h.app.db.models.Invitation.count({ where: { partnerId } }), 0);
    assert.equal(await h.app.db.models.Email.count({ where: { template: 'invitation' } }), 0);
  });
});
