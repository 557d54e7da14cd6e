/**
 * The webhook endpoint (`POST /webhooks/telegram`, mounted on web/'s express server by whichever
 * process serves the web role). Telegram signs each request with the secret token given to setWebhook;
 * anything else is refused before it is read. An accepted update is stored in the inbox and Telegram
 * answered at once: the bot process drains the inbox (inbox-consumer.ts), so the update survives a
 * crash of either process, and a redelivery of an update still waiting is recognised by its id.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Update } from 'telegraf/types';
import type { App } from '../core/app.js';
import { chatIdOf } from './update-dispatcher.js';

export const WEBHOOK_PATH = '/webhooks/telegram';
const MAX_BODY = 1 << 20;

/** The secret to give setWebhook: configured, or derived from the app secret (stable across restarts and processes). */
export function webhookSecret(config: { TELEGRAM_WEBHOOK_SECRET?: string; appSecret: string }): string {
  return config.TELEGRAM_WEBHOOK_SECRET ?? createHmac('sha256', config.appSecret).update('telegram-webhook').digest('base64url');
}

function sameSecret(given: unknown, expected: string) {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readJson(req: IncomingMessage & { body?: unknown }): Promise<unknown> {
  if (req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) return req.body; // express.json() ran already
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/**
 * A plain node handler (also usable as express middleware). `onStored`: the bot consumer of this same
 * process, told at once instead of at its next look at the inbox.
 */
export function webhookHandler(app: App, secret: string, onStored?: () => void) {
  const inbox = app.useCases.botInbox;
  return async (req: IncomingMessage & { body?: unknown }, res: ServerResponse) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    if (!sameSecret(req.headers['x-telegram-bot-api-secret-token'], secret)) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('wrong secret token');
      return;
    }
    let update: Update;
    try {
      update = (await readJson(req)) as Update;
      if (!update || typeof update !== 'object' || !Number.isSafeInteger((update as any).update_id)) throw new Error('not an update');
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad update');
      return;
    }
    try {
      await inbox.store(update.update_id, String(chatIdOf(update) ?? 0), JSON.stringify(update));
      onStored?.();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    } catch (err) {
      // Not stored: Telegram delivers it again later.
      app.log.error({ err, updateId: update.update_id }, 'webhook update not stored');
      res.writeHead(500).end();
    }
  };
}
