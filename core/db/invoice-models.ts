/**
 * Models of the invoicing capability (tables created by the migration "create-invoices").
 * Initialised from `initModels` so they are part of `db.models` like every other model.
 */
import { DataTypes, Model, type Sequelize, type InferAttributes, type InferCreationAttributes, type CreationOptional } from 'sequelize';
import { jsonText, timestamp } from './columns.js';
import { perInstance } from './per-instance.js';
import type { BuyerSnapshot, InvoiceLine, InvoiceProblem, DocumentType, InvoiceState } from '../invoicing/invoice.types.js';

export class InvoiceCounter extends Model<InferAttributes<InvoiceCounter>, InferCreationAttributes<InvoiceCounter>> {
  declare year: number;
  declare series: string;
  declare lastNumber: number;
  declare lastDate: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Invoice extends Model<InferAttributes<Invoice>, InferCreationAttributes<Invoice>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare documentType: DocumentType;
  declare dedupKey: string;
  declare year: number;
  declare series: string;
  declare sequence: number;
  /** `Numero` as printed: 2026/SP/000123 */
  declare number: string;
  /** `Data`, YYYY-MM-DD in Europe/Rome */
  declare issueDate: string;
  /** the TD01 a credit note reverses */
  declare relatedInvoiceId: number | null;
  declare buyerType: 'partner' | 'client';
  declare partnerId: number;
  declare companyId: number | null;
  declare buyer: BuyerSnapshot;
  declare lines: InvoiceLine[];
  declare netCents: number;
  declare vatCents: number;
  declare grossCents: number;
  declare paymentMethod: string;
  declare paidAt: Date;
  declare orderNumber: string | null;
  declare state: InvoiceState;
  declare problems: InvoiceProblem[] | null;
  declare xml: string | null;
  declare fileName: string | null;
  declare progressivoInvio: string | null;
  declare transmissionId: string | null;
  declare sdiIdentifier: string | null;
  declare sentAt: Date | null;
  declare deliveredAt: Date | null;
  declare rejectedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class InvoiceReceipt extends Model<InferAttributes<InvoiceReceipt>, InferCreationAttributes<InvoiceReceipt>> {
  declare id: CreationOptional<number>;
  declare invoiceId: number | null;
  declare type: string;
  declare messageId: string;
  declare fileName: string | null;
  declare sdiIdentifier: string | null;
  declare outcome: string | null;
  declare errors: { code: string; description: string }[] | null;
  declare body: string;
  declare createdAt: CreationOptional<Date>;
}

const BaseInvoiceCounter = InvoiceCounter;
const BaseInvoice = Invoice;
const BaseInvoiceReceipt = InvoiceReceipt;

const str = (len: number, allowNull = false) => ({ type: DataTypes.STRING(len), allowNull });
const int = (allowNull = false) => ({ type: DataTypes.INTEGER, allowNull });
const date = (allowNull = true) => ({ type: timestamp(), allowNull });

export function initInvoiceModels(sequelize: Sequelize) {
  const InvoiceCounter = perInstance(BaseInvoiceCounter);
  const Invoice = perInstance(BaseInvoice);
  const InvoiceReceipt = perInstance(BaseInvoiceReceipt);
  InvoiceCounter.init({
    year: { ...int(), primaryKey: true }, series: { ...str(10), primaryKey: true },
    lastNumber: { ...int(), defaultValue: 0 }, lastDate: str(10, true), createdAt: date(false), updatedAt: date(false),
  }, { sequelize, tableName: 'invoice_counters', underscored: true });

  Invoice.init({
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    orderId: int(), documentType: str(4), dedupKey: str(100), year: int(), series: str(10), sequence: int(), number: str(20),
    issueDate: str(10), relatedInvoiceId: int(true), buyerType: str(10), partnerId: int(), companyId: int(true),
    buyer: jsonText('buyer', false), lines: jsonText('lines', false),
    netCents: int(), vatCents: int(), grossCents: int(), paymentMethod: str(20), paidAt: date(false), orderNumber: str(20, true),
    state: str(20), problems: jsonText('problems'), xml: { type: DataTypes.TEXT, allowNull: true }, // MEDIUMTEXT on MariaDB (see the migration)
    fileName: str(60, true), progressivoInvio: str(5, true), transmissionId: str(100, true), sdiIdentifier: str(30, true),
    sentAt: date(), deliveredAt: date(), rejectedAt: date(), createdAt: date(false), updatedAt: date(false),
  }, { sequelize, tableName: 'invoices', underscored: true });

  InvoiceReceipt.init({
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    invoiceId: int(true), type: str(4), messageId: str(60), fileName: str(100, true), sdiIdentifier: str(30, true),
    outcome: str(300, true), errors: jsonText('errors'), body: { type: DataTypes.TEXT, allowNull: false }, createdAt: date(false),
  }, { sequelize, tableName: 'invoice_receipts', underscored: true, updatedAt: false });

  return { InvoiceCounter, Invoice, InvoiceReceipt };
}
