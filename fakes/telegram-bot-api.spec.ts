import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Markup, Telegraf, TelegramError } from 'telegraf';
import {
  buttonByIndex, buttonByLabel, renderForTerminal, startFakeTelegram, type FakeTelegram, type FakeUser,
} from './telegram-bot-api.js';

const mario: FakeUser = { id: 4242, first_name: 'Mario', language_code: 'it' };

/** A telegraf bot wired to the fake the way our bot is (webhookReply off). */
function makeBot(fake: FakeTelegram): Telegraf {
  const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.url, webhookReply: false } });
  bot.start((ctx) =>
    ctx.reply(`Ciao ${ctx.from.first_name}! payload=${ctx.payload || '-'}`, Markup.inlineKeyboard([
      [Markup.button.callback('Acquista', 'buy'), Markup.button.callback('I miei coupon', 'coupons')],
      [Markup.button.url('Sito', 'https://example.com')],
    ])),
  );
  bot.action('buy', async (ctx) => {
    await ctx.editMessageText('Scegli il pacchetto', Markup.inlineKeyboard([[Markup.button.callback('Base', 'pkg:base')]]));
    await ctx.answerCbQuery('Ok');
  });
  return bot;
}

async function api(fake: FakeTelegram, method: string, init?: RequestInit, token = fake.token): Promise<{ status: number; body: any }> {
  const res = await fetch(`${fake.url}/bot${token}/${method}`, init);
  return { status: res.status, body: await res.json() };
}

const json = (payload: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(payload),
});

