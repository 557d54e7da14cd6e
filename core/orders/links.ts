/** Public links of an order: derived from its id and the app secret, so they can be shown again anywhere. */
import type { AppConfig } from '../config.js';
import { signedToken, verifySignedToken } from '../shared/tokens.js';

const base = (config: AppConfig) => config.PUBLIC_BASE_URL.replace(/\/$/, '');

export const payToken = (config: AppConfig, orderId: number) => signedToken(config.appSecret, 'pay', orderId);
export const statusToken = (config: AppConfig, orderId: number) => signedToken(config.appSecret, 'status', orderId);
export const payLink = (config: AppConfig, orderId: number) => `${base(config)}/pay/${payToken(config, orderId)}`;
export const statusLink = (config: AppConfig, orderId: number) => `${base(config)}/ordine/${statusToken(config, orderId)}`;
export const orderIdFromPayToken = (config: AppConfig, token: unknown) => verifySignedToken(config.appSecret, 'pay', token);
export const orderIdFromStatusToken = (config: AppConfig, token: unknown) => verifySignedToken(config.appSecret, 'status', token);
