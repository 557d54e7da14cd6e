/** The closed vocabularies of the domain (see the glossary in PRODUCT.md). */
export const tiers = ['lite', 'ordinary', 'corporate'] as const;
export type Tier = (typeof tiers)[number];
export const tierLabels: Record<Tier, { it: string; en: string }> = {
  lite: { it: 'LITE', en: 'LITE' },
  ordinary: { it: 'Ordinaria', en: 'Ordinary' },
  corporate: { it: 'Corporate', en: 'Corporate' },
};
/** Upgrades move one step up. */
export const nextTier: Record<Tier, Tier | null> = { lite: 'ordinary', ordinary: 'corporate', corporate: null };

export const productKinds = ['coupon', 'einvoice_pack', 'credit_topup', 'renewal', 'upgrade'] as const;
export type ProductKind = (typeof productKinds)[number];
/** Kinds that act on an existing company, so the buyer must choose one. */
export const companyProductKinds: readonly ProductKind[] = ['einvoice_pack', 'credit_topup', 'renewal', 'upgrade'];

export const orderStatuses = ['pending_payment', 'paid', 'fulfilled', 'cancelled', 'expired', 'refunded'] as const;
export type OrderStatus = (typeof orderStatuses)[number];
export const paymentMethods = ['stripe', 'bank_transfer', 'sandbox'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];
export type Payer = 'partner' | 'client';
export type PartnerKind = 'service_centre' | 'accountant';
export const couponStatuses = ['available', 'activated', 'revoked'] as const;
export type CouponStatus = (typeof couponStatuses)[number];
export const subscriptionStates = ['active', 'grace', 'suspended'] as const;
export type SubscriptionState = (typeof subscriptionStates)[number];
export type ProvisioningState = 'provisioning' | 'active' | 'failed';
export type InvitationStatus = 'sent' | 'opened' | 'purchased' | 'expired' | 'cancelled';
export const staffRoles = ['admin', 'accounting', 'support'] as const;
export type StaffRole = (typeof staffRoles)[number];
export type JobStatus = 'pending' | 'running' | 'done' | 'failed';
export type EmailStatus = 'queued' | 'sent' | 'failed';
export type ActorType = 'staff' | 'partner_user' | 'client' | 'system';
export type Lang = 'it' | 'en';
