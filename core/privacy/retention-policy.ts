/**
 * How long each kind of personal data is kept, read from the configuration (RETENTION_* keys). The
 * same list drives the daily retention job (apply-retention.ts) and the record of processing
 * (record-of-processing.ts, docs/record-of-processing.md), so the document cannot say one thing while
 * the job does another.
 */
import type { AppConfig } from '../config.js';

export type RetentionRuleKey = 'invitations' | 'unpaid_orders' | 'bank_lines' | 'audit' | 'bot_sessions' | 'admin_sessions' | 'link_codes' | 'login_attempts' | 'done_jobs';

export interface RetentionRule {
  key: RetentionRuleKey;
  /** the configuration key that sets `days` (none: purged as soon as expired) */
  configKey: keyof AppConfig | null;
  days: number;
  /** what is removed, from when (Italian first, English second) */
  it: string;
  en: string;
  /** what stays, and why */
  keeps: { it: string; en: string };
}

export function retentionRules(config: Pick<AppConfig, 'RETENTION_INVITATION_DAYS' | 'RETENTION_UNPAID_ORDER_DAYS' | 'RETENTION_BANK_LINE_DAYS' | 'RETENTION_AUDIT_DAYS' | 'RETENTION_BOT_SESSION_DAYS' | 'RETENTION_LOGIN_ATTEMPT_DAYS' | 'RETENTION_DONE_JOB_DAYS'>): RetentionRule[] {
  return [
    {
      key: 'invitations', configKey: 'RETENTION_INVITATION_DAYS', days: config.RETENTION_INVITATION_DAYS,
      it: `Inviti mai acquistati (scaduti o annullati): nome ed email dell’invitato, e le email inviate per l’invito, rimossi ${config.RETENTION_INVITATION_DAYS} giorni dopo la scadenza`,
      en: `Invitations never bought (expired or cancelled): the invitee's name and email, and the invitation emails, removed ${config.RETENTION_INVITATION_DAYS} days after expiry`,
      keeps: { it: 'la riga dell’invito senza dati personali (partner, tipologia, date, stato): il conteggio anonimo degli inviti', en: 'the invitation row without personal data (partner, tier, dates, status): the anonymous count' },
    },
    {
      key: 'unpaid_orders', configKey: 'RETENTION_UNPAID_ORDER_DAYS', days: config.RETENTION_UNPAID_ORDER_DAYS,
      it: `Ordini chiusi senza alcun pagamento (scaduti o annullati): dati aziendali inviati dal cliente, nome ed email dell’acquirente privato, email dell’ordine, rimossi ${config.RETENTION_UNPAID_ORDER_DAYS} giorni dopo la chiusura`,
      en: `Orders closed without any payment (expired or cancelled): the company data sent by the client, a client buyer's name and email, the order's emails, removed ${config.RETENTION_UNPAID_ORDER_DAYS} days after closing`,
      keeps: { it: 'numero, importi, date e stato dell’ordine; mai un ordine pagato, anche solo in parte (è una registrazione contabile e la base della fattura)', en: 'number, amounts, dates and status; never an order paid even in part (an accounting record and the basis of an invoice)' },
    },
    {
      key: 'bank_lines', configKey: 'RETENTION_BANK_LINE_DAYS', days: config.RETENTION_BANK_LINE_DAYS,
      it: `Movimenti bancari segnati «non nostro»: nome dell’ordinante e IBAN (anche nella causale) mascherati ${config.RETENTION_BANK_LINE_DAYS} giorni dopo l’importazione`,
      en: `Bank lines marked "not ours": payer name and IBAN (also inside the remittance text) masked ${config.RETENTION_BANK_LINE_DAYS} days after import`,
      keeps: { it: 'data, importo e stato del movimento (l’estratto conto resta quadrato); i movimenti abbinati a un ordine restano interi: sono registrazioni contabili', en: 'date, amount and status (the statement still balances); lines matched to an order stay whole: accounting records' },
    },
    {
      key: 'audit', configKey: 'RETENTION_AUDIT_DAYS', days: config.RETENTION_AUDIT_DAYS,
      it: `Registro attività: dopo ${config.RETENTION_AUDIT_DAYS} giorni i valori personali (nomi, email, telefoni, codici fiscali, IBAN, nomi Telegram) dentro le voci sono mascherati`,
      en: `Audit log: after ${config.RETENTION_AUDIT_DAYS} days the personal values (names, emails, phones, tax codes, IBANs, Telegram names) inside entries are masked`,
      keeps: { it: 'chi ha fatto cosa, su quale record e quando (tipo e id di chi agisce, azione, record, data; l’email del personale)', en: 'who did what to which record and when (actor type and id, action, record, time; staff emails)' },
    },
    {
      key: 'bot_sessions', configKey: 'RETENTION_BOT_SESSION_DAYS', days: config.RETENTION_BOT_SESSION_DAYS,
      it: `Stato delle conversazioni Telegram (anche dati aziendali digitati e non confermati): cancellato dopo ${config.RETENTION_BOT_SESSION_DAYS} giorni senza messaggi`,
      en: `Telegram conversation state (including company data typed and never confirmed): deleted after ${config.RETENTION_BOT_SESSION_DAYS} idle days`,
      keeps: { it: 'niente: il partner ricomincia dal menu', en: 'nothing: the partner starts again from the menu' },
    },
    {
      key: 'admin_sessions', configKey: null, days: 0,
      it: 'Sessioni del back-office: cancellate appena scadute',
      en: 'Back-office sessions: deleted once expired',
      keeps: { it: 'niente', en: 'nothing' },
    },
    {
      key: 'link_codes', configKey: null, days: 0,
      it: 'Codici di collegamento Telegram (solo l’impronta SHA-256): cancellati appena scaduti',
      en: 'Telegram link codes (their SHA-256 hash only): deleted once expired',
      keeps: { it: 'l’utente Telegram già collegato resta collegato', en: 'a Telegram user already linked stays linked' },
    },
    {
      key: 'login_attempts', configKey: 'RETENTION_LOGIN_ATTEMPT_DAYS', days: config.RETENTION_LOGIN_ATTEMPT_DAYS,
      it: `Tentativi di accesso al back-office (email e indirizzo IP): cancellati dopo ${config.RETENTION_LOGIN_ATTEMPT_DAYS} giorni`,
      en: `Back-office login attempts (email and IP address): deleted after ${config.RETENTION_LOGIN_ATTEMPT_DAYS} days`,
      keeps: { it: 'l’ultimo accesso riuscito di ogni utente del personale', en: 'each staff user’s last successful login' },
    },
    {
      key: 'done_jobs', configKey: 'RETENTION_DONE_JOB_DAYS', days: config.RETENTION_DONE_JOB_DAYS,
      it: `Job in background completati (notifiche con i nomi dei clienti, link d’invito) e chiavi delle azioni del back-office: cancellati ${config.RETENTION_DONE_JOB_DAYS} giorni dopo`,
      en: `Background jobs done (notifications naming clients, invitation links) and back-office action keys: deleted ${config.RETENTION_DONE_JOB_DAYS} days later`,
      keeps: { it: 'i job falliti o in attesa, visibili nel back-office; di un job con chiave di deduplicazione resta la riga senza contenuto', en: 'failed or pending jobs; a job with a dedup key keeps its row, emptied' },
    },
  ];
}

/** Kept by law whatever the rules above say: never touched by the retention job nor by an erasure. */
export const LEGALLY_KEPT = {
  it: 'Fatture e quanto contengono (dati del cliente, righe, importi), gli ordini pagati e le aziende a cui sono state fatturate, i movimenti bancari abbinati e i loro abbinamenti, gli eventi di pagamento: registrazioni contabili da conservare 10 anni (art. 2220 c.c.; art. 39 DPR 633/1972).',
  en: 'Invoices and what they contain (client data, lines, amounts), paid orders and the companies they were invoiced to, matched bank lines and their allocations, payment events: accounting records kept for 10 years (art. 2220 Italian Civil Code; art. 39 DPR 633/1972).',
} as const;
