/**
 * `npm start`: migrate, seed an empty database with demo data (never in production), then run the roles — the HTTP server
 * (web pages, webhooks, back-office), the Telegram bot and the outbox worker. `--role web|bot|worker`
 * runs one of them, so they can scale out separately on a shared MySQL.
 */
import type { Server } from 'node:http';
import { loadConfigFromEnvironment } from './core/env.js';
import { ConfigError } from './core/config.js';
import { createApp } from './core/app.js';
import { seedDemoData } from './core/seed-demo-data.js';
import { createWebApp, type Mount } from './web/create-web-app.js';
import { installSafetyNet } from './web/process-safety-net.js';
import { mountPayments } from './web/payments/mount-payments.js';
import { mountCheckout } from './web/checkout/mount-checkout.js';
import { mountRenewal } from './web/renewal/mount-renewal.js';
import { mountPrivacyPage } from './web/privacy/privacy-page.js';
import { mountAdmin } from './admin/mount-admin.js';
import { mountInvoices } from './web/invoices/mount-invoices.js';
import { startBot, chooseMode, createTelegramNotifier, webhookHandler, webhookSecret, WEBHOOK_PATH, type RunningBot } from './bot/index.js';

type Role = 'web' | 'bot' | 'worker';
const ALL: Role[] = ['web', 'bot', 'worker'];

function parseRoles(argv: string[]): Role[] {
  const i = argv.indexOf('--role');
  const value = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--role='))?.split('=')[1];
  if (!value || value === 'all') return ALL;
  const roles = value.split(',') as Role[];
  for (const r of roles) if (!ALL.includes(r)) throw new Error(`unknown role "${r}" (use web, bot, worker or all)`);
  return roles;
}

async function main() {
  let config;
  try {
    config = loadConfigFromEnvironment();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  const roles = parseRoles(process.argv.slice(2));
  // The worker sends Telegram notifications even when this process does not run the bot role. Without
  // a bot it does not take them: they wait in the outbox for a worker that has one.
  const app = await createApp(config, { notifier: config.botEnabled ? createTelegramNotifier(config) : undefined });
  const log = app.log;
  let ready = false;
  // Once serving, an error thrown outside any request's chain is logged and survived (web/process-safety-net.ts).
  let serving = false;
  installSafetyNet(log, { isServing: () => serving });
  await app.migrate();
  if (config.isProduction) {
    // Production never seeds: the first admin comes from `cli staff:create`, the catalogue from an import.
    await warnIfEmpty(app);
  } else {
    const seeded = await seedDemoData(app);
    printSeed(seeded, config.PUBLIC_BASE_URL);
  }

  const stoppers: (() => Promise<void>)[] = [];
  // Templates compile here, so a broken one stops the start instead of a customer's email. The
  // mailer closes in app.close(), after the worker has stopped.
  await app.emails.ready();

  let bot: RunningBot | undefined;
  if (roles.includes('bot') && config.botEnabled) {
    bot = await startBot(app);
    stoppers.push(() => bot!.stop());
    log.info('Telegram bot started');
  }

  let server: Server | undefined;
  if (roles.includes('web')) {
    // Payments first: /webhooks/stripe must see the raw body before any other parser.
    const mounts: Mount[] = [mountPayments, mountInvoices, mountCheckout, mountRenewal, mountPrivacyPage, mountAdmin];
    // Telegram's webhook is received by every web process: the update is stored in the inbox, which the
    // one bot process drains (told at once when it runs here, else at its next look).
    if (config.botEnabled && chooseMode(config) === 'webhook') {
      const handle = webhookHandler(app, webhookSecret(config), bot?.nudge);
      mounts.push((s) => {
        s.post(WEBHOOK_PATH, (req, res) => void handle(req, res));
      });
    }
    const web = await createWebApp(app, { isReady: () => ready, mounts });
    server = await new Promise<Server>((resolve) => {
      const s = web.listen(config.PORT, () => resolve(s));
    });
    stoppers.push(() => new Promise((r) => server!.close(() => r())));
    log.info({ port: config.PORT, url: config.PUBLIC_BASE_URL }, 'HTTP server listening');
  }
  if (roles.includes('bot') && !config.botEnabled) {
    log.info('Telegram bot is off: set TELEGRAM_BOT_TOKEN to turn it on (or try `npm run bot:console`)');
  }
  if (roles.includes('worker')) {
    // Two lanes: invoices are built and sent apart from notices and emails (core/app.ts createWorkerLanes).
    const [worker, invoiceWorker] = app.createWorkerLanes();
    for (const w of [worker!, invoiceWorker!]) {
      w.start();
      stoppers.push(() => w.stop());
      log.info({ workerId: w.workerId, kinds: w.kinds }, 'worker started');
    }
    if (!worker.kinds.includes('notify')) {
      log.info('Bot spento: le notifiche Telegram restano in coda (job "notify" in attesa) finché non gira un worker con il bot (TELEGRAM_BOT_TOKEN o `npm run bot:console`) / bot off: Telegram notifications wait in the outbox');
    }
  }
  ready = true;
  serving = true;

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    ready = false;
    for (const stop of stoppers.reverse()) await stop().catch(() => {});
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

/** A fresh production database: say what the operator still has to do (never create anything). */
async function warnIfEmpty(app: Awaited<ReturnType<typeof createApp>>) {
  const m = app.db.models;
  if ((await m.StaffUser.count()) === 0) {
    app.log.warn('Nessun utente del back-office: crea il primo con `npm run cli -- staff:create --email … --role admin` / no staff user yet');
  }
  if ((await m.Product.count({ where: { active: true } })) === 0) {
    app.log.warn('Catalogo vuoto: importa il listino con `npm run cli -- catalogue:import listino.csv` / empty catalogue');
  }
}

/** Development only: the demo login and link code, shown once on the console (it is the demo). */
function printSeed(seeded: Awaited<ReturnType<typeof seedDemoData>>, baseUrl: string) {
  if (!seeded.staff && !seeded.partner) return;
  const lines = ['', '  Sportello: first start, demo data created (shown only this once)'];
  if (seeded.staff) lines.push(`  Back-office  ${baseUrl}/admin   login ${seeded.staff.email} / ${seeded.staff.password}`);
  if (seeded.partner) lines.push(`  Demo partner "${seeded.partner.name}": link code ${seeded.partner.linkCode}  (${seeded.partner.deepLink})`);
  lines.push('');
  console.log(lines.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
