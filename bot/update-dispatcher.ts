/**
 * Per-chat serialisation of updates. telegraf runs a polling batch concurrently, so two taps of the
 * same chat would race; here each chat's updates run one at a time, in update_id order.
 *
 * - One process receives the updates — SQLite (single-process by design), or long polling (Telegram
 *   serves `getUpdates` to one poller only): an in-process queue per chat. Its `recover()` handles
 *   what a webhook process that died left in the inbox below (a deployment moved to polling).
 * - Webhooks on MySQL/MariaDB (several bot processes behind a load balancer may share it): each
 *   update is first stored in `bot_updates` (a redelivered update_id is recognised and dropped);
 *   then whoever holds the chat's lock — a MySQL `GET_LOCK` taken on a small pool of its own, so
 *   lock holders never starve the app's pool — handles the chat's stored updates in update_id order
 *   and deletes each once handled. A process that crashed leaves its rows behind; `recover()` (run
 *   at start) drains them.
 */
import { createPool, type Pool } from 'mysql2/promise';
import { DataTypes, type Model, type ModelStatic, type Sequelize } from 'sequelize';
import type { Update } from 'telegraf/types';
import { mysqlTarget, serverOptions } from '../core/db/mysql-target.js';
import { primeSession, takeSessionWrite, unprimeSession } from './session-store.js';

export type UpdateHandler = (update: Update) => Promise<void>;

export interface UpdateDispatcher {
  /**
   * Resolves when the update is safe: handled (SQLite) or durably queued (MySQL) — the moment a webhook
   * may answer 200. `handled` resolves once it has been handled (by this process or another).
   */
  receive(update: Update): Promise<{ handled: Promise<void> }>;
  /** Handles `update` and waits for it (polling and tests). */
  dispatch(update: Update): Promise<void>;
  /** Handles rows left by a crashed process (MySQL). */
  recover(): Promise<void>;
  /** Waits for work in flight, then releases the lock pool. */
  close(): Promise<void>;
}

/** The chat an update belongs to; updates without one (rare kinds) are handled at once. */
export function chatIdOf(u: Update): number | undefined {
  const any = u as any;
  return (
    any.message?.chat?.id ?? any.edited_message?.chat?.id ?? any.callback_query?.message?.chat?.id ?? any.callback_query?.from?.id ??
    any.my_chat_member?.chat?.id ?? any.channel_post?.chat?.id
  );
}

/** FIFO chain per key, in this process; entries are removed when their chain empties. */
export function keyedQueue() {
  const tails = new Map<string, Promise<void>>();
  let inflight = 0;
  let idle: (() => void) | null = null;
  return {
    run<T>(key: string, fn: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      inflight++;
      const result = previous.then(fn);
      const tail = result.then(() => undefined, () => undefined).finally(() => {
        if (tails.get(key) === tail) tails.delete(key);
        if (--inflight === 0) idle?.();
      });
      tails.set(key, tail);
      return result;
    },
    async drained() {
      if (inflight > 0) await new Promise<void>((r) => (idle = r));
    },
  };
}

/** `shared`: other processes may receive this bot's updates too (webhooks on MySQL); see above. */
export function createUpdateDispatcher(opts: { sequelize: Sequelize; databaseUrl: string; handle: UpdateHandler; shared: boolean; lockPoolSize?: number; lockTimeoutS?: number }): UpdateDispatcher {
  return opts.shared && opts.sequelize.getDialect() === 'mysql' ? mysqlDispatcher(opts) : inProcessDispatcher(opts.sequelize, opts.handle);
}

