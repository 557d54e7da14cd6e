/** Reads `.env` when present (never required), then parses the configuration. */
import { existsSync } from 'node:fs';
import dotenv from 'dotenv';
import { loadConfig } from './config.js';

export function loadConfigFromEnvironment() {
  if (existsSync('.env')) dotenv.config({ path: '.env', quiet: true } as any);
  return loadConfig(process.env);
}
