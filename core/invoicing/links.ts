/** The courtesy copy's public link: signed from the invoice id, so it can be shown again anywhere. */
import type { AppConfig } from '../config.js';
import { signedToken, verifySignedToken } from '../shared/tokens.js';

export const invoiceToken = (config: AppConfig, invoiceId: number) => signedToken(config.appSecret, 'invoice', invoiceId);
export const invoiceLink = (config: AppConfig, invoiceId: number) => `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}/fattura/${invoiceToken(config, invoiceId)}`;
export const invoiceIdFromToken = (config: AppConfig, token: unknown) => verifySignedToken(config.appSecret, 'invoice', token);
