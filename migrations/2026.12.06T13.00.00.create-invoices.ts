/**
 * Electronic invoices (FatturaPA): the yearly counters (one row per year and series, locked by the
 * transaction that takes a number: no gap, no duplicate), the invoices and credit notes with the XML
 * that left, the SdI receipts received, and the partners' billing data an invoice needs
 * (sede legale split into its parts, codice destinatario, name and surname of a sole trader).
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { MigrationContext } from '../core/db/migrator.js';

const id = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false };
const str = (len = 255, allowNull = false) => ({ type: DataTypes.STRING(len), allowNull });
const int = (allowNull = false, defaultValue?: number) => ({ type: DataTypes.INTEGER, allowNull, defaultValue });
const date = (allowNull = true) => ({ type: DataTypes.DATE(3), allowNull });
const stamps = { created_at: date(false), updated_at: date(false) };

const partnerColumns = ['billing_cap', 'billing_city', 'billing_province', 'sdi_code', 'billing_first_name', 'billing_last_name'] as const;

export async function up({ context }: { context: MigrationContext }) {
  const qi: QueryInterface = context.queryInterface;
  const opts = context.tableOptions;
  // MEDIUMTEXT on MariaDB: an invoice of many lines exceeds TEXT's 64 KB.
  const long = (allowNull = true) => ({ type: context.sequelize.getDialect() === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT, allowNull });

  await qi.createTable('invoice_counters', {
    year: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true },
    series: { ...str(10), primaryKey: true },
    last_number: int(false, 0),
    /** the date of the last number taken: a later number never carries an earlier date */
    last_date: str(10, true),
    ...stamps,
  }, opts);

  await qi.createTable('invoices', {
    id,
    order_id: int(),
    document_type: str(4),
    /** unique: one TD01 per order, one TD04 per refund */
    dedup_key: str(100),
    year: int(),
    series: str(10),
    sequence: int(),
    number: str(20),
    issue_date: str(10),
    related_invoice_id: int(true),
    buyer_type: str(10),
    partner_id: int(),
    company_id: int(true),
    buyer: { type: DataTypes.TEXT, allowNull: false },
    lines: long(false),
    net_cents: int(),
    vat_cents: int(),
    gross_cents: int(),
    payment_method: str(20),
    paid_at: date(false),
    order_number: str(20, true),
    state: str(20),
    problems: { type: DataTypes.TEXT, allowNull: true },
    xml: long(),
    file_name: str(60, true),
    progressivo_invio: str(5, true),
    transmission_id: str(100, true),
    sdi_identifier: str(30, true),
    sent_at: date(),
    delivered_at: date(),
    rejected_at: date(),
    ...stamps,
  }, opts);
  await qi.addIndex('invoices', ['dedup_key'], { unique: true, name: 'invoices_dedup_key' });
  await qi.addIndex('invoices', ['year', 'series', 'sequence'], { unique: true, name: 'invoices_number' });
  await qi.addIndex('invoices', ['order_id'], { name: 'invoices_order' });
  await qi.addIndex('invoices', ['partner_id', 'year'], { name: 'invoices_partner_year' });
  await qi.addIndex('invoices', ['state'], { name: 'invoices_state' });
  await qi.addIndex('invoices', ['file_name'], { unique: true, name: 'invoices_file_name' });
  await qi.addIndex('invoices', ['transmission_id'], { name: 'invoices_transmission' });

  await qi.createTable('invoice_receipts', {
    id,
    invoice_id: int(true),
    /** RC, MC, NS, AT, DT (or NE); the message's identity with SdI's MessageId: the same receipt twice is one row */
    type: str(4),
    message_id: str(60),
    file_name: str(100, true),
    sdi_identifier: str(30, true),
    outcome: str(300, true),
    errors: { type: DataTypes.TEXT, allowNull: true },
    body: long(false),
    created_at: date(false),
  }, opts);
  await qi.addIndex('invoice_receipts', ['type', 'message_id'], { unique: true, name: 'invoice_receipts_message' });
  await qi.addIndex('invoice_receipts', ['invoice_id'], { name: 'invoice_receipts_invoice' });

  for (const column of partnerColumns) {
    const len = column === 'billing_cap' ? 5 : column === 'billing_province' ? 2 : column === 'sdi_code' ? 7 : 100;
    await qi.addColumn('partners', column, str(len, true));
  }
}

export async function down({ context }: { context: MigrationContext }) {
  const qi = context.queryInterface;
  for (const column of partnerColumns) await qi.removeColumn('partners', column);
  await qi.dropTable('invoice_receipts');
  await qi.dropTable('invoices');
  await qi.dropTable('invoice_counters');
}
