/**
 * Webhook mode: the bot process drains the inbox that web processes fill (core/bot-state/update-inbox.ts).
 * Only the holder of the bot lease drains (core/bot-state/bot-lease.ts), so a chat's updates never run in
 * two processes; within this process the dispatcher runs each chat's updates in update_id order. A row
 * is removed once its update has been handled — its session already written by then — so a crash
 * leaves it for the next start, and a replay of it is recognised by the chat's session (middleware.ts).
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Update } from 'telegraf/types';
import type { App } from '../core/app.js';
import type { UpdateDispatcher } from './update-dispatcher.js';

export interface InboxConsumer {
  /** Look at the inbox now (a web process of this same process just stored an update). */
  nudge(): void;
  /** Stops fetching, waits for the updates in flight, and gives the lease up. */
  stop(): Promise<void>;
}

export interface InboxConsumerOptions {
  /** how often the inbox is looked at without a nudge (updates stored by other processes) */
  pollMs?: number;
  leaseMs?: number;
  /** at most this many updates handled at once (across chats) */
  maxInFlight?: number;
}

export function startInboxConsumer(app: App, dispatcher: UpdateDispatcher, opts: InboxConsumerOptions = {}): InboxConsumer {
  const { botInbox: inbox, botLease: lease } = app.useCases;
  const pollMs = opts.pollMs ?? 250;
  const leaseMs = opts.leaseMs ?? 30_000;
  const maxInFlight = opts.maxInFlight ?? 200;
  const holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const inFlight = new Set<number>();
  let running = true;
  let leaseUntil = 0;
  let toldWaiting = false;
  let wake: (() => void) | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      const t = setTimeout(() => ((wake = null), r()), ms);
      wake = () => (clearTimeout(t), (wake = null), r());
    });

  /** Renews the lease a third of the way through; false while another bot process holds it. */
  async function holdLease(): Promise<boolean> {
    if (Date.now() < leaseUntil - (leaseMs * 2) / 3) return true;
    const now = Date.now();
    if (!(await lease.acquire(holder, leaseMs))) {
      leaseUntil = 0;
      if (!toldWaiting) app.log.warn('Un altro processo del bot smaltisce già gli aggiornamenti: questo attende / another bot process drains the updates; waiting for its lease');
      toldWaiting = true;
      return false;
    }
    if (toldWaiting) app.log.info('bot: lease taken over, draining the inbox');
    toldWaiting = false;
    leaseUntil = now + leaseMs;
    return true;
  }

  function handle(row: { updateId: number; payload: string }) {
    inFlight.add(row.updateId);
    let update: Update;
    try {
      update = JSON.parse(row.payload) as Update;
    } catch {
      update = { update_id: row.updateId } as Update; // unreadable: nothing to handle, only to remove
    }
    void dispatcher
      .dispatch(update)
      .catch((err) => app.log.error({ err, updateId: row.updateId }, 'update failed'))
      // Handled, or failed and answered by the error boundary: never replayed in a loop.
      .then(() => inbox.remove(row.updateId))
      .catch((err) => app.log.warn({ err, updateId: row.updateId }, 'inbox row not removed; its replay will be recognised'))
      .finally(() => {
        const wasFull = inFlight.size >= maxInFlight;
        inFlight.delete(row.updateId);
        if (wasFull) wake?.();
      });
  }

  const loop = (async () => {
    while (running) {
      let fetched = 0;
      try {
        if (inFlight.size < maxInFlight && (await holdLease())) {
          const rows = await inbox.pending(inFlight.size + 100);
          for (const row of rows) {
            if (inFlight.has(row.updateId) || inFlight.size >= maxInFlight) continue;
            handle(row);
            fetched++;
          }
        }
      } catch (err) {
        app.log.warn({ err }, 'bot inbox: fetch failed; retrying');
      }
      if (!running) break;
      // More may be waiting behind a full batch; otherwise wait for a nudge, a finished update or the next poll.
      if (fetched < 100) await sleep(leaseUntil ? pollMs : Math.min(leaseMs / 3, 5_000));
    }
  })();

  return {
    nudge: () => wake?.(),
    async stop() {
      running = false;
      wake?.();
      await loop;
      await dispatcher.drained();
      if (leaseUntil) await lease.release(holder).catch(() => {});
    },
  };
}
