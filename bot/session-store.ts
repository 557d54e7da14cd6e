/**
 * Conversation state per chat, in the database: a restart (or another bot process) picks up a flow
 * where it was. Models are defined on the given Sequelize instance (not as shared classes), so two
 * apps in one process — the multi-process test — each keep their own connection pool.
 */
import { DataTypes, QueryTypes, type ModelStatic, type Model, type Sequelize } from 'sequelize';
import { sqlDate } from '../core/db/sql-date.js';


export interface StoredSession {
  chatId: string;
  data: string;
  updatedAt: Date;
}

export function botSessionModel(sequelize: Sequelize): ModelStatic<Model<StoredSession>> {
  if (sequelize.isDefined('BotSession')) return sequelize.model('BotSession') as ModelStatic<Model<StoredSession>>;
  return sequelize.define<Model<StoredSession>>('BotSession', {
    chatId: { type: DataTypes.STRING(24), primaryKey: true, field: 'chat_id' },
    data: { type: DataTypes.TEXT, allowNull: false },
    updatedAt: { type: DataTypes.DATE(3), allowNull: false, field: 'updated_at' },
  }, { tableName: 'bot_sessions', timestamps: false });
}

/** Session rows read by the MySQL dispatcher with the chat's inbox, while it holds the chat's lock. */
interface Held {
  /** the row as read (`null`: none), then as saved by the store */
  data: string | null;
  /** saved by the store and not written yet: the dispatcher writes it with the inbox row's deletion */
  unwritten?: string;
}
const heldRows = new WeakMap<Sequelize, Map<string, Held>>();
function held(sequelize: Sequelize) {
  let map = heldRows.get(sequelize);
  if (!map) heldRows.set(sequelize, (map = new Map()));
  return map;
}

/**
 * The dispatcher (MySQL) read the chat's session row (`null`: none) in the same query as its pending
 * updates, holding the chat's lock: nobody else can read or write it until `unprimeSession`. Meanwhile
 * loads answer from memory, and a save is handed to the dispatcher (`takeSessionWrite`), which writes
 * it in the same round trip as the handled update's inbox row — before releasing the lock.
 */
export function primeSession(sequelize: Sequelize, chatId: string, data: string | null) {
  held(sequelize).set(chatId, { data });
}

/** The session saved since the last call, to be written now by the caller (undefined: unchanged). */
export function takeSessionWrite(sequelize: Sequelize, chatId: string): string | undefined {
  const h = held(sequelize).get(chatId);
  const data = h?.unwritten;
  if (h) delete h.unwritten;
  return data;
}

export function unprimeSession(sequelize: Sequelize, chatId: string) {
  held(sequelize).delete(chatId);
}

export interface SessionStore<S> {
  load(chatId: string): Promise<S | undefined>;
  save(chatId: string, session: S): Promise<void>;
  /** Resolves once every saved session is in the database (a sole store writes behind; see below). */
  flush(): Promise<void>;
}

const BATCH_ROWS = 200;
/** How long a sole store gathers saves before writing them (see `save`). */
const WRITE_BEHIND_MS = 100;

/**
 * `write` runs one statement (values as `?`) outside any transaction: the upsert is atomic on its own.
 *
 * `sole` (the default on SQLite; on MySQL when the bot polls): this process is the only one handling
 * the bot's updates — SQLite is single-process by design (its per-chat ordering is an in-process
 * queue, see update-dispatcher.ts), and Telegram hands `getUpdates` to one poller only (a second gets
 * 409 Conflict). This store is then the only writer of the table, so what it saved last *is* the
 * chat's session and loads answer from memory. Saves are written behind: the update is done when its
 * session is in memory, and the rows reach the database every WRITE_BEHIND_MS in one statement (one
 * row per chat at most, the latest). Otherwise every update waited for a write — on SQLite behind the
 * order transactions of other chats (a measured 28 ms median at 20 busy chats). `flush()` (run by
 * `stop()`) writes what is left; a crash can lose the last tenth of a second of session changes, as
 * it can lose the updates in flight (start-bot.ts): the partner taps again. The orders and the rest
 * are in the database through their use cases' own transactions.
 *
 * Shared (MySQL with webhooks: several bot processes behind a load balancer): while the dispatcher
 * holds the chat's lock it reads and writes the row for this store (`primeSession`); otherwise every
 * load reads the row and every save writes it. Either way a save is in the database before the update
 * counts as handled and before the chat's lock is released, so the next holder of the lock — in any
 * process — reads it.
 */
