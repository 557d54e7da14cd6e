/**
 * sqlite-driver.ts: better-sqlite3 behind the callback API of the `sqlite3` package. Checked
 * directly (callbacks asynchronous, `this.lastID` / `this.changes`, every way of binding parameters,
 * `sqlite3`-shaped errors, the statement cache across schema changes, busy timeout, close) and
 * through a real Sequelize instance given it as `dialectModule`, the way database.ts uses it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataTypes, QueryTypes, Sequelize, UniqueConstraintError, type Model, type ModelStatic } from 'sequelize';
import sqliteDriver, { Database, OPEN_CREATE, OPEN_READONLY, OPEN_READWRITE } from './sqlite-driver.js';

interface Meta {
  lastID: number;
  changes: number;
}
type SqliteError = Error & { code?: string; extendedCode?: string };

/** `run` as a promise: the callback's `this` (lastID, changes). */
function run(db: Database, sql: string, params?: unknown): Promise<Meta> {
  return new Promise((resolve, reject) => {
    const cb = function (this: Meta, err: Error | null) {
      if (err) reject(err);
      else resolve({ lastID: this.lastID, changes: this.changes });
    };
    if (params === undefined) db.run(sql, cb);
    else db.run(sql, params, cb);
  });
}

function all<T = Record<string, unknown>>(db: Database, sql: string, params?: unknown): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const cb = (err: Error | null, rows?: T[]) => (err ? reject(err) : resolve(rows as T[]));
    if (params === undefined) db.all(sql, cb);
    else db.all(sql, params, cb);
  });
}

function get<T = Record<string, unknown>>(db: Database, sql: string, params?: unknown): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const cb = (err: Error | null, row?: T) => (err ? reject(err) : resolve(row));
    if (params === undefined) db.get(sql, cb);
    else db.get(sql, params, cb);
  });
}

function exec(db: Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));
}

/** Opens a handle; resolves once the constructor's callback said it is open. */
function open(file: string, mode = OPEN_READWRITE | OPEN_CREATE): Promise<Database> {
  return new Promise((resolve, reject) => {
    const db: Database = new Database(file, mode, (err) => (err ? reject(err) : resolve(db)));
  });
}

function close(db: Database): Promise<void> {
  return new Promise((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));
}

/**
 * Calls `start` with a callback and checks `start` neither throws nor has the callback called
 * before it returns; resolves with what the callback was given (error, result, `this`).
 */
function callback(start: (cb: (this: Meta, err: Error | null, result?: unknown) => void) => void): Promise<{ err: SqliteError | null; result: unknown; meta: Meta }> {
  return new Promise((resolve, reject) => {
    let returned = false;
    try {
      start(function (this: Meta, err, result) {
        if (!returned) reject(new Error('the callback was called before the call returned'));
        else resolve({ err: err as SqliteError | null, result, meta: { lastID: this?.lastID, changes: this?.changes } });
      });
    } catch (e) {
      reject(new Error(`threw synchronously instead of calling back: ${(e as Error).message}`));
      return;
    }
    returned = true;
  });
}

