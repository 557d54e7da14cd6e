/**
 * The record types faces may name (bot/, web/, admin/): what use cases return. Faces import them from
 * here, never from core/db/, so the persistence layer stays behind the use cases (`npm run depcheck`).
 */
export type {
  Partner,
  PartnerUser,
  LinkCode,
  Product,
  Order,
  OrderLine,
  Coupon,
  Company,
  CompanyAccount,
  CreditEntry,
  Invitation,
  StaffUser,
  AuditLog,
  OutboxJob,
  Email,
} from '../db/models.js';
export type { BankStatement, BankLine, BankAllocation } from '../db/back-office-models.js';
