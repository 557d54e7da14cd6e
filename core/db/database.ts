/**
 * Opens the database named by DATABASE_URL: `sqlite:<file>` (the embedded default, through the
 * `sqlite3` driver Sequelize documents) or `mysql://user:pass@host:port/db` (MariaDB/MySQL, mysql2).
 * Every change of state runs inside `db.tx()`: a managed Sequelize transaction, retried on deadlock.
 */
import { Sequelize, Transaction } from 'sequelize';
import sqlite3 from 'sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { initModels, type Models } from './models.js';
import { mysqlTarget, serverOptions, type MysqlTarget } from './mysql-target.js';
import type { Logger } from '../logger.js';

export interface Db {
  sequelize: Sequelize;
  models: Models;
  dialect: 'sqlite' | 'mysql';
  /**
   * Runs `fn` in one transaction (READ COMMITTED on MySQL, BEGIN IMMEDIATE on SQLite). On MySQL a
   * deadlock or lock-wait timeout runs `fn` again, so `fn` must only touch the database through `t`.
   * `t.afterCommit(...)` hooks run after the commit and may start transactions of their own.
   */
  tx<T>(fn: (t: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** How long a SQLite statement waits for another process's write lock before SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * sqlite3's own Database with a busy timeout set on every handle Sequelize opens (it opens one per
 * transaction and has no option for it); `configure('busyTimeout')` is sqlite3's documented call.
 */
class PatientDatabase extends sqlite3.Database {
  constructor(filename: string, mode: number, callback?: (err: Error | null) => void) {
    super(filename, mode, callback);
    this.configure('busyTimeout', SQLITE_BUSY_TIMEOUT_MS);
  }
}
const sqliteModule = { ...sqlite3, Database: PatientDatabase };

/** A FIFO lock: SQLite has one writer, so this process's write transactions queue here instead of in SQLite's busy handler. */
function createMutex() {
  let tail: Promise<void> = Promise.resolve();
  return async function acquire(): Promise<() => void> {
    let release!: () => void;
    const previous = tail;
    tail = new Promise<void>((r) => (release = r));
    await previous;
    return release;
  };
}

const RETRYABLE_MYSQL = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const MAX_ATTEMPTS = 5;

export interface OpenOptions {
  log?: Logger;
  /** MySQL connections per process */
  poolMax?: number;
  /** Statements run on every new MySQL connection (e.g. session variables a cluster node sets). */
  sessionSql?: string[];
}

export async function openDatabase(url: string, { log, poolMax = 10, sessionSql = [] }: OpenOptions = {}): Promise<Db> {
  let sequelize: Sequelize;
  let dialect: Db['dialect'];
  if (url.startsWith('sqlite:')) {
    dialect = 'sqlite';
    const storage = url.slice('sqlite:'.length) || ':memory:';
    if (storage !== ':memory:') mkdirSync(dirname(storage), { recursive: true });
    sequelize = new Sequelize({
      dialect: 'sqlite',
      dialectModule: sqliteModule,
      storage,
      logging: false,
      // IMMEDIATE: a transaction takes the write lock at BEGIN, so two never deadlock upgrading a read lock.
      transactionType: Transaction.TYPES.IMMEDIATE,
    });
    // WAL lets readers go on while one transaction writes; the mode is stored in the file.
    if (storage !== ':memory:') await sequelize.query('PRAGMA journal_mode=WAL');
  } else if (url.startsWith('mysql:') || url.startsWith('mariadb:')) {
    dialect = 'mysql';
    const target = mysqlTarget(url);
    await ensureMysqlDatabase(target);
    sequelize = new Sequelize(target.database, target.user, target.password, {
      dialect: 'mysql',
      host: target.host,
      port: target.port,
      logging: false,
      timezone: '+00:00',
      isolationLevel: Transaction.ISOLATION_LEVELS.READ_COMMITTED,
      pool: { max: poolMax, min: 0, idle: 10_000, acquire: 30_000 },
      dialectOptions: {
        charset: 'utf8mb4', dateStrings: false, supportBigNumbers: true,
        ...(target.socketPath ? { socketPath: target.socketPath } : {}),
      },
      define: { charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
      hooks: {
        afterConnect: async (connection: any) => {
          for (const sql of sessionSql) await connection.promise().query(sql);
        },
      },
    });
  } else {
    throw new Error(`DATABASE_URL must start with sqlite: or mysql:// (got ${url.split(':')[0]}:…)`);
  }
  await sequelize.authenticate();
  const models = initModels(sequelize);
  const acquire = createMutex();

  async function sqliteTx<T>(fn: (t: Transaction) => Promise<T>): Promise<T> {
    const release = await acquire();
    let released = false;
    const free = () => {
      if (!released) (released = true), release();
    };
    try {
      // Registered first, so the lock is given back before any hook of `fn` runs (a hook may call tx).
      return await sequelize.transaction(async (t) => {
        t.afterCommit(free);
        return fn(t);
      });
    } finally {
      free();
    }
  }

  async function mysqlTx<T>(fn: (t: Transaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await sequelize.transaction(fn);
      } catch (e: any) {
        const code = e?.parent?.code ?? e?.original?.code;
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE_MYSQL.has(code)) throw e;
        log?.debug({ errCode: code, attempt }, 'transaction retried');
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
      }
    }
  }

  return { sequelize, models, dialect, tx: dialect === 'sqlite' ? sqliteTx : mysqlTx, close: () => sequelize.close() };
}

async function ensureMysqlDatabase(target: MysqlTarget) {
  if (!/^[A-Za-z0-9_]+$/.test(target.database)) throw new Error('the MySQL database name may use letters, digits and _ only');
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection(serverOptions(target));
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${target.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } catch {
    // No privilege to create databases: the database must then exist already, and authenticate() will say so if not.
  } finally {
    await conn.end();
  }
}
