/**
 * Sequelize models. Faces never import them (record types come from core/shared/records.ts; the back-office
 * hands the classes to AdminJS), and every change of state goes
 * through a use case in core/, so that the bot, the web pages and the back-office behave and are
 * audited the same. Table layout is owned by migrations/; these definitions mirror it.
 */
import { DataTypes, Model, type Sequelize, type InferAttributes, type InferCreationAttributes, type CreationOptional, type ForeignKey } from 'sequelize';
import { jsonText, timestamp } from './columns.js';
import { perInstance } from './per-instance.js';
import { initBackOfficeModels } from './back-office-models.js';
import { initBotModels } from './bot-models.js';
import { initPaymentModels } from './payment-models.js';
import { initRenewalModels } from './renewal-models.js';
import { initEmailOptOutModels } from './email-opt-out-model.js';
import { initInvoiceModels } from './invoice-models.js';
import type { Tier, ProductKind, OrderStatus, PaymentMethod, CouponStatus, ProvisioningState, InvitationStatus, StaffRole, JobStatus, EmailStatus, Payer, PartnerKind, ActorType, SubscriptionState } from '../shared/types.js';

type Attrs<M extends Model> = InferAttributes<M>;
type Create<M extends Model> = InferCreationAttributes<M>;

export class Partner extends Model<Attrs<Partner>, Create<Partner>> {
  declare id: CreationOptional<number>;
  declare kind: PartnerKind;
  declare legalName: string;
  declare vatNumber: string;
  declare taxCode: string | null;
  declare billingEmail: string;
  declare pec: string | null;
  /** street of the sede legale (Indirizzo); CAP, comune and provincia below */
  declare address: string | null;
  declare phone: string | null;
  declare billingCap: CreationOptional<string | null>;
  declare billingCity: CreationOptional<string | null>;
  declare billingProvince: CreationOptional<string | null>;
  /** codice destinatario SDI; '0000000' with a PEC or for the cassetto fiscale */
  declare sdiCode: CreationOptional<string | null>;
  /** a sole trader invoiced by name (personal tax code) */
  declare billingFirstName: CreationOptional<string | null>;
  declare billingLastName: CreationOptional<string | null>;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class PartnerUser extends Model<Attrs<PartnerUser>, Create<PartnerUser>> {
  declare id: CreationOptional<number>;
  declare partnerId: ForeignKey<number>;
  declare telegramUserId: string;
  declare telegramChatId: string;
  declare displayName: string;
  declare role: 'owner' | 'operator';
  declare language: 'it' | 'en';
  declare blockedAt: Date | null;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class LinkCode extends Model<Attrs<LinkCode>, Create<LinkCode>> {
  declare id: CreationOptional<number>;
  declare partnerId: ForeignKey<number>;
  declare codeHash: string;
  declare role: 'owner' | 'operator';
  declare expiresAt: Date;
  declare usedAt: Date | null;
  declare usedByPartnerUserId: number | null;
  declare createdBy: string;
  declare createdAt: CreationOptional<Date>;
}

export class Product extends Model<Attrs<Product>, Create<Product>> {
  declare id: CreationOptional<number>;
  declare sku: string;
  declare kind: ProductKind;
  declare tier: Tier | null;
  declare toTier: Tier | null;
  /** coupons in the pack, invoices in the e-invoicing pack, cents of credit, or months of renewal */
  declare quantity: number;
  declare nameIt: string;
  declare nameEn: string;
  declare netCents: number;
  declare vatRateBp: number;
  declare active: CreationOptional<boolean>;
  declare sort: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Order extends Model<Attrs<Order>, Create<Order>> {
  declare id: CreationOptional<number>;
  declare number: string | null;
  declare paymentReference: string;
  declare buyerType: Payer;
  declare partnerId: ForeignKey<number>;
  declare companyId: number | null;
  declare invitationId: number | null;
  declare buyerName: string;
  declare buyerEmail: string | null;
  /** company data submitted by an invited client: the company is created from it on fulfilment */
  declare companyData: Record<string, unknown> | null;
  declare language: 'it' | 'en';
  declare status: OrderStatus;
  declare paymentMethod: PaymentMethod;
  declare netCents: number;
  declare vatCents: number;
  declare grossCents: number;
  declare receivedCents: CreationOptional<number>;
  declare currency: CreationOptional<string>;
  declare stripeSessionId: string | null;
  declare stripePaymentIntentId: string | null;
  /** set by the face that placed the order to make the placing idempotent (the bot: its flow's id) */
  declare requestKey: CreationOptional<string | null>;
  declare flag: string | null;
  declare paidAt: Date | null;
  declare fulfilledAt: Date | null;
  declare closedAt: Date | null;
  declare expiresAt: Date;
  declare reminderSentAt: Date | null;
  declare createdByPartnerUserId: number | null;
  /** personal data removed (retention or erasure: core/privacy); on audit entries, personal values masked */
  declare anonymisedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare lines?: OrderLine[];
}

export class OrderLine extends Model<Attrs<OrderLine>, Create<OrderLine>> {
  declare id: CreationOptional<number>;
  declare orderId: ForeignKey<number>;
  declare productId: number;
  declare productKind: ProductKind;
  declare tier: Tier | null;
  declare toTier: Tier | null;
  declare unitQuantity: number;
  declare description: string;
  declare quantity: number;
  declare unitNetCents: number;
  declare netCents: number;
  declare vatRateBp: number;
  declare vatCents: number;
  declare grossCents: number;
  declare companyId: number | null;
}

export class Coupon extends Model<Attrs<Coupon>, Create<Coupon>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare tier: Tier;
  declare partnerId: ForeignKey<number>;
  declare orderId: number;
  declare status: CouponStatus;
  declare companyId: number | null;
  declare activatedAt: Date | null;
  declare revokedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Company extends Model<Attrs<Company>, Create<Company>> {
  declare id: CreationOptional<number>;
  declare partnerId: ForeignKey<number>;
  declare payer: Payer;
  declare tier: Tier;
  declare legalName: string;
  declare legalForm: string;
  declare vatNumber: string;
  declare taxCode: string;
  declare address: string;
  declare cap: string;
  declare city: string;
  declare province: string;
  declare repFirstName: string;
  declare repLastName: string;
  declare repTaxCode: string;
  declare atecoCode: string;
  declare pec: string | null;
  declare sdiCode: string;
  declare email: string;
  declare phone: string | null;
  declare couponId: number | null;
  declare orderId: number | null;
  declare provisioningState: ProvisioningState;
  declare provisioningError: string | null;
  declare externalAccountId: string | null;
  declare subscriptionExpiresAt: Date;
  /** active until its expiry day, grace from it (still working), suspended after the grace (renewals/) */
  declare subscriptionState: CreationOptional<SubscriptionState>;
  declare suspendedAt: CreationOptional<Date | null>;
  declare einvoiceAllowance: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class CompanyAccount extends Model<Attrs<CompanyAccount>, Create<CompanyAccount>> {
  declare id: CreationOptional<number>;
  declare companyId: number;
  declare externalId: string;
  /** set by the built-in stand-in of the platform while the account is suspended */
  declare suspendedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
}

export class CreditEntry extends Model<Attrs<CreditEntry>, Create<CreditEntry>> {
  declare id: CreationOptional<number>;
  declare partnerId: number;
  declare companyId: number | null;
  declare orderId: number | null;
  declare amountCents: number;
  declare kind: 'topup' | 'spend' | 'refund';
  declare note: string | null;
  declare createdAt: CreationOptional<Date>;
}

export class Invitation extends Model<Attrs<Invitation>, Create<Invitation>> {
  declare id: CreationOptional<number>;
  declare partnerId: ForeignKey<number>;
  declare createdByPartnerUserId: number | null;
  declare clientName: string;
  declare clientEmail: string;
  declare tier: Tier;
  declare language: 'it' | 'en';
  declare tokenHash: string;
  declare status: InvitationStatus;
  declare expiresAt: Date;
  declare openedAt: Date | null;
  declare purchasedAt: Date | null;
  declare cancelledAt: Date | null;
  declare reminderSentAt: Date | null;
  declare orderId: number | null;
  /** personal data removed (retention or erasure: core/privacy); on audit entries, personal values masked */
  declare anonymisedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class StaffUser extends Model<Attrs<StaffUser>, Create<StaffUser>> {
  declare id: CreationOptional<number>;
  declare email: string;
  declare name: string;
  declare passwordHash: string;
  declare role: StaffRole;
  declare active: CreationOptional<boolean>;
  declare lastLoginAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class AuditLog extends Model<Attrs<AuditLog>, Create<AuditLog>> {
  declare id: CreationOptional<number>;
  declare actorType: ActorType;
  declare actorId: string | null;
  declare actorLabel: string;
  declare action: string;
  declare entityType: string;
  declare entityId: string;
  declare before: Record<string, unknown> | null;
  declare after: Record<string, unknown> | null;
  /** personal data removed (retention or erasure: core/privacy); on audit entries, personal values masked */
  declare anonymisedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
}

export class OutboxJob extends Model<Attrs<OutboxJob>, Create<OutboxJob>> {
  declare id: CreationOptional<number>;
  declare kind: string;
  declare payload: Record<string, unknown>;
  declare status: CreationOptional<JobStatus>;
  declare attempts: CreationOptional<number>;
  declare maxAttempts: number;
  declare runAt: Date;
  declare lockedBy: string | null;
  declare lockedUntil: Date | null;
  declare lastError: string | null;
  declare dedupKey: string | null;
  declare doneAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Email extends Model<Attrs<Email>, Create<Email>> {
  declare id: CreationOptional<number>;
  declare template: string;
  declare language: 'it' | 'en';
  declare toAddress: string;
  declare data: Record<string, unknown>;
  declare subject: string | null;
  declare status: CreationOptional<EmailStatus>;
  declare messageId: string | null;
  declare error: string | null;
  declare attempts: CreationOptional<number>;
  declare entityType: string | null;
  declare entityId: string | null;
  declare sentAt: Date | null;
  /** personal data removed (retention or erasure: core/privacy); on audit entries, personal values masked */
  declare anonymisedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const BasePartner = Partner;
const BasePartnerUser = PartnerUser;
const BaseLinkCode = LinkCode;
const BaseProduct = Product;
const BaseOrder = Order;
const BaseOrderLine = OrderLine;
const BaseCoupon = Coupon;
const BaseCompany = Company;
const BaseCompanyAccount = CompanyAccount;
const BaseCreditEntry = CreditEntry;
const BaseInvitation = Invitation;
const BaseStaffUser = StaffUser;
const BaseAuditLog = AuditLog;
const BaseOutboxJob = OutboxJob;
const BaseEmail = Email;


// Fresh objects per attribute: Sequelize writes `field` into each definition, so a shared object would alias columns.
const id = () => ({ type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true });
const str = (len = 255, allowNull = false) => ({ type: DataTypes.STRING(len), allowNull });
// BIGINT: MySQL's INT stops at 21,474,836.47 € (SQLite's INTEGER is 64-bit anyway).
const cents = () => ({ type: DataTypes.BIGINT, allowNull: false });
const date = (allowNull = true) => ({ type: timestamp(), allowNull });
const base = (sequelize: Sequelize, tableName: string, extra: object = {}) => ({ sequelize, tableName, underscored: true, ...extra });

export function initModels(sequelize: Sequelize) {
  // Classes bound to this Sequelize instance only: two apps in one process (tests, benchmarks) must not share models.
  const Partner = perInstance(BasePartner);
  const PartnerUser = perInstance(BasePartnerUser);
  const LinkCode = perInstance(BaseLinkCode);
  const Product = perInstance(BaseProduct);
  const Order = perInstance(BaseOrder);
  const OrderLine = perInstance(BaseOrderLine);
  const Coupon = perInstance(BaseCoupon);
  const Company = perInstance(BaseCompany);
  const CompanyAccount = perInstance(BaseCompanyAccount);
  const CreditEntry = perInstance(BaseCreditEntry);
  const Invitation = perInstance(BaseInvitation);
  const StaffUser = perInstance(BaseStaffUser);
  const AuditLog = perInstance(BaseAuditLog);
  const OutboxJob = perInstance(BaseOutboxJob);
  const Email = perInstance(BaseEmail);
  Partner.init({
    id: id(), kind: str(20), legalName: str(200), vatNumber: str(16), taxCode: str(16, true), billingEmail: str(254),
    pec: str(254, true), address: str(300, true), phone: str(30, true),
    billingCap: str(5, true), billingCity: str(100, true), billingProvince: str(2, true), sdiCode: str(7, true),
    billingFirstName: str(100, true), billingLastName: str(100, true),
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    createdAt: date(false), updatedAt: date(false),
  }, base(sequelize, 'partners'));

  PartnerUser.init({
    id: id(), partnerId: { type: DataTypes.INTEGER, allowNull: false }, telegramUserId: str(24), telegramChatId: str(24),
    displayName: str(200), role: str(10), language: str(2), blockedAt: date(),
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    createdAt: date(false), updatedAt: date(false),
  }, base(sequelize, 'partner_users'));

  LinkCode.init({
    id: id(), partnerId: { type: DataTypes.INTEGER, allowNull: false }, codeHash: str(64), role: str(10),
    expiresAt: date(false), usedAt: date(), usedByPartnerUserId: { type: DataTypes.INTEGER, allowNull: true },
    createdBy: str(200), createdAt: date(false),
  }, base(sequelize, 'link_codes', { updatedAt: false }));

  Product.init({
    id: id(), sku: str(64), kind: str(20), tier: str(12, true), toTier: str(12, true), quantity: { type: DataTypes.INTEGER, allowNull: false },
    nameIt: str(200), nameEn: str(200), netCents: cents(), vatRateBp: { type: DataTypes.INTEGER, allowNull: false },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true }, sort: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    createdAt: date(false), updatedAt: date(false),
  }, base(sequelize, 'products'));

  Order.init({
    id: id(), number: str(20, true), paymentReference: str(16), buyerType: str(10), partnerId: { type: DataTypes.INTEGER, allowNull: false },
    companyId: { type: DataTypes.INTEGER, allowNull: true }, invitationId: { type: DataTypes.INTEGER, allowNull: true },
    buyerName: str(200), buyerEmail: str(254, true), companyData: jsonText('companyData'), language: str(2),
    status: str(20), paymentMethod: str(20), netCents: cents(), vatCents: cents(), grossCents: cents(),
    receivedCents: { ...cents(), defaultValue: 0 }, currency: { ...str(3), defaultValue: 'EUR' },
    stripeSessionId: str(255, true), stripePaymentIntentId: str(255, true), requestKey: str(80, true), flag: str(500, true),
    paidAt: date(), fulfilledAt: date(), closedAt: date(), expiresAt: date(false), reminderSentAt: date(),
    createdByPartnerUserId: { type: DataTypes.INTEGER, allowNull: true }, anonymisedAt: date(),
    createdAt: date(false), updatedAt: date(false),
  }, base(sequelize, 'orders'));

  OrderLine.init({
    id: id(), orderId: { type: DataTypes.INTEGER, allowNull: false }, productId: { type: DataTypes.INTEGER, allowNull: false },
    productKind: str(20), tier: str(12, true), toTier: str(12, true), unitQuantity: { type: DataTypes.INTEGER, allowNull: false },
    description: str(300), quantity: { type: DataTypes.INTEGER, allowNull: false }, unitNetCents: cents(), netCents: cents(),
    vatRateBp: { type: DataTypes.INTEGER, allowNull: false }, vatCents: cents(), grossCents: cents(),
    companyId: { type: DataTypes.INTEGER, allowNull: true },
  }, base(sequelize, 'order_lines', { timestamps: false }));

  Coupon.init({
    id: id(), code: str(32), tier: str(12), partnerId: { type: DataTypes.INTEGER, allowNull: false }, orderId: { type: DataTypes.INTEGER, allowNull: false },
    status: str(12), companyId: { type: DataTypes.INTEGER, allowNull: true }, activatedAt: date(), revokedAt: date(),
    createdAt: date(false), updatedAt: date(false),
  }, base(sequelize, 'coupons'));

  Company.init({
    id: id(), partnerId: { type: DataTypes.INTEGER, allowNull: false }, payer: str(10), tier: str(12),
    legalName: str(200), legalForm: str(40), vatNumber: str(11), taxCode: str(16), address: str(300), cap: str(5), city: str(100), province: str(2),
    repFirstName: str(100), repLastName: str(100), repTaxCode: str(16), atecoCode: str(8), pec: str(254, true), sdiCode: str(7),
    email: str(254), phone: str(30, true), couponId: { type: DataTypes.INTEGER, allowNull: true }, orderId: { type: DataTypes.INTEGER, allowNull: true },
    provisioningState: str(20), provisioningError: str(1000, true), externalAccountId: str(100, true),
    subscriptionExpiresAt: date(false), subscriptionState: { ...str(12), defaultValue: 'active' }, suspendedAt: { ...date(), defaultValue: null },
    einvoiceAllowance: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    createdAt: date(false), updatedAt: date(false),
  }, base(sequelize, 'companies'));

  CompanyAccount.init({
    id: id(), companyId: { type: DataTypes.INTEGER, allowNull: false }, externalId: str(100), suspendedAt: { ...date(), defaultValue: null }, createdAt: date(false),
  }, base(sequelize, 'company_accounts', { updatedAt: false }));

  CreditEntry.init({
    id: id(), partnerId: { type: DataTypes.INTEGER, allowNull: false }, companyId: { type: DataTypes.INTEGER, allowNull: true },
    orderId: { type: DataTypes.INTEGER, allowNull: true }, amountCents: cents(), kind: str(10), note: str(300, true), createdAt: date(false),
  }, base(sequelize, 'credit_entries', { updatedAt: false }));

  Invitation.init({
    id: id(), partnerId: { type: DataTypes.INTEGER, allowNull: false }, createdByPartnerUserId: { type: DataTypes.INTEGER, allowNull: true },
    clientName: str(200), clientEmail: str(254), tier: str(12), language: str(2), tokenHash: str(64), status: str(12),
    expiresAt: date(false), openedAt: date(), purchasedAt: date(), cancelledAt: date(), reminderSentAt: date(),
    orderId: { type: DataTypes.INTEGER, allowNull: true }, anonymisedAt: date(), createdAt: date(false), updatedAt: date(false),
  }, base(sequelize, 'invitations'));

  StaffUser.init({
    id: id(), email: str(254), name: str(200), passwordHash: str(255), role: str(12),
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true }, lastLoginAt: date(),
    createdAt: date(false), updatedAt: date(false),
  }, base(sequelize, 'staff_users'));

  AuditLog.init({
    id: id(), actorType: str(16), actorId: str(64, true), actorLabel: str(200), action: str(64), entityType: str(40), entityId: str(64),
    before: jsonText('before'), after: jsonText('after'), anonymisedAt: date(), createdAt: date(false),
  }, base(sequelize, 'audit_logs', { updatedAt: false }));

  OutboxJob.init({
    id: id(), kind: str(40), payload: jsonText('payload', false), status: { ...str(12), defaultValue: 'pending' },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 }, maxAttempts: { type: DataTypes.INTEGER, allowNull: false },
    runAt: date(false), lockedBy: str(64, true), lockedUntil: date(), lastError: { type: DataTypes.TEXT, allowNull: true },
    dedupKey: str(191, true), doneAt: date(), createdAt: date(false), updatedAt: date(false),
  }, base(sequelize, 'outbox_jobs'));

  Email.init({
    id: id(), template: str(40), language: str(2), toAddress: str(254), data: jsonText('data', false), subject: str(300, true),
    status: { ...str(10), defaultValue: 'queued' }, messageId: str(255, true), error: { type: DataTypes.TEXT, allowNull: true },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 }, entityType: str(40, true), entityId: str(64, true),
    sentAt: date(), anonymisedAt: date(), createdAt: date(false), updatedAt: date(false),
  }, base(sequelize, 'emails'));

  Partner.hasMany(PartnerUser, { foreignKey: 'partnerId', as: 'users' });
  PartnerUser.belongsTo(Partner, { foreignKey: 'partnerId', as: 'partner' });
  Partner.hasMany(LinkCode, { foreignKey: 'partnerId', as: 'linkCodes' });
  Order.hasMany(OrderLine, { foreignKey: 'orderId', as: 'lines' });
  OrderLine.belongsTo(Order, { foreignKey: 'orderId' });
  Order.belongsTo(Partner, { foreignKey: 'partnerId', as: 'partner' });
  Coupon.belongsTo(Partner, { foreignKey: 'partnerId', as: 'partner' });
  Company.belongsTo(Partner, { foreignKey: 'partnerId', as: 'partner' });
  Invitation.belongsTo(Partner, { foreignKey: 'partnerId', as: 'partner' });

  return { Partner, PartnerUser, LinkCode, Product, Order, OrderLine, Coupon, Company, CompanyAccount, CreditEntry, Invitation, StaffUser, AuditLog, OutboxJob, Email, ...initBackOfficeModels(sequelize), ...initPaymentModels(sequelize), ...initBotModels(sequelize), ...initRenewalModels(sequelize), ...initEmailOptOutModels(sequelize), ...initInvoiceModels(sequelize) };
}

export type Models = ReturnType<typeof initModels>;
