/**
 * Configuration, parsed once at boot from the environment (and `.env` when present).
 * With nothing set, every external service falls back to its embedded stand-in and the vendor
 * details to demo values. With NODE_ENV=production none of that is allowed: `loadConfig` refuses,
 * naming every missing, demo or unsafe key at once (see `productionProblems`), so that a real
 * installation never takes free orders, prints the example IBAN or mails localhost links.
 */
import { z } from 'zod';
import { validateCodiceFiscaleAzienda, validateIban, validatePartitaIva } from './validation/index.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (def: number) => z.coerce.number().int().nonnegative().default(def);

/** Development defaults of the vendor's identity: fine for the demo, refused in production. */
export const DEMO_VALUES = {
  BANK_BENEFICIARY: 'KeyContabilità S.r.l.',
  /** the IBAN printed in every Italian textbook and bank's help page: valid check digits, nobody's account */
  BANK_IBAN: 'IT60X0542811101000000123456',
  BANK_BIC: 'BPMOIT22XXX',
  VENDOR_NAME: 'KeyContabilità S.r.l.',
  VENDOR_ADDRESS: 'Via dell’Esempio 1, 20100 Milano (MI)',
  VENDOR_VAT: 'IT01234560157',
  VENDOR_TAX_CODE: '01234560157',
  /** the sede legale in the parts an invoice needs (VENDOR_ADDRESS stays the one line printed in emails) */
  VENDOR_STREET: 'Via dell\'Esempio 1',
  VENDOR_CAP: '20100',
  VENDOR_CITY: 'Milano',
  VENDOR_PROVINCE: 'MI',
  SUPPORT_EMAIL: 'supporto@sportello.localhost',
  MAIL_FROM: 'KeyContabilità Sportello <noreply@sportello.localhost>',
  TELEGRAM_BOT_USERNAME: 'SportelloDemoBot',
} as const;

/** The demo's placeholder privacy page (web/privacy-page.ts), linked when PRIVACY_POLICY_URL is not set. */
export const PRIVACY_PLACEHOLDER_PATH = '/privacy';

