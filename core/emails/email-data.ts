/**
 * What each email needs. The zod schemas are the single source of truth: the TypeScript types are
 * inferred from them, and at startup the renderer checks every `{{path}}` a template uses against
 * them, so a typo in a template fails the boot instead of sending "undefined" to a customer.
 *
 * Every value is a string the caller has already formatted for the recipient's language
 * (amounts through `formatEuro`, dates, tier labels): templates never compute.
 * `links.*` are PATHS on our own site ("/i/abc"); the renderer makes them absolute from baseUrl.
 */
import { z } from 'zod';

/** A path on our own site: starts with one "/" (never "//host", never a scheme like "javascript:"). */
export const linkPath = z.string().regex(/^\/(?![/\\])[^\s\\]*$/, 'must be a path like /i/abc on our own site');

const s = z.string();

const invitation = z.object({
  clientName: s,
  partnerName: s,
  tierLabel: s,
  expiresOn: s,
  links: z.object({ checkout: linkPath }),
});

const orderLink = z.object({ order: linkPath });

export const emailSchemas = {
  /** CS → client: buy your own company account (client-paid). */
  invitation,
  /** Same invitation, sent again before it expires. */
  invitation_reminder: invitation,
  /** Buyer: we received the order. */
  order_confirmation: z.object({
    recipientName: s,
    orderNumber: s,
    itemsDescription: s,
    net: s,
    vat: s,
    total: s,
    paymentMethod: s,
    links: orderLink,
  }),
  /** Buyer chose bank transfer: how to pay. */
  bank_transfer_instructions: z.object({
    recipientName: s,
    orderNumber: s,
    total: s,
    beneficiary: s,
    iban: s,
    bic: s,
    paymentReference: s,
    links: orderLink,
  }),
  /** Buyer: payment reconciled / Stripe paid; the invoice issued with it and its courtesy copy. */
  payment_received: z.object({
    recipientName: s,
    orderNumber: s,
    total: s,
    paymentMethod: s,
    /** the invoice's number and date, or (no invoice recorded with the payment) where the order's invoices appear */
    invoiceNote: s,
    invoiceLabel: s,
    /** the courtesy copy (/fattura/<token>), else the order's page */
    links: z.object({ order: linkPath, invoice: linkPath }),
  }),
  /** Partner: coupons are available in the bot. */
  coupons_issued: z.object({
    recipientName: s,
    orderNumber: s,
    quantity: s,
    tierLabel: s,
  }),
  /** Company provisioned. */
  company_ready: z.object({
    recipientName: s,
    companyName: s,
    tierLabel: s,
    /** the order that bought it: its page says where things stand */
    links: orderLink,
  }),
  /** Provisioning failed; staff are on it. */
  company_failed: z.object({
    recipientName: s,
    companyName: s,
    orderNumber: s,
  }),
  /** Unpaid order about to expire. */
  order_expiring: z.object({
    recipientName: s,
    orderNumber: s,
    total: s,
    expiresOn: s,
    links: z.object({ pay: linkPath }),
  }),
  order_refunded: z.object({
    recipientName: s,
    orderNumber: s,
    amount: s,
    paymentMethod: s,
    links: orderLink,
  }),
  /** Client-paid company: its subscription is expiring; the renewal link. */
  renewal_due_client: z.object({
    recipientName: s,
    companyName: s,
    tierLabel: s,
    expiresOn: s,
    graceEndsOn: s,
    total: s,
    /** a renewal already ordered and waiting for its transfer, else empty */
    note: s,
    links: z.object({ renew: linkPath }),
  }),
  /** Partner: its own companies expiring on one day. */
  renewal_due_partner: z.object({
    recipientName: s,
    count: s,
    expiresOn: s,
    graceEndsOn: s,
    companies: s,
    note: s,
  }),
  /** Partner and paying client: the company is suspended (unpaid after the grace). */
  company_suspended: z.object({ recipientName: s, companyName: s, expiresOn: s }),
  /** Partner and paying client: renewed after a suspension, active again. */
  company_reactivated: z.object({ recipientName: s, companyName: s, expiresOn: s }),
  /** Buyer: SdI could not deliver the invoice (no channel): it is in the buyer's cassetto fiscale. */
  invoice_in_tax_drawer: z.object({
    recipientName: s,
    invoiceNumber: s,
    issuedOn: s,
    total: s,
    links: z.object({ invoice: linkPath }),
  }),
} as const;

export type EmailName = keyof typeof emailSchemas;
export type EmailData = { [K in EmailName]: z.infer<(typeof emailSchemas)[K]> };
export const emailNames = Object.keys(emailSchemas) as EmailName[];

export type Lang = 'it' | 'en';
export const langs: readonly Lang[] = ['it', 'en'];

/** Printed in every email's header and footer; comes from config (VENDOR_*, SUPPORT_EMAIL). */
export interface VendorInfo {
  /** Header brand; defaults to "KeyContabilità · Sportello". */
  productName?: string;
  name: string;
  address: string;
  vatNumber: string;
  supportEmail: string;
  /** the vendor's privacy policy (PRIVACY_POLICY_URL); defaults to the demo's placeholder page <baseUrl>/privacy */
  privacyPolicyUrl?: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}
