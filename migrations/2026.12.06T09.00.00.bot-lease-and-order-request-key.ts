/**
 * - `bot_leases`: the one bot process that drains the webhook inbox holds a lease here (renewed while
 *   it runs; another process takes over once it has expired).
 * - `orders.request_key`: the bot's "pay" tap carries its flow's id, so that a tap replayed after a
 *   crash (the order committed, the session not yet written) finds its order instead of placing another.
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { MigrationContext } from '../core/db/migrator.js';

export async function up({ context }: { context: MigrationContext }) {
  const qi: QueryInterface = context.queryInterface;
  await qi.createTable('bot_leases', {
    name: { type: DataTypes.STRING(40), allowNull: false, primaryKey: true },
    holder: { type: DataTypes.STRING(100), allowNull: false },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
  }, context.tableOptions);
  await qi.addColumn('orders', 'request_key', { type: DataTypes.STRING(80), allowNull: true });
  await qi.addIndex('orders', ['request_key'], { name: 'orders_request_key', unique: true });
}

export async function down({ context }: { context: MigrationContext }) {
  await context.queryInterface.removeIndex('orders', 'orders_request_key');
  await context.queryInterface.removeColumn('orders', 'request_key');
  await context.queryInterface.dropTable('bot_leases');
}
