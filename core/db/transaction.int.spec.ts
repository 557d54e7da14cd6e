/**
 * `db.tx` on the database the environment selects (on SQLite: BEGIN IMMEDIATE / COMMIT / ROLLBACK
 * sent by the driver on one shared handle, see database.ts): it must behave like
 * `sequelize.transaction()` for everything the use cases rely on.
 */
import assert from 'node:assert/strict';
import type { Transaction } from 'sequelize';
import { createTestApp, usingMysql, type TestApp } from '../../test/test-app.js';
import { insertRow, runSql, selectSql, sqlDate } from './raw-sql.js';
import type { AuditLog, OutboxJob } from './models.js';
import type { CreationAttributes } from 'sequelize';

const audit = (entityId: string): CreationAttributes<AuditLog> => ({
  actorType: 'system',
  actorId: null,
  actorLabel: 'transaction spec',
  action: 'tx.test',
  entityType: 'tx',
  entityId,
  before: null,
  after: { entityId },
});
const job = (kind: string): CreationAttributes<OutboxJob> => ({
  kind,
  payload: { kind },
  maxAttempts: 1,
  runAt: new Date(),
  lockedBy: null,
  lockedUntil: null,
  lastError: null,
  dedupKey: null,
  doneAt: null,
});

/** Lets the event loop go round a few times: whatever was ready to run has run. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

describe('db.tx (transactions)', function () {
  this.timeout(60_000);
  let app: TestApp;
  before(async () => {
    app = await createTestApp({ seedCatalogue: false });
  });
  after(async () => app?.dispose());

  const m = () => app.db.models;
  const audits = (...ids: string[]) => m().AuditLog.count({ where: { entityType: 'tx', entityId: ids } });
  const jobs = (kind: string) => m().OutboxJob.count({ where: { kind } });

  it('commits: rows written through the models and through raw-sql are visible after, and the result is returned', async () => {
    const result = await app.db.tx(async (t) => {
      const a = await m().AuditLog.create(audit('commit-model'), { transaction: t });
      const b = await insertRow(t, m().AuditLog, audit('commit-raw'));
      await runSql(t, 'UPDATE audit_logs SET action = ? WHERE id = ?', ['tx.updated', a.id]);
      await m().OutboxJob.create(job('commit-model'), { transaction: t });
      return { a: a.id, b: b.id };
    });
    assert.equal((await m().AuditLog.findByPk(result.a))?.action, 'tx.updated');
    assert.equal((await m().AuditLog.findByPk(result.b))?.entityId, 'commit-raw');
    assert.equal(await jobs('commit-model'), 1);
  });

  it('rolls back every row on a throw (models and raw-sql alike) and rethrows the same error', async () => {
    const existing = await m().AuditLog.create(audit('rollback-existing'));
    const before = { audits: await m().AuditLog.count(), jobs: await m().OutboxJob.count() };
    const boom = new Error('boom');
    let seenInside = 0;
    await assert.rejects(
      app.db.tx(async (t) => {
        await m().AuditLog.create(audit('rollback-model'), { transaction: t });
        await insertRow(t, m().AuditLog, audit('rollback-raw'));
        await insertRow(t, m().OutboxJob, job('rollback-raw'));
        await m().OutboxJob.bulkCreate([job('rollback-model'), job('rollback-model')], { transaction: t });
        await m().AuditLog.update({ action: 'tx.changed' }, { where: { id: existing.id }, transaction: t });
        await runSql(t, 'DELETE FROM audit_logs WHERE entity_id = ?', ['commit-raw']);
        seenInside = await m().AuditLog.count({ where: { entityType: 'tx', entityId: ['rollback-model', 'rollback-raw'] }, transaction: t });
        throw boom;
      }),
      (e) => e === boom,
    );
    assert.equal(seenInside, 2, 'the rows were there inside the transaction');
    assert.equal(await audits('rollback-model', 'rollback-raw'), 0);
    assert.equal(await jobs('rollback-raw'), 0);
    assert.equal(await jobs('rollback-model'), 0);
    assert.equal((await m().AuditLog.findByPk(existing.id))?.action, 'tx.test', 'the update was undone');
    assert.equal(await audits('commit-raw'), 1, 'the delete was undone');
    assert.deepEqual({ audits: await m().AuditLog.count(), jobs: await m().OutboxJob.count() }, before);
  });

  it('runs after-commit hooks once, after the commit (the rows are visible to them); never after a rollback', async () => {
    const calls: { name: string; visible: number }[] = [];
    await app.db.tx(async (t) => {
      await insertRow(t, m().AuditLog, audit('hook-commit'));
      t.afterCommit(async () => {
        // Read outside the transaction: only committed rows are visible here.
        calls.push({ name: 'first', visible: await audits('hook-commit') });
      });
      t.afterCommit(() => {
        calls.push({ name: 'second', visible: -1 });
      });
      assert.equal(calls.length, 0, 'not before the commit');
    });
    assert.deepEqual(calls, [{ name: 'first', visible: 1 }, { name: 'second', visible: -1 }]);

    const rolledBack: string[] = [];
    await assert.rejects(
      app.db.tx(async (t) => {
        await insertRow(t, m().AuditLog, audit('hook-rollback'));
        t.afterCommit(() => {
          rolledBack.push('ran');
        });
        throw new Error('no commit');
      }),
      /no commit/,
    );
    await settle();
    assert.deepEqual(rolledBack, []);
    assert.equal(calls.length, 2, 'the first transaction\'s hooks did not run again');
  });

  it('refuses queries on the transaction object once the transaction has ended', async () => {
    let committed!: Transaction;
    await app.db.tx(async (t) => {
      committed = t;
    });
    await assert.rejects(m().AuditLog.create(audit('late-commit'), { transaction: committed }), /commit has been called on this transaction/);

    let rolledBack!: Transaction;
    await assert.rejects(
      app.db.tx(async (t) => {
        rolledBack = t;
        throw new Error('abort');
      }),
      /abort/,
    );
    await assert.rejects(m().AuditLog.create(audit('late-rollback'), { transaction: rolledBack }), /rollback has been called on this transaction/);
    await assert.rejects(m().AuditLog.findAll({ transaction: rolledBack }), /rollback has been called on this transaction/);
    assert.equal(await audits('late-commit', 'late-rollback'), 0);
  });

  it('refuses raw-sql statements on an ended transaction too, and writes nothing', async () => {
    // On SQLite the ended transaction still holds the shared handle, on MySQL a connection back in the
    // pool: a statement run there would escape every transaction.
    const ended: Transaction[] = [];
    await app.db.tx(async (t) => {
      ended.push(t);
    });
    await app.db
      .tx(async (t) => {
        ended.push(t);
        throw new Error('abort');
      })
      .catch(() => {});
    for (const t of ended) {
      await assert.rejects(insertRow(t, m().AuditLog, audit('late-raw')), /ended/);
      await assert.rejects(runSql(t, 'UPDATE audit_logs SET action = ?', ['late-raw']), /ended/);
      await assert.rejects(selectSql(t, 'SELECT id FROM audit_logs'), /ended/);
    }
    assert.equal(await audits('late-raw'), 0);
    assert.equal(await m().AuditLog.count({ where: { action: 'late-raw' } }), 0);
  });

  it('runs 30 concurrent transactions, each inserting a row: all succeed, 30 rows', async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        app.db.tx(async (t) => {
          // Read then write in each, as the use cases do: on SQLite they must not interleave.
          const before = await m().OutboxJob.count({ where: { kind: 'concurrent' }, transaction: t });
          const row = i % 2 ? await insertRow(t, m().OutboxJob, job('concurrent')) : await m().OutboxJob.create(job('concurrent'), { transaction: t });
          return { before, id: row.id };
        }),
      ),
    );
    assert.equal(await jobs('concurrent'), 30);
    assert.equal(new Set(results.map((r) => r.id)).size, 30);
    if (!usingMysql()) {
      // Serialised: each transaction saw exactly the rows of the ones before it.
      assert.deepEqual(results.map((r) => r.before).sort((x, y) => x - y), Array.from({ length: 30 }, (_, i) => i));
    }
  });

  describe('db.write beside a running transaction (SQLite)', () => {
    before(function () {
      if (usingMysql()) this.skip(); // on MySQL db.write takes a pool connection of its own
    });

    const insertJobSql = () => {
      const now = sqlDate('sqlite', new Date());
      return {
        sql: 'INSERT INTO outbox_jobs (kind, payload, status, attempts, max_attempts, run_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        params: ['beside', '{}', 'pending', 0, 1, now, now, now] as (string | number)[],
      };
    };

    it('is applied after the transaction commits: both rows present, in that order, no SQLITE_BUSY', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let txRowId = 0;
      const tx = app.db.tx(async (t) => {
        txRowId = (await insertRow(t, m().OutboxJob, job('beside-tx'))).id;
        await gate;
      });
      while (!txRowId) await settle();
      const { sql, params } = insertJobSql();
      let written = false;
      const write = app.db.write(sql, params).then(() => {
        written = true;
      });
      await settle();
      assert.equal(written, false, 'the write waits for the transaction');
      release();
      await Promise.all([tx, write]);
      const rows = await m().OutboxJob.findAll({ where: { kind: ['beside-tx', 'beside'] }, order: [['id', 'ASC']] });
      assert.deepEqual(rows.map((r) => r.kind), ['beside-tx', 'beside']);
      assert.equal(rows[0]!.id, txRowId);
    });

    it('is not swept into a transaction that then rolls back', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let started = false;
      const tx = app.db.tx(async (t) => {
        await insertRow(t, m().OutboxJob, job('beside-rolled-back'));
        started = true;
        await gate;
        throw new Error('roll back');
      });
      while (!started) await settle();
      const { sql, params } = insertJobSql();
      params[0] = 'beside-kept';
      const write = app.db.write(sql, params);
      await settle();
      release();
      await assert.rejects(tx, /roll back/);
      await write;
      assert.equal(await jobs('beside-rolled-back'), 0);
      assert.equal(await jobs('beside-kept'), 1);
    });
  });
});

/** Fails instead of hanging when `p` never settles (a deadlock); not a measure of speed. */
function notDeadlocked<T>(p: Promise<T>, what: string, seconds = 10): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not settled after ${seconds} s (deadlock)`)), seconds * 1000);
  });
  return Promise.race([p, stuck]).finally(() => clearTimeout(timer));
}

// After-commit hooks run once the transaction has given back what the next one needs — SQLite's write
// lock, MySQL's pooled connection — as sequelize.transaction() does: a hook may start a transaction or a
// db.write (with more concurrent transactions than the pool has connections, too). A regression here is
// a deadlock, hence its own app, last, and a guard that fails instead of hanging.
describe('db.tx after-commit hooks that use the database', function () {
  this.timeout(60_000);
  let app: TestApp;
  before(async () => {
    app = await createTestApp({ seedCatalogue: false });
  });
  after(async () => app?.dispose());

  const m = () => app.db.models;

  it('a hook may run another transaction and a db.write', async () => {
    const now = sqlDate(app.db.dialect, new Date());
    await notDeadlocked(
      app.db.tx(async (t) => {
        await insertRow(t, m().OutboxJob, job('hook-outer'));
        t.afterCommit(async () => {
          await app.db.tx((t2) => insertRow(t2, m().OutboxJob, job('hook-inner-tx')));
          await app.db.write(
            'INSERT INTO outbox_jobs (kind, payload, status, attempts, max_attempts, run_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            ['hook-inner-write', '{}', 'pending', 0, 1, now, now, now],
          );
        });
      }),
      'a transaction whose after-commit hook writes',
    );
    for (const kind of ['hook-outer', 'hook-inner-tx', 'hook-inner-write']) assert.equal(await m().OutboxJob.count({ where: { kind } }), 1, kind);
  });

  it('30 concurrent transactions whose hooks run a transaction all succeed', async () => {
    const settled = await notDeadlocked(
      Promise.allSettled(
        Array.from({ length: 30 }, () =>
          app.db.tx(async (t) => {
            await insertRow(t, m().OutboxJob, job('hooked'));
            t.afterCommit(async () => {
              await app.db.tx((t2) => insertRow(t2, m().OutboxJob, job('from-hook')));
            });
          }),
        ),
      ),
      '30 transactions with writing after-commit hooks',
      usingMysql() ? 45 : 10, // MySQL: long enough for the pool's 30 s acquire timeout to report
    );
    const failures = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => String(r.reason));
    assert.deepEqual(failures.slice(0, 3), [], `${failures.length} of 30 rejected`);
    assert.equal(await m().OutboxJob.count({ where: { kind: 'hooked' } }), 30);
    assert.equal(await m().OutboxJob.count({ where: { kind: 'from-hook' } }), 30);
  });
});
