/** Words of the client's renewal page, Italian first, English beside. */
import type { PageLang } from '../checkout/page-strings.js';

const it = {
  title: 'Rinnova l’abbonamento KeyContabilità',
  intro: (company: string, day: string) => `L’abbonamento di ${company} scade il ${day}. Rinnovalo per 12 mesi: l’anno nuovo parte dalla scadenza, senza perdere giorni.`,
  suspendedIntro: (company: string) => `L’abbonamento di ${company} è scaduto e l’azienda è sospesa: il rinnovo la riattiva subito, per 12 mesi dal giorno del pagamento.`,
  grace: (day: string) => `Se non è rinnovata, l’azienda resta attiva fino al ${day} e poi viene sospesa.`,
  partner: (name: string) => `Centro Servizi: ${name}`,
  company: 'Azienda',
  vatNumber: 'Partita IVA',
  offer: 'Il rinnovo',
  tier: 'Tipologia',
  vat: (rate: string) => `IVA ${rate} %`,
  total: 'Totale',
  paymentMethod: 'Metodo di pagamento',
  payCard: 'Carta di pagamento (Stripe): il rinnovo vale subito',
  paySandbox: 'Pagamento di prova (sandbox): nessun addebito reale',
  payBank: 'Bonifico bancario: il rinnovo vale all’accredito (12-24 ore)',
  choose: 'Scegli un metodo di pagamento.',
  submit: 'Rinnova e procedi al pagamento',
  problemTitle: 'Questo link non è più valido',
  problems: {
    expired: 'Questo link di rinnovo è scaduto.',
    already_used: 'Questo abbonamento è già stato rinnovato: non devi fare nulla.',
    not_found: 'Questo link di rinnovo non esiste. Controlla di averlo copiato per intero.',
  },
  contactPartner: (name: string) => `Per un nuovo link scrivi a ${name}:`,
};

const en: typeof it = {
  title: 'Renew your KeyContabilità subscription',
  intro: (company, day) => `The subscription of ${company} expires on ${day}. Renew it for 12 months: the new year starts from the expiry, no days lost.`,
  suspendedIntro: (company) => `The subscription of ${company} expired and the company is suspended: renewing makes it active again at once, for 12 months from the payment.`,
  grace: (day) => `If it is not renewed, the company stays active until ${day} and is then suspended.`,
  partner: (name) => `Service centre: ${name}`,
  company: 'Company',
  vatNumber: 'VAT number',
  offer: 'The renewal',
  tier: 'Edition',
  vat: (rate) => `VAT ${rate} %`,
  total: 'Total',
  paymentMethod: 'Payment method',
  payCard: 'Card (Stripe): the renewal counts at once',
  paySandbox: 'Test payment (sandbox): no real charge',
  payBank: 'Bank transfer: the renewal counts when it arrives (12-24 hours)',
  choose: 'Choose a payment method.',
  submit: 'Renew and go to payment',
  problemTitle: 'This link is no longer valid',
  problems: {
    expired: 'This renewal link has expired.',
    already_used: 'This subscription has already been renewed: nothing to do.',
    not_found: 'This renewal link does not exist. Check that you copied all of it.',
  },
  contactPartner: (name) => `For a new link write to ${name}:`,
};

export const renewalStrings: Record<PageLang, typeof it> = { it, en };
