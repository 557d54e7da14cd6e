/** A double tap that would show the same message again makes no edit call (Telegram would answer "message is not modified"). */
import { strict as assert } from 'node:assert';
import { startHarness, type Harness } from './testing.js';

describe('bot: identical edits are skipped', function () {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.stop());

  it('“❓ Aiuto” tapped twice: one edit, the second tap only answered', async () => {
    const { u, welcome } = await h.linkedUser();
    const help = await h.tap(u, welcome, '❓ Aiuto');
    const edits = () => h.fake.calls.filter((c) => c.method === 'editMessageText').length;
    const e0 = edits();
    // the second tap of the same button, from the message that already shows the help
    const update = h.fake.pressButton(u, { chat_id: help.chat_id, message_id: help.message_id! }, 'm:help', { force: true });
    await h.fake.callbackAnswered(update.callback_query!.id);
    assert.equal(edits(), e0, 'no edit for the same content');
    assert.ok(!h.fake.calls.some((c) => /not modified/.test(c.description ?? '')), 'Telegram never answers “message is not modified”');
    // a different screen is still edited
    await h.tap(u, help, 'Indietro').catch(async () => h.tap(u, help, '‹ Indietro'));
    assert.equal(edits(), e0 + 1);
  });
});
