/**
 * Opens the database named by DATABASE_URL: `sqlite:<file>` (the embedded default) or
 * `mysql://user:pass@host:port/db` (MariaDB/MySQL). Every change of state runs inside `db.tx()`.
 */
import { Sequelize, Transaction } from 'sequelize';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { initModels, type Models } from './models.js';
import { mysqlTarget, serverOptions, type MysqlTarget } from './mysql-target.js';
import { runOnConnection, together } from './raw-sql.js';
import sqliteDriver from './sqlite-driver.js';
import type { Logger } from '../logger.js';

export interface Db {
  sequelize: Sequelize;
  models: Models;
  dialect: 'sqlite' | 'mysql';
  /** Runs `fn` in one transaction; retried on deadlock (MySQL) so callers need not care. */
  tx<T>(fn: (t: Transaction) => Promise<T>): Promise<T>;
  /**
   * One self-contained write statement (atomic on its own; values as `?`), run by the driver itself
   * (see raw-sql.ts for why); on SQLite queued like a transaction and run on the transactions' handle.
   */
  write(sql: string, params: (string | number | null)[]): Promise<void>;
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
    sequelize = new Sequelize({ dialect: 'sqlite', dialectModule: sqliteDriver, storage, logging: false });
    patchSqliteConnections(sequelize);
    await sequelize.query('PRAGMA journal_mode=WAL');
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
      pool: { max: poolMax, min: 0, idle: 10_000, acquire: 30_000 },
      // multipleStatements: raw-sql.ts sends the statements of a transaction issued together as one
      // query (one round trip); it alone builds such text, from its own statements with escaped values.
      dialectOptions: {
        charset: 'utf8mb4', dateStrings: false, supportBigNumbers: true, multipleStatements: true,
        ...(target.socketPath ? { socketPath: target.socketPath } : {}),
      },
      define: { charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
    });
    // Every transaction is READ COMMITTED: set once per connection rather than before each one (see tx).
    // And backslashes always escape in string literals, as mysql2's escaping assumes (a server set to
    // NO_BACKSLASH_ESCAPES would turn `\'` inside a value into the end of the string).
    sequelize.addHook('afterConnect', async (conn: unknown) => {
      await together([
        runOnConnection('mysql', conn, 'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED'),
        runOnConnection('mysql', conn, "SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES', '')"),
      ]);
    });
  } else {
    throw new Error(`DATABASE_URL must start with sqlite: or mysql:// (got ${url.split(':')[0]}:…)`);
  }
  await sequelize.authenticate();
  const models = initModels(sequelize);
  const lock = createMutex();

  const manager = (sequelize as any).connectionManager;
  // Any uuid but 'default' gets the one long-lived handle SQLite transactions share (see patchSqliteConnections).
  const sqliteHandle = () => manager.getConnection({ uuid: 'write' });

  async function tx<T>(fn: (t: Transaction) => Promise<T>): Promise<T> {
    if (dialect === 'sqlite') {
      const [result, t] = await lock(async () => driverTransaction(await sqliteHandle(), 'BEGIN IMMEDIATE', fn));
      return afterCommit(t, result);
    }
    for (let attempt = 1; ; attempt++) {
      const conn = await manager.getConnection();
      let broken = false;
      let done: [T, Transaction];
      try {
        done = await driverTransaction(conn, 'START TRANSACTION', fn, () => (broken = true));
      } catch (e: any) {
        const code = e?.parent?.code ?? e?.original?.code ?? e?.code; // the last: driver errors (raw-sql.ts)
        if (attempt < 5 && RETRYABLE_MYSQL.has(code)) {
          log?.debug({ code, attempt }, 'transaction retried');
          await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
          continue;
        }
        throw e;
      } finally {
        if (broken) await manager.destroyConnection(conn).catch(() => {});
        else manager.releaseConnection(conn);
      }
      return afterCommit(done[1], done[0]);
    }
  }

  /**
   * A transaction begun and ended by the driver: what `sequelize.transaction()` does (a Transaction
   * bound to the connection, marked finished after) without building a query for each of BEGIN,
   * COMMIT and (MySQL) SET TRANSACTION ISOLATION LEVEL — the level is the session's, set once per
   * connection (afterConnect above). Measured: ≈ 0.5 ms less per transaction on SQLite, where the
   * write lock is held that much shorter, and one round trip less on MySQL.
   */
  async function driverTransaction<T>(conn: unknown, begin: string, fn: (t: Transaction) => Promise<T>, onBroken?: () => void): Promise<[T, Transaction]> {
    const t = new Transaction(sequelize, {});
    (t as any).connection = conn;
    const begun = runOnConnection(dialect, conn, begin);
    // On MySQL the BEGIN travels with the transaction's first statements (one round trip less; see
    // raw-sql.ts) and is not awaited here: if it fails, the statements after it are refused until
    // the ROLLBACK below.
    if (dialect === 'sqlite') await begun;
    else begun.catch(() => {});
    let result: T;
    try {
      result = await fn(t);
      await runOnConnection(dialect, conn, 'COMMIT');
    } catch (e) {
      (t as any).finished = 'rollback';
      // Also after a failed COMMIT (e.g. SQLITE_BUSY), which leaves the transaction open. A connection
      // that cannot even roll back is in an unknown state: it is not reused.
      await runOnConnection(dialect, conn, 'ROLLBACK').catch(() => onBroken?.());
      throw e;
    }
    (t as any).finished = 'commit';
    return [result, t];
  }

  /** `t.afterCommit` hooks run once the lock (SQLite) or the connection (MySQL) is given back: they may start transactions of their own. */
  async function afterCommit<T>(t: Transaction, result: T): Promise<T> {
    for (const hook of (t as any)._afterCommitHooks as ((t: Transaction) => unknown)[]) await hook(t);
    return result;
  }

  async function write(sql: string, params: (string | number | null)[]): Promise<void> {
    if (dialect === 'mysql') {
      const conn = await manager.getConnection();
      try {
        await runOnConnection(dialect, conn, sql, params);
      } finally {
        manager.releaseConnection(conn);
      }
      return;
    }
    await lock(async () => runOnConnection(dialect, await sqliteHandle(), sql, params));
  }

  return { sequelize, models, dialect, tx, write, close: () => sequelize.close() };
}

/**
 * Sequelize opens a new SQLite handle for every transaction (opening the file and reading the schema
 * each time) and closes it after, and it never sets a busy timeout. Since our write transactions
 * already queue on one lock, they share one long-lived handle; every handle gets a busy timeout, and
 * WAL with synchronous=NORMAL (durable across a crash of the process, and the standard pairing for
 * WAL) instead of an fsync per commit.
 */
function patchSqliteConnections(sequelize: Sequelize) {
  const manager = (sequelize as any).connectionManager;
  const getConnection = manager.getConnection.bind(manager);
  const releaseConnection = manager.releaseConnection.bind(manager);
  let txConnection: any = null;
  manager.getConnection = async (options?: { uuid?: string }) => {
    const forTransaction = Boolean(options?.uuid && options.uuid !== 'default');
    if (forTransaction && txConnection) return txConnection;
    const connection = await getConnection(options);
    if (!connection.__configured) {
      connection.__configured = true;
      connection.configure('busyTimeout', 10_000);
      await runOnConnection('sqlite', connection, 'PRAGMA synchronous=NORMAL');
    }
    if (forTransaction) txConnection = connection;
    return connection;
  };
  manager.releaseConnection = (connection: unknown, force?: boolean) => {
    if (connection === txConnection && !force) return;
    return releaseConnection(connection, force);
  };
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
