/**
 * Models of the payments capability (tables created by the migration "create-stripe-events").
 * Initialised from `initModels` so they are part of `db.models` like every other model.
 */
import { DataTypes, Model, type Sequelize, type InferAttributes, type InferCreationAttributes, type CreationOptional } from 'sequelize';
import { timestamp } from './columns.js';
import { perInstance } from './per-instance.js';

/** `not_ours`: a validly signed event about an object that is not Sportello's (answered 200, nothing done). */
export type StripeEventStatus = 'processing' | 'processed' | 'ignored' | 'not_ours' | 'failed';

/** One webhook event as received: the unique `eventId` is what makes processing exactly-once. */
export class StripeEvent extends Model<InferAttributes<StripeEvent>, InferCreationAttributes<StripeEvent>> {
  declare id: CreationOptional<number>;
  declare eventId: string;
  declare type: string;
  /** 'stripe' or 'sandbox' (the local checkout page) */
  declare source: string;
  declare status: StripeEventStatus;
  declare attempts: CreationOptional<number>;
  /** a 'processing' row whose lease ran out (crashed process) may be taken over by a redelivery */
  declare lockedUntil: Date | null;
  declare orderId: number | null;
  declare outcome: string | null;
  declare error: string | null;
  declare payload: string;
  declare processedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A checkout session of the local sandbox: the same fields Stripe's session has, that we read. */
export class SandboxCheckoutSession extends Model<InferAttributes<SandboxCheckoutSession>, InferCreationAttributes<SandboxCheckoutSession>> {
  declare id: string;
  declare idempotencyKey: string;
  declare orderId: number;
  declare amountTotal: number;
  declare currency: string;
  declare status: 'open' | 'complete' | 'expired';
  declare paymentStatus: 'paid' | 'unpaid';
  declare paymentIntentId: string | null;
  declare paymentIntentStatus: string | null;
  declare chargeId: string | null;
  declare amountRefunded: CreationOptional<number>;
  declare successUrl: string;
  declare cancelUrl: string;
  declare expiresAt: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const BaseStripeEvent = StripeEvent;
const BaseSandboxCheckoutSession = SandboxCheckoutSession;

const str = (len: number, allowNull = false) => ({ type: DataTypes.STRING(len), allowNull });
const int = (allowNull = false) => ({ type: DataTypes.INTEGER, allowNull });
const date = (allowNull = true) => ({ type: timestamp(), allowNull });

export function initPaymentModels(sequelize: Sequelize) {
  // Bound to this Sequelize instance only (see perInstance in core/db/models.ts).
  const StripeEvent = perInstance(BaseStripeEvent);
  const SandboxCheckoutSession = perInstance(BaseSandboxCheckoutSession);
  StripeEvent.init({
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    eventId: str(255), type: str(80), source: str(10), status: str(12),
    attempts: { ...int(), defaultValue: 0 }, lockedUntil: date(), orderId: int(true), outcome: str(300, true),
    error: { type: DataTypes.TEXT, allowNull: true }, payload: { type: DataTypes.TEXT, allowNull: false }, // MEDIUMTEXT on MariaDB (see the migration)
    processedAt: date(), createdAt: date(false), updatedAt: date(false),
  }, { sequelize, tableName: 'stripe_events', underscored: true });

  SandboxCheckoutSession.init({
    id: { ...str(80), primaryKey: true }, idempotencyKey: str(191), orderId: int(), amountTotal: int(), currency: str(3),
    status: str(10), paymentStatus: str(20), paymentIntentId: str(80, true), paymentIntentStatus: str(30, true),
    chargeId: str(80, true), amountRefunded: { ...int(), defaultValue: 0 }, successUrl: str(500), cancelUrl: str(500),
    expiresAt: date(false), createdAt: date(false), updatedAt: date(false),
  }, { sequelize, tableName: 'sandbox_checkout_sessions', underscored: true });

  return { StripeEvent, SandboxCheckoutSession };
}
