/** Models of the back-office tables (migration 2026.11.27T00.40.00): bank reconciliation, staff sessions and action keys. */
import { DataTypes, Model, type Sequelize, type InferAttributes, type InferCreationAttributes, type CreationOptional } from 'sequelize';
import { jsonText, timestamp } from './columns.js';
import { perInstance } from './per-instance.js';

type Attrs<M extends Model> = InferAttributes<M>;
type Create<M extends Model> = InferCreationAttributes<M>;

export type BankLineStatus = 'unmatched' | 'partial' | 'matched' | 'not_ours' | 'ignored';

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
const BaseAdminSession = AdminSession;
const BaseStaffLoginAttempt = StaffLoginAttempt;
const BaseAdminActionKey = AdminActionKey;

// A fresh object per use: Sequelize writes into attribute definitions.
const pk = () => ({ type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true });
const str = (len = 255, allowNull = false) => ({ type: DataTypes.STRING(len), allowNull });
const int = (allowNull = false) => ({ type: DataTypes.INTEGER, allowNull });
const date = (allowNull = true) => ({ type: timestamp(), allowNull });
const base = (sequelize: Sequelize, tableName: string, extra: object = {}) => ({ sequelize, tableName, underscored: true, ...extra });

export function initBackOfficeModels(sequelize: Sequelize) {
  // Bound to this Sequelize instance only (see core/db/per-instance.ts).
  const BankStatement = perInstance(BaseBankStatement);
  const BankLine = perInstance(BaseBankLine);
  const BankAllocation = perInstance(BaseBankAllocation);
  const BankCsvMapping = perInstance(BaseBankCsvMapping);
  const AdminSession = perInstance(BaseAdminSession);
  const StaffLoginAttempt = perInstance(BaseStaffLoginAttempt);
  const AdminActionKey = perInstance(BaseAdminActionKey);
  BankStatement.init({
    id: pk(), format: str(10), fileName: str(255), fileSha256: str(64), accountIban: str(34, true), statementRef: str(100, true),
    openingBalanceCents: int(true), closingBalanceCents: int(true), lineCount: int(), newLineCount: int(),
    importedById: int(true), importedByLabel: str(200), createdAt: date(false), updatedAt: date(false),
  }, base(sequelize, 'bank_statements'));
  BankLine.init({
    id: pk(), statementId: int(), dedupKey: str(191), bankRef: str(100, true), bookingDate: str(10), valueDate: str(10, true),
    amountCents: int(), currency: str(3), counterparty: str(300, true), remittance: { type: DataTypes.TEXT, allowNull: false },
    reversal: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false }, status: str(12), matchKind: str(8, true),
    allocatedCents: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 }, surplusCents: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    suggestions: jsonText('suggestions'), note: str(500, true), createdAt: date(false), updatedAt: date(false),
  }, base(sequelize, 'bank_lines'));
  BankAllocation.init({
    id: pk(), lineId: int(), orderId: int(), amountCents: int(), kind: str(8), staffId: int(true), staffLabel: str(200),
    undoneAt: date(), undoneBy: str(200, true), createdAt: date(false),
  }, base(sequelize, 'bank_allocations', { updatedAt: false }));
  BankCsvMapping.init({ id: pk(), bankName: str(100), mapping: jsonText('mapping', false), createdAt: date(false), updatedAt: date(false) }, base(sequelize, 'bank_csv_mappings'));
  AdminSession.init({ sid: { type: DataTypes.STRING(191), primaryKey: true }, data: { type: DataTypes.TEXT, allowNull: false }, expiresAt: date(false) }, base(sequelize, 'admin_sessions', { timestamps: false }));
  StaffLoginAttempt.init({ id: pk(), email: str(254), ip: str(64), success: { type: DataTypes.BOOLEAN, allowNull: false }, createdAt: date(false) }, base(sequelize, 'staff_login_attempts', { updatedAt: false }));
  AdminActionKey.init({
    key: { type: DataTypes.STRING(64), primaryKey: true }, staffId: int(true), action: str(64), entityId: str(64), result: jsonText('result'), createdAt: date(false),
  }, base(sequelize, 'admin_action_keys', { updatedAt: false }));

  BankStatement.hasMany(BankLine, { foreignKey: 'statementId', as: 'lines' });
  BankLine.hasMany(BankAllocation, { foreignKey: 'lineId', as: 'allocations' });
  return { BankStatement, BankLine, BankAllocation, BankCsvMapping, AdminSession, StaffLoginAttempt, AdminActionKey };
}
