/**
 * Conversation state per chat, in the database: a restart (or another bot process) picks up a flow
 * where it was. Models are defined on the given Sequelize instance (not as shared classes), so two
 * apps in one process — the multi-process test — each keep their own connection pool.
 */
import { DataTypes, QueryTypes, type ModelStatic, type Model, type Sequelize } from 'sequelize';

/** The timestamp text Sequelize itself stores (so the model reads it back the same on both databases). */
const sqlNow = (sequelize: Sequelize) => {
  const text = new Date().toISOString().replace('T', ' ').replace('Z', '');
  return sequelize.getDialect() === 'sqlite' ? `${text} +00:00` : text;
};

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

export interface SessionStore<S> {
  load(chatId: string): Promise<S | undefined>;
  save(chatId: string, session: S): Promise<void>;
}

/**
 * `write` is the app's `db.write`: on SQLite it queues writes of this process behind one lock, where a
 * bare upsert would meet the other writers as SQLITE_BUSY and sleep in the busy handler.
 */
export function createSessionStore<S>(sequelize: Sequelize, write: (sql: string, replacements: Record<string, unknown>) => Promise<void>): SessionStore<S> {
  botSessionModel(sequelize);
  // Raw statements: this runs twice per update, and a model's hydration would cost more than the query.
  const upsert =
    sequelize.getDialect() === 'mysql'
      ? 'INSERT INTO bot_sessions (chat_id, data, updated_at) VALUES (:chatId, :data, :now) ON DUPLICATE KEY UPDATE data = VALUES(data), updated_at = VALUES(updated_at)'
      : 'INSERT INTO bot_sessions (chat_id, data, updated_at) VALUES (:chatId, :data, :now) ON CONFLICT (chat_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at';
  // Skips the write when nothing changed: most taps on lists don't touch the session.
  const lastSaved = new Map<string, string>();
  return {
    async load(chatId) {
      const [row] = await sequelize.query<{ data: string }>('SELECT data FROM bot_sessions WHERE chat_id = :chatId', { replacements: { chatId }, type: QueryTypes.SELECT });
      if (!row) {
        lastSaved.delete(chatId);
        return undefined;
      }
      lastSaved.set(chatId, row.data);
      try {
        return JSON.parse(row.data) as S;
      } catch {
        return undefined; // a corrupt row must not lock the user out: start afresh
      }
    },
    async save(chatId, session) {
      const data = JSON.stringify(session);
      if (lastSaved.get(chatId) === data) return;
      await write(upsert, { chatId, data, now: sqlNow(sequelize) });
      lastSaved.set(chatId, data);
      if (lastSaved.size > 10_000) lastSaved.clear(); // a cache, not a registry
    },
  };
}
