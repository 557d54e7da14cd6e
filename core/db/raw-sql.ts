/**
 * Statements run straight on a transaction's driver connection (better-sqlite3 behind
 * sqlite-driver.ts, or mysql2), for the rows written by every order and every use case: the order
 * itself, its lines, audit entries, emails and outbox jobs. Everything else goes through the models.
 *
 * Why: on this 2-core machine one `Model.create` costs ≈ 0.3 ms of CPU (instance building,
 * validation, query generation, a stack trace per query) and `sequelize.query` ≈ 0.1 ms where the
 * driver takes ≈ 0.03 ms on SQLite; an order placed from the bot wrote nine rows that way while
 * holding SQLite's one write lock (MySQL: a round trip each, hence the batches below).
 * Values are encoded as Sequelize encodes them (the same date text, JSON as text, booleans as 0/1),
 * so the models read these rows back exactly as if they had written them.
 */
import type { Model, ModelStatic, Transaction, CreationAttributes } from 'sequelize';

export type Dialect = 'sqlite' | 'mysql';
type SqlValue = string | number | null;

/** Dates for raw SQL in the exact text form Sequelize stores them in (with milliseconds; UTC). */
export function sqlDate(dialect: Dialect, d: Date): string {
  const text = d.toISOString().replace('T', ' ').replace('Z', '');
  return dialect === 'sqlite' ? `${text} +00:00` : text;
}

const dialectOf = (t: Transaction): Dialect => ((t as any).sequelize.getDialect() === 'sqlite' ? 'sqlite' : 'mysql');

/** Runs one statement on a driver connection (sqlite-driver.ts or mysql2): the first id it inserted and the rows it changed. */
export function runOnConnection(dialect: Dialect, conn: any, sql: string, params: SqlValue[] = []): Promise<{ insertId: number; changes: number }> {
  if (dialect === 'mysql') {
    return sendMysql<{ insertId: number; affectedRows: number }>(conn, sql, params).then((r) => ({ insertId: r.insertId, changes: r.affectedRows }));
  }
  return new Promise((resolve, reject) => {
    conn.run(sql, params, function (this: { lastID: number; changes: number }, err: Error | null) {
      if (err) reject(err);
      else resolve({ insertId: this.lastID, changes: this.changes });
    });
  });
}

/*
 * MySQL: statements issued on one connection in the same turn of the event loop travel together, as
 * one multi-statement query: one round trip for all of them. mysql2 sends a command only once the
 * previous one is answered, so `together([...])` alone still cost a round trip per statement, and a
 * round trip is 0.3–0.6 ms on this machine (an order from the bot was ten of them; now five: BEGIN with
 * the reads, the order, its lines with the audit entry and the email, the email's job, COMMIT).
 *
 * Safety: the text of a batch is only ever built here, from this codebase's own statement text with
 * every value escaped by the driver exactly as for a single statement (`conn.format`, which is what
 * `conn.query(sql, values)` does); no statement is built from input. The connections accept several
 * statements per query for this reason only, and never run with NO_BACKSLASH_ESCAPES, under which
 * that escaping would not hold (database.ts); the tests store `'); DELETE …` text and read it back.
 *
 * Order: a statement waiting for its batch must not be overtaken by a command sent another way
 * (Sequelize's own queries on a transaction's connection): every command added to the connection
 * first sends the waiting batch (`guard`).
 *
 * Failure: MySQL stops a batch at its first failing statement. Each statement is told what happened
 * to it: those before the failure resolve with their results, the failing one rejects with its
 * error, those after it reject with `NotRun` (they never reached the server) — as if they had been
 * sent one by one, except that the ones after were not tried. The error names the failing
 * statement's text without its values (mysql2 would attach the whole batch, values and all, to
 * whatever logs it). Await statements issued together with `together`, which waits for all of them.
 */
interface Waiting {
  statement: string; // as written, `?` for values
  sql: string; // values in
  resolve(result: any): void;
  reject(err: unknown): void;
}
const waiting = new WeakMap<object, Waiting[]>();
const guarded = new WeakSet<object>();
/** Connections whose BEGIN failed: nothing but ROLLBACK may run there, or it would run outside any transaction. */
const beginFailed = new WeakMap<object, Error>();
const BEGIN = 'START TRANSACTION';

/** A statement of a batch that was not run because an earlier one failed (`cause`). */
export class NotRun extends Error {
  constructor(readonly statement: string, cause: unknown) {
    super(`not run: an earlier statement of its batch failed (${(cause as Error)?.message ?? cause})`, { cause });
  }
}

function sendMysql<T>(conn: any, sql: string, params: SqlValue[]): Promise<T> {
  if (!guarded.has(conn)) guard(conn);
  const statement = sql.trim().replace(/;+$/, ''); // a trailing ";" would end the batch's next statement too
  if (statement === 'ROLLBACK') beginFailed.delete(conn);
  else if (beginFailed.has(conn)) return Promise.reject(beginFailed.get(conn));
  const text = params.length ? conn.format(statement, params) : statement;
  return new Promise<T>((resolve, reject) => {
    let batch = waiting.get(conn);
    if (!batch) {
      waiting.set(conn, (batch = []));
      queueMicrotask(() => flushMysql(conn));
    }
    batch.push({ statement, sql: text, resolve, reject });
  });
}

