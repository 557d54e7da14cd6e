/** How an order reads in the chat: its lines and totals, and how to pay it while it waits. */
import type { InlineKeyboardButton } from 'telegraf/types';
import type { AppConfig } from '../../core/config.js';
import type { Order } from '../../core/shared/records.js';
import { payLink } from '../../core/orders/links.js';
import { formatPaymentReference } from '../../core/orders/payment-reference.js';
import type { Lang } from '../../core/shared/types.js';
import { formatIban } from '../../core/validation/index.js';
import { esc, euro, type Messages } from '../i18n.js';
import { urlBtn } from '../ui.js';

export interface SummaryLine {
  description: string;
  quantity: number;
  netCents: number;
}

export function totalsText(m: Messages, lang: Lang, lines: SummaryLine[], t: { netCents: number; vatCents: number; grossCents: number }, companyName?: string) {
  const out = lines.map((l) => `• ${l.quantity} × ${esc(l.description)} — ${euro(l.netCents, lang)}`);
  if (companyName) out.unshift(`${m.buy.company}: <b>${esc(companyName)}</b>`);
  out.push('', `${m.buy.net}: ${euro(t.netCents, lang)}`, `${m.buy.vat}: ${euro(t.vatCents, lang)}`, `<b>${m.buy.total}: ${euro(t.grossCents, lang)}</b>`);
  return out.join('\n');
}

export function bankInstructions(m: Messages, lang: Lang, config: AppConfig, order: Order) {
  const iban = (() => {
    try {
      return formatIban(config.BANK_IBAN);
    } catch {
      return config.BANK_IBAN;
    }
  })();
  return [
    m.buy.bankTitle,
    `${m.buy.beneficiary}: <b>${esc(config.BANK_BENEFICIARY)}</b>`,
    `IBAN: <code>${esc(iban)}</code>`,
    `BIC: <code>${esc(config.BANK_BIC)}</code>`,
    `${m.buy.amount}: <b>${euro(order.grossCents, lang)}</b>`,
    `${m.buy.causale}: <code>${esc(formatPaymentReference(order.paymentReference))}</code>`,
    '',
    m.buy.bankNote,
  ].join('\n');
}

/** The way to pay an order still waiting for payment (nothing once paid or closed). */
export function howToPay(m: Messages, lang: Lang, config: AppConfig, order: Order): { text: string; rows: InlineKeyboardButton[][] } | null {
  if (order.status !== 'pending_payment') return null;
  if (order.paymentMethod === 'bank_transfer') return { text: bankInstructions(m, lang, config, order), rows: [] };
  return { text: m.buy.payStripe, rows: [[urlBtn(m.buy.payButton, payLink(config, order.id))]] };
}
