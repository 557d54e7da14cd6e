/**
 * The express application: health endpoints now; the web faces (checkout, pay links, webhooks,
 * back-office) are mounted by main.ts through `mounts`, each a small function of the app.
 */
import express, { type Express } from 'express';
import type { App } from '../core/app.js';
import { healthRoutes } from './health.js';

export type Mount = (server: Express, app: App) => void | Promise<void>;

export async function createWebApp(app: App, opts: { isReady: () => boolean; mounts?: Mount[] }): Promise<Express> {
  const server = express();
  server.disable('x-powered-by');
  server.set('trust proxy', 'loopback');
  server.use(healthRoutes(app, opts.isReady));
  for (const mount of opts.mounts ?? []) await mount(server, app);
  return server;
}
