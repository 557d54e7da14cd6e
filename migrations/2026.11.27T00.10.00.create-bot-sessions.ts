/**
 * The Telegram bot's state: one session row per chat (so a restart in the middle of a flow resumes it),
 * and an inbox of received updates (so several bot processes sharing MySQL handle one chat's updates
 * one at a time, in Telegram's order, and a redelivered update is recognised).
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { MigrationContext } from '../core/db/migrator.js';

export async function up({ context }: { context: MigrationContext }) {
  const qi: QueryInterface = context.queryInterface;
  await qi.createTable('bot_sessions', {
    chat_id: { type: DataTypes.STRING(24), allowNull: false, primaryKey: true },
    data: { type: DataTypes.TEXT, allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  }, context.tableOptions);
  await qi.createTable('bot_updates', {
    update_id: { type: DataTypes.BIGINT, allowNull: false, primaryKey: true },
    chat_id: { type: DataTypes.STRING(24), allowNull: false },
    payload: { type: DataTypes.TEXT, allowNull: false },
    received_at: { type: DataTypes.DATE(3), allowNull: false },
  }, context.tableOptions);
  await qi.addIndex('bot_updates', ['chat_id', 'update_id'], { name: 'bot_updates_chat' });
}

export async function down({ context }: { context: MigrationContext }) {
  await context.queryInterface.dropTable('bot_updates');
  await context.queryInterface.dropTable('bot_sessions');
}
