/**
 * Conversation state per chat, in the database: a restart (or another bot process) picks up a flow
 * where it was. Models are defined on the given Sequelize instance (not as shared classes), so two
 * apps in one process — the multi-process test — each keep their own connection pool.
 */
import { DataTypes, type ModelStatic, type Model, type Sequelize, type Transaction } from 'sequelize';

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
 * `tx` is the app's `db.tx`: on SQLite it queues writes of this process behind one lock, where a
 * bare upsert would meet the other writers as SQLITE_BUSY and sleep in the busy handler.
 */
export function createSessionStore<S>(sequelize: Sequelize, tx: <T>(fn: (t: Transaction) => Promise<T>) => Promise<T>): SessionStore<S> {
  const M = botSessionModel(sequelize);
  // Skips the write when nothing changed: most taps on lists don't touch the session.
  const lastSaved = new Map<string, string>();
  return {
    async load(chatId) {
      const row = (await M.findByPk(chatId, { raw: true })) as unknown as StoredSession | null;
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
      await tx((t) => M.upsert({ chatId, data, updatedAt: new Date() }, { transaction: t }));
      lastSaved.set(chatId, data);
      if (lastSaved.size > 10_000) lastSaved.clear(); // a cache, not a registry
    },
  };
}