export function createSessionStore<S>(
  sequelize: Sequelize,
  write: (sql: string, params: (string | number)[]) => Promise<void>,
  opts: { sole?: boolean; onWriteError?: (err: unknown) => void } = {},
): SessionStore<S> {
  botSessionModel(sequelize);
  const sqlite = sequelize.getDialect() === 'sqlite';
  const sole = sqlite || opts.sole === true;
  // Raw statements: this runs for every update, and a model's query building and hydration cost more than the query.
  const upsert = (rows: number) => {
    const values = Array.from({ length: rows }, () => '(?, ?, ?)').join(', ');
    return sqlite
      ? `INSERT INTO bot_sessions (chat_id, data, updated_at) VALUES ${values} ON CONFLICT (chat_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`
      : `INSERT INTO bot_sessions (chat_id, data, updated_at) VALUES ${values} ON DUPLICATE KEY UPDATE data = VALUES(data), updated_at = VALUES(updated_at)`;
  };
  const writeRows = (rows: [string, string][]) => {
    const now = sqlDate(sqlite ? 'sqlite' : 'mysql', new Date());
    return write(upsert(rows.length), rows.flatMap(([chatId, data]) => [chatId, data, now]));
  };

  // What the database holds for each chat, as far as this process knows (on SQLite: the session itself).
  const lastSaved = new Map<string, string>();
  const heldByChat = held(sequelize);
  const parse = (chatId: string, data: string | null | undefined): S | undefined => {
    if (data === null || data === undefined) {
      lastSaved.delete(chatId);
      return undefined;
    }
    try {
      const session = JSON.parse(data) as S;
      lastSaved.set(chatId, data);
      return session;
    } catch {
      lastSaved.delete(chatId);
      return undefined; // a corrupt row must not lock the user out: start afresh (the next save replaces it)
    }
  };

  // Write-behind (sole): the latest unwritten session of each chat, and the loop writing them.
  const unwritten = new Map<string, string>();
  let writing: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const writeBehind = () => {
    writing ??= (async () => {
      while (unwritten.size) {
        const rows = [...unwritten].slice(0, BATCH_ROWS);
        for (const [chatId] of rows) unwritten.delete(chatId);
        try {
          await writeRows(rows);
        } catch (err) {
          // Keep them for the next save or flush (unless a newer version is waiting already).
          for (const [chatId, data] of rows) if (!unwritten.has(chatId)) unwritten.set(chatId, data);
          opts.onWriteError?.(err);
          return;
        }
      }
    })().finally(() => (writing = null));
    return writing;
  };

  return {
    async load(chatId) {
      const h = heldByChat.get(chatId);
      if (h) return parse(chatId, h.data);
      const known = sole ? lastSaved.get(chatId) : undefined;
      if (known !== undefined) return JSON.parse(known) as S;
      const [row] = await sequelize.query<{ data: string }>('SELECT data FROM bot_sessions WHERE chat_id = :chatId', { replacements: { chatId }, type: QueryTypes.SELECT });
      return parse(chatId, row?.data);
    },
    async save(chatId, session) {
      const data = JSON.stringify(session);
      if (lastSaved.get(chatId) === data) return; // unchanged: most taps on lists don't touch the session
      if (lastSaved.size > 10_000) {
        // A cache, not a registry — but an unwritten session (sole) is the only copy: keep those.
        lastSaved.clear();
        for (const [k, v] of unwritten) lastSaved.set(k, v);
      }
      const h = heldByChat.get(chatId);
      if (h) {
        Object.assign(h, { data, unwritten: data }); // written by the dispatcher before it lets the chat go
        lastSaved.set(chatId, data);
        return;
      }
      if (sole) {
        lastSaved.set(chatId, data);
        unwritten.set(chatId, data);
        // Gathered for a moment: a conversation's taps (one every second or so by hand, hundreds a
        // second in the bench) become one row per chat per round instead of a statement per tap.
        timer ??= setTimeout(() => {
          timer = null;
          void writeBehind();
        }, WRITE_BEHIND_MS);
        return;
      }
      await writeRows([[chatId, data]]);
      lastSaved.set(chatId, data);
    },
    async flush() {
      if (timer) clearTimeout(timer);
      timer = null;
      while (writing) await writing;
      if (unwritten.size) {
        await writeBehind();
        if (unwritten.size) throw new Error(`bot sessions: ${unwritten.size} could not be written`);
      }
    },
  };
}
