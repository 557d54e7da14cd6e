/**
 * A crash at any step never lets one tap place two orders: the chat's session is written when an
 * update ends, so a crash after the order was committed and before that write leaves the flow at
 * its summary — the tap handled again (redelivered, or tapped again by the partner) finds the order
 * the flow placed (its request key) instead of placing another. And an update handled whose inbox
 * row was left behind is recognised and not handled twice.
 */
import { strict as assert } from 'node:assert';
import { buttonByLabel, type SentMessage } from '../fakes/telegram-bot-api.js';
import { startHarness, type Harness } from './testing.js';

describe('bot: crash safety', function () {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.stop());

  async function toSummary() {
    const { u, partnerId } = await h.linkedUser();
    let r = await h.say(u, '/menu');
    for (const label of ['Acquista coupon', 'LITE', '5 coupon LITE', '2']) r = await h.tap(u, r, label);
    assert.ok(buttonByLabel(r, 'Bonifico'), r.text);
    await h.running.dispatcher.drained(); // the summary's session is written
    return { u, partnerId, summary: r };
  }

  it('the session not written after the order (a crash): the same "pay" tap again shows that order, places none', async () => {
    const { u, partnerId, summary } = await toSummary();
    const sessions = h.app.useCases.botSessions;
    const set = sessions.set;
    let failed = 0;
    // The crash: the order transaction committed, then the process died before writing the session.
    sessions.set = async (...args) => {
      if (failed++ === 0) throw new Error('simulated crash before the session write');
      return set.apply(sessions, args);
    };
    try {
      const pay = buttonByLabel(summary, 'Bonifico')!;
      const tap = () => h.fake.pressButton(u, { chat_id: summary.chat_id, message_id: summary.message_id! }, (pay as { data: string }).data);
      let since = h.fake.cursor();
      const tapped = tap();
      const first = await h.fake.waitFor((m) => m.chat_id === u.id && /registrato/.test(m.text ?? ''), { since });
      await h.running.dispatcher.drained();
      assert.equal(failed, 1, 'the session write failed once');
      assert.equal(await h.app.db.models.Order.count({ where: { partnerId } }), 1);
      // The flow is still at its summary (nothing recorded it moved on) when the tap is handled again
      // — redelivered by Telegram, or left in the inbox (its update_id is not in the unwritten session either).
      const callsBefore = h.fake.calls.length;
      h.fake.pushUpdate({ callback_query: tapped.callback_query });
      // Its answer: the same message as the first time (Telegram refuses an identical edit, which is not an error for the partner).
      let again: { params: Record<string, unknown> } | undefined;
      for (let i = 0; i < 250 && !again; i++) {
        await new Promise((r) => setTimeout(r, 20));
        again = h.fake.calls.slice(callsBefore).find((c) => c.method === 'editMessageText' || c.method === 'sendMessage');
      }
      await h.running.dispatcher.drained();
      assert.equal(await h.app.db.models.Order.count({ where: { partnerId } }), 1, 'still one order');
      const number = (await h.app.db.models.Order.findOne({ where: { partnerId } }))!.number!;
      assert.ok(first.text!.includes(number), first.text);
      assert.ok(String(again?.params.text).includes(number), 'the tap handled again shows the same order');
    } finally {
      sessions.set = set;
    }
  });

  it('an update already handled, left in the inbox by a crash before its row was removed, is not handled again', async () => {
    const { u } = await h.linkedUser();
    const update = h.fake.sendText(u, '/menu');
    const menu: SentMessage = await h.fake.nextReply(u.id);
    assert.match(menu.text!, /Menu|Cosa vuoi fare/i);
    await h.running.dispatcher.drained();
    const repliesBefore = h.fake.sent(u.id).length;
    await h.app.useCases.botInbox.store(update.update_id, String(u.id), JSON.stringify(update));
    await h.restartBot(); // handles what the inbox holds first
    assert.equal(await h.app.db.models.BotUpdate.count(), 0, 'the row is gone');
    assert.equal(h.fake.sent(u.id).length, repliesBefore, 'no second answer');
  });
});
