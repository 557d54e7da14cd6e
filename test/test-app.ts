/**
 * A fresh application on a fresh database for one test file: a temporary SQLite file by default,
 * or a new MariaDB/MySQL database when DATABASE_URL points at a server (dropped on close).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig, type AppConfig } from '../core/config.js';
import { createApp, type App, type AppOverrides } from '../core/app.js';
import { createLogger } from '../core/logger.js';
import { mysqlTarget, serverOptions } from '../core/db/mysql-target.js';

export const usingMysql = () => /^(mysql|mariadb):/.test(process.env.DATABASE_URL ?? '');

/** A database URL of its own: a new MySQL database on the configured server, or a temp SQLite file. */
export function freshDatabaseUrl(): { url: string; cleanup: () => Promise<void> } {
  const server = process.env.DATABASE_URL;
  if (server && usingMysql()) {
    const u = new URL(server.replace(/^mariadb:/, 'mysql:'));
    u.pathname = `/sportello_t_${process.pid}_${randomBytes(4).toString('hex')}`;
    const url = u.toString();
    return {
      url,
      cleanup: async () => {
        const mysql = await import('mysql2/promise');
        const conn = await mysql.createConnection(serverOptions(mysqlTarget(url)));
        await conn.query(`DROP DATABASE IF EXISTS \`${u.pathname.slice(1)}\``);
        await conn.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'sportello-test-'));
  return { url: `sqlite:${join(dir, 'test.sqlite')}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestApp extends App {
  dispose(): Promise<void>;
}

export function testConfig(env: Record<string, string> = {}, databaseUrl?: string): AppConfig {
  const dataDir = mkdtempSync(join(tmpdir(), 'sportello-data-'));
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    PROVISIONING_DELAY_MS: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
}

/** Builds, migrates and (unless `seed: false`) fills the demo catalogue. */
export async function createTestApp(opts: { env?: Record<string, string>; overrides?: AppOverrides; seedCatalogue?: boolean } = {}): Promise<TestApp> {
  const db = freshDatabaseUrl();
  const config = testConfig(opts.env, db.url);
  const app = await createApp(config, { log: createLogger('silent'), ...opts.overrides });
  await app.migrate();
  if (opts.seedCatalogue !== false) {
    const { demoCatalogue } = await import('../core/catalogue/demo-catalogue.js');
    await app.db.models.Product.bulkCreate(demoCatalogue());
  }
  return Object.assign(app, {
    async dispose() {
      await app.close();
      await db.cleanup();
      rmSync(config.DATA_DIR, { recursive: true, force: true });
    },
  });
}
