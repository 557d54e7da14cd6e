/** Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the database answers and is migrated). */
import { Router } from 'express';
import type { App } from '../core/app.js';

export function healthRoutes(app: App, isReady: () => boolean): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (_req, res) => {
    if (!isReady()) return void res.status(503).json({ status: 'starting' });
    try {
      await app.useCases.databaseAnswers();
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    }
  });
  return r;
}
