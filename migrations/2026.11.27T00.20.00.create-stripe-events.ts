/**
 * Payments: every webhook event received (its id unique, so a duplicate delivery can never be
 * processed twice, even concurrently), and the sessions of the local sandbox checkout that stands in
 * for Stripe when no key is configured (kept in the database so any web process can serve them).
 */
import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../core/db/migrator.js';

const str = (len = 255, allowNull = false) => ({ type: DataTypes.STRING(len), allowNull });
const int = (allowNull = false, defaultValue?: number) => ({ type: DataTypes.INTEGER, allowNull, defaultValue });
const date = (allowNull = true) => ({ type: DataTypes.DATE(3), allowNull });
const stamps = { created_at: date(false), updated_at: date(false) };

export async function up({ context }: { context: MigrationContext }) {
  const qi = context.queryInterface;
  const opts = context.tableOptions;
  await qi.createTable('stripe_events', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    event_id: str(255),
    type: str(80),
    source: str(10),
    status: str(12),
    attempts: int(false, 0),
    locked_until: date(),
    order_id: int(true),
    outcome: str(300, true),
    error: { type: DataTypes.TEXT, allowNull: true },
    // MEDIUMTEXT on MariaDB: an event's JSON can exceed TEXT's 64 KB.
    payload: { type: context.sequelize.getDialect() === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT, allowNull: false },
    processed_at: date(),
    ...stamps,
  }, opts);
  await qi.addIndex('stripe_events', ['event_id'], { unique: true, name: 'stripe_events_event_id' });
  await qi.addIndex('stripe_events', ['order_id'], { name: 'stripe_events_order' });
  await qi.addIndex('stripe_events', ['status', 'created_at'], { name: 'stripe_events_status' });

  await qi.createTable('sandbox_checkout_sessions', {
    id: { ...str(80), primaryKey: true },
    idempotency_key: str(191),
    order_id: int(),
    amount_total: int(),
    currency: str(3),
    status: str(10),
    payment_status: str(20),
    payment_intent_id: str(80, true),
    payment_intent_status: str(30, true),
    charge_id: str(80, true),
    amount_refunded: int(false, 0),
    success_url: str(500),
    cancel_url: str(500),
    expires_at: date(false),
    ...stamps,
  }, opts);
  await qi.addIndex('sandbox_checkout_sessions', ['idempotency_key'], { unique: true, name: 'sandbox_sessions_idempotency' });
  await qi.addIndex('sandbox_checkout_sessions', ['payment_intent_id'], { name: 'sandbox_sessions_payment_intent' });
}

export async function down({ context }: { context: MigrationContext }) {
  await context.queryInterface.dropTable('sandbox_checkout_sessions');
  await context.queryInterface.dropTable('stripe_events');
}
