/**
 * Models of the Telegram bot's state (migrations 2026.11.27T00.10.00 and 2026.12.06T09.00.00): one
 * session row per chat, the inbox of updates received by webhook, and the lease that lets exactly one
 * bot process drain that inbox.
 */
import { DataTypes, Model, type Sequelize, type InferAttributes, type InferCreationAttributes } from 'sequelize';
import { timestamp } from './columns.js';
import { perInstance } from './per-instance.js';

export class BotSession extends Model<InferAttributes<BotSession>, InferCreationAttributes<BotSession>> {
  declare chatId: string;
  /** the session as JSON (parsed by core/bot-state/bot-sessions.ts, which forgives a corrupt row) */
  declare data: string;
  declare updatedAt: Date;
}

export class BotUpdate extends Model<InferAttributes<BotUpdate>, InferCreationAttributes<BotUpdate>> {
  declare updateId: number;
  declare chatId: string;
  declare payload: string;
  declare receivedAt: Date;
}

export class BotLease extends Model<InferAttributes<BotLease>, InferCreationAttributes<BotLease>> {
  declare name: string;
  declare holder: string;
  declare expiresAt: Date;
}

export function initBotModels(sequelize: Sequelize) {
  const Session = perInstance(BotSession);
  const Update = perInstance(BotUpdate);
  const Lease = perInstance(BotLease);
  Session.init({
    chatId: { type: DataTypes.STRING(24), primaryKey: true, field: 'chat_id' },
    data: { type: DataTypes.TEXT, allowNull: false },
    updatedAt: { type: timestamp(), allowNull: false, field: 'updated_at' },
  }, { sequelize, tableName: 'bot_sessions', timestamps: false });
  Update.init({
    updateId: { type: DataTypes.BIGINT, primaryKey: true, field: 'update_id' },
    chatId: { type: DataTypes.STRING(24), allowNull: false, field: 'chat_id' },
    payload: { type: DataTypes.TEXT, allowNull: false },
    receivedAt: { type: timestamp(), allowNull: false, field: 'received_at' },
  }, { sequelize, tableName: 'bot_updates', timestamps: false });
  Lease.init({
    name: { type: DataTypes.STRING(40), primaryKey: true },
    holder: { type: DataTypes.STRING(100), allowNull: false },
    expiresAt: { type: timestamp(), allowNull: false, field: 'expires_at' },
  }, { sequelize, tableName: 'bot_leases', timestamps: false });
  return { BotSession: Session, BotUpdate: Update, BotLease: Lease };
}
