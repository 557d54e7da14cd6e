/**
 * `npm run bot:console`: chat with the real bot from a terminal, as the demo partner, without a
 * Telegram account. It runs the app on the configured database (the embedded SQLite by default,
 * migrated and seeded like `npm start`), a local stand-in of the Bot API, the bot polling it and a
 * worker sending notifications through it. Type text, or a button's number to tap it.
 *
 * In the demo the console IS the bot: its worker runs every job kind (emails included, wired by
 * createApp) plus `notify`, so it works beside `npm start` on the same database — `npm start`'s
 * worker, which has no bot, leaves the notifications to this one.
 */
import { createInterface } from 'node:readline/promises';
import { startFakeTelegram, listButtons, renderForTerminal, type SentMessage } from '../fakes/telegram-bot-api.js';
import { createApp } from '../core/app.js';
import { loadConfigFromEnvironment } from '../core/env.js';
import { createLogger } from '../core/logger.js';
import { seedDemoData } from '../core/seed-demo-data.js';
import { systemActor } from '../core/shared/actor.js';
import { createTelegramNotifier } from './notifier.js';
import { startBot } from './start-bot.js';

const CONSOLE_USER = { id: 4_242_424_242, first_name: 'Demo', last_name: 'Console', language_code: 'it' };

async function main() {
  const config = loadConfigFromEnvironment();
  const app = await createApp(config, { log: createLogger(process.env.LOG_LEVEL ?? 'warn') });
  await app.migrate();
  // The demo partner is this console's user; production data is never seeded (the console is a demo tool).
  if (!config.isProduction) await seedDemoData(app);
  const fake = await startFakeTelegram({ botUsername: config.TELEGRAM_BOT_USERNAME });
  const botCfg = { token: fake.token, apiRoot: fake.url };
  const running = await startBot(app, { bot: botCfg, mode: 'polling', pollTimeoutS: 5 });
  await app.emails.ready(); // a broken template stops here, not at the first email
  const worker = app.createWorker({ notifier: createTelegramNotifier(botCfg) });
  worker.start();

  // The demo partner (the first one seeded); a fresh one-time code links the console user through the core.
  const partner = await app.useCases.firstPartner();
  if (!partner) throw new Error('no partner in the database');
  const { code } = await app.useCases.issueLinkCode({ partnerId: partner.id, role: 'owner' }, systemActor('bot-console'));

  console.log(`\nSportello bot console — partner "${partner.legalName}" (database ${config.databaseUrl.replace(/\/\/[^@]*@/, '//…@')})`);
  console.log('Type a message, or the number of a button to tap it. /menu, /annulla, /lingua work as in Telegram. Ctrl+D to quit.\n');

  let last: SentMessage | undefined; // the latest message with buttons: numbers refer to it
  let seen = fake.cursor();
  let stopped = false;
  const printer = (async () => {
    while (!stopped) {
      const rec = await fake.waitFor((r) => r.chat_id === CONSOLE_USER.id && r.seq > seen && (r.method === 'sendMessage' || r.method === 'editMessageText'), { since: seen, timeoutMs: 2 ** 30 }).catch(() => null);
      if (!rec) break;
      seen = rec.seq;
      if (listButtons(rec).length) last = rec;
      const tag = rec.method === 'editMessageText' ? '🤖 (aggiornato)' : '🤖';
      process.stdout.write(`\n${tag} ${renderForTerminal(rec).replace(/\n/g, '\n   ')}\n\n> `);
    }
  })();

  fake.sendText(CONSOLE_USER, `/start ${code}`);
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
  rl.prompt();
  for await (const line of rl) {
    const input = line.trim();
    if (!input) {
      rl.prompt();
      continue;
    }
    const n = /^\d{1,2}$/.test(input) ? Number(input) : NaN;
    const button = last && Number.isInteger(n) ? listButtons(last).find((b) => b.index === n) : undefined;
    if (button && 'data' in button.action) {
      fake.pressButton(CONSOLE_USER, { chat_id: last!.chat_id, message_id: last!.message_id! }, button.action.data, { force: true });
    } else if (button && 'url' in button.action) {
      console.log(`   ↗ open in a browser: ${button.action.url}`);
      rl.prompt();
    } else {
      fake.sendText(CONSOLE_USER, input);
    }
  }
  stopped = true;
  await running.stop();
  await worker.stop();
  await fake.stop();
  await printer;
  await app.close();
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
