/** Column helpers shared by models and migrations, so both read the same on SQLite and MariaDB. */
import { DataTypes, type ModelAttributeColumnOptions } from 'sequelize';

/**
 * JSON stored as TEXT: MariaDB's JSON is LONGTEXT that mysql2 hands back as a string, while
 * SQLite has no JSON type at all; one explicit encoding behaves the same on both.
 */
export function jsonText(field: string, allowNull = true): ModelAttributeColumnOptions {
  return {
    type: DataTypes.TEXT,
    allowNull,
    get(this: any) {
      const raw = this.getDataValue(field);
      return raw == null ? null : typeof raw === 'string' ? JSON.parse(raw) : raw;
    },
    set(this: any, value: unknown) {
      this.setDataValue(field, value == null ? null : JSON.stringify(value));
    },
  };
}

/** Millisecond timestamps (MySQL's DATETIME drops them by default; ordering of events needs them). */
export const timestamp = () => DataTypes.DATE(3);
