/**
 * Addresses that asked for no more invitations (List-Unsubscribe, the link in the email, or staff):
 * one row per address, whichever partner invited it.
 */
import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../core/db/migrator.js';

export async function up({ context }: { context: MigrationContext }) {
  const qi = context.queryInterface;
  await qi.createTable('email_opt_outs', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    email: { type: DataTypes.STRING(191), allowNull: false },
    source: { type: DataTypes.STRING(12), allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  }, context.tableOptions);
  await qi.addIndex('email_opt_outs', ['email'], { unique: true, name: 'email_opt_outs_email' });
}

export async function down({ context }: { context: MigrationContext }) {
  await context.queryInterface.dropTable('email_opt_outs');
}
