/**
 * Personal data (GDPR, core/privacy): `anonymised_at` marks a row whose personal data the retention job
 * or an erasure request removed (so neither touches it twice, and the row itself — a count, an amount,
 * a date — stays); on `audit_logs` it marks entries whose personal values were masked. The audit index
 * on `created_at` lets the daily job find entries past their period without reading the whole table.
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { MigrationContext } from '../core/db/migrator.js';

const TABLES = ['invitations', 'orders', 'bank_lines', 'emails', 'audit_logs'] as const;

export async function up({ context }: { context: MigrationContext }) {
  const qi: QueryInterface = context.queryInterface;
  for (const table of TABLES) await qi.addColumn(table, 'anonymised_at', { type: DataTypes.DATE(3), allowNull: true });
  await qi.addIndex('audit_logs', ['created_at'], { name: 'audit_logs_created' });
  await qi.addIndex('emails', ['entity_type', 'entity_id'], { name: 'emails_entity' });
}

export async function down({ context }: { context: MigrationContext }) {
  const qi: QueryInterface = context.queryInterface;
  await qi.removeIndex('emails', 'emails_entity');
  await qi.removeIndex('audit_logs', 'audit_logs_created');
  for (const table of [...TABLES].reverse()) await qi.removeColumn(table, 'anonymised_at');
}