function inProcessDispatcher(sequelize: Sequelize, handle: UpdateHandler): UpdateDispatcher {
  const Inbox = inboxModel(sequelize);
  const queue = keyedQueue();
  const dispatch = (u: Update) => {
    const chat = chatIdOf(u);
    return chat === undefined ? handle(u) : queue.run(String(chat), () => handle(u));
  };
  return {
    dispatch,
    async receive(u) {
      await dispatch(u);
      return { handled: Promise.resolve() };
    },
    /**
     * Updates stored by an earlier webhook process on MySQL that died before handling them (the inbox
     * is only written by webhooks): Telegram was already answered for them, so they are handled here,
     * oldest first, each row deleted once handled (the session's recent update_ids skip a replay).
     */
    async recover() {
      for (;;) {
        const rows = await Inbox.findAll({ order: [['updateId', 'ASC']], limit: 100 });
        if (!rows.length) return;
        for (const row of rows) {
          const { updateId, payload } = row.get();
          try {
            await dispatch(JSON.parse(payload) as Update);
          } finally {
            await Inbox.destroy({ where: { updateId } }); // handled, or failed and answered: never replayed in a loop
          }
        }
      }
    },
    close: () => queue.drained(),
  };
}

interface InboxRow {
  updateId: number;
  chatId: string;
  payload: string;
  receivedAt: Date;
}

function inboxModel(sequelize: Sequelize): ModelStatic<Model<InboxRow>> {
  if (sequelize.isDefined('BotUpdate')) return sequelize.model('BotUpdate') as ModelStatic<Model<InboxRow>>;
  return sequelize.define<Model<InboxRow>>('BotUpdate', {
    updateId: { type: DataTypes.BIGINT, primaryKey: true, field: 'update_id' },
    chatId: { type: DataTypes.STRING(24), allowNull: false, field: 'chat_id' },
    payload: { type: DataTypes.TEXT, allowNull: false },
    receivedAt: { type: DataTypes.DATE(3), allowNull: false, field: 'received_at' },
  }, { tableName: 'bot_updates', timestamps: false });
}

