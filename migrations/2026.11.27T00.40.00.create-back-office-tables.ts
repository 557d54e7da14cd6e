/**
 * The back-office: bank statements and their lines, the allocations of lines to orders (the proof of a
 * bank payment, undoable), CSV column mappings saved per bank, staff sessions and login attempts kept in
 * the database (so several web processes share them), and the idempotency keys of staff actions.
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { MigrationContext } from '../core/db/migrator.js';

const id = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false };
const str = (len = 255, allowNull = false) => ({ type: DataTypes.STRING(len), allowNull });
const int = (allowNull = false, defaultValue?: number) => ({ type: DataTypes.INTEGER, allowNull, defaultValue });
const bool = (defaultValue: boolean) => ({ type: DataTypes.BOOLEAN, allowNull: false, defaultValue });
const date = (allowNull = true) => ({ type: DataTypes.DATE(3), allowNull });
const text = (allowNull = true) => ({ type: DataTypes.TEXT, allowNull });
const ref = (table: string, allowNull = false) => ({ type: DataTypes.INTEGER, allowNull, references: { model: table, key: 'id' } });
const stamps = { created_at: date(false), updated_at: date(false) };

const tables = ['bank_statements', 'bank_lines', 'bank_allocations', 'bank_csv_mappings', 'admin_sessions', 'staff_login_attempts', 'admin_action_keys'];

export async function up({ context }: { context: MigrationContext }) {
  const qi: QueryInterface = context.queryInterface;
  const opts = context.tableOptions;
  await qi.createTable('bank_statements', {
    id, format: str(10), file_name: str(255), file_sha256: str(64), account_iban: str(34, true), statement_ref: str(100, true),
    opening_balance_cents: int(true), closing_balance_cents: int(true), line_count: int(), new_line_count: int(),
    imported_by_id: int(true), imported_by_label: str(200), ...stamps,
  }, opts);
  await qi.createTable('bank_lines', {
    id, statement_id: ref('bank_statements'), dedup_key: str(191), bank_ref: str(100, true), booking_date: str(10), value_date: str(10, true),
    amount_cents: int(), currency: str(3), counterparty: str(300, true), remittance: text(false), reversal: bool(false),
    // unmatched | partial | matched | not_ours | ignored
    status: str(12), match_kind: str(8, true), allocated_cents: int(false, 0), surplus_cents: int(false, 0),
    suggestions: text(), note: str(500, true), ...stamps,
  }, opts);
  // The database itself refuses a line imported twice, whatever race two imports run.
  await qi.addIndex('bank_lines', ['dedup_key'], { unique: true, name: 'bank_lines_dedup' });
  await qi.addIndex('bank_lines', ['status'], { name: 'bank_lines_status' });
  await qi.addIndex('bank_lines', ['statement_id'], { name: 'bank_lines_statement' });
  await qi.createTable('bank_allocations', {
    id, line_id: ref('bank_lines'), order_id: ref('orders'), amount_cents: int(), kind: str(8), staff_id: int(true), staff_label: str(200),
    undone_at: date(), undone_by: str(200, true), created_at: date(false),
  }, opts);
  await qi.addIndex('bank_allocations', ['order_id'], { name: 'bank_allocations_order' });
  await qi.addIndex('bank_allocations', ['line_id'], { name: 'bank_allocations_line' });
  await qi.createTable('bank_csv_mappings', { id, bank_name: str(100), mapping: text(false), ...stamps }, opts);
  await qi.addIndex('bank_csv_mappings', ['bank_name'], { unique: true, name: 'bank_csv_mappings_bank' });
  await qi.createTable('admin_sessions', { sid: { type: DataTypes.STRING(191), primaryKey: true, allowNull: false }, data: text(false), expires_at: date(false) }, opts);
  await qi.addIndex('admin_sessions', ['expires_at'], { name: 'admin_sessions_expires' });
  await qi.createTable('staff_login_attempts', { id, email: str(254), ip: str(64), success: bool(false), created_at: date(false) }, opts);
  await qi.addIndex('staff_login_attempts', ['email', 'created_at'], { name: 'staff_login_attempts_email' });
  await qi.addIndex('staff_login_attempts', ['ip', 'created_at'], { name: 'staff_login_attempts_ip' });
  await qi.createTable('admin_action_keys', {
    key: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false }, staff_id: int(true), action: str(64), entity_id: str(64),
    result: text(), created_at: date(false),
  }, opts);
}

export async function down({ context }: { context: MigrationContext }) {
  for (const table of [...tables].reverse()) await context.queryInterface.dropTable(table);
}
