/**
 * What a bank reversal took back from a fulfilled order (the coupons revoked, the credit and e-invoices
 * taken back), kept so that staff can decide: restore exactly that (the money came back, or the bank
 * reversed by mistake) or confirm the loss (the order is refunded, with its credit note).
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { MigrationContext } from '../core/db/migrator.js';

const date = (allowNull = true) => ({ type: DataTypes.DATE(3), allowNull });

export async function up({ context }: { context: MigrationContext }) {
  const qi: QueryInterface = context.queryInterface;
  await qi.createTable(
    'payment_reversals',
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
      order_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'orders', key: 'id' } },
      credit_line_id: { type: DataTypes.INTEGER, allowNull: false },
      reversal_line_id: { type: DataTypes.INTEGER, allowNull: false },
      amount_cents: { type: DataTypes.BIGINT, allowNull: false },
      /** JSON: { couponIds, credit: [{ companyId, cents }], einvoices: [{ companyId, count }] } */
      taken_back: { type: DataTypes.TEXT, allowNull: false },
      not_taken_back: { type: DataTypes.TEXT, allowNull: true },
      status: { type: DataTypes.STRING(12), allowNull: false },
      decided_by_label: { type: DataTypes.STRING(200), allowNull: true },
      decided_at: date(),
      decision_note: { type: DataTypes.STRING(500), allowNull: true },
      created_at: date(false),
      updated_at: date(false),
    },
    context.tableOptions,
  );
  // One record per credit taken back from an order: a resumed import cannot write it twice.
  await qi.addIndex('payment_reversals', ['order_id', 'credit_line_id'], { unique: true, name: 'payment_reversals_order_credit' });
  await qi.addIndex('payment_reversals', ['status'], { name: 'payment_reversals_status' });
}

export async function down({ context }: { context: MigrationContext }) {
  await context.queryInterface.dropTable('payment_reversals');
}
