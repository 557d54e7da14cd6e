/**
 * Renewals (issue 16):
 * - `companies.subscription_state` (active → grace → suspended) and `suspended_at`, with one index on
 *   (state, expiry): the daily scan reads a few days' range of expiries, never the whole table.
 * - `renewal_links`: a client-paid company's renewal link, stored as a hash of its token.
 * - `renewal_scans`: the Rome days already scanned, so a scan after a stop catches up on the days it missed.
 * - `renewal_reminders`: one row per reminder sent (its key: company or partner, threshold, expiry day),
 *   written in the transaction that queues the messages, so a job run twice sends once.
 * - `company_accounts.suspended_at`: the built-in stand-in of the platform records a suspension there.
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { MigrationContext } from '../core/db/migrator.js';

export async function up({ context }: { context: MigrationContext }) {
  const qi: QueryInterface = context.queryInterface;
  await qi.addColumn('companies', 'subscription_state', { type: DataTypes.STRING(12), allowNull: false, defaultValue: 'active' });
  await qi.addColumn('companies', 'suspended_at', { type: DataTypes.DATE(3), allowNull: true });
  await qi.addIndex('companies', ['subscription_state', 'subscription_expires_at'], { name: 'companies_subscription' });
  await qi.createTable('renewal_links', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    company_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'companies', key: 'id' } },
    token_hash: { type: DataTypes.STRING(64), allowNull: false },
    expires_on: { type: DataTypes.STRING(10), allowNull: false },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    used_at: { type: DataTypes.DATE(3), allowNull: true },
    order_id: { type: DataTypes.INTEGER, allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  }, context.tableOptions);
  await qi.addIndex('renewal_links', ['token_hash'], { name: 'renewal_links_token', unique: true });
  await qi.addIndex('renewal_links', ['company_id'], { name: 'renewal_links_company' });
  await qi.createTable('renewal_reminders', {
    key: { type: DataTypes.STRING(80), allowNull: false, primaryKey: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  }, context.tableOptions);
  await qi.addColumn('company_accounts', 'suspended_at', { type: DataTypes.DATE(3), allowNull: true });
  await qi.createTable('renewal_scans', {
    day: { type: DataTypes.STRING(10), allowNull: false, primaryKey: true },
    reminders: { type: DataTypes.INTEGER, allowNull: false },
    suspensions: { type: DataTypes.INTEGER, allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  }, context.tableOptions);
}

export async function down({ context }: { context: MigrationContext }) {
  const qi = context.queryInterface;
  await qi.dropTable('renewal_scans');
  await qi.dropTable('renewal_reminders');
  await qi.dropTable('renewal_links');
  await qi.removeColumn('company_accounts', 'suspended_at');
  await qi.removeIndex('companies', 'companies_subscription');
  await qi.removeColumn('companies', 'suspended_at');
  await qi.removeColumn('companies', 'subscription_state');
}
