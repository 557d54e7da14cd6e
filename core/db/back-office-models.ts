/** Models of the back-office tables (migration 2026.11.27T00.40.00): bank reconciliation, staff sessions and action keys. */
import { DataTypes, Model, type Sequelize, type InferAttributes, type InferCreationAttributes, type CreationOptional } from 'sequelize';
import { jsonText, timestamp } from './columns.js';
import { perInstance } from './per-instance.js';

type Attrs<M extends Model> = InferAttributes<M>;
type Create<M extends Model> = InferCreationAttributes<M>;

/** `held`: possibly the same movement as a line already imported from another file; a person decides. `reversed`: a credit taken back by a reversal. */
export type BankLineStatus = 'unmatched' | 'partial' | 'matched' | 'not_ours' | 'ignored' | 'held' | 'reversed';

export class BankStatement extends Model<Attrs<BankStatement>, Create<BankStatement>> {
  declare id: CreationOptional<number>;
  declare format: 'camt053' | 'cbi' | 'csv';
  declare fileName: string;
  declare fileSha256: string;
  declare accountIban: string | null;
  declare statementRef: string | null;
  declare openingBalanceCents: number | null;
  declare closingBalanceCents: number | null;
  declare lineCount: number;
  declare newLineCount: number;
  declare importedById: number | null;
  declare importedByLabel: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class BankLine extends Model<Attrs<BankLine>, Create<BankLine>> {
  declare id: CreationOptional<number>;
  declare statementId: number;
  declare dedupKey: string;
  /** Format-independent identity of the movement (see core/reconciliation/movement-identity.ts). */
  declare movementKey: CreationOptional<string | null>;
  /** For a reversal: the credit line it takes back. */
  declare reversalOfId: CreationOptional<number | null>;
  declare bankRef: string | null;
  declare bookingDate: string;
  declare valueDate: string | null;
  declare amountCents: number;
  declare currency: string;
  declare counterparty: string | null;
  declare remittance: string;
  declare reversal: boolean;
  declare status: BankLineStatus;
  declare matchKind: 'auto' | 'hand' | null;
  declare allocatedCents: CreationOptional<number>;
  declare surplusCents: CreationOptional<number>;
  declare suggestions: { orderId: number; score: number; reasons: string[] }[] | null;
  declare note: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class BankAllocation extends Model<Attrs<BankAllocation>, Create<BankAllocation>> {
  declare id: CreationOptional<number>;
  declare lineId: number;
  declare orderId: number;
  declare amountCents: number;
  declare kind: 'auto' | 'hand';
  declare staffId: number | null;
  declare staffLabel: string;
  declare undoneAt: Date | null;
  declare undoneBy: string | null;
  declare createdAt: CreationOptional<Date>;
}

export type BankImportStatus = 'queued' | 'running' | 'done' | 'failed';

/** An uploaded statement, imported in the background by the worker (job `bank_import`). */
export class BankImport extends Model<Attrs<BankImport>, Create<BankImport>> {
  declare id: CreationOptional<number>;
  declare fileName: string;
  declare filePath: string;
  declare fileSize: number;
  declare fileSha256: string;
  declare bankName: string | null;
  declare status: BankImportStatus;
  declare phase: string | null;
  declare linesRead: CreationOptional<number>;
  declare newLines: CreationOptional<number>;
  declare duplicates: CreationOptional<number>;
  declare held: CreationOptional<number>;
  declare matched: CreationOptional<number>;
  declare partial: CreationOptional<number>;
  declare toReview: CreationOptional<number>;
  declare ignored: CreationOptional<number>;
  declare reversals: CreationOptional<number>;
  declare error: string | null;
  declare statementId: number | null;
  declare startedById: number | null;
  declare startedByLabel: string;
  declare finishedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** What a bank reversal took back from a fulfilled order, until staff restore it or confirm the loss. */
export class PaymentReversal extends Model<Attrs<PaymentReversal>, Create<PaymentReversal>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare creditLineId: number;
  declare reversalLineId: number;
  declare amountCents: number;
  declare takenBack: TakenBack;
  declare notTakenBack: string | null;
  declare status: 'open' | 'restored' | 'confirmed';
  declare decidedByLabel: string | null;
  declare decidedAt: Date | null;
  declare decisionNote: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** Exactly what was taken back, so that it can be given back exactly. */
export interface TakenBack {
  couponIds: number[];
  credit: { companyId: number; cents: number }[];
  einvoices: { companyId: number; count: number }[];
}

export class BankCsvMapping extends Model<Attrs<BankCsvMapping>, Create<BankCsvMapping>> {
  declare id: CreationOptional<number>;
  declare bankName: string;
  declare mapping: Record<string, unknown>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class AdminSession extends Model<Attrs<AdminSession>, Create<AdminSession>> {
  declare sid: string;
  declare data: string;
  declare expiresAt: Date;
}

export class StaffLoginAttempt extends Model<Attrs<StaffLoginAttempt>, Create<StaffLoginAttempt>> {
  declare id: CreationOptional<number>;
  declare email: string;
  declare ip: string;
  declare success: boolean;
  declare createdAt: CreationOptional<Date>;
}

export class AdminActionKey extends Model<Attrs<AdminActionKey>, Create<AdminActionKey>> {
  declare key: string;
  declare staffId: number | null;
  declare action: string;
  declare entityId: string;
  declare result: Record<string, unknown> | null;
  declare createdAt: CreationOptional<Date>;
}

const BaseBankStatement = BankStatement;
const BaseBankLine = BankLine;
const BaseBankAllocation = BankAllocation;
const BaseBankCsvMapping = BankCsvMapping;
const BaseBankImport = BankImport;
const BasePaymentReversal = PaymentReversal;
const BaseAdminSession = AdminSession;
const BaseStaffLoginAttempt = StaffLoginAttempt;
const BaseAdminActionKey = AdminActionKey;

// A fresh object per use: Sequelize writes into attribute definitions.
const pk = () => ({ type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true });
const str = (len = 255, allowNull = false) => ({ type: DataTypes.STRING(len), allowNull });
const int = (allowNull = false) => ({ type: DataTypes.INTEGER, allowNull });
/** Money: BIGINT on MySQL/MariaDB (a balance passes INT's 21,474,836.47 €); SQLite's INTEGER is 64-bit anyway. */
const cents = (allowNull = false, defaultValue?: number) => ({ type: DataTypes.BIGINT, allowNull, defaultValue });
const count = () => ({ type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
const date = (allowNull = true) => ({ type: timestamp(), allowNull });
const base = (sequelize: Sequelize, tableName: string, extra: object = {}) => ({ sequelize, tableName, underscored: true, ...extra });

export function initBackOfficeModels(sequelize: Sequelize) {
  // Bound to this Sequelize instance only (see core/db/per-instance.ts).
  const BankStatement = perInstance(BaseBankStatement);
  const BankLine = perInstance(BaseBankLine);
  const BankAllocation = perInstance(BaseBankAllocation);
  const BankCsvMapping = perInstance(BaseBankCsvMapping);
  const BankImport = perInstance(BaseBankImport);
  const PaymentReversal = perInstance(BasePaymentReversal);
  const AdminSession = perInstance(BaseAdminSession);
  const StaffLoginAttempt = perInstance(BaseStaffLoginAttempt);
  const AdminActionKey = perInstance(BaseAdminActionKey);
  BankStatement.init({
    id: pk(), format: str(10), fileName: str(255), fileSha256: str(64), accountIban: str(34, true), statementRef: str(100, true),
    openingBalanceCents: cents(true), closingBalanceCents: cents(true), lineCount: int(), newLineCount: int(),
    importedById: int(true), importedByLabel: str(200), createdAt: date(false), updatedAt: date(false),
  }, base(sequelize, 'bank_statements'));
  BankLine.init({
    id: pk(), statementId: int(), dedupKey: str(191), movementKey: str(40, true), reversalOfId: int(true), bankRef: str(100, true), bookingDate: str(10), valueDate: str(10, true),
    amountCents: cents(), currency: str(3), counterparty: str(300, true), remittance: { type: DataTypes.TEXT, allowNull: false },
    reversal: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false }, status: str(12), matchKind: str(8, true),
    allocatedCents: cents(false, 0), surplusCents: cents(false, 0),
    suggestions: jsonText('suggestions'), note: str(500, true), createdAt: date(false), updatedAt: date(false),
  }, base(sequelize, 'bank_lines'));
  BankAllocation.init({
    id: pk(), lineId: int(), orderId: int(), amountCents: cents(), kind: str(8), staffId: int(true), staffLabel: str(200),
    undoneAt: date(), undoneBy: str(200, true), createdAt: date(false),
  }, base(sequelize, 'bank_allocations', { updatedAt: false }));
  BankImport.init({
    id: pk(), fileName: str(255), filePath: str(500), fileSize: cents(), fileSha256: str(64), bankName: str(100, true), status: str(12), phase: str(40, true),
    linesRead: count(), newLines: count(), duplicates: count(), held: count(), matched: count(), partial: count(), toReview: count(), ignored: count(), reversals: count(),
    error: { type: DataTypes.TEXT, allowNull: true }, statementId: int(true), startedById: int(true), startedByLabel: str(200),
    finishedAt: date(), createdAt: date(false), updatedAt: date(false),
  }, base(sequelize, 'bank_imports'));
  PaymentReversal.init({
    id: pk(), orderId: int(), creditLineId: int(), reversalLineId: int(), amountCents: cents(), takenBack: jsonText('takenBack', false), notTakenBack: { type: DataTypes.TEXT, allowNull: true },
    status: str(12), decidedByLabel: str(200, true), decidedAt: date(), decisionNote: str(500, true), createdAt: date(false), updatedAt: date(false),
  }, base(sequelize, 'payment_reversals'));
  BankCsvMapping.init({ id: pk(), bankName: str(100), mapping: jsonText('mapping', false), createdAt: date(false), updatedAt: date(false) }, base(sequelize, 'bank_csv_mappings'));
  AdminSession.init({ sid: { type: DataTypes.STRING(191), primaryKey: true }, data: { type: DataTypes.TEXT, allowNull: false }, expiresAt: date(false) }, base(sequelize, 'admin_sessions', { timestamps: false }));
  StaffLoginAttempt.init({ id: pk(), email: str(254), ip: str(64), success: { type: DataTypes.BOOLEAN, allowNull: false }, createdAt: date(false) }, base(sequelize, 'staff_login_attempts', { updatedAt: false }));
  AdminActionKey.init({
    key: { type: DataTypes.STRING(64), primaryKey: true }, staffId: int(true), action: str(64), entityId: str(64), result: jsonText('result'), createdAt: date(false),
  }, base(sequelize, 'admin_action_keys', { updatedAt: false }));

  BankStatement.hasMany(BankLine, { foreignKey: 'statementId', as: 'lines' });
  BankLine.belongsTo(BankStatement, { foreignKey: 'statementId', as: 'statement' });
  BankLine.hasMany(BankAllocation, { foreignKey: 'lineId', as: 'allocations' });
  return { BankStatement, BankLine, BankAllocation, BankImport, PaymentReversal, BankCsvMapping, AdminSession, StaffLoginAttempt, AdminActionKey };
}
