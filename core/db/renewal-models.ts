/** Models of renewals (migration 2026.12.06T14.00.00): client renewal links, the days already scanned, the reminders sent. */
import { DataTypes, Model, type Sequelize, type InferAttributes, type InferCreationAttributes, type CreationOptional } from 'sequelize';
import { timestamp } from './columns.js';
import { perInstance } from './per-instance.js';

export class RenewalLink extends Model<InferAttributes<RenewalLink>, InferCreationAttributes<RenewalLink>> {
  declare id: CreationOptional<number>;
  declare companyId: number;
  declare tokenHash: string;
  /** the Rome day of the expiry this link renews: a renewal paid meanwhile makes the link spent */
  declare expiresOn: string;
  declare expiresAt: Date;
  declare usedAt: Date | null;
  declare orderId: number | null;
  declare createdAt: CreationOptional<Date>;
}

export class RenewalScan extends Model<InferAttributes<RenewalScan>, InferCreationAttributes<RenewalScan>> {
  declare day: string;
  declare reminders: number;
  declare suspensions: number;
  declare createdAt: CreationOptional<Date>;
}

/** A reminder already sent (see the migration): its key is the proof. */
export class RenewalReminder extends Model<InferAttributes<RenewalReminder>, InferCreationAttributes<RenewalReminder>> {
  declare key: string;
  declare createdAt: CreationOptional<Date>;
}

export function initRenewalModels(sequelize: Sequelize) {
  const Link = perInstance(RenewalLink);
  const Scan = perInstance(RenewalScan);
  Link.init({
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    companyId: { type: DataTypes.INTEGER, allowNull: false },
    tokenHash: { type: DataTypes.STRING(64), allowNull: false },
    expiresOn: { type: DataTypes.STRING(10), allowNull: false },
    expiresAt: { type: timestamp(), allowNull: false },
    usedAt: { type: timestamp(), allowNull: true },
    orderId: { type: DataTypes.INTEGER, allowNull: true },
    createdAt: { type: timestamp(), allowNull: false },
  }, { sequelize, tableName: 'renewal_links', underscored: true, updatedAt: false });
  Scan.init({
    day: { type: DataTypes.STRING(10), primaryKey: true },
    reminders: { type: DataTypes.INTEGER, allowNull: false },
    suspensions: { type: DataTypes.INTEGER, allowNull: false },
    createdAt: { type: timestamp(), allowNull: false },
  }, { sequelize, tableName: 'renewal_scans', underscored: true, updatedAt: false });
  const Reminder = perInstance(RenewalReminder);
  Reminder.init({
    key: { type: DataTypes.STRING(80), primaryKey: true },
    createdAt: { type: timestamp(), allowNull: false },
  }, { sequelize, tableName: 'renewal_reminders', underscored: true, updatedAt: false });
  return { RenewalLink: Link, RenewalScan: Scan, RenewalReminder: Reminder };
}
