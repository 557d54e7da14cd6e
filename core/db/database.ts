/**
 * Opens the database named by DATABASE_URL: `sqlite:<file>` (the embedded default) or
 * `mysql://user:pass@host:port/db` (MariaDB/MySQL). Every change of state runs inside `db.tx()`.
 */
import { Sequelize, Transaction } from 'sequelize';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { initModels, type Models } from './models.js';
import type { Logger } from '../logger.js';

export interface Db {
  sequelize: Sequelize;
  models: Models;
  dialect: 'sqlite' | 'mysql';
  /** Runs `fn` in one transaction; retried on deadlock (MySQL) so callers need not care. */
  tx<T>(fn: (t: Transaction) => Promise<T>): Promise<T>;
  /** One self-contained write statement (atomic on its own), queued like a transaction on SQLite. */
  write(sql: string, replacements: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/** A tiny FIFO lock: SQLite has one writer, so write transactions of this process queue here instead of failing with SQLITE_BUSY. */
function createMutex() {
  let tail: Promise<void> = Promise.resolve();
  return async function withLock<T>(fn: () => Promise<T>): Promise<T> {
    let release!: () => void;
    const previous = tail;
    tail = new Promise<void>((r) => (release = r));
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  };
}

const RETRYABLE_MYSQL = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

export async function openDatabase(url: string, log?: Logger, poolMax = 10): Promise<Db> {
  let sequelize: Sequelize;
  let dialect: Db['dialect'];
  if (url.startsWith('sqlite:')) {
    dialect = 'sqlite';
    const storage = url.slice('sqlite:'.length) || ':memory:';
    if (storage !== ':memory:') mkdirSync(dirname(storage), { recursive: true });
    sequelize = new Sequelize({ dialect: 'sqlite', storage, logging: false });
    patchSqliteConnections(sequelize);
    await sequelize.query('PRAGMA journal_mode=WAL');
  } else if (url.startsWith('mysql:') || url.startsWith('mariadb:')) {
    dialect = 'mysql';
    const u = new URL(url.replace(/^mariadb:/, 'mysql:'));
    const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
    await ensureMysqlDatabase(u, database);
    sequelize = new Sequelize(database, decodeURIComponent(u.username), decodeURIComponent(u.password), {
      dialect: 'mysql',
      host: u.hostname,
      port: Number(u.port || 3306),
      logging: false,
      timezone: '+00:00',
      pool: { max: poolMax, min: 0, idle: 10_000, acquire: 30_000 },
      dialectOptions: { charset: 'utf8mb4', dateStrings: false, supportBigNumbers: true },
      define: { charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
    });
  } else {
    throw new Error(`DATABASE_URL must start with sqlite: or mysql:// (got ${url.split(':')[0]}:…)`);
  }
  await sequelize.authenticate();
  const models = initModels(sequelize);
  const lock = createMutex();

  async function tx<T>(fn: (t: Transaction) => Promise<T>): Promise<T> {
    if (dialect === 'sqlite') {
      return lock(() => sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE }, fn));
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await sequelize.transaction({ isolationLevel: Transaction.ISOLATION_LEVELS.READ_COMMITTED }, fn);
      } catch (e: any) {
        const code = e?.parent?.code ?? e?.original?.code;
        if (attempt < 5 && RETRYABLE_MYSQL.has(code)) {
          log?.debug({ code, attempt }, 'transaction retried');
          await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
          continue;
        }
        throw e;
      }
    }
  }

  async function write(sql: string, replacements: Record<string, unknown>): Promise<void> {
    const run = async () => {
      await sequelize.query(sql, { replacements });
    };
    await (dialect === 'sqlite' ? lock(run) : run());
  }

  return { sequelize, models, dialect, tx, write, close: () => sequelize.close() };
}

/**
 * Sequelize opens a new sqlite3 handle for every transaction (opening the file and reading the
 * schema each time) and closes it after, and it never sets a busy timeout. Since our write
 * transactions already queue on one lock, they can share one long-lived handle; every handle gets a
 * busy timeout, and WAL with synchronous=NORMAL (durable across a crash of the process, and the
 * standard pairing for WAL) instead of an fsync per commit.
 */
function patchSqliteConnections(sequelize: Sequelize) {
  const manager = (sequelize as any).connectionManager;
  // Before every SELECT that names a table, Sequelize's SQLite dialect asks `PRAGMA table_info` of it
  // (to parse the columns' types), inside the same transaction: an order placed paid three extra
  // round trips while holding the one write lock. The answer changes only with the schema, so it is
  // kept until this process runs DDL (migrations). Only that internal, callback-only form is cached.
  const tableInfo = new Map<string, unknown[]>();
  const DDL = /^\s*(CREATE|ALTER|DROP|RENAME)\b/i;
  const cacheTableInfo = (connection: any) => {
    for (const method of ['run', 'exec'] as const) {
      const original = connection[method].bind(connection);
      connection[method] = (sql: unknown, ...args: unknown[]) => {
        if (typeof sql === 'string' && DDL.test(sql)) tableInfo.clear();
        return original(sql, ...args);
      };
    }
    const all = connection.all.bind(connection);
    connection.all = (sql: unknown, ...args: unknown[]) => {
      if (typeof sql === 'string' && DDL.test(sql)) tableInfo.clear();
      const callback = args[0];
      if (typeof sql !== 'string' || args.length !== 1 || typeof callback !== 'function' || !sql.startsWith('PRAGMA table_info(')) return all(sql, ...args);
      const known = tableInfo.get(sql);
      if (known) {
        process.nextTick(() => callback.call(connection, null, known));
        return connection;
      }
      return all(sql, function (this: unknown, err: unknown, rows: unknown[]) {
        if (!err) tableInfo.set(sql, rows);
        callback.call(this, err, rows);
      });
    };
  };
  const getConnection = manager.getConnection.bind(manager);
  const releaseConnection = manager.releaseConnection.bind(manager);
  let txConnection: any = null;
  manager.getConnection = async (options?: { uuid?: string }) => {
    const forTransaction = Boolean(options?.uuid && options.uuid !== 'default');
    if (forTransaction && txConnection) return txConnection;
    const connection = await getConnection(options);
    if (!connection.__configured) {
      connection.configure('busyTimeout', 10_000);
      connection.run('PRAGMA synchronous=NORMAL');
      cacheTableInfo(connection);
      connection.__configured = true;
    }
    if (forTransaction) txConnection = connection;
    return connection;
  };
  manager.releaseConnection = (connection: unknown, force?: boolean) => {
    if (connection === txConnection && !force) return;
    return releaseConnection(connection, force);
  };
}

async function ensureMysqlDatabase(u: URL, database: string) {
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error('the MySQL database name may use letters, digits and _ only');
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({
    host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password),
  });
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } catch {
    // No privilege to create databases: the database must then exist already, and authenticate() will say so if not.
  } finally {
    await conn.end();
  }
}
