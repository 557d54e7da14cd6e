/**
 * `db.tx` on the database the environment selects (a managed `sequelize.transaction()`, queued in
 * this process on SQLite and retried on deadlock on MySQL, see database.ts): what the use cases rely on.
 */
import assert from 'node:assert/strict';
import type { Transaction } from 'sequelize';
import { createTestApp, usingMysql, type TestApp } from '../../test/test-app.js';
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

  it('commits: rows created and updated inside are visible after, and the result is returned', async () => {
    const result = await app.db.tx(async (t) => {
      const a = await m().AuditLog.create(audit('commit-model'), { transaction: t });
      const b = await m().AuditLog.create(audit('commit-raw'), { transaction: t });
      await m().AuditLog.update({ action: 'tx.updated' }, { where: { id: a.id }, transaction: t });
      await m().OutboxJob.create(job('commit-model'), { transaction: t });
      return { a: a.id, b: b.id };
    });
    assert.equal((await m().AuditLog.findByPk(result.a))?.action, 'tx.updated');
    assert.equal((await m().AuditLog.findByPk(result.b))?.entityId, 'commit-raw');
    assert.equal(await jobs('commit-model'), 1);
  });

  it('rolls back every row on a throw (creates, bulk creates, updates and deletes alike) and rethrows the same error', async () => {
    const existing = await m().AuditLog.create(audit('rollback-existing'));
    const before = { audits: await m().AuditLog.count(), jobs: await m().OutboxJob.count() };
    const boom = new Error('boom');
    let seenInside = 0;
    await assert.rejects(
      app.db.tx(async (t) => {
        await m().AuditLog.create(audit('rollback-model'), { transaction: t });
        await m().AuditLog.create(audit('rollback-raw'), { transaction: t });
        await m().OutboxJob.create(job('rollback-raw'), { transaction: t });
        await m().OutboxJob.bulkCreate([job('rollback-model'), job('rollback-model')], { transaction: t });
        await m().AuditLog.update({ action: 'tx.changed' }, { where: { id: existing.id }, transaction: t });
        await m().AuditLog.destroy({ where: { entityId: 'commit-raw' }, transaction: t });
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
      await m().AuditLog.create(audit('hook-commit'), { transaction: t });
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
        await m().AuditLog.create(audit('hook-rollback'), { transaction: t });
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

  it('runs 30 concurrent transactions, each inserting a row: all succeed, 30 rows', async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        app.db.tx(async (t) => {
          // Read then write in each, as the use cases do: on SQLite they must not interleave.
          const before = await m().OutboxJob.count({ where: { kind: 'concurrent' }, transaction: t });
          const row = await m().OutboxJob.create(job('concurrent'), { transaction: t });
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
// lock, MySQL's pooled connection — as sequelize.transaction() does: a hook may start a transaction
// (with more concurrent transactions than the pool has connections, too). A regression here is
// a deadlock, hence its own app, last, and a guard that fails instead of hanging.
describe('db.tx after-commit hooks that use the database', function () {
  this.timeout(60_000);
  let app: TestApp;
  before(async () => {
    app = await createTestApp({ seedCatalogue: false });
  });
  after(async () => app?.dispose());

  const m = () => app.db.models;

  it('a hook may run another transaction', async () => {
    await notDeadlocked(
      app.db.tx(async (t) => {
        await m().OutboxJob.create(job('hook-outer'), { transaction: t });
        t.afterCommit(async () => {
          await app.db.tx((t2) => m().OutboxJob.create(job('hook-inner-tx'), { transaction: t2 }));
        });
      }),
      'a transaction whose after-commit hook writes',
    );
    for (const kind of ['hook-outer', 'hook-inner-tx']) assert.equal(await m().OutboxJob.count({ where: { kind } }), 1, kind);
  });

  it('30 concurrent transactions whose hooks run a transaction all succeed', async () => {
    const settled = await notDeadlocked(
      Promise.allSettled(
        Array.from({ length: 30 }, () =>
          app.db.tx(async (t) => {
            await m().OutboxJob.create(job('hooked'), { transaction: t });
            t.afterCommit(async () => {
              await app.db.tx((t2) => m().OutboxJob.create(job('from-hook'), { transaction: t2 }));
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
