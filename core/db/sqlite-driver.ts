/**
 * better-sqlite3 behind the callback API of the `sqlite3` package, handed to Sequelize as its SQLite
 * `dialectModule`. Why: `sqlite3` runs every statement on libuv's thread pool, so each one costs a
 * round trip to another thread and back through the event loop (≈ 0.3 ms on this 2-core machine) —
 * and with SQLite's one writer, a transaction holds the write lock across all of them, each delayed
 * further by whatever else the loop is doing. better-sqlite3 runs a statement on the calling thread
 * in microseconds. The price: a slow query blocks the process while it runs (the embedded database
 * is for one small office; MariaDB is the production choice).
 *
 * Waiting for the write lock must not block, though: the holder may be another connection of this
 * very process (a write outside `db.tx`, say AdminJS's, while a transaction is open), which could
 * never finish while the thread sleeps in SQLite's busy handler. So statements are tried without
 * one, and a statement refused with SQLITE_BUSY is tried again on a timer, up to `busyTimeout`, as
 * `sqlite3`'s thread pool did. (A refused statement changed nothing: trying it again is what the busy
 * handler itself does.)
 *
 * Only what Sequelize's SQLite dialect and core/db use is provided: `new Database(file, mode, cb)`,
 * `run`, `all`, `get`, `exec`, `serialize`, `configure('busyTimeout')`, `close`. Callbacks are called
 * asynchronously (as `sqlite3` does), errors carry `sqlite3`'s primary code and message prefix
 * ("SQLITE_CONSTRAINT: UNIQUE constraint failed: …"), which Sequelize parses.
 */
import BetterSqlite3 from 'better-sqlite3';

type Callback<T = unknown> = (this: Statement, err: Error | null, result?: T) => void;

/** What `sqlite3` passes as `this` to callbacks; Sequelize reads bulk-insert ids only from a "Statement". */
class Statement {
  constructor(
    readonly lastID = 0,
    readonly changes = 0,
  ) {}
}
const NOTHING = new Statement();

export const OPEN_READONLY = 0x00000001;
export const OPEN_READWRITE = 0x00000002;
export const OPEN_CREATE = 0x00000004;
export const OPEN_FULLMUTEX = 0x00010000;

const STATEMENT_CACHE = 500;
const DDL = /^\s*(CREATE|ALTER|DROP)\b/i;

/** `sqlite3`'s error shape: the primary result code, and the message prefixed with it. */
function asSqlite3Error(e: unknown, fallbackCode = 'SQLITE_ERROR'): Error {
  if (!(e instanceof Error)) return new Error(String(e));
  const code = (e as { code?: string }).code ?? fallbackCode;
  if (!code.startsWith('SQLITE_')) return e;
  const primary = code.split('_').slice(0, 2).join('_');
  const err = new Error(`${primary}: ${e.message}`) as Error & { code: string; extendedCode: string };
  err.code = primary;
  err.extendedCode = code;
  return err;
}

/**
 * Values as `sqlite3` binds them: whole numbers as INTEGER (better-sqlite3 binds every number as
 * REAL, which a TEXT column would keep as '5.0'), booleans as 0/1, dates as milliseconds, undefined as
 * NULL; `$1`-style arrays by position.
 */
function bindings(sql: string, params: unknown): unknown[] {
  if (params === undefined || params === null) return [];
  const value = (v: unknown): unknown =>
    v === undefined ? null
    : typeof v === 'boolean' ? BigInt(v ? 1 : 0)
    : typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v)
    : v instanceof Date ? v.valueOf()
    : v;
  if (Array.isArray(params)) {
    const values = params.map(value);
    // Sequelize binds `$1, $2 …`: better-sqlite3 reads those as names, given by an object.
    if (/\$\d/.test(sql)) return [Object.fromEntries(values.map((v, i) => [String(i + 1), v]))];
    return values;
  }
  if (typeof params === 'object') {
    // `sqlite3` keys named parameters with their prefix ($name, :name, @name); better-sqlite3 without.
    return [Object.fromEntries(Object.entries(params as Record<string, unknown>).map(([k, v]) => [k.replace(/^[$:@]/, ''), value(v)]))];
  }
  return [value(params)];
}

/** `fn(sql, [params], [cb])` or `fn(sql, p1, p2, …, [cb])`, as `sqlite3` accepts. No values: undefined. */
function args(rest: unknown[]): [unknown, Callback<any> | undefined] {
  const cb = typeof rest[rest.length - 1] === 'function' ? (rest.pop() as Callback) : undefined;
  const params = rest.length > 1 ? rest : rest[0];
  const empty = params === undefined || params === null || (Array.isArray(params) && params.length === 0);
  return [empty ? undefined : params, cb];
}

export class Database {
  readonly filename: string;
  private readonly db: BetterSqlite3.Database;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private busyTimeoutMs = 5_000;

  constructor(filename: string, mode?: number | Callback, callback?: Callback) {
    const cb = typeof mode === 'function' ? mode : callback;
    const flags = typeof mode === 'number' ? mode : OPEN_READWRITE | OPEN_CREATE;
    this.filename = filename;
    let error: Error | null = null;
    try {
      this.db = new BetterSqlite3(filename, { readonly: (flags & OPEN_READWRITE) === 0, fileMustExist: (flags & OPEN_CREATE) === 0, timeout: 0 });
    } catch (e) {
      error = asSqlite3Error(e, 'SQLITE_CANTOPEN'); // e.g. a missing directory: a TypeError without a code
      this.db = undefined as unknown as BetterSqlite3.Database;
    }
    if (cb) queueMicrotask(() => cb.call(NOTHING, error));
    else if (error) throw error;
  }

