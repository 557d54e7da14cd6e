/**
 * Who may do what in the back-office: one table, read by AdminJS's own hooks for every action on the
 * server (isAccessible, refusals audited: admin/access.ts) and to hide what a role cannot do. Unknown
 * resource or action → admin only.
 *   admin      everything, staff users included
 *   accounting orders, payments, reconciliation, refunds, CSV exports
 *   support    read, resend emails, retry provisioning, issue link codes
 */
import type { StaffRole } from '../core/shared/types.js';

type Roles = readonly StaffRole[] | 'nobody';
interface ResourcePolicy {
  read: readonly StaffRole[];
  actions: Record<string, Roles>;
}

const ALL: readonly StaffRole[] = ['admin', 'accounting', 'support'];
const MONEY: readonly StaffRole[] = ['admin', 'accounting'];
const ADMIN: readonly StaffRole[] = ['admin'];
const READ_ONLY = { new: 'nobody', edit: 'nobody', delete: 'nobody', bulkDelete: 'nobody' } as const;

export const policies: Record<string, ResourcePolicy> = {
  partners: { read: ALL, actions: { new: 'nobody', createPartner: ADMIN, edit: ADMIN, delete: 'nobody', bulkDelete: 'nobody', issueLinkCode: ALL, upcomingRenewals: ALL, purchases: ALL, billing: MONEY } },
  partner_users: { read: ALL, actions: { ...READ_ONLY } },
  link_codes: { read: ALL, actions: { ...READ_ONLY } },
  products: { read: ALL, actions: { new: 'nobody', edit: ADMIN, delete: 'nobody', bulkDelete: 'nobody' } },
  orders: { read: ALL, actions: { ...READ_ONLY, markPaid: MONEY, fulfil: MONEY, cancel: MONEY, refund: MONEY, resendInstructions: ALL, exportCsv: MONEY } },
  order_lines: { read: ALL, actions: { ...READ_ONLY } },
  coupons: { read: ALL, actions: { ...READ_ONLY, revoke: MONEY, reassign: MONEY, exportCsv: MONEY } },
  companies: { read: ALL, actions: { ...READ_ONLY, retryProvisioning: ALL, extendSubscription: MONEY, exportCsv: MONEY } },
  invitations: { read: ALL, actions: { ...READ_ONLY, resend: ALL, cancel: MONEY } },
  emails: { read: ALL, actions: { ...READ_ONLY, preview: ALL, resend: ALL } },
  email_opt_outs: { read: ALL, actions: { ...READ_ONLY, addOptOut: ALL, withdrawOptOut: ALL } },
  outbox_jobs: { read: ALL, actions: { ...READ_ONLY, retry: ALL } },
  stripe_events: { read: MONEY, actions: { ...READ_ONLY } },
  bank_statements: { read: MONEY, actions: { ...READ_ONLY, importStatement: MONEY, report: MONEY, rematch: MONEY } },
  bank_lines: { read: MONEY, actions: { ...READ_ONLY, matchByHand: MONEY, notOurs: MONEY, undo: MONEY, release: MONEY } },
  bank_imports: { read: MONEY, actions: { ...READ_ONLY } },
  payment_reversals: { read: MONEY, actions: { ...READ_ONLY, restore: MONEY, confirm: MONEY } },
  bank_allocations: { read: MONEY, actions: { ...READ_ONLY } },
  bank_csv_mappings: { read: MONEY, actions: { new: 'nobody', edit: 'nobody', delete: 'nobody', bulkDelete: 'nobody', saveMapping: MONEY } },
  staff_users: { read: ADMIN, actions: { new: 'nobody', createStaffUser: ADMIN, edit: ADMIN, delete: 'nobody', bulkDelete: 'nobody' } },
  audit_logs: { read: ALL, actions: { ...READ_ONLY, personalDataReport: ADMIN, personalDataErasure: ADMIN } },
  invoices: { read: ALL, actions: { ...READ_ONLY, resend: MONEY, export: MONEY, download: ALL } },
  invoice_receipts: { read: ALL, actions: { ...READ_ONLY } },
};

const READ_ACTIONS = new Set(['list', 'show', 'search']);

export function can(role: StaffRole | undefined, resourceId: string, action: string): boolean {
  if (!role) return false;
  const p = policies[resourceId];
  if (!p) return role === 'admin';
  if (READ_ACTIONS.has(action)) return p.read.includes(role);
  const roles = p.actions[action];
  if (roles === 'nobody') return false;
  if (!roles) return role === 'admin';
  return roles.includes(role);
}