async function rejection(p: Promise<unknown>): Promise<TelegramError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof TelegramError, `expected a TelegramError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

describe('fake Telegram Bot API', () => {
  let fake: FakeTelegram;
  beforeEach(async () => {
    fake = await startFakeTelegram();
  });
  afterEach(async () => {
    await fake.stop();
  });

  describe('with a telegraf bot polling', () => {
    let bot: Telegraf;
    let launched: Promise<void>;
    beforeEach(() => {
      bot = makeBot(fake);
      launched = bot.launch();
    });
    afterEach(async () => {
      bot.stop('test over');
      await launched;
    });

    it('plays /start → inline keyboard → button press → edit + callback answer', async () => {
      const feed: string[] = [];
      const unsubscribe = fake.onSent((r) => feed.push(r.method));
      fake.sendText(mario, '/start ref_42');
      const hello = await fake.nextReply(mario.id);
      assert.equal(hello.method, 'sendMessage');
      assert.equal(hello.text, 'Ciao Mario! payload=ref_42');
      assert.equal(hello.message?.from?.id, fake.bot.id);
      assert.equal(hello.message?.chat.type, 'private');
      assert.deepEqual(buttonByLabel(hello, 'Acquista'), { data: 'buy' });

      const press = fake.pressButton(mario, hello, 'buy');
      const edited = await fake.nextReply(mario.id);
      assert.equal(edited.method, 'editMessageText');
      assert.equal(edited.message_id, hello.message_id);
      assert.equal(edited.text, 'Scegli il pacchetto');
      const answer = await fake.callbackAnswered(press.callback_query!.id);
      assert.equal(answer.text, 'Ok');
      assert.deepEqual(fake.unansweredCallbacks(), []);
      assert.equal(fake.message(mario.id, hello.message_id!)?.text, 'Scegli il pacchetto');
      unsubscribe();
      assert.deepEqual(feed, ['sendMessage', 'editMessageText']);
    });

    it('refuses to press a button the message no longer shows', async () => {
      fake.sendText(mario, '/start');
      const hello = await fake.nextReply(mario.id);
      fake.pressButton(mario, hello, 'buy');
      await fake.nextReply(mario.id);
      assert.throws(() => fake.pressButton(mario, hello, 'coupons'), /no button with callback_data "coupons"/);
    });

    it('numbers messages per chat across both sides of the conversation', async () => {
      fake.sendText(mario, '/start');
      const first = await fake.nextReply(mario.id);
      fake.sendText(mario, '/start');
      const second = await fake.nextReply(mario.id);
      assert.deepEqual([first.message_id, second.message_id], [2, 4]);
    });
  });

  it('surfaces an injected 429 as TelegramError with retry_after', async () => {
    const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.url, webhookReply: false } });
    fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    const err = await rejection(bot.telegram.sendMessage(mario.id, 'ciao'));
    assert.equal(err.code, 429);
    assert.equal(err.parameters?.retry_after, 1);
    await bot.telegram.sendMessage(mario.id, 'ciao'); // only the next call failed
    assert.equal(fake.sent(mario.id).length, 1);
  });

  it('answers 403 for a chat that blocked the bot, until the user writes again', async () => {
    const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.url, webhookReply: false } });
    fake.blockChat(mario.id);
    const err = await rejection(bot.telegram.sendMessage(mario.id, 'promo'));
    assert.equal(err.code, 403);
    assert.equal(err.description, 'Forbidden: bot was blocked by the user');
    fake.sendText(mario, '/start');
    await bot.telegram.sendMessage(mario.id, 'bentornato');
  });

  it('enforces text and callback_data limits like the real API', async () => {
    const tg = new Telegraf(fake.token, { telegram: { apiRoot: fake.url, webhookReply: false } }).telegram;
    assert.equal((await rejection(tg.sendMessage(mario.id, 'x'.repeat(4097)))).description, 'Bad Request: message is too long');
    await tg.sendMessage(mario.id, 'x'.repeat(4096));
    assert.equal((await rejection(tg.sendMessage(mario.id, '  '))).description, 'Bad Request: message text is empty');
    const keyboard = (data: string) => Markup.inlineKeyboard([[Markup.button.callback('b', data)]]);
    const err = await rejection(tg.sendMessage(mario.id, 'hi', keyboard('é'.repeat(32) + 'x')));
    assert.equal(err.code, 400);
    assert.equal(err.description, 'Bad Request: BUTTON_DATA_INVALID');
    await tg.sendMessage(mario.id, 'hi', keyboard('é'.repeat(32))); // 64 bytes is fine
    const bad = await rejection(tg.sendMessage(mario.id, 'hi', Markup.inlineKeyboard([[Markup.button.url('Paga', 'javascript:alert(1)')]])));
    assert.match(bad.description, /inline keyboard button URL .* is invalid/);
  });

  it('parses HTML and MarkdownV2 into entities and refuses malformed markup', async () => {
    const tg = new Telegraf(fake.token, { telegram: { apiRoot: fake.url, webhookReply: false } }).telegram;
    const msg = await tg.sendMessage(mario.id, '<b>Totale</b>: 12,00 &euro; &lt;IVA&gt; <a href="https://x.test">link</a>', { parse_mode: 'HTML' });
    assert.equal(msg.text, 'Totale: 12,00 &euro; <IVA> link');
    assert.deepEqual(msg.entities, [
      { type: 'bold', offset: 0, length: 6 },
      { type: 'text_link', offset: 27, length: 4, url: 'https://x.test' },
    ]);
    assert.equal(fake.sent(mario.id)[0]?.raw_text?.startsWith('<b>'), true);
    const unbalanced = await rejection(tg.sendMessage(mario.id, '<b>Totale', { parse_mode: 'HTML' }));
    assert.match(unbalanced.description, /^Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"/);
    const unescaped = await rejection(tg.sendMessage(mario.id, 'Ditta <Rossi & C>', { parse_mode: 'HTML' }));
    assert.match(unescaped.description, /Unsupported start tag "rossi" at byte offset 6/);

    const md = await tg.sendMessage(mario.id, '*Totale*: 12\\.00 €', { parse_mode: 'MarkdownV2' });
    assert.equal(md.text, 'Totale: 12.00 €');
    const dot = await rejection(tg.sendMessage(mario.id, '*Totale*: 12.00 €', { parse_mode: 'MarkdownV2' }));
    assert.equal(dot.description, "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'");
  });

  it('edits: "message is not modified" when nothing changes; no text = keyboard removed', async () => {
    const tg = new Telegraf(fake.token, { telegram: { apiRoot: fake.url, webhookReply: false } }).telegram;
    const kb = Markup.inlineKeyboard([[Markup.button.callback('A', 'a')]]);
    const msg = await tg.sendMessage(mario.id, 'uno', kb);
    const same = await rejection(tg.editMessageText(mario.id, msg.message_id, undefined, 'uno', kb));
    assert.match(same.description, /^Bad Request: message is not modified: specified new message content and reply markup are exactly the same/);
    await tg.editMessageText(mario.id, msg.message_id, undefined, 'uno'); // same text, keyboard dropped: a change
    assert.equal(fake.message(mario.id, msg.message_id)?.reply_markup, undefined);
    await tg.editMessageReplyMarkup(mario.id, msg.message_id, undefined, kb.reply_markup);
    await tg.deleteMessage(mario.id, msg.message_id);
    const gone = await rejection(tg.editMessageText(mario.id, msg.message_id, undefined, 'due'));
    assert.equal(gone.description, 'Bad Request: message to edit not found');
    assert.deepEqual(fake.sent(mario.id).map((r) => r.method), ['sendMessage', 'editMessageText', 'editMessageReplyMarkup', 'deleteMessage']);
  });

  it('pushes updates to a webhook with the secret header, retrying a failed delivery', async () => {
    const bot = makeBot(fake);
    const seen: (string | undefined)[] = [];
    let failFirst = true;
    const callback = bot.webhookCallback('/tg', { secretToken: 'sekret_123' });
    const server: Server = createServer((req: IncomingMessage, res) => {
      if (failFirst) {
        failFirst = false;
        res.writeHead(500).end();
        return;
      }
      seen.push(req.headers['x-telegram-bot-api-secret-token'] as string | undefined);
      void callback(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await bot.telegram.setWebhook(`http://127.0.0.1:${port}/tg`, { secret_token: 'sekret_123' });
      const polled = await api(fake, 'getUpdates');
      assert.equal(polled.status, 409);

      fake.sendText(mario, '/start');
      const hello = await fake.nextReply(mario.id);
      assert.match(hello.text ?? '', /^Ciao Mario/);
      await fake.webhookIdle();
      assert.deepEqual(seen, ['sekret_123']);
      assert.deepEqual(fake.webhookDeliveries.map((d) => [d.attempt, d.status]), [[1, 500], [2, 200]]);
      const info = await bot.telegram.getWebhookInfo();
      assert.equal(info.url, `http://127.0.0.1:${port}/tg`);
      assert.match(info.last_error_message ?? '', /Wrong response from the webhook: 500/);
      await bot.telegram.deleteWebhook();
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('executes a method call returned in the webhook response body (telegraf webhookReply)', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: 'sendMessage', chat_id: mario.id, text: 'via webhook reply' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await api(fake, 'setWebhook', json({ url: `http://127.0.0.1:${port}/` }));
      fake.sendText(mario, 'ciao');
      assert.equal((await fake.nextReply(mario.id)).text, 'via webhook reply');
      await fake.webhookIdle();
      assert.equal(fake.updatesPending(), 0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  describe('raw protocol', () => {
    it('401 for a wrong token, 404 for an unknown method or path', async () => {
      assert.deepEqual(await api(fake, 'getMe', undefined, '1:wrong'), {
        status: 401,
        body: { ok: false, error_code: 401, description: 'Unauthorized' },
      });
      assert.deepEqual(await api(fake, 'sendTelepathy'), {
        status: 404,
        body: { ok: false, error_code: 404, description: 'Not Found' },
      });
      assert.equal((await fetch(`${fake.url}/nope`)).status, 404);
    });

    it('accepts urlencoded and query-string parameters, and is case-insensitive on method names', async () => {
      const form = new URLSearchParams({
        chat_id: String(mario.id),
        text: 'ciao',
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] }),
      });
      const res = await api(fake, 'SENDMESSAGE', { method: 'POST', body: form });
      assert.equal(res.status, 200);
      assert.equal(res.body.result.text, 'ciao');
      assert.deepEqual(res.body.result.reply_markup, { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] });
      const me = await api(fake, `getMe?x=1`);
      assert.equal(me.body.result.username, 'sportello_test_bot');
    });

    it('accepts multipart uploads (sendDocument from a Buffer)', async () => {
      const tg = new Telegraf(fake.token, { telegram: { apiRoot: fake.url, webhookReply: false } }).telegram;
      const msg = await tg.sendDocument(mario.id, { source: Buffer.from('%PDF-1.4 fattura'), filename: 'fattura.pdf' }, { caption: 'La tua fattura' });
      assert.equal(msg.document.file_name, 'fattura.pdf');
      const rec = fake.sent(mario.id)[0];
      assert.equal(rec?.method, 'sendDocument');
      assert.equal(rec?.caption, 'La tua fattura');
      assert.equal(rec?.message?.document?.file_size, 16);
    });

    it('long-polls: getUpdates resolves as soon as an update arrives; offset confirms', async () => {
      const polling = api(fake, 'getUpdates', json({ timeout: 30 }));
      // Wait (without a clock) until the long poll is parked in the fake, so the push has to wake it.
      while (!fake.calls.some((c) => c.method === 'getUpdates')) await new Promise((r) => setImmediate(r));
      const pushed = fake.sendText(mario, 'ciao');
      const res = await polling;
      assert.deepEqual(res.body.result.map((u: { update_id: number }) => u.update_id), [pushed.update_id]);
      assert.equal(fake.updatesPending(), 1);
      await api(fake, 'getUpdates', json({ offset: pushed.update_id + 1 }));
      assert.equal(fake.updatesPending(), 0);
    });

    it('restarted numbering: later updates are numbered from the new value and survive the old offset', async () => {
      const first = fake.sendText(mario, 'prima');
      const got = await api(fake, 'getUpdates', json({ timeout: 0 }));
      assert.deepEqual(got.body.result.map((u: { update_id: number }) => u.update_id), [first.update_id]);
      fake.sendText(mario, 'seconda');
      await api(fake, 'getUpdates', json({ offset: first.update_id + 1, timeout: 0 }));
      fake.restartUpdateNumbering(1);
      const a = fake.sendText(mario, 'dopo una settimana');
      assert.equal(a.update_id, 1);
      // The poller still confirms the old numbering: the new update is not confirmed unseen.
      const next = await api(fake, 'getUpdates', json({ offset: first.update_id + 2, timeout: 0 }));
      assert.deepEqual(next.body.result.map((u: { update_id: number; message: { text: string } }) => [u.update_id, u.message.text]), [[1, 'dopo una settimana']]);
      // Once handed out, its own offset confirms it.
      await api(fake, 'getUpdates', json({ offset: 2, timeout: 0 }));
      assert.equal(fake.updatesPending(), 0);
    });

    it('redelivers an update with the same update_id, even past the offset that confirmed it', async () => {
      const pushed = fake.sendText(mario, 'ciao');
      await api(fake, 'getUpdates', json({ timeout: 0 }));
      await api(fake, 'getUpdates', json({ offset: pushed.update_id + 1, timeout: 0 }));
      assert.equal(fake.updatesPending(), 0);
      fake.redeliver(pushed);
      const again = await api(fake, 'getUpdates', json({ offset: pushed.update_id + 1, timeout: 0 }));
      assert.deepEqual(again.body.result, [pushed]);
      await api(fake, 'getUpdates', json({ offset: pushed.update_id + 1, timeout: 0 }));
      assert.equal(fake.updatesPending(), 0);
    });

    it('stores commands per scope and language', async () => {
      const tg = new Telegraf(fake.token, { telegram: { apiRoot: fake.url, webhookReply: false } }).telegram;
      await tg.setMyCommands([{ command: 'start', description: 'Inizia' }], { language_code: 'it' });
      assert.deepEqual(await tg.getMyCommands({ language_code: 'it' }), [{ command: 'start', description: 'Inizia' }]);
      assert.deepEqual(await tg.getMyCommands(), []);
      const bad = await rejection(tg.setMyCommands([{ command: 'Start!', description: 'x' }]));
      assert.equal(bad.description, 'Bad Request: BOT_COMMAND_INVALID');
    });

    it('rate limiting, when on, answers 429 to a burst in one chat', async () => {
      fake.rateLimit(true, { perChatBurst: 2, perChatPerSecond: 1 });
      const tg = new Telegraf(fake.token, { telegram: { apiRoot: fake.url, webhookReply: false } }).telegram;
      await tg.sendMessage(mario.id, '1');
      await tg.sendMessage(mario.id, '2');
      const err = await rejection(tg.sendMessage(mario.id, '3'));
      assert.equal(err.code, 429);
      assert.ok((err.parameters?.retry_after ?? 0) >= 1);
      await tg.sendMessage(mario.id + 1, 'another chat is fine');
      fake.rateLimit(false);
      await tg.sendMessage(mario.id, '3');
    });
  });

  describe('terminal rendering', () => {
    const msg = {
      text: 'Cosa vuoi fare?',
      reply_markup: {
        inline_keyboard: [
          [{ text: 'Acquista', callback_data: 'buy' }, { text: 'I miei coupon', callback_data: 'coupons' }],
          [{ text: 'Paga', url: 'https://pay.test/cs_1' }],
        ],
      },
    };

    it('numbers buttons row by row', () => {
      assert.equal(renderForTerminal(msg), 'Cosa vuoi fare?\n[1] Acquista  [2] I miei coupon\n[3] Paga ↗ https://pay.test/cs_1');
    });

    it('finds buttons by index or label', () => {
      assert.deepEqual(buttonByIndex(msg, 2), { data: 'coupons' });
      assert.deepEqual(buttonByIndex(msg, 3), { url: 'https://pay.test/cs_1' });
      assert.equal(buttonByIndex(msg, 4), undefined);
      assert.deepEqual(buttonByLabel(msg, 'coupon'), { data: 'coupons' });
      assert.deepEqual(buttonByLabel({ text: 'x', reply_markup: { keyboard: [['Sì', 'No']] } }, 'No'), { text: 'No' });
    });
  });
});
