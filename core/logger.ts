/**
 * Structured logs (pino). Secrets and personal data are redacted by path, so a careless
 * `log.info({ company })` still never prints a tax code or a token.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

const redactPaths = [
  '*.password', '*.passwordHash', '*.token', '*.code', '*.secret', '*.apiKey',
  '*.taxCode', '*.repTaxCode', '*.vatNumber', '*.iban', '*.authorization',
  '*.*.taxCode', '*.*.repTaxCode', '*.*.token', 'req.headers.authorization', 'req.headers.cookie',
];

export function createLogger(level: string = 'info'): Logger {
  return pino({ level, redact: { paths: redactPaths, censor: '[redacted]' }, base: { app: 'sportello' } });
}
