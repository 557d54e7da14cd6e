/**
 * Real money and real statements.
 * - Every cents column becomes BIGINT on MySQL/MariaDB: a balance of 21,474,836.48 € overflowed INT. On
 *   SQLite an INTEGER column already holds 64-bit values, so nothing changes there.
 * - bank_lines: the movement's format-independent identity (same movement in camt, CBI or CSV → same
 *   `movement_key`), and the credit a reversal takes back (`reversal_of_id`).
 * - bank_imports: an uploaded statement waiting for, or being imported by, the worker, with its progress
 *   and outcome.
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { MigrationContext } from '../core/db/migrator.js';

const CENTS: Record<string, { column: string; allowNull?: boolean; defaultValue?: number }[]> = {
  products: [{ column: 'net_cents' }],
  orders: [{ column: 'net_cents' }, { column: 'vat_cents' }, { column: 'gross_cents' }, { column: 'received_cents', defaultValue: 0 }],
  order_lines: [{ column: 'unit_net_cents' }, { column: 'net_cents' }, { column: 'vat_cents' }, { column: 'gross_cents' }],
  credit_entries: [{ column: 'amount_cents' }],
  bank_statements: [{ column: 'opening_balance_cents', allowNull: true }, { column: 'closing_balance_cents', allowNull: true }],
  bank_lines: [{ column: 'amount_cents' }, { column: 'allocated_cents', defaultValue: 0 }, { column: 'surplus_cents', defaultValue: 0 }],
  bank_allocations: [{ column: 'amount_cents' }],
};

const date = (allowNull = true) => ({ type: DataTypes.DATE(3), allowNull });
const str = (len: number, allowNull = false) => ({ type: DataTypes.STRING(len), allowNull });
const int = (allowNull = false, defaultValue?: number) => ({ type: DataTypes.INTEGER, allowNull, defaultValue });

async function setCentsType(context: MigrationContext, type: typeof DataTypes.BIGINT | typeof DataTypes.INTEGER) {
  if (context.sequelize.getDialect() !== 'mysql') return;
  const qi = context.queryInterface;
  for (const [table, columns] of Object.entries(CENTS))
    for (const c of columns) await qi.changeColumn(table, c.column, { type, allowNull: c.allowNull ?? false, defaultValue: c.defaultValue });
}

export async function up({ context }: { context: MigrationContext }) {
  const qi: QueryInterface = context.queryInterface;
  await setCentsType(context, DataTypes.BIGINT);
  await qi.addColumn('bank_lines', 'movement_key', str(40, true)); // booking date|signed cents
  await qi.addColumn('bank_lines', 'reversal_of_id', { type: DataTypes.INTEGER, allowNull: true });
  await qi.addIndex('bank_lines', ['movement_key'], { name: 'bank_lines_movement' });
  await qi.addIndex('bank_lines', ['booking_date'], { name: 'bank_lines_booking_date' });
  await qi.createTable('bank_imports', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    file_name: str(255), file_path: str(500), file_size: { type: DataTypes.BIGINT, allowNull: false }, file_sha256: str(64), bank_name: str(100, true),
    // queued | running | done | failed
    status: str(12), phase: str(40, true),
    lines_read: int(false, 0), new_lines: int(false, 0), duplicates: int(false, 0), held: int(false, 0),
    matched: int(false, 0), partial: int(false, 0), to_review: int(false, 0), ignored: int(false, 0), reversals: int(false, 0),
    error: { type: DataTypes.TEXT, allowNull: true }, statement_id: int(true),
    started_by_id: int(true), started_by_label: str(200), finished_at: date(), created_at: date(false), updated_at: date(false),
  }, context.tableOptions);
  await qi.addIndex('bank_imports', ['status'], { name: 'bank_imports_status' });
}

export async function down({ context }: { context: MigrationContext }) {
  const qi: QueryInterface = context.queryInterface;
  await qi.dropTable('bank_imports');
  await qi.removeIndex('bank_lines', 'bank_lines_booking_date');
  await qi.removeIndex('bank_lines', 'bank_lines_movement');
  await qi.removeColumn('bank_lines', 'reversal_of_id');
  await qi.removeColumn('bank_lines', 'movement_key');
  await setCentsType(context, DataTypes.INTEGER);
}
