/**
 * The express application. In order: a request id, the web faces' security headers (the back-office
 * sets its own), health endpoints, the faces mounted by main.ts through `mounts` (each a small
 * function of the app), then — last, so that it also sees what the back-office router passes on —
 * the 404 page and the one error handler (web/error-handler.ts).
 */
import express, { type Express } from 'express';
import type { App } from '../core/app.js';
import { healthRoutes } from './health.js';
import { requestIds } from './request-id.js';
import { webSecurityHeaders } from './security-headers.js';
import { errorHandler, notFoundHandler } from './error-handler.js';

export type Mount = (server: Express, app: App) => void | Promise<void>;

export async function createWebApp(app: App, opts: { isReady: () => boolean; mounts?: Mount[] }): Promise<Express> {
  const server = express();
  server.disable('x-powered-by');
  server.set('trust proxy', 'loopback');
  server.use(requestIds());
  server.use(webSecurityHeaders(app.config));
  server.use(healthRoutes(app, opts.isReady));
  for (const mount of opts.mounts ?? []) await mount(server, app);
  server.use(notFoundHandler(app));
  server.use(errorHandler(app));
  return server;
}