function flushMysql(conn: any): void {
  const batch = waiting.get(conn);
  if (!batch) return;
  waiting.delete(conn);
  const query = conn.query(batch.map((w) => w.sql).join(';\n'), (err: (Error & { sql?: string }) | null, results: any) => {
    if (!err) {
      if (batch.length === 1) batch[0]!.resolve(results);
      else batch.forEach((w, i) => w.resolve(results[i]));
      return;
    }
    // mysql2 counts the result sets it completed before the error: the failing statement's index.
    const failed = Math.min(Number(query._resultIndex) || 0, batch.length - 1);
    err.sql = batch[failed]!.statement;
    if (batch[failed]!.statement === BEGIN) beginFailed.set(conn, err);
    batch.forEach((w, i) => {
      if (i < failed) w.resolve(query._rows[i]);
      else if (i === failed) w.reject(err);
      else w.reject(new NotRun(w.statement, err));
    });
  });
}

/** Every command added to the connection (ours or Sequelize's) first sends the batch waiting on it. */
function guard(conn: any): void {
  guarded.add(conn);
  const addCommand = conn.addCommand;
  conn.addCommand = function (this: unknown, cmd: unknown) {
    flushMysql(conn);
    return addCommand.call(this, cmd);
  };
}

/** Runs one statement on the transaction's connection. */
export function runSql(t: Transaction, sql: string, params: SqlValue[] = []): Promise<{ insertId: number; changes: number }> {
  const conn = (t as any).connection;
  if (!conn || (t as any).finished) return Promise.reject(new Error('runSql: the transaction has ended'));
  return runOnConnection(dialectOf(t), conn, sql, params);
}

/** Rows of one SELECT on the transaction's connection, as the driver returns them (columns by name). */
export function selectSql<T>(t: Transaction, sql: string, params: SqlValue[] = []): Promise<T[]> {
  const conn = (t as any).connection;
  if (!conn || (t as any).finished) return Promise.reject(new Error('selectSql: the transaction has ended'));
  if (dialectOf(t) === 'mysql') return sendMysql<T[]>(conn, sql, params);
  return new Promise((resolve, reject) => {
    conn.all(sql, params, (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows)));
  });
}

/**
 * Awaits statements issued together on one transaction: one wait for all of them instead of one
 * each (on MySQL one round trip, see above). Unlike `Promise.all` it lets every statement settle
 * before failing: a rollback must never overtake a statement still running on the connection.
 */
export async function together<T extends readonly unknown[]>(work: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as any;
}

interface Column {
  attribute: string;
  field: string;
  kind: 'date' | 'json' | 'boolean' | 'plain';
  defaultValue?: unknown;
}

const columnsOf = new WeakMap<object, Column[]>();

/** The model's columns, read once from its definition (see columns.ts for the JSON-as-text ones). */
function columns(model: ModelStatic<Model>): Column[] {
  let cols = columnsOf.get(model);
  if (cols) return cols;
  cols = [];
  for (const [attribute, def] of Object.entries(model.getAttributes()) as [string, any][]) {
    if (def.autoIncrement) continue;
    const key = String(def.type?.key ?? '');
    const kind = key === 'DATE' ? 'date' : key === 'BOOLEAN' ? 'boolean' : key === 'TEXT' && typeof def.set === 'function' ? 'json' : 'plain';
    cols.push({ attribute, field: def.field ?? attribute, kind, defaultValue: def.defaultValue });
  }
  columnsOf.set(model, cols);
  return cols;
}

function encode(dialect: Dialect, col: Column, value: unknown): SqlValue {
  if (value === undefined || value === null) return null;
  switch (col.kind) {
    case 'date':
      return sqlDate(dialect, value instanceof Date ? value : new Date(value as string));
    case 'json':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'boolean':
      return value ? 1 : 0;
    default:
      return value as SqlValue;
  }
}

/**
 * INSERTs `rows` of `model` in one statement and returns them as model instances (ids set, not new
 * records). Like `bulkCreate` without validation or hooks (the models have none; the use cases
 * validate their input): defaults and createdAt/updatedAt are filled in here.
 */
export async function insertRows<M extends Model>(t: Transaction, model: ModelStatic<M>, rows: CreationAttributes<M>[]): Promise<M[]> {
  if (!rows.length) return [];
  const dialect = dialectOf(t);
  const cols = columns(model as ModelStatic<Model>);
  const now = new Date();
  const full = rows.map((row) => {
    const values: Record<string, unknown> = { ...row };
    for (const c of cols) {
      if (values[c.attribute] !== undefined) continue;
      if (c.attribute === 'createdAt' || c.attribute === 'updatedAt') values[c.attribute] = now;
      else if (c.defaultValue !== undefined) values[c.attribute] = c.defaultValue;
    }
    return values;
  });
  const params: SqlValue[] = [];
  for (const values of full) for (const c of cols) params.push(encode(dialect, c, values[c.attribute]));
  const tuple = `(${cols.map(() => '?').join(', ')})`;
  const sql = `INSERT INTO \`${model.getTableName() as string}\` (${cols.map((c) => `\`${c.field}\``).join(', ')}) VALUES ${full.map(() => tuple).join(', ')}`;
  const { insertId } = await runSql(t, sql, params);
  // One statement allocates consecutive ids on both databases (SQLite under its write lock; InnoDB
  // for inserts of a known row count). The driver reports the last id on SQLite, the first on MySQL.
  const first = dialect === 'sqlite' ? insertId - full.length + 1 : insertId;
  return full.map((values, i) => {
    const raw: Record<string, unknown> = { id: first + i };
    for (const c of cols) raw[c.attribute] = c.kind === 'json' ? encode(dialect, c, values[c.attribute]) : values[c.attribute] ?? null;
    return model.build(raw as any, { isNewRecord: false, raw: true });
  });
}

/** One row; see `insertRows`. */
export async function insertRow<M extends Model>(t: Transaction, model: ModelStatic<M>, row: CreationAttributes<M>): Promise<M> {
  return (await insertRows(t, model, [row]))[0]!;
}