/** How payers may pay: `card` (Stripe Checkout; the sandbox outside production) and `bank_transfer`. */
export const cardAndBank = ['card', 'bank_transfer'] as const;
export type PaymentMethodSetting = (typeof cardAndBank)[number];

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3000),
  /** default: http://localhost:<PORT> */
  PUBLIC_BASE_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  DB_POOL_MAX: int(10),
  // length and production rules are checked below, with messages that name the key
  APP_SECRET: z.string().optional(),
  SESSION_SECRET: z.string().optional(),
  // email
  SMTP_URL: z.string().optional(),
  SMTP_MAX_CONNECTIONS: int(5),
  MAIL_FROM: z.string().default(DEMO_VALUES.MAIL_FROM),
  OUTBOX_DIR: z.string().optional(),
  /** where uploaded bank statements wait for the worker (web and worker processes must share it); default DATA_DIR/statements */
  STATEMENTS_DIR: z.string().optional(),
  // payments
  /** comma-separated: card, bank_transfer */
  PAYMENT_METHODS: z.string().default('card,bank_transfer'),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  STRIPE_API_HOST: z.string().optional(),
  STRIPE_API_PORT: z.coerce.number().int().positive().optional(),
  STRIPE_API_PROTOCOL: z.enum(['http', 'https']).optional(),
  SANDBOX_WEBHOOK_SECRET: z.string().optional(),
  BANK_BENEFICIARY: z.string().default(DEMO_VALUES.BANK_BENEFICIARY),
  BANK_IBAN: z.string().default(DEMO_VALUES.BANK_IBAN),
  BANK_BIC: z.string().default(DEMO_VALUES.BANK_BIC),
  ORDER_EXPIRY_DAYS: int(30),
  ORDER_REMINDER_DAYS_BEFORE: int(5),
  // telegram
  TELEGRAM_BOT_TOKEN: z.string().optional(),
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
  TELEGRAM_BOT_USERNAME: z.string().default(DEMO_VALUES.TELEGRAM_BOT_USERNAME),
  TELEGRAM_WEBHOOK_SECRET: z.string().optional(),
  TELEGRAM_USE_WEBHOOK: bool.optional(),
  // invitations and link codes
  INVITATION_TTL_DAYS: int(30),
  INVITATION_REMINDER_DAYS: int(7),
  LINK_CODE_TTL_HOURS: int(72),
  // renewals: reminder thresholds in days before expiry (Europe/Rome dates), grace after it, client link lifetime
  RENEWAL_REMINDER_DAYS: z.string().regex(/^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$/, 'giorni separati da virgole, es. 60,30,7,0').default('60,30,7,0'),
  RENEWAL_GRACE_DAYS: int(15),
  RENEWAL_LINK_TTL_DAYS: int(30),
  // worker and provisioning
  WORKER_POLL_MS: int(500),
  WORKER_BATCH: int(10),
  WORKER_MAX_ATTEMPTS: int(8),
  WORKER_LEASE_MS: int(60_000),
  PROVISIONER_URL: z.string().url().optional(),
  PROVISIONING_DELAY_MS: int(2000),
  /** the back-office statement import's upload limit, in MB (every other back-office body is small) */
  STATEMENT_UPLOAD_MAX_MB: z.coerce.number().int().positive().max(2048).default(200),
  // vendor details printed in emails and bank instructions
  VENDOR_NAME: z.string().default(DEMO_VALUES.VENDOR_NAME),
  /** registered office (sede legale) */
  VENDOR_ADDRESS: z.string().default(DEMO_VALUES.VENDOR_ADDRESS),
  VENDOR_VAT: z.string().default(DEMO_VALUES.VENDOR_VAT),
  VENDOR_TAX_CODE: z.string().default(DEMO_VALUES.VENDOR_TAX_CODE),
  SUPPORT_EMAIL: z.string().email().default(DEMO_VALUES.SUPPORT_EMAIL),
  /** the accounting platform's address, where a client finds the company once it is ready (pages and emails link it) */
  PLATFORM_URL: z.string().url().optional(),
  /** an image file (SVG, PNG, JPEG) with the vendor's logo, shown on the back-office login page and sidebar */
  VENDOR_LOGO_FILE: z.string().min(1).optional(),
  // personal data (core/privacy): the policy every notice links to, and how long each kind of data is kept
  /** default: the demo's placeholder page `<PUBLIC_BASE_URL>/privacy`, which says it is one */
  PRIVACY_POLICY_URL: z.string().url().optional(),
  RETENTION_INVITATION_DAYS: int(90),
  RETENTION_UNPAID_ORDER_DAYS: int(90),
  RETENTION_BANK_LINE_DAYS: int(180),
  RETENTION_AUDIT_DAYS: int(730),
  RETENTION_BOT_SESSION_DAYS: int(30),
  RETENTION_LOGIN_ATTEMPT_DAYS: int(30),
  RETENTION_DONE_JOB_DAYS: int(30),
  // electronic invoices (FatturaPA): the seller (CedentePrestatore) and how invoices reach SdI
  VENDOR_STREET: z.string().max(60).default(DEMO_VALUES.VENDOR_STREET),
  VENDOR_CAP: z.string().regex(/^\d{5}$/).default(DEMO_VALUES.VENDOR_CAP),
  VENDOR_CITY: z.string().max(60).default(DEMO_VALUES.VENDOR_CITY),
  VENDOR_PROVINCE: z.string().regex(/^[A-Z]{2}$/).default(DEMO_VALUES.VENDOR_PROVINCE),
  /** RF01 ordinario; the codes of the FatturaPA specification */
  VENDOR_REGIME_FISCALE: z.string().regex(/^RF(0[1-9]|1[0-9]|2[0-8])$/).default('RF01'),
  /** iscrizione REA, when the seller is registered: office (province) and number */
  VENDOR_REA_OFFICE: z.string().regex(/^[A-Z]{2}$/).optional(),
  VENDOR_REA_NUMBER: z.string().max(20).optional(),
  /** capitale sociale in cents (companies) */
  VENDOR_SHARE_CAPITAL_CENTS: z.coerce.number().int().nonnegative().optional(),
  /** SU socio unico, SM più soci */
  VENDOR_SOLE_SHAREHOLDER: z.enum(['SU', 'SM']).optional(),
  /** LN not in liquidation, LS in liquidation */
  VENDOR_LIQUIDATION: z.enum(['LN', 'LS']).default('LN'),
  /** invoice numbers read <year>/<series>/<000123> (at most 8 characters, so Numero stays within 20) */
  INVOICE_SERIES: z.string().regex(/^[A-Z0-9]{0,8}$/).default('SP'),
  /** file: XML under DATA_DIR/invoices/<year>/ (uploaded by the vendor's own channel); http: an SdI intermediary */
  INVOICE_TRANSMITTER: z.enum(['file', 'http']).default('file'),
  SDI_INTERMEDIARY_URL: z.string().url().optional(),
  SDI_INTERMEDIARY_API_KEY: z.string().optional(),
  /** HMAC-SHA256 secret of the intermediary's receipts pushed to /webhooks/sdi */
  SDI_WEBHOOK_SECRET: z.string().optional(),
  /** with INVOICE_TRANSMITTER=http: how often the receipts of invoices without an outcome are read from the intermediary; 0 = only the webhook */
  SDI_RECEIPTS_POLL_MINUTES: int(15),
});


