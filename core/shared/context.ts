/** What every use case needs; built once by the composition root (core/app.ts). */
import type { Db } from '../db/database.js';
import type { AppConfig } from '../config.js';
import type { Clock } from './clock.js';
import type { Logger } from '../logger.js';

export interface Ctx {
  db: Db;
  config: AppConfig;
  clock: Clock;
  log: Logger;
}
