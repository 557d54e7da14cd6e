/**
 * Configuration, parsed once at boot from the environment (and `.env` when present).
 * With nothing set, every external service falls back to its embedded stand-in; in production
 * the secrets must be given explicitly and the error names every missing or bad key at once.
 */
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (def: number) => z.coerce.number().int().nonnegative().default(def);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3000),
  /** default: http://localhost:<PORT> */
  PUBLIC_BASE_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  DB_POOL_MAX: int(10),
  APP_SECRET: z.string().min(32).optional(),
  SESSION_SECRET: z.string().min(32).optional(),
  // email
  SMTP_URL: z.string().optional(),
  SMTP_MAX_CONNECTIONS: int(5),
  MAIL_FROM: z.string().default('KeyContabilità Sportello <noreply@sportello.localhost>'),
  OUTBOX_DIR: z.string().optional(),
  // payments
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  STRIPE_API_HOST: z.string().optional(),
  STRIPE_API_PORT: z.coerce.number().int().positive().optional(),
  STRIPE_API_PROTOCOL: z.enum(['http', 'https']).optional(),
  SANDBOX_WEBHOOK_SECRET: z.string().optional(),
  BANK_BENEFICIARY: z.string().default('KeyContabilità S.r.l.'),
  BANK_IBAN: z.string().default('IT60X0542811101000000123456'),
  BANK_BIC: z.string().default('BPMOIT22XXX'),
  ORDER_EXPIRY_DAYS: int(30),
  ORDER_REMINDER_DAYS_BEFORE: int(5),
  // telegram
  TELEGRAM_BOT_TOKEN: z.string().optional(),
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
  TELEGRAM_BOT_USERNAME: z.string().default('SportelloDemoBot'),
  TELEGRAM_WEBHOOK_SECRET: z.string().optional(),
  TELEGRAM_USE_WEBHOOK: bool.optional(),
  // invitations and link codes
  INVITATION_TTL_DAYS: int(30),
  INVITATION_REMINDER_DAYS: int(7),
  LINK_CODE_TTL_HOURS: int(72),
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
  VENDOR_NAME: z.string().default('KeyContabilità S.r.l.'),
  VENDOR_ADDRESS: z.string().default('Via dell’Esempio 1, 20100 Milano (MI)'),
  VENDOR_VAT: z.string().default('IT01234560157'),
  SUPPORT_EMAIL: z.string().email().default('supporto@sportello.localhost'),
});

export type Env = z.infer<typeof schema>;

export interface AppConfig extends Omit<Env, 'PUBLIC_BASE_URL'> {
  PUBLIC_BASE_URL: string;
  isProduction: boolean;
  databaseUrl: string;
  outboxDir: string;
  appSecret: string;
  sessionSecret: string;
  sandboxWebhookSecret: string;
  paymentsMode: 'stripe' | 'sandbox';
  botEnabled: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Development-only secrets: fixed so restarts keep sessions and links valid, never used in production. */
const DEV_SECRET = 'sportello-development-secret-not-for-production-use';

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  // Empty strings in .env files mean "not set", not "set to nothing".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  const problems: string[] = [];
  if (isProduction) {
    const required: (keyof Env)[] = ['APP_SECRET', 'SESSION_SECRET', 'DATABASE_URL'];
    if (e.STRIPE_SECRET_KEY) required.push('STRIPE_WEBHOOK_SECRET');
    else required.push('SANDBOX_WEBHOOK_SECRET');
    if (e.TELEGRAM_BOT_TOKEN && e.TELEGRAM_USE_WEBHOOK) required.push('TELEGRAM_WEBHOOK_SECRET');
    for (const key of required) if (!e[key]) problems.push(`${key}: required when NODE_ENV=production`);
  }
  if (e.STRIPE_SECRET_KEY && !e.STRIPE_WEBHOOK_SECRET && isProduction) {
    problems.push('STRIPE_WEBHOOK_SECRET: required with STRIPE_SECRET_KEY');
  }
  if (problems.length) throw new ConfigError(problems);

  const dataDir = e.DATA_DIR.replace(/\/$/, '');
  return {
    ...e,
    PUBLIC_BASE_URL: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    isProduction,
    databaseUrl: e.DATABASE_URL ?? `sqlite:${dataDir}/sportello.sqlite`,
    outboxDir: e.OUTBOX_DIR ?? `${dataDir}/outbox`,
    appSecret: e.APP_SECRET ?? DEV_SECRET,
    sessionSecret: e.SESSION_SECRET ?? `${DEV_SECRET}-session`,
    sandboxWebhookSecret: e.SANDBOX_WEBHOOK_SECRET ?? `whsec_${DEV_SECRET}`,
    paymentsMode: e.STRIPE_SECRET_KEY ? 'stripe' : 'sandbox',
    botEnabled: Boolean(e.TELEGRAM_BOT_TOKEN),
  };
}