function mysqlDispatcher(opts: { sequelize: Sequelize; databaseUrl: string; handle: UpdateHandler; lockPoolSize?: number; lockTimeoutS?: number }): UpdateDispatcher {
  const Inbox = inboxModel(opts.sequelize);
  const target = mysqlTarget(opts.databaseUrl);
  const database = target.database;
  const pool: Pool = createPool({
    ...serverOptions(target),
    database, connectionLimit: opts.lockPoolSize ?? 16, waitForConnections: true,
    multipleStatements: true, // only our own statements, values as `?`: see drain()
  });
  // As on the app's pool (database.ts): backslashes always escape in string literals, as mysql2's
  // escaping of those values assumes. Queued ahead of anything else the connection is asked.
  pool.pool.on('connection', (conn) => conn.query("SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES', '')", () => {}));
  const queue = keyedQueue();
  const handledWaiters = new Map<number, () => void>();
  // Lock names are server-wide: include the database so two Sportellos on one server don't contend. ≤ 64 chars.
  const lockName = (chat: string) => `sp:${database.slice(-40)}:c${chat}`.slice(0, 64);

  const BATCH = 20;
  const SELECT_BATCH =
    'SELECT u.update_id, u.payload, s.data AS session FROM bot_updates u LEFT JOIN bot_sessions s ON s.chat_id = u.chat_id WHERE u.chat_id = ? ORDER BY u.update_id LIMIT ?';
  const UPSERT_SESSION =
    'INSERT INTO bot_sessions (chat_id, data, updated_at) VALUES (?, ?, UTC_TIMESTAMP(3)) ON DUPLICATE KEY UPDATE data = VALUES(data), updated_at = VALUES(updated_at)';
  type InboxBatchRow = { update_id: number | string; payload: string; session: string | null };

  /**
   * Handles every stored update of the chat, oldest first, holding the chat's lock (`GET_LOCK`, on a
   * connection of this small pool, so lock holders never starve the app's pool). This runs for every
   * update, so it is written in round trips — raw statements, several to a trip:
   *
   * 1. take the lock and read the chat's pending updates with its session row;
   * 2. per update, after handling it: write the session (the store hands it over instead of writing
   *    it itself, see `primeSession`), delete the inbox row, and — after the last — release the lock.
   *
   * The session is written before the inbox row goes, in that order: a crash in between replays the
   * update against a session that already names it (`recentUpdates`), which skips it.
   *
   * A batch shorter than BATCH ends the drain without asking again: an update stored meanwhile is
   * followed by its receiver's own drain (this process's is queued behind this one; another process's
   * waits for the lock), and one left by a crash is picked up by `recover()`.
   */
  async function drain(chat: string) {
    const name = lockName(chat);
    const conn = await pool.getConnection();
    let locked = false;
    let broken = false;
    try {
      let rows: InboxBatchRow[];
      for (;;) {
        const [results] = await conn.query(`SELECT GET_LOCK(?, ?) AS got; ${SELECT_BATCH}`, [name, opts.lockTimeoutS ?? 30, chat, BATCH]);
        const [lock, batch] = results as unknown as [{ got: number | null }[], InboxBatchRow[]];
        if (lock[0]?.got === 1) {
          locked = true;
          rows = batch;
          break;
        } // 0 = timed out (another process is slow): the rows were read without the lock; wait again
      }
      while (rows.length) {
        primeSession(opts.sequelize, chat, rows[0]!.session);
        try {
          for (let i = 0; i < rows.length; i++) {
            const updateId = Number(rows[i]!.update_id);
            const last = i === rows.length - 1 && rows.length < BATCH;
            try {
              await opts.handle(JSON.parse(rows[i]!.payload) as Update);
            } finally {
              // Handled (or failed and answered by the error boundary): never replay it in a loop.
              const session = takeSessionWrite(opts.sequelize, chat);
              const sql = [...(session !== undefined ? [UPSERT_SESSION] : []), 'DELETE FROM bot_updates WHERE update_id = ?', ...(last ? ['SELECT RELEASE_LOCK(?)'] : [])];
              const params = [...(session !== undefined ? [chat, session] : []), updateId, ...(last ? [name] : [])];
              try {
                await conn.query(sql.join('; '), params);
              } catch (e) {
                broken = true;
                throw e;
              }
              if (last) locked = false;
              handledWaiters.get(updateId)?.();
            }
          }
        } finally {
          unprimeSession(opts.sequelize, chat);
        }
        if (!locked) break;
        [rows] = (await conn.query(SELECT_BATCH, [chat, BATCH])) as unknown as [InboxBatchRow[]];
      }
      if (locked) {
        await conn.query('SELECT RELEASE_LOCK(?)', [name]);
        locked = false;
      }
    } catch (e) {
      if (locked) broken = true;
      throw e;
    } finally {
      // A connection in an unknown state may still hold the lock: closing it releases it (server side).
      if (broken) conn.destroy();
      else conn.release();
    }
  }

  async function receive(update: Update) {
    const chatNum = chatIdOf(update);
    if (chatNum === undefined) {
      await opts.handle(update);
      return { handled: Promise.resolve() };
    }
    const chat = String(chatNum);
    try {
      await pool.query('INSERT INTO bot_updates (update_id, chat_id, payload, received_at) VALUES (?, ?, ?, UTC_TIMESTAMP(3))', [update.update_id, chat, JSON.stringify(update)]);
    } catch (e: any) {
      if (e?.code === 'ER_DUP_ENTRY') return { handled: Promise.resolve() }; // redelivered: already ours
      throw e;
    }
    const mine = new Promise<void>((r) => handledWaiters.set(update.update_id, r));
    // Another process may handle it (it holds the lock): our drain then finds nothing and returns.
    const drained = queue.run(chat, () => drain(chat));
    const handled = Promise.race([mine, drained]).finally(() => handledWaiters.delete(update.update_id));
    drained.catch(() => {}); // surfaced through `handled`
    return { handled };
  }

  return {
    receive,
    async dispatch(update) {
      await (await receive(update)).handled;
    },
    async recover() {
      const chats = ((await Inbox.findAll({ attributes: ['chatId'], group: ['chatId'], raw: true })) as unknown as InboxRow[]).map((r) => r.chatId);
      await Promise.all(chats.map((c) => queue.run(c, () => drain(c))));
    },
    async close() {
      await queue.drained();
      await pool.end();
    },
  };
}
