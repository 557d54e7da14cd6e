/** An address that asked for no more invitations (core/emails/opt-out.ts). */
import { DataTypes, Model, type Sequelize, type InferAttributes, type InferCreationAttributes, type CreationOptional } from 'sequelize';
import { timestamp } from './columns.js';
import { perInstance } from './per-instance.js';

export type OptOutSource = 'link' | 'one_click' | 'staff';

export class EmailOptOut extends Model<InferAttributes<EmailOptOut>, InferCreationAttributes<EmailOptOut>> {
  declare id: CreationOptional<number>;
  /** lower-cased */
  declare email: string;
  declare source: OptOutSource;
  declare createdAt: CreationOptional<Date>;
}

const BaseEmailOptOut = EmailOptOut;

export function initEmailOptOutModels(sequelize: Sequelize) {
  const EmailOptOut = perInstance(BaseEmailOptOut);
  EmailOptOut.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      email: { type: DataTypes.STRING(191), allowNull: false },
      source: { type: DataTypes.STRING(12), allowNull: false },
      createdAt: { type: timestamp(), allowNull: false },
    },
    { sequelize, tableName: 'email_opt_outs', underscored: true, updatedAt: false },
  );
  return { EmailOptOut };
}
