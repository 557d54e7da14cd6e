/** The core domain: partners and their Telegram users, catalogue, orders, coupons, companies, invitations, staff, audit, outbox. */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { MigrationContext } from '../core/db/migrator.js';

const id = () => ({ type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false });
const str = (len = 255, allowNull = false) => ({ type: DataTypes.STRING(len), allowNull });
const int = (allowNull = false, defaultValue?: number) => ({ type: DataTypes.INTEGER, allowNull, defaultValue });
const bool = (defaultValue: boolean) => ({ type: DataTypes.BOOLEAN, allowNull: false, defaultValue });
const date = (allowNull = true) => ({ type: DataTypes.DATE(3), allowNull });
const text = (allowNull = true) => ({ type: DataTypes.TEXT, allowNull });
const ref = (table: string, allowNull = false) => ({ type: DataTypes.INTEGER, allowNull, references: { model: table, key: 'id' } });
const stamps = () => ({ created_at: date(false), updated_at: date(false) });

const tables = [
  'partners', 'partner_users', 'link_codes', 'products', 'orders', 'order_lines', 'coupons', 'companies',
  'company_accounts', 'credit_entries', 'invitations', 'staff_users', 'audit_logs', 'outbox_jobs', 'emails',
];

export async function up({ context }: { context: MigrationContext }) {
  const qi: QueryInterface = context.queryInterface;
  const opts = context.tableOptions;
  await qi.createTable('partners', { id: id(), kind: str(20), legal_name: str(200), vat_number: str(16), tax_code: str(16, true), billing_email: str(254),
    pec: str(254, true), address: str(300, true), phone: str(30, true), active: bool(true), ...stamps(),
  }, opts);
  await qi.createTable('partner_users', { id: id(), partner_id: ref('partners'), telegram_user_id: str(24), telegram_chat_id: str(24), display_name: str(200),
    role: str(10), language: str(2), blocked_at: date(), active: bool(true), ...stamps(),
  }, opts);
  await qi.addIndex('partner_users', ['telegram_user_id'], { unique: true, name: 'partner_users_telegram_user' });
  await qi.createTable('link_codes', { id: id(), partner_id: ref('partners'), code_hash: str(64), role: str(10), expires_at: date(false), used_at: date(),
    used_by_partner_user_id: int(true), created_by: str(200), created_at: date(false),
  }, opts);
  await qi.addIndex('link_codes', ['code_hash'], { unique: true, name: 'link_codes_code_hash' });
  await qi.createTable('products', { id: id(), sku: str(64), kind: str(20), tier: str(12, true), to_tier: str(12, true), quantity: int(),
    name_it: str(200), name_en: str(200), net_cents: int(), vat_rate_bp: int(), active: bool(true), sort: int(false, 0), ...stamps(),
  }, opts);
  await qi.addIndex('products', ['sku'], { unique: true, name: 'products_sku' });
  await qi.createTable('invitations', { id: id(), partner_id: ref('partners'), created_by_partner_user_id: int(true), client_name: str(200), client_email: str(254),
    tier: str(12), language: str(2), token_hash: str(64), status: str(12), expires_at: date(false), opened_at: date(),
    purchased_at: date(), cancelled_at: date(), reminder_sent_at: date(), order_id: int(true), ...stamps(),
  }, opts);
  await qi.addIndex('invitations', ['token_hash'], { unique: true, name: 'invitations_token_hash' });
  await qi.addIndex('invitations', ['partner_id', 'status'], { name: 'invitations_partner_status' });
  await qi.createTable('orders', { id: id(), number: str(20, true), payment_reference: str(16), buyer_type: str(10), partner_id: ref('partners'),
    company_id: int(true), invitation_id: int(true), buyer_name: str(200), buyer_email: str(254, true), company_data: text(),
    language: str(2), status: str(20), payment_method: str(20), net_cents: int(), vat_cents: int(), gross_cents: int(),
    received_cents: int(false, 0), currency: { ...str(3), defaultValue: 'EUR' }, stripe_session_id: str(255, true),
    stripe_payment_intent_id: str(255, true), flag: str(500, true), paid_at: date(), fulfilled_at: date(), closed_at: date(),
    expires_at: date(false), reminder_sent_at: date(), created_by_partner_user_id: int(true), ...stamps(),
  }, opts);
  await qi.addIndex('orders', ['payment_reference'], { unique: true, name: 'orders_payment_reference' });
  await qi.addIndex('orders', ['number'], { unique: true, name: 'orders_number' });
  await qi.addIndex('orders', ['partner_id', 'created_at'], { name: 'orders_partner_created' });
  await qi.addIndex('orders', ['status', 'expires_at'], { name: 'orders_status_expires' });
  await qi.addIndex('orders', ['stripe_session_id'], { name: 'orders_stripe_session' });
  await qi.createTable('order_lines', { id: id(), order_id: ref('orders'), product_id: ref('products'), product_kind: str(20), tier: str(12, true), to_tier: str(12, true),
    unit_quantity: int(), description: str(300), quantity: int(), unit_net_cents: int(), net_cents: int(), vat_rate_bp: int(),
    vat_cents: int(), gross_cents: int(), company_id: int(true),
  }, opts);
  await qi.addIndex('order_lines', ['order_id'], { name: 'order_lines_order' });
  await qi.createTable('companies', { id: id(), partner_id: ref('partners'), payer: str(10), tier: str(12), legal_name: str(200), legal_form: str(40), vat_number: str(11),
    tax_code: str(16), address: str(300), cap: str(5), city: str(100), province: str(2), rep_first_name: str(100),
    rep_last_name: str(100), rep_tax_code: str(16), ateco_code: str(8), pec: str(254, true), sdi_code: str(7), email: str(254),
    phone: str(30, true), coupon_id: int(true), order_id: int(true), provisioning_state: str(20), provisioning_error: str(1000, true),
    external_account_id: str(100, true), subscription_expires_at: date(false), einvoice_allowance: int(false, 0), ...stamps(),
  }, opts);
  // One company per coupon and per client order: the database itself refuses a second one.
  await qi.addIndex('companies', ['coupon_id'], { unique: true, name: 'companies_coupon' });
  await qi.addIndex('companies', ['order_id'], { unique: true, name: 'companies_order' });
  await qi.addIndex('companies', ['partner_id'], { name: 'companies_partner' });
  await qi.createTable('coupons', { id: id(), code: str(32), tier: str(12), partner_id: ref('partners'), order_id: ref('orders'), status: str(12),
    company_id: int(true), activated_at: date(), revoked_at: date(), ...stamps(),
  }, opts);
  await qi.addIndex('coupons', ['code'], { unique: true, name: 'coupons_code' });
  await qi.addIndex('coupons', ['partner_id', 'status'], { name: 'coupons_partner_status' });
  await qi.createTable('company_accounts', { id: id(), company_id: ref('companies'), external_id: str(100), created_at: date(false) }, opts);
  await qi.addIndex('company_accounts', ['company_id'], { unique: true, name: 'company_accounts_company' });
  await qi.createTable('credit_entries', { id: id(), partner_id: ref('partners'), company_id: int(true), order_id: int(true), amount_cents: int(), kind: str(10),
    note: str(300, true), created_at: date(false),
  }, opts);
  await qi.addIndex('credit_entries', ['company_id'], { name: 'credit_entries_company' });
  await qi.createTable('staff_users', { id: id(), email: str(254), name: str(200), password_hash: str(255), role: str(12), active: bool(true), last_login_at: date(), ...stamps(),
  }, opts);
  await qi.addIndex('staff_users', ['email'], { unique: true, name: 'staff_users_email' });
  await qi.createTable('audit_logs', { id: id(), actor_type: str(16), actor_id: str(64, true), actor_label: str(200), action: str(64), entity_type: str(40),
    entity_id: str(64), before: text(), after: text(), created_at: date(false),
  }, opts);
  await qi.addIndex('audit_logs', ['entity_type', 'entity_id'], { name: 'audit_logs_entity' });
  await qi.addIndex('audit_logs', ['actor_type', 'actor_id'], { name: 'audit_logs_actor' });
  await qi.createTable('outbox_jobs', { id: id(), kind: str(40), payload: text(false), status: str(12), attempts: int(false, 0), max_attempts: int(),
    run_at: date(false), locked_by: str(64, true), locked_until: date(), last_error: text(), dedup_key: str(191, true),
    done_at: date(), ...stamps(),
  }, opts);
  await qi.addIndex('outbox_jobs', ['status', 'run_at'], { name: 'outbox_jobs_claim' });
  await qi.addIndex('outbox_jobs', ['dedup_key'], { unique: true, name: 'outbox_jobs_dedup' });
  await qi.createTable('emails', { id: id(), template: str(40), language: str(2), to_address: str(254), data: text(false), subject: str(300, true), status: str(10),
    message_id: str(255, true), error: text(), attempts: int(false, 0), entity_type: str(40, true), entity_id: str(64, true),
    sent_at: date(), ...stamps(),
  }, opts);
  await qi.addIndex('emails', ['status'], { name: 'emails_status' });
}

export async function down({ context }: { context: MigrationContext }) {
  for (const table of [...tables].reverse()) await context.queryInterface.dropTable(table);
}