  private statement(sql: string): BetterSqlite3.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      if (DDL.test(sql)) this.statements.clear(); // the schema changes: prepared statements may be stale
      s = this.db.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE) this.statements.clear();
      if (!DDL.test(sql)) this.statements.set(sql, s);
    }
    return s;
  }

  /**
   * Runs `work` now and calls back on a later microtask, as `sqlite3` calls back after the thread pool;
   * refused for the write lock (SQLITE_BUSY), `work` is tried again on a timer until `busyTimeout`,
   * every 1, 2, 4, then 8 ms (a longer step left the lock idle between two processes' turns: three
   * worker processes drained jobs slower than one).
   */
  private call<T>(cb: Callback<T> | undefined, work: () => [T, Statement], retry = true): this {
    const started = Date.now();
    let delay = 1;
    const attempt = (deferred: boolean) => {
      let result: T | undefined;
      let meta = NOTHING;
      let error: Error | null = null;
      try {
        [result, meta] = work();
      } catch (e) {
        error = asSqlite3Error(e);
        if (retry && (error as { code?: string }).code === 'SQLITE_BUSY' && Date.now() - started < this.busyTimeoutMs) {
          setTimeout(() => attempt(true), delay);
          delay = Math.min(delay * 2, 8);
          return;
        }
      }
      if (!cb) return;
      const done = () => (error ? cb.call(meta, error) : cb.call(meta, null, result));
      if (deferred) done();
      else queueMicrotask(done);
    };
    attempt(false);
    return this;
  }

  /**
   * Several statements at once (migrations): each commits on its own, so a refusal half-way cannot be
   * retried from the start — these wait in SQLite's own busy handler instead (blocking, and rare).
   */
  private execMany(sql: string): void {
    this.db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
    try {
      this.db.exec(sql);
    } finally {
      this.db.pragma('busy_timeout = 0');
    }
  }

  /** Prepared (and kept), or null for a string of several statements without values (run by exec). */
  private prepared(sql: string, params: unknown): BetterSqlite3.Statement | null {
    try {
      return this.statement(sql);
    } catch (e) {
      if (params === undefined && e instanceof RangeError && /more than one statement/.test(e.message)) return null;
      throw e;
    }
  }

  run(sql: string, ...rest: unknown[]): this {
    const [params, cb] = args(rest);
    return this.withStatement(sql, params, cb, undefined, (s) => {
      const r = s.run(...bindings(sql, params));
      return [undefined, new Statement(Number(r.lastInsertRowid), r.changes)];
    });
  }

  all(sql: string, ...rest: unknown[]): this {
    const [params, cb] = args(rest);
    return this.withStatement(sql, params, cb, [], (s) => {
      if (s.reader) return [s.all(...bindings(sql, params)), NOTHING];
      const r = s.run(...bindings(sql, params));
      return [[], new Statement(Number(r.lastInsertRowid), r.changes)];
    });
  }

  get(sql: string, ...rest: unknown[]): this {
    const [params, cb] = args(rest);
    // One row of one statement: several statements are an error here (not run by exec).
    return this.withStatement(sql, params === undefined ? [] : params, cb, undefined, (s) => {
      if (s.reader) return [s.get(...bindings(sql, params)), NOTHING];
      const r = s.run(...bindings(sql, params));
      return [undefined, new Statement(Number(r.lastInsertRowid), r.changes)];
    });
  }

  exec(sql: string, cb?: Callback): this {
    if (DDL.test(sql)) this.statements.clear();
    return this.call(cb, () => {
      this.execMany(sql);
      return [undefined, NOTHING];
    }, false);
  }

  /** Prepares `sql` and runs `work` on it (retried when refused the lock); several statements go to exec. */
  private withStatement<T>(sql: string, params: unknown, cb: Callback<T> | undefined, none: T, work: (s: BetterSqlite3.Statement) => [T, Statement]): this {
    let s: BetterSqlite3.Statement | null;
    try {
      s = this.prepared(sql, params);
    } catch (e) {
      return this.call(cb, () => {
        throw e;
      }, false);
    }
    if (!s) {
      return this.call(cb, () => {
        this.execMany(sql);
        return [none, NOTHING];
      }, false);
    }
    return this.call(cb, () => work(s));
  }

  /** Statements already run one after another, in the order issued. */
  serialize(fn?: () => void): this {
    fn?.();
    return this;
  }

  parallelize(fn?: () => void): this {
    fn?.();
    return this;
  }

  configure(option: string, value: number): void {
    if (option === 'busyTimeout') this.busyTimeoutMs = Math.max(0, Math.floor(value));
  }

  close(cb?: Callback): void {
    this.statements.clear();
    this.call(cb, () => {
      if (this.db?.open) this.db.close();
      return [undefined, NOTHING];
    });
  }
}

export default { Database, OPEN_READONLY, OPEN_READWRITE, OPEN_CREATE, OPEN_FULLMUTEX, verbose: () => ({ Database, OPEN_READONLY, OPEN_READWRITE, OPEN_CREATE, OPEN_FULLMUTEX }) };
