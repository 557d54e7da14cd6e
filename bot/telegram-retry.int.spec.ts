import { strict as assert } from 'node:assert';
import type { ApiCall, FakeUser } from '../fakes/telegram-bot-api.js';
import { messages } from './i18n.js';
import { TelegramCallFailed } from './telegram-client.js';
import { startHarness, type Harness } from './testing.js';

const tooMany = { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } };
const generic = messages.it.genericError;

describe('bot: Telegram calls survive Telegram', function () {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.stop());

  const callsTo = (chatId: number, since = 0): ApiCall[] => h.fake.calls.slice(since).filter((c) => Number(c.params.chat_id) === chatId);
  const textsTo = (chatId: number, sinceSeq: number) => h.fake.sent(chatId).filter((m) => m.seq > sinceSeq).map((m) => m.text ?? '');

  /**
   * The chat's updates run one at a time in order: once the answer to a later message is there,
   * everything the bot did for the earlier ones is in the fake's history.
   */
  async function barrier(u: FakeUser) {
    const help = await h.say(u, '/aiuto');
    assert.match(help.text!, /Con questo bot puoi/);
    return help;
  }

  it('two 429s on sendMessage: the partner gets the menu once, and no apology', async () => {
    const { u } = await h.linkedUser();
    const since = h.fake.cursor();
    const callsBefore = h.fake.calls.length;
    h.fake.failNext('sendMessage', tooMany, 2);
    const menu = await h.say(u, '/menu');
    assert.match(menu.text!, /Cosa vuoi fare\?/);
    await barrier(u);
    const texts = textsTo(u.id, since);
    assert.equal(texts.filter((t) => /^Cosa vuoi fare\?/.test(t)).length, 1, JSON.stringify(texts));
    assert.ok(!texts.some((t) => t.includes(generic)), 'no "qualcosa è andato storto"');
    const sends = callsTo(u.id, callsBefore).filter((c) => c.method === 'sendMessage');
    assert.deepEqual(sends.slice(0, 3).map((c) => c.error_code ?? 200), [429, 429, 200]);
  });

  it('a 429 on answerCallbackQuery: the tap is answered', async () => {
    const { u, welcome } = await h.linkedUser();
    h.fake.failNext('answerCallbackQuery', tooMany);
    const data = (welcome.reply_markup as any).inline_keyboard.flat().find((b: any) => /Aiuto/.test(b.text)).callback_data;
    const tap = h.fake.pressButton(u, { chat_id: u.id, message_id: welcome.message_id! }, data);
    const id = tap.callback_query!.id;
    await h.fake.callbackAnswered(id);
    assert.ok(h.fake.calls.some((c) => c.method === 'answerCallbackQuery' && c.params.callback_query_id === id && c.error_code === 429));
    assert.ok(!h.fake.unansweredCallbacks().includes(id));
    const shown = await h.fake.nextReply(u.id);
    assert.doesNotMatch(shown.text!, new RegExp(generic.slice(0, 20)));
  });

  it('two 5xx then success: delivered once', async () => {
    const { u } = await h.linkedUser();
    const since = h.fake.cursor();
    const callsBefore = h.fake.calls.length;
    h.fake.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' }, 2);
    const menu = await h.say(u, '/menu');
    assert.match(menu.text!, /Cosa vuoi fare\?/);
    await barrier(u);
    const texts = textsTo(u.id, since);
    assert.equal(texts.filter((t) => /^Cosa vuoi fare\?/.test(t)).length, 1, JSON.stringify(texts));
    assert.ok(!texts.some((t) => t.includes(generic)));
    assert.deepEqual(callsTo(u.id, callsBefore).filter((c) => c.method === 'sendMessage').slice(0, 3).map((c) => c.error_code ?? 200), [502, 502, 200]);
  });

  it('Telegram refusing beyond the retries: one failure, no apology sent', async () => {
    const { u } = await h.linkedUser();
    const since = h.fake.cursor();
    const callsBefore = h.fake.calls.length;
    h.fake.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error' }, 3);
    h.fake.sendText(u, '/menu');
    await barrier(u);
    // three tries of the menu, then nothing more for that update: the next reply is the barrier's help
    const sends = callsTo(u.id, callsBefore).filter((c) => c.method === 'sendMessage');
    assert.deepEqual(sends.map((c) => c.error_code ?? 200), [500, 500, 500, 200]);
    assert.ok(!textsTo(u.id, since).some((t) => t.includes(generic)));
  });

  it('403 blocked: the partner user is marked, nothing more is sent to the chat until they write again', async () => {
    const { u } = await h.linkedUser();
    const callsBefore = h.fake.calls.length;
    h.fake.sendText(u, '/menu');
    h.fake.blockChat(u.id); // the user blocks the bot right after writing
    const pu = () => h.app.db.models.PartnerUser.findOne({ where: { telegramUserId: String(u.id) } });
    for (let i = 0; i < 500 && !(await pu())!.blockedAt; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok((await pu())!.blockedAt, 'marked blocked');
    const refused = callsTo(u.id, callsBefore);
    assert.deepEqual(refused.map((c) => [c.method, c.error_code]), [['sendMessage', 403]], 'one refused send, no retry');
    // Another send to the chat (a notification, a late reply) stops before Telegram.
    const callsNow = h.fake.calls.length;
    await assert.rejects(h.running.bot.telegram.sendMessage(u.id, 'promo'), (e: unknown) => e instanceof TelegramCallFailed && e.reason === 'blocked');
    assert.equal(h.fake.calls.length, callsNow, 'not asked of Telegram');
    // The user unblocks and writes: answered, and notifications resume.
    await barrier(u);
    assert.deepEqual(callsTo(u.id, callsBefore).filter((c) => c.error_code === 403).length, 1, 'the apology was not tried');
    assert.equal((await pu())!.blockedAt, null);
  });

  it('an update numbered below an earlier one (numbering restarted after a pause) is answered', async () => {
    h.fake.restartUpdateNumbering(1_000_000);
    const { u } = await h.linkedUser();
    const before = h.fake.sendText(u, '/menu');
    await h.fake.nextReply(u.id);
    h.fake.restartUpdateNumbering(500_000); // Telegram's new numbering starts at a random value
    const after = h.fake.sendText(u, '/menu');
    assert.ok(after.update_id < before.update_id);
    const menu = await h.fake.nextReply(u.id);
    assert.match(menu.text!, /Cosa vuoi fare\?/);
  });

  it('the same update delivered twice is handled once', async () => {
    const { u } = await h.linkedUser();
    const since = h.fake.cursor();
    const upd = h.fake.sendText(u, '/menu');
    await h.fake.nextReply(u.id);
    h.fake.redeliver(upd);
    await barrier(u);
    const menus = textsTo(u.id, since).filter((t) => /^Cosa vuoi fare\?/.test(t));
    assert.equal(menus.length, 1, 'one menu for one /menu');
  });
});