export type Env = z.infer<typeof schema>;

export interface AppConfig extends Omit<Env, 'PUBLIC_BASE_URL'> {
  PUBLIC_BASE_URL: string;
  isProduction: boolean;
  databaseUrl: string;
  outboxDir: string;
  statementsDir: string;
  appSecret: string;
  sessionSecret: string;
  sandboxWebhookSecret: string;
  /** signs the receipts pushed to /webhooks/sdi (the local stand-in intermediary uses the development one) */
  sdiWebhookSecret: string;
  /** what payers are offered: faces show card payment only when it is listed here */
  paymentMethods: readonly PaymentMethodSetting[];
  /**
   * Who takes card payments: Stripe with a key, the local sandbox without one (never in production),
   * 'off' when card payment is not among PAYMENT_METHODS.
   */
  paymentsMode: 'stripe' | 'sandbox' | 'off';
  botEnabled: boolean;
  /** RENEWAL_REMINDER_DAYS parsed: distinct, largest first */
  renewalReminderDays: number[];
  /** where every privacy notice links: PRIVACY_POLICY_URL, else the demo's placeholder page */
  privacyPolicyUrl: string;
  privacyPolicyIsPlaceholder: boolean;
}

export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    opts: { production?: boolean } = {},
  ) {
    const head = opts.production
      ? `Configurazione di produzione incompleta: Sportello non parte finché questi ${problems.length === 1 ? 'punto non è risolto' : `${problems.length} punti non sono risolti`} (production configuration incomplete):`
      : 'Configurazione non valida (invalid configuration):';
    super(`${head}\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Development-only secrets: fixed so restarts keep sessions and links valid, never used in production. */
const DEV_SECRET = 'sportello-development-secret-not-for-production-use';
const MIN_SECRET = 32;

type Raw = Record<string, string>;

/** `card,bank_transfer` → the list, or undefined when a value is not one of ours. */
export function parsePaymentMethods(text: string): PaymentMethodSetting[] | undefined {
  const items = text.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (!items.length || items.some((i) => !(cardAndBank as readonly string[]).includes(i))) return undefined;
  return cardAndBank.filter((m) => items.includes(m));
}

/** Problems that hold in every mode: values that are set but cannot work. */
function generalProblems(raw: Raw): string[] {
  const out: string[] = [];
  if (raw.PAYMENT_METHODS !== undefined && !parsePaymentMethods(raw.PAYMENT_METHODS)) {
    out.push(`PAYMENT_METHODS: valori ammessi «card», «bank_transfer» o entrambi separati da virgola, trovato «${raw.PAYMENT_METHODS.slice(0, 60)}» — allowed: card, bank_transfer, comma-separated`);
  }
  for (const key of ['APP_SECRET', 'SESSION_SECRET'] as const) {
    const v = raw[key];
    if (v !== undefined && v.length < MIN_SECRET) out.push(`${key}: troppo corto, servono almeno ${MIN_SECRET} caratteri casuali (ne ha ${v.length}) — too short, at least ${MIN_SECRET} characters`);
  }
  if (raw.BANK_IBAN !== undefined) {
    const iban = validateIban(raw.BANK_IBAN);
    if (!iban.ok) out.push(`BANK_IBAN: ${iban.error.it} — ${iban.error.en}`);
  }
  return out;
}

const compactUpper = (s: string) => s.replace(/[\s.\-]+/g, '').toUpperCase();
/** Mail domains that can never receive mail (RFC 2606 / 6761) or are the demo's own. */
const RESERVED_MAIL = /@(?:[^@>]*\.)?(?:localhost|example|test|invalid|local|example\.(?:com|net|org))>?\s*$/i;
const LOCAL_HOST = /^(?:localhost|127(?:\.\d+){3}|0\.0\.0\.0|\[::1?\]|[^.]+|.*\.(?:localhost|local|test|example|invalid))$/i;

/**
 * Why this configuration must not take real orders. Reads the raw environment, so that a key that
 * is only defaulted counts as missing, and checks every rule even when others already failed:
 * the operator gets the whole list at once.
 */
export function productionProblems(raw: Raw): string[] {
  const out: string[] = [];
  const add = (key: string, it: string, en: string) => out.push(`${key}: ${it} — ${en}`);
  const REQUIRED = 'obbligatorio in produzione';
  const REQUIRED_EN = 'required in production';
  const demo = (key: keyof typeof DEMO_VALUES) => raw[key] !== undefined && compactUpper(raw[key]!) === compactUpper(DEMO_VALUES[key]);
  const present = (key: string, why: string) => {
    if (raw[key] !== undefined) return true;
    add(key, `${REQUIRED} (${why})`, REQUIRED_EN);
    return false;
  };

  // Payments: card payment without Stripe would be the sandbox, i.e. orders fulfilled without money.
  const methods = parsePaymentMethods(raw.PAYMENT_METHODS ?? 'card,bank_transfer');
  if (methods?.includes('card')) {
    const sandboxWhy = 'senza, il pagamento con carta sarebbe la sandbox di prova e gli ordini verrebbero evasi senza incasso; chi accetta solo bonifici imposti PAYMENT_METHODS=bank_transfer';
    if (present('STRIPE_SECRET_KEY', sandboxWhy) && /^(?:sk|rk)_test_/.test(raw.STRIPE_SECRET_KEY!)) {
      add('STRIPE_SECRET_KEY', 'è una chiave di test (…_test_…): in produzione serve la chiave live', 'a test-mode key; production needs the live key');
    }
    if (present('STRIPE_WEBHOOK_SECRET', 'con il pagamento con carta: il segreto dell’endpoint /webhooks/stripe, whsec_…')) {
      const v = raw.STRIPE_WEBHOOK_SECRET!;
      if (!v.startsWith('whsec_') || v.length < 30) add('STRIPE_WEBHOOK_SECRET', 'non è un segreto di endpoint Stripe (whsec_… dalla dashboard di Stripe)', 'not a Stripe endpoint secret (whsec_… from the Stripe dashboard)');
    }
  }

  // Bank transfer: the instructions every payer follows.
  if (methods?.includes('bank_transfer')) {
    if (present('BANK_IBAN', 'il conto su cui i clienti pagano con bonifico')) {
      if (demo('BANK_IBAN')) add('BANK_IBAN', 'è l’IBAN di esempio dei manuali (IT60X0542811101000000123456), non un conto reale', 'the textbook example IBAN, nobody’s account');
      // an invalid IBAN is already listed by generalProblems
    }
    if (present('BANK_BENEFICIARY', 'intestatario del conto nelle istruzioni di bonifico') && demo('BANK_BENEFICIARY')) {
      add('BANK_BENEFICIARY', 'è il valore dimostrativo', 'the demo value');
    }
    if (present('BANK_BIC', 'BIC/SWIFT della banca nelle istruzioni di bonifico')) {
      if (demo('BANK_BIC')) add('BANK_BIC', 'è il valore dimostrativo', 'the demo value');
      else if (!/^[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/.test(compactUpper(raw.BANK_BIC!))) add('BANK_BIC', 'non è un BIC valido (8 o 11 caratteri, es. BCITITMM)', 'not a valid BIC (8 or 11 characters)');
    }
  }

  // The vendor's identity, printed on every page, email and bank instruction.
  if (present('VENDOR_NAME', 'ragione sociale del venditore') && demo('VENDOR_NAME')) add('VENDOR_NAME', 'è la ragione sociale dimostrativa', 'the demo legal name');
  if (present('VENDOR_VAT', 'Partita IVA del venditore')) {
    const check = validatePartitaIva(raw.VENDOR_VAT);
    if (demo('VENDOR_VAT')) add('VENDOR_VAT', 'è la Partita IVA dimostrativa', 'the demo VAT number');
    else if (!check.ok) add('VENDOR_VAT', check.error.it, check.error.en);
  }
  if (present('VENDOR_TAX_CODE', 'codice fiscale del venditore')) {
    const check = validateCodiceFiscaleAzienda(raw.VENDOR_TAX_CODE);
    if (demo('VENDOR_TAX_CODE')) add('VENDOR_TAX_CODE', 'è il codice fiscale dimostrativo', 'the demo tax code');
    else if (!check.ok) add('VENDOR_TAX_CODE', check.error.it, check.error.en);
  }
  if (present('VENDOR_ADDRESS', 'sede legale del venditore') && demo('VENDOR_ADDRESS')) add('VENDOR_ADDRESS', 'è l’indirizzo dimostrativo', 'the demo address');
  // The seller of every electronic invoice (CedentePrestatore/Sede): each part of the sede legale.
  for (const key of ['VENDOR_STREET', 'VENDOR_CAP', 'VENDOR_CITY', 'VENDOR_PROVINCE'] as const) {
    if (present(key, 'sede legale del venditore nelle fatture elettroniche') && key === 'VENDOR_STREET' && demo(key)) add(key, 'è l’indirizzo dimostrativo', 'the demo address');
  }
  if ((raw.VENDOR_REA_OFFICE === undefined) !== (raw.VENDOR_REA_NUMBER === undefined)) {
    add('VENDOR_REA_NUMBER', 'VENDOR_REA_OFFICE e VENDOR_REA_NUMBER vanno impostati insieme (iscrizione REA)', 'VENDOR_REA_OFFICE and VENDOR_REA_NUMBER go together');
  }
  if (raw.INVOICE_TRANSMITTER === 'http') {
    if (present('SDI_INTERMEDIARY_URL', 'con INVOICE_TRANSMITTER=http: l’indirizzo dell’intermediario SdI')) {
      if (!raw.SDI_INTERMEDIARY_URL!.startsWith('https://')) add('SDI_INTERMEDIARY_URL', 'deve iniziare con https://', 'must start with https://');
    }
    present('SDI_INTERMEDIARY_API_KEY', 'con INVOICE_TRANSMITTER=http: la chiave dell’intermediario');
    if (present('SDI_WEBHOOK_SECRET', `con INVOICE_TRANSMITTER=http: firma le ricevute su /webhooks/sdi, almeno ${MIN_SECRET} caratteri`) && raw.SDI_WEBHOOK_SECRET!.length < MIN_SECRET) {
      add('SDI_WEBHOOK_SECRET', `troppo corto, almeno ${MIN_SECRET} caratteri`, `too short, at least ${MIN_SECRET} characters`);
    }
  }
  for (const key of ['SUPPORT_EMAIL', 'MAIL_FROM'] as const) {
    const why = key === 'SUPPORT_EMAIL' ? 'l’indirizzo di assistenza mostrato ai clienti' : 'il mittente delle email';
    if (present(key, why) && (demo(key) || RESERVED_MAIL.test(raw[key]!))) {
      add(key, 'è un indirizzo dimostrativo o di un dominio che non riceve posta', 'a demo address or a domain that receives no mail');
    }
  }

  // The privacy notice of every face links here (GDPR art. 13): the demo's placeholder page is no policy.
  if (present('PRIVACY_POLICY_URL', 'l’informativa privacy del venditore (https://…) a cui rimandano la pagina di acquisto, il bot, il back-office e le email; la pagina /privacy della demo è solo un segnaposto')) {
    if (!/^https:\/\//i.test(raw.PRIVACY_POLICY_URL!)) add('PRIVACY_POLICY_URL', 'deve iniziare con https://', 'must start with https://');
  }

  // Links in emails and in the bot.
  if (present('PUBLIC_BASE_URL', 'l’indirizzo pubblico https:// di ogni link nelle email e nel bot; senza, i link punterebbero a http://localhost')) {
    let url: URL | undefined;
    try {
      url = new URL(raw.PUBLIC_BASE_URL!);
    } catch {
      // the schema already names an unparsable URL
    }
    if (url && url.protocol !== 'https:') add('PUBLIC_BASE_URL', 'deve iniziare con https:// (i pagamenti e i cookie del back-office lo richiedono)', 'must start with https://');
    else if (url && LOCAL_HOST.test(url.hostname)) add('PUBLIC_BASE_URL', `«${url.hostname}» non è un indirizzo pubblico`, `"${url.hostname}" is not a public host`);
  }

  // Secrets: no development default exists in production.
  for (const key of ['APP_SECRET', 'SESSION_SECRET'] as const) {
    const why = key === 'APP_SECRET' ? 'firma i link di pagamento e di stato ordine' : 'firma i cookie di sessione del back-office';
    if (present(key, `${why}, almeno ${MIN_SECRET} caratteri casuali`) && raw[key]!.includes(DEV_SECRET)) {
      add(key, 'è il segreto di sviluppo', 'the development secret');
    }
  }
  if (raw.APP_SECRET && raw.APP_SECRET === raw.SESSION_SECRET) add('SESSION_SECRET', 'deve essere diverso da APP_SECRET', 'must differ from APP_SECRET');
  if (raw.TELEGRAM_BOT_TOKEN) {
    if (demo('TELEGRAM_BOT_USERNAME') || raw.TELEGRAM_BOT_USERNAME === undefined) {
      add('TELEGRAM_BOT_USERNAME', `${REQUIRED} con il bot: i link t.me/<bot>?start=<codice> porterebbero al bot dimostrativo`, `${REQUIRED_EN} with the bot: t.me deep links would lead to the demo bot`);
    }
    if (['true', '1', 'yes'].includes(raw.TELEGRAM_USE_WEBHOOK ?? '')) {
      const v = raw.TELEGRAM_WEBHOOK_SECRET;
      if (v === undefined) add('TELEGRAM_WEBHOOK_SECRET', `${REQUIRED} con TELEGRAM_USE_WEBHOOK=true, almeno ${MIN_SECRET} caratteri A-Z a-z 0-9 _ -`, `${REQUIRED_EN} with TELEGRAM_USE_WEBHOOK=true`);
      else if (v.length < MIN_SECRET || !/^[A-Za-z0-9_-]{1,256}$/.test(v)) add('TELEGRAM_WEBHOOK_SECRET', `almeno ${MIN_SECRET} caratteri, solo A-Z a-z 0-9 _ - (regola di Telegram)`, `at least ${MIN_SECRET} characters of A-Z a-z 0-9 _ -`);
    }
  }

  // The embedded stand-ins: each would silently fake a real service.
  present('DATABASE_URL', 'mysql://… oppure un file sqlite: esplicito');
  present('SMTP_URL', 'senza, le email (istruzioni di bonifico, inviti, ricevute) restano in file locali e non arrivano a nessuno');
  present('PROVISIONER_URL', 'senza, le aziende dei clienti sarebbero “create” dal simulatore interno e non esisterebbero sulla piattaforma');
  return out;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  // Empty strings in .env files mean "not set", not "set to nothing".
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')) as Raw;
  const parsed = schema.safeParse(raw);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: valore non valido (${i.message}) — invalid value`);
  const isProduction = (parsed.success ? parsed.data.NODE_ENV : raw.NODE_ENV) === 'production';
  // A key the schema already refused is not judged again: one line says what to fix.
  const refused = new Set(problems.map((p) => p.slice(0, p.indexOf(':'))));
  for (const p of [...generalProblems(raw), ...(isProduction ? productionProblems(raw) : [])]) {
    if (!refused.has(p.slice(0, p.indexOf(':')))) problems.push(p);
  }
  if (!parsed.success || problems.length) throw new ConfigError(problems, { production: isProduction });
  const e = parsed.data;

  const paymentMethods = parsePaymentMethods(e.PAYMENT_METHODS)!;
  const paymentsMode = !paymentMethods.includes('card') ? 'off' : e.STRIPE_SECRET_KEY ? 'stripe' : 'sandbox';
  // productionProblems refuses card payment without Stripe; this line keeps that promise if a rule ever changes.
  if (isProduction && paymentsMode === 'sandbox') throw new ConfigError(['STRIPE_SECRET_KEY: la sandbox non esiste in produzione — no sandbox in production'], { production: true });

  const dataDir = e.DATA_DIR.replace(/\/$/, '');
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    ...e,
    PUBLIC_BASE_URL: publicBaseUrl,
    isProduction,
    databaseUrl: e.DATABASE_URL ?? `sqlite:${dataDir}/sportello.sqlite`,
    outboxDir: e.OUTBOX_DIR ?? `${dataDir}/outbox`,
    statementsDir: e.STATEMENTS_DIR ?? `${dataDir}/statements`,
    appSecret: e.APP_SECRET ?? DEV_SECRET,
    sessionSecret: e.SESSION_SECRET ?? `${DEV_SECRET}-session`,
    sandboxWebhookSecret: e.SANDBOX_WEBHOOK_SECRET ?? `whsec_${DEV_SECRET}`,
    sdiWebhookSecret: e.SDI_WEBHOOK_SECRET ?? `sdi_${DEV_SECRET}`,
    paymentMethods,
    paymentsMode,
    botEnabled: Boolean(e.TELEGRAM_BOT_TOKEN),
    renewalReminderDays: [...new Set(e.RENEWAL_REMINDER_DAYS.split(',').map((d) => Number(d.trim())))].sort((a, b) => b - a),
    privacyPolicyUrl: e.PRIVACY_POLICY_URL ?? `${publicBaseUrl}${PRIVACY_PLACEHOLDER_PATH}`,
    privacyPolicyIsPlaceholder: !e.PRIVACY_POLICY_URL,
  };
}
