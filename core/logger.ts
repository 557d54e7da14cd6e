/**
 * Structured logs (pino). Secrets and personal data are redacted by their exact key names, at the top
 * level and two levels down, so a careless `log.info({ company })` still never prints a tax code or a
 * token. Never a generic name like `code`: an error's code (ER_DUP_ENTRY, SQLITE_BUSY, ECONNREFUSED)
 * is what the person on call needs first — a link or coupon code goes under `linkCode`/`couponCode`.
 *
 * Output: readable lines (pino-pretty) in a development terminal; JSON lines everywhere else
 * (production, CI, a pipe into a collector), one object per line.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import pinoPretty from 'pino-pretty';

export type { Logger };

/** Keys whose values never reach a log, wherever they sit (top level, `*.key`, `*.*.key`). */
export const redactedKeys = [
  // secrets
  'password', 'passwordHash', 'token', 'tokenHash', 'secret', 'apiKey', 'authorization', 'cookie',
  'linkCode', 'couponCode', 'webhookSecret', 'botToken', 'sessionSecret', 'appSecret',
  // personal and banking data
  'taxCode', 'repTaxCode', 'vatNumber', 'iban', 'payerIban', 'ibanPayer',
] as const;

export const redactPaths = [
  ...redactedKeys.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["stripe-signature"]', 'req.headers["x-telegram-bot-api-secret-token"]',
];

/** Readable output only for a person at a terminal while developing; machines (and production) get JSON. */
export function wantsPrettyLogs(env: { isTTY: boolean | undefined; nodeEnv: string | undefined }): boolean {
  return env.isTTY === true && env.nodeEnv !== 'production';
}

export interface LoggerOptions {
  /** Default: `wantsPrettyLogs` of this process's stdout and NODE_ENV. */
  pretty?: boolean;
  /** Where JSON lines go (tests capture them); default stdout. Ignored when pretty. */
  destination?: DestinationStream;
}

export function createLogger(level: string = 'info', opts: LoggerOptions = {}): Logger {
  const options = { level, redact: { paths: redactPaths, censor: '[redacted]' }, base: { app: 'sportello' } };
  const pretty = opts.pretty ?? wantsPrettyLogs({ isTTY: process.stdout.isTTY, nodeEnv: process.env.NODE_ENV });
  if (pretty && level !== 'silent') {
    // pino-pretty as a stream in this thread (its documented "usage as a stream"): no worker thread
    // to outlive the process in a development terminal.
    return pino(options, pinoPretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,app', singleLine: false }));
  }
  return opts.destination ? pino(options, opts.destination) : pino(options);
}
