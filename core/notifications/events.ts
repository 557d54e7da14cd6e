/** What partners are told on Telegram. The bot owns the wording (per language); the core only names the event. */
export const notificationEvents = [
  'order_paid',
  'bank_transfer_received',
  'order_fulfilled',
  'coupons_issued',
  'company_ready',
  'company_failed',
  'invitation_opened',
  'invitation_purchased',
  'order_expiring',
  'order_expired',
  'order_refunded',
  'payment_flagged',
  'payment_restored',
  'renewals_due',
  'renewal_client_reminded',
  'company_suspended',
  'company_reactivated',
  'order_payment_failed',
  /** a partner's invoice is numbered but waits for its billing data (the bot's form completes them) */
  'invoice_awaiting_data',
] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

export interface NotificationTarget {
  partnerUserId: number;
  chatId: string;
  language: 'it' | 'en';
}

/** The port the worker sends through; the Telegram adapter lives in bot/. */
export interface Notifier {
  notify(target: NotificationTarget, event: NotificationEvent, params: Record<string, unknown>): Promise<void>;
}

/** Thrown by a Notifier when the user blocked the bot: the user is marked and never retried. */
export class RecipientBlockedError extends Error {
  constructor(message = 'recipient blocked the bot') {
    super(message);
    this.name = 'RecipientBlockedError';
  }
}