describe('sqlite-driver (better-sqlite3 behind the sqlite3 callback API)', function () {
  let dir: string;
  let n = 0;
  const freshFile = () => join(dir, `db-${++n}.sqlite`);

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sportello-sqlite-driver-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('new Database(file, mode, cb)', () => {
    it('calls back with null after the constructor returned, and the handle works', async () => {
      const file = freshFile();
      let returned = false;
      let insideCallback: { returned: boolean; err: unknown } | undefined;
      const db = await new Promise<Database>((resolve) => {
        const handle: Database = new Database(file, OPEN_READWRITE | OPEN_CREATE, (err) => {
          insideCallback = { returned, err };
          resolve(handle);
        });
        returned = true;
      });
      assert.deepEqual(insideCallback, { returned: true, err: null });
      assert.equal(db.filename, file);
      assert.ok(existsSync(file), 'OPEN_CREATE created the file');
      await exec(db, 'CREATE TABLE t (x INTEGER)');
      assert.deepEqual(await all(db, 'SELECT count(*) AS n FROM t'), [{ n: 0 }]);
      await close(db);
    });

    it('without OPEN_CREATE, a missing file calls back with SQLITE_CANTOPEN (and does not create it)', async () => {
      const file = join(dir, 'missing.sqlite');
      const { err } = await callback((cb) => new Database(file, OPEN_READWRITE, cb));
      assert.ok(err instanceof Error, 'an Error');
      assert.equal(err.code, 'SQLITE_CANTOPEN');
      assert.match(err.message, /^SQLITE_CANTOPEN: /);
      assert.equal(existsSync(file), false);
    });

    // better-sqlite3 throws a plain TypeError (no code) for a missing directory; sqlite3 says SQLITE_CANTOPEN.
    it('a path in a directory that does not exist calls back with an SQLITE_ error code', async () => {
      const file = join(dir, 'no-such-directory', 'x.sqlite');
      const { err } = await callback((cb) => new Database(file, OPEN_READWRITE, cb));
      assert.ok(err instanceof Error, 'an Error');
      assert.ok(typeof err.code === 'string' && err.code.startsWith('SQLITE_'), `code ${String(err.code)} (${err.message})`);
    });

    it('OPEN_READONLY opens an existing file read-only: writes call back with SQLITE_READONLY', async () => {
      const file = freshFile();
      const rw = await open(file);
      await exec(rw, 'CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7)');
      await close(rw);
      const ro = await open(file, OPEN_READONLY);
      assert.deepEqual(await all(ro, 'SELECT x FROM t'), [{ x: 7 }]);
      const { err } = await callback((cb) => ro.run('INSERT INTO t VALUES (8)', [], cb));
      assert.equal(err?.code, 'SQLITE_READONLY');
      await close(ro);
    });
  });

  describe('run / all / get / exec', () => {
    let db: Database;
    beforeEach(async () => {
      db = await open(':memory:');
      await exec(db, 'CREATE TABLE t (id INTEGER PRIMARY KEY, a, b, c)');
    });
    afterEach(async () => close(db));

    it('run() calls back after it returned, with lastID and changes as `this`', async () => {
      let flag = false;
      const seen = await new Promise<{ flag: boolean; meta: Meta; err: Error | null }>((resolve) => {
        db.run('INSERT INTO t (a) VALUES (?)', ['x'], function (this: Meta, err: Error | null) {
          resolve({ flag, meta: { lastID: this.lastID, changes: this.changes }, err });
        });
        flag = true;
      });
      assert.deepEqual(seen, { flag: true, meta: { lastID: 1, changes: 1 }, err: null });

      // Explicit rowids, so lastID cannot just be a counter.
      assert.deepEqual(await run(db, 'INSERT INTO t (id, a) VALUES (41, ?)', ['y']), { lastID: 41, changes: 1 });
      assert.deepEqual(await run(db, 'INSERT INTO t (id, a) VALUES (100, 1), (101, 2), (102, 3)'), { lastID: 102, changes: 3 });
      const updated = await run(db, 'UPDATE t SET b = ? WHERE id >= ?', ['u', 100]);
      assert.equal(updated.changes, 3);
      const deleted = await run(db, 'DELETE FROM t WHERE id IN (1, 41)');
      assert.equal(deleted.changes, 2);
      assert.equal((await run(db, 'DELETE FROM t WHERE id = 999')).changes, 0);
    });

    it('binds an array to `?` placeholders by position', async () => {
      const { lastID } = await run(db, 'INSERT INTO t (a, b, c) VALUES (?, ?, ?)', ['one', 2, 3.5]);
      assert.deepEqual(await get(db, 'SELECT a, b, c FROM t WHERE id = ?', [lastID]), { a: 'one', b: 2, c: 3.5 });
    });

    it('binds an array to Sequelize-style `$1, $2` placeholders by number, not by order of appearance', async () => {
      const { lastID } = await run(db, 'INSERT INTO t (a, b, c) VALUES ($2, $1, $2)', ['first', 'second']);
      assert.deepEqual(await get(db, 'SELECT a, b, c FROM t WHERE id = $1', [lastID]), { a: 'second', b: 'first', c: 'second' });
    });

    it('binds an object keyed with the placeholder prefix ($a, :a, @a)', async () => {
      const r1 = await run(db, 'INSERT INTO t (a, b) VALUES ($a, $b)', { $a: 1, $b: 'dollar' });
      const r2 = await run(db, 'INSERT INTO t (a, b) VALUES (:a, :b)', { ':a': 2, ':b': 'colon' });
      const r3 = await run(db, 'INSERT INTO t (a, b) VALUES (@a, @b)', { '@a': 3, '@b': 'at' });
      assert.deepEqual(await all(db, 'SELECT id, a, b FROM t ORDER BY id'), [
        { id: r1.lastID, a: 1, b: 'dollar' },
        { id: r2.lastID, a: 2, b: 'colon' },
        { id: r3.lastID, a: 3, b: 'at' },
      ]);
      assert.deepEqual(await all(db, 'SELECT a FROM t WHERE b = :b', { ':b': 'colon' }), [{ a: 2 }]);
    });

    it('binds booleans as 1/0, undefined as NULL and a Date as its milliseconds (as sqlite3 does)', async () => {
      const when = new Date('2024-05-06T07:08:09.123Z');
      await exec(db, 'CREATE TABLE typed (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, c INTEGER)');
      const { lastID } = await run(db, 'INSERT INTO typed (a, b, c) VALUES (?, ?, ?)', [true, false, undefined]);
      assert.deepEqual(await get(db, 'SELECT a, typeof(a) AS ta, b, typeof(b) AS tb, c, typeof(c) AS tc FROM typed WHERE id = ?', [lastID]), {
        a: 1, ta: 'integer', b: 0, tb: 'integer', c: null, tc: 'null',
      });
      const named = await run(db, 'INSERT INTO t (a, b, c) VALUES ($a, $b, $c)', { $a: false, $b: undefined, $c: when });
      assert.deepEqual(await get(db, 'SELECT a, b, c, typeof(b) AS tb FROM t WHERE id = ?', [named.lastID]), { a: 0, b: null, c: when.valueOf(), tb: 'null' });
      assert.deepEqual(await get(db, 'SELECT ? AS yes, ? AS no, ? AS none', [true, false, undefined]), { yes: 1, no: 0, none: null });
    });

    // better-sqlite3 binds every JS number as REAL (a TEXT column would keep '5.0'); sqlite3 binds whole numbers as INTEGER.
    it('binds integral numbers and booleans as INTEGER, as sqlite3 does (TEXT columns get "5", not "5.0")', async () => {
      await exec(db, "CREATE TABLE s (txt TEXT); INSERT INTO s VALUES ('7')");
      await run(db, 'INSERT INTO s VALUES (?)', [5]);
      assert.deepEqual(await all(db, 'SELECT txt FROM s ORDER BY rowid'), [{ txt: '7' }, { txt: '5' }]);
      assert.deepEqual(await all(db, 'SELECT txt FROM s WHERE txt = ?', [7]), [{ txt: '7' }]);
      assert.deepEqual(await get(db, "SELECT typeof(?) AS n, typeof(?) AS b, ? || 'x' AS cat, typeof(?) AS f", [5, true, 5, 1.5]), {
        n: 'integer', b: 'integer', cat: '5x', f: 'real',
      });
    });

    it('run() on statements that return rows (SELECT, PRAGMA table_info) calls back without error', async () => {
      await run(db, 'INSERT INTO t (a) VALUES (1)');
      for (const sql of ['SELECT * FROM t', 'PRAGMA table_info(t)', 'PRAGMA table_info(`t`)']) {
        const { err } = await callback((cb) => db.run(sql, [], cb));
        assert.equal(err, null, sql);
      }
      const { err } = await callback((cb) => db.run('SELECT * FROM t WHERE a = ?', [1], cb));
      assert.equal(err, null);
    });

    // A writing statement that also returns rows (INSERT … RETURNING) still reports what it inserted.
    it('run() on INSERT … RETURNING still reports lastID and changes', async () => {
      await run(db, 'INSERT INTO t (id, a) VALUES (10, 0)');
      const meta = await run(db, 'INSERT INTO t (a) VALUES (?) RETURNING id', ['r']);
      assert.deepEqual(await all(db, 'SELECT id FROM t WHERE a = ?', ['r']), [{ id: 11 }], 'the row was inserted');
      assert.deepEqual(meta, { lastID: 11, changes: 1 });
    });

    it('all() returns the rows; get() the first row, or undefined when there is none', async () => {
      await run(db, 'INSERT INTO t (id, a) VALUES (1, ?), (2, ?), (3, ?)', ['x', 'y', 'z']);
      assert.deepEqual(await all(db, 'SELECT id, a FROM t WHERE id >= ? ORDER BY id DESC', [2]), [{ id: 3, a: 'z' }, { id: 2, a: 'y' }]);
      assert.deepEqual(await all(db, 'SELECT id FROM t WHERE id > 99'), []);
      assert.deepEqual(await get(db, 'SELECT id, a FROM t ORDER BY id DESC'), { id: 3, a: 'z' });
      assert.deepEqual(await get(db, 'SELECT a FROM t WHERE id = ?', [2]), { a: 'y' });
      assert.equal(await get(db, 'SELECT a FROM t WHERE id = ?', [99]), undefined);
    });

    it('all() on a statement returning nothing (INSERT) runs it and returns []', async () => {
      const { result, err } = await callback((cb) => db.all('INSERT INTO t (id, a) VALUES (5, ?)', ['via all'], cb));
      assert.equal(err, null);
      assert.deepEqual(result, []);
      assert.deepEqual(await all(db, 'SELECT id, a FROM t'), [{ id: 5, a: 'via all' }]);
    });

    it('exec() runs every statement of a multi-statement string', async () => {
      await exec(db, `
        CREATE TABLE m1 (x INTEGER);
        INSERT INTO m1 VALUES (1);
        INSERT INTO m1 VALUES (2);
        CREATE TABLE m2 (y TEXT);
        INSERT INTO m2 VALUES ('last');
      `);
      assert.deepEqual(await all(db, 'SELECT x FROM m1 ORDER BY x'), [{ x: 1 }, { x: 2 }]);
      assert.deepEqual(await all(db, 'SELECT y FROM m2'), [{ y: 'last' }]);
    });

    it('run() (and all()) without params run every statement of a multi-statement string', async () => {
      await run(db, 'CREATE TABLE r1 (x INTEGER); INSERT INTO r1 VALUES (1); INSERT INTO r1 VALUES (2); UPDATE t SET a = 1');
      assert.deepEqual(await all(db, 'SELECT x FROM r1 ORDER BY x'), [{ x: 1 }, { x: 2 }]);
      assert.deepEqual(await all(db, 'INSERT INTO r1 VALUES (3); INSERT INTO r1 VALUES (4)'), []);
      assert.deepEqual(await all(db, 'SELECT x FROM r1 ORDER BY x'), [{ x: 1 }, { x: 2 }, { x: 3 }, { x: 4 }]);
    });

    it('serialize() and parallelize() run their function at once', () => {
      let ran = 0;
      assert.equal(db.serialize(() => ran++), db);
      assert.equal(db.parallelize(() => ran++), db);
      assert.equal(ran, 2);
    });
  });

  describe('errors', () => {
    let db: Database;
    beforeEach(async () => {
      db = await open(':memory:');
      await exec(db, 'CREATE TABLE u (id INTEGER PRIMARY KEY, email TEXT UNIQUE, n INTEGER NOT NULL DEFAULT 0)');
      await run(db, 'INSERT INTO u (email) VALUES (?)', ['a@example.com']);
    });
    afterEach(async () => close(db));

    it('a UNIQUE violation calls back with sqlite3’s code, message prefix and extended code', async () => {
      const { err, meta } = await callback((cb) => db.run('INSERT INTO u (email) VALUES (?)', ['a@example.com'], cb));
      assert.ok(err instanceof Error);
      assert.equal(err.code, 'SQLITE_CONSTRAINT');
      assert.equal(err.extendedCode, 'SQLITE_CONSTRAINT_UNIQUE');
      assert.ok(err.message.startsWith('SQLITE_CONSTRAINT: UNIQUE constraint failed:'), err.message);
      assert.match(err.message, /UNIQUE constraint failed: u\.email$/);
      assert.deepEqual(meta, { lastID: 0, changes: 0 });
      assert.deepEqual(await all(db, 'SELECT count(*) AS n FROM u'), [{ n: 1 }], 'nothing inserted');
    });

    it('other constraint failures keep the primary code and carry the extended one', async () => {
      const { err } = await callback((cb) => db.run('INSERT INTO u (email, n) VALUES (?, ?)', ['b@example.com', null], cb));
      assert.equal(err?.code, 'SQLITE_CONSTRAINT');
      assert.equal(err?.extendedCode, 'SQLITE_CONSTRAINT_NOTNULL');
      assert.match(err!.message, /^SQLITE_CONSTRAINT: NOT NULL constraint failed: u\.n/);
    });

    it('a syntax error calls back with SQLITE_ERROR, from run, all, get and exec', async () => {
      const starts: [string, (cb: any) => void][] = [
        ['run', (cb) => db.run('SELEC 1', [], cb)],
        ['all', (cb) => db.all('SELEC 1', cb)],
        ['get', (cb) => db.get('SELEC 1', [], cb)],
        ['exec', (cb) => db.exec('SELEC 1', cb)],
      ];
      for (const [name, start] of starts) {
        const { err } = await callback(start);
        assert.ok(err instanceof Error, name);
        assert.equal(err.code, 'SQLITE_ERROR', name);
        assert.match(err.message, /^SQLITE_ERROR: .*syntax error/, name);
      }
    });

    it('never throws synchronously when given a callback: every failure goes to the callback', async () => {
      const starts: [string, (cb: any) => void][] = [
        ['no such table', (cb) => db.all('SELECT * FROM nope', [], cb)],
        ['too few parameters', (cb) => db.run('INSERT INTO u (email, n) VALUES (?, ?)', ['x'], cb)],
        ['unbindable value', (cb) => db.run('INSERT INTO u (email) VALUES (?)', [{ not: 'bindable' }], cb)],
        ['missing named parameter', (cb) => db.get('SELECT * FROM u WHERE email = $email', { $other: 1 }, cb)],
        ['multi-statement get', (cb) => db.get('SELECT 1; SELECT 2', cb)],
        ['constraint in exec', (cb) => db.exec("INSERT INTO u (email) VALUES ('a@example.com')", cb)],
      ];
      for (const [name, start] of starts) {
        const { err } = await callback(start);
        assert.ok(err instanceof Error, `${name}: an Error in the callback`);
      }
      const noSuchTable = await callback((cb) => db.all('SELECT * FROM nope', [], cb));
      assert.equal(noSuchTable.err?.code, 'SQLITE_ERROR');
      assert.match(noSuchTable.err!.message, /^SQLITE_ERROR: no such table: nope/);
    });
  });

  describe('statement cache across schema changes', () => {
    it('the same SELECT text reads the recreated table, whichever call ran the DDL', async () => {
      const db = await open(freshFile());
      const ddlWays: [string, (sql: string) => Promise<unknown>][] = [
        ['exec', (sql) => exec(db, sql)],
        ['run', (sql) => run(db, sql)],
        ['all', (sql) => all(db, sql)],
        ['run with params', (sql) => run(db, sql, [])],
      ];
      await exec(db, 'CREATE TABLE t (a INTEGER, b TEXT)');
      await run(db, 'INSERT INTO t (a, b) VALUES (?, ?)', [1, 'one']);
      assert.deepEqual(await all(db, 'SELECT * FROM t'), [{ a: 1, b: 'one' }]);
      assert.deepEqual((await all<{ name: string }>(db, 'PRAGMA table_info(t)')).map((c) => c.name), ['a', 'b']);
      let round = 0;
      for (const [how, ddl] of ddlWays) {
        round++;
        const cols = [`x${round}`, `y${round}`, `z${round}`];
        await ddl('DROP TABLE t');
        await ddl(`CREATE TABLE t (${cols.join(', ')})`);
        await run(db, `INSERT INTO t VALUES (?, ?, ?)`, [round, `r${round}`, true]);
        assert.deepEqual(await all(db, 'SELECT * FROM t'), [{ [cols[0]!]: round, [cols[1]!]: `r${round}`, [cols[2]!]: 1 }], how);
        assert.deepEqual(await get(db, 'SELECT * FROM t'), { [cols[0]!]: round, [cols[1]!]: `r${round}`, [cols[2]!]: 1 }, how);
        assert.deepEqual((await all<{ name: string }>(db, 'PRAGMA table_info(t)')).map((c) => c.name), cols, how);
      }
      await close(db);
    });

    it('a table recreated by another handle (or by DDL the cache does not recognise) is read afresh', async () => {
      const file = freshFile();
      const a = await open(file);
      const b = await open(file);
      await exec(a, 'CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, \'one\')');
      assert.deepEqual(await all(a, 'SELECT * FROM t'), [{ a: 1, b: 'one' }]);
      await exec(b, "DROP TABLE t; CREATE TABLE t (p TEXT, q TEXT, r TEXT); INSERT INTO t VALUES ('p', 'q', 'r')");
      assert.deepEqual(await all(a, 'SELECT * FROM t'), [{ p: 'p', q: 'q', r: 'r' }]);
      // DDL behind a comment does not match the driver's DDL pattern: SQLite must still re-prepare.
      await run(a, '/* schema */ DROP TABLE t');
      await run(a, '/* schema */ CREATE TABLE t (only INTEGER)');
      await run(a, 'INSERT INTO t VALUES (?)', [9]);
      assert.deepEqual(await all(a, 'SELECT * FROM t'), [{ only: 9 }]);
      await close(a);
      await close(b);
    });
  });

  describe('waiting for the write lock (busyTimeout)', () => {
    it('a write refused the lock is tried again without blocking the process, and succeeds once the holder commits', async () => {
      const file = freshFile();
      const holder = await open(file);
      const writer = await open(file);
      await exec(holder, 'PRAGMA journal_mode=WAL; CREATE TABLE t (x INTEGER)');
      writer.configure('busyTimeout', 10_000);
      await run(holder, 'BEGIN IMMEDIATE');
      await run(holder, 'INSERT INTO t VALUES (1)');
      const events: string[] = [];
      const written = run(writer, 'INSERT INTO t VALUES (2)').then(() => events.push('written'));
      // The process is not blocked while the writer waits: this timer fires, and it ends the holder's transaction.
      await new Promise((r) => setTimeout(r, 20));
      events.push('timer');
      await run(holder, 'COMMIT');
      await written;
      assert.deepEqual(events, ['timer', 'written']);
      assert.deepEqual(await all(writer, 'SELECT x FROM t ORDER BY x'), [{ x: 1 }, { x: 2 }]);
      await close(holder);
      await close(writer);
    });

    it('gives up with SQLITE_BUSY after busyTimeout, having changed nothing', async () => {
      const file = freshFile();
      const holder = await open(file);
      const writer = await open(file);
      await exec(holder, 'PRAGMA journal_mode=WAL; CREATE TABLE t (x INTEGER)');
      writer.configure('busyTimeout', 30);
      await run(holder, 'BEGIN IMMEDIATE');
      await assert.rejects(run(writer, 'INSERT INTO t VALUES (2)'), (e: any) => e.code === 'SQLITE_BUSY' && /^SQLITE_BUSY: /.test(e.message));
      await run(holder, 'COMMIT');
      assert.deepEqual(await all(writer, 'SELECT x FROM t'), []);
      await close(holder);
      await close(writer);
    });
  });

  describe('close', () => {
    it('close(cb) calls back with null; later calls fail in their callback', async () => {
      const db = await open(freshFile());
      await exec(db, 'CREATE TABLE t (x INTEGER)');
      await run(db, 'INSERT INTO t VALUES (1)');
      assert.deepEqual(await all(db, 'SELECT x FROM t'), [{ x: 1 }]); // cached statement
      const closed = await callback((cb) => db.close(cb));
      assert.equal(closed.err, null);
      const after: [string, (cb: any) => void][] = [
        ['run', (cb) => db.run('INSERT INTO t VALUES (2)', [], cb)],
        ['all (statement cached before close)', (cb) => db.all('SELECT x FROM t', cb)],
        ['get', (cb) => db.get('SELECT x FROM t', cb)],
        ['exec', (cb) => db.exec('SELECT 1', cb)],
      ];
      for (const [name, start] of after) {
        const { err } = await callback(start);
        assert.ok(err instanceof Error, `${name} after close: an Error in the callback`);
      }
    });
  });

  describe('through Sequelize (dialectModule)', () => {
    let sequelize: Sequelize;
    let Thing: ModelStatic<Model<any, any>>;

    before(async () => {
      sequelize = new Sequelize({ dialect: 'sqlite', dialectModule: sqliteDriver, storage: freshFile(), logging: false });
      Thing = sequelize.define(
        'Thing',
        {
          id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
          code: { type: DataTypes.STRING(40), allowNull: false, unique: true },
          at: { type: DataTypes.DATE(3), allowNull: true },
          active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
          notes: { type: DataTypes.TEXT, allowNull: true },
        },
        { tableName: 'things', underscored: true },
      );
      await sequelize.authenticate();
      await sequelize.sync();
    });
    after(async () => sequelize?.close());

    it('create and findByPk round-trip: DATE(3) keeps milliseconds, BOOLEAN comes back boolean', async () => {
      const at = new Date('2024-02-29T23:59:58.987Z');
      const notes = 'Città · perché · 😀\n\'quoted\' "double"';
      const made = await Thing.create({ code: 'rt-1', at, active: true, notes });
      assert.equal(typeof made.get('id'), 'number');
      const found = await Thing.findByPk(made.get('id') as number);
      assert.ok(found);
      const at2 = found.get('at') as Date;
      assert.ok(at2 instanceof Date, 'a Date');
      assert.equal(at2.toISOString(), at.toISOString());
      assert.equal(found.get('active'), true);
      assert.equal(found.get('notes'), notes);
      assert.equal(found.get('code'), 'rt-1');

      const other = await Thing.create({ code: 'rt-2', active: false });
      const found2 = (await Thing.findByPk(other.get('id') as number))!;
      assert.equal(found2.get('active'), false);
      assert.equal(found2.get('at'), null);
      assert.equal(other.get('id'), (made.get('id') as number) + 1);
    });

    it('update() reports the number of changed rows', async () => {
      await Thing.create({ code: 'upd-1' });
      await Thing.create({ code: 'upd-2' });
      const [count] = await Thing.update({ notes: 'updated' }, { where: { code: ['upd-1', 'upd-2', 'upd-none'] } });
      assert.equal(count, 2);
      assert.equal(await Thing.count({ where: { notes: 'updated' } }), 2);
    });

    it('a duplicate rejects with UniqueConstraintError naming the field', async () => {
      await Thing.create({ code: 'dup' });
      await assert.rejects(Thing.create({ code: 'dup' }), (e: unknown) => {
        assert.ok(e instanceof UniqueConstraintError, `a UniqueConstraintError, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
        assert.deepEqual(e.errors.map((i) => i.path), ['code']);
        assert.ok(Object.keys(e.fields).includes('code') || Object.values(e.fields).includes('code'), `fields ${JSON.stringify(e.fields)}`);
        assert.equal((e.parent as SqliteError).code, 'SQLITE_CONSTRAINT');
        return true;
      });
      assert.equal(await Thing.count({ where: { code: 'dup' } }), 1);
    });

    it("sequelize.query with bind parameters ($1, $2) works", async () => {
      const made = await Thing.create({ code: 'bind-1', notes: 'bound' });
      const rows = await sequelize.query<{ code: string; notes: string }>('SELECT code, notes FROM things WHERE id = $1', {
        bind: [made.get('id')],
        type: QueryTypes.SELECT,
      });
      assert.deepEqual(rows, [{ code: 'bind-1', notes: 'bound' }]);
      const reversed = await sequelize.query<{ code: string }>('SELECT code FROM things WHERE notes = $2 AND id = $1', {
        bind: [made.get('id'), 'bound'],
        type: QueryTypes.SELECT,
      });
      assert.deepEqual(reversed, [{ code: 'bind-1' }]);
      const none = await sequelize.query('SELECT code FROM things WHERE id = $1', { bind: [-1], type: QueryTypes.SELECT });
      assert.deepEqual(none, []);
    });

    it('sequelize.query with named replacements works', async () => {
      await Thing.create({ code: "repl-'quote'", notes: 'replaced' });
      const rows = await sequelize.query<{ notes: string }>('SELECT notes FROM things WHERE code = :code', {
        replacements: { code: "repl-'quote'" },
        type: QueryTypes.SELECT,
      });
      assert.deepEqual(rows, [{ notes: 'replaced' }]);
    });

    it('a managed transaction that throws rolls back; one that returns commits', async () => {
      await assert.rejects(
        sequelize.transaction(async (t) => {
          await Thing.create({ code: 'tx-rolled-back' }, { transaction: t });
          assert.equal(await Thing.count({ where: { code: 'tx-rolled-back' }, transaction: t }), 1, 'visible inside');
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await Thing.count({ where: { code: 'tx-rolled-back' } }), 0);

      await sequelize.transaction(async (t) => {
        await Thing.create({ code: 'tx-committed' }, { transaction: t });
      });
      assert.equal(await Thing.count({ where: { code: 'tx-committed' } }), 1);
    });

    // Sequelize builds a bulk insert's ids only when the callback's `this` is a "Statement", as with sqlite3.
    it('bulkCreate returns instances with their ids', async () => {
      const made = await Thing.bulkCreate([{ code: 'bulk-1' }, { code: 'bulk-2' }, { code: 'bulk-3' }]);
      const stored = await Thing.findAll({ where: { code: ['bulk-1', 'bulk-2', 'bulk-3'] }, order: [['id', 'ASC']] });
      assert.equal(stored.length, 3, 'all three inserted');
      assert.deepEqual(made.map((m) => m.get('id')), stored.map((m) => m.get('id')));
    });
  });
});
