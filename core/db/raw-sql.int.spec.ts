/**
 * raw-sql.ts on the database the environment selects (SQLite by default, MariaDB with
 * DATABASE_URL=mysql://…): rows written by the driver must read back through the models exactly like
 * rows written by `Model.create`, and `together` must never let a rollback overtake a statement.
 */
import assert from 'node:assert/strict';
import { QueryTypes, type CreationAttributes, type Model, type ModelStatic } from 'sequelize';
import { createTestApp, freshDatabaseUrl, usingMysql, type TestApp } from '../../test/test-app.js';
import { openDatabase } from './database.js';
import { insertRow, insertRows, NotRun, runOnConnection, runSql, selectSql, sqlDate, together } from './raw-sql.js';

/** Quotes of both kinds, a backslash, a newline, accents, an emoji (4-byte UTF-8), nesting, nulls. */
const awkwardJson = () => ({
  text: 'He said "ciao" and \'arrivederci\' \\ end\nsecond line',
  unicode: 'Città · perché · ☕ · 😀 · 日本語',
  nested: { list: [1, 2.5, -3, null, true, false, 'x'], empty: {}, none: null },
  sql: "'); DROP TABLE audit_logs; --",
});

const TIMESTAMPS = new Set(['createdAt', 'updatedAt']);

describe('raw-sql (driver statements read back through the models)', function () {
  this.timeout(60_000);
  let app: TestApp;
  before(async () => {
    app = await createTestApp({ seedCatalogue: false });
  });
  after(async () => app?.dispose());

  const m = () => app.db.models;
  const dialect = () => app.db.dialect;

  /** The stored row as the database returns it, minus what must differ between two inserts. */
  async function storedRow(model: ModelStatic<Model>, id: number) {
    const rows = await app.db.sequelize.query<Record<string, unknown>>(`SELECT * FROM ${model.getTableName() as string} WHERE id = ?`, {
      replacements: [id],
      type: QueryTypes.SELECT,
    });
    assert.equal(rows.length, 1, `row ${id} of ${model.getTableName() as string}`);
    const { id: _id, created_at: _c, updated_at: _u, ...rest } = rows[0]!;
    return { ...rest };
  }

  /**
   * Writes `input` once with insertRow and once with Model.create (same transaction), then compares
   * them field by field as read back by findByPk, and as stored. `twin` overrides values for the
   * Model.create row where a unique index forbids the same value twice; those are compared to the input.
   */
  async function assertTwins<M extends Model>(model: ModelStatic<M>, input: CreationAttributes<M>, twin: Partial<CreationAttributes<M>> = {}) {
    const started = Date.now();
    const [viaDriver, viaModel] = await app.db.tx(async (t) => {
      const a = await insertRow(t, model, input);
      const b = await model.create({ ...input, ...twin }, { transaction: t });
      return [a, b] as const;
    });
    const id = (x: Model) => x.get('id') as number;
    assert.notEqual(id(viaDriver), id(viaModel));
    assert.equal(viaDriver.isNewRecord, false, 'insertRow returns a persisted instance');

    const a = (await model.findByPk(id(viaDriver)))!;
    const b = (await model.findByPk(id(viaModel)))!;
    assert.ok(a, 'the driver-written row is found by its returned id');
    assert.ok(b);
    for (const attribute of Object.keys(model.getAttributes())) {
      if (attribute === 'id') continue;
      const got = a.get(attribute);
      if (TIMESTAMPS.has(attribute)) {
        assert.ok(got instanceof Date, `${attribute} is a Date`);
        assert.ok(Math.abs(got.getTime() - started) < 5_000, `${attribute} ${got.toISOString()} is about now`);
        // The returned instance carries the same instant, to the millisecond, as the stored row.
        assert.equal((viaDriver.get(attribute) as Date).getTime(), got.getTime(), `${attribute} of the returned instance`);
        continue;
      }
      if (attribute in twin) assert.deepEqual(got, (input as Record<string, unknown>)[attribute], `${model.name}.${attribute}: as given`);
      else assert.deepEqual(got, b.get(attribute), `${model.name}.${attribute}: driver row vs Model.create row`);
      // The instance insertRow returned reads the same as the row in the table.
      assert.deepEqual(viaDriver.get(attribute), got, `${model.name}.${attribute}: returned instance vs stored row`);
    }
    // And the same stored values (dates as text on SQLite, booleans as 0/1, JSON text).
    const fieldOf = (attribute: string) => (model.getAttributes() as Record<string, { field?: string }>)[attribute]!.field ?? attribute;
    const strip = (row: Record<string, unknown>) => {
      for (const attribute of Object.keys(twin)) delete row[fieldOf(attribute)];
      return row;
    };
    assert.deepEqual(strip(await storedRow(model, id(viaDriver))), strip(await storedRow(model, id(viaModel))));
    return { a, b };
  }

  describe('sqlDate', () => {
    it('renders UTC with milliseconds, with the offset on SQLite only', () => {
      const d = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 67));
      assert.equal(sqlDate('sqlite', d), '2026-01-02 03:04:05.067 +00:00');
      assert.equal(sqlDate('mysql', d), '2026-01-02 03:04:05.067');
      assert.equal(sqlDate('sqlite', new Date(Date.UTC(1999, 11, 31, 23, 59, 59, 0))), '1999-12-31 23:59:59.000 +00:00');
      assert.equal(sqlDate('mysql', new Date(Date.UTC(1999, 11, 31, 23, 59, 59, 999))), '1999-12-31 23:59:59.999');
    });

    it('is the text of the date Sequelize itself stores', async () => {
      const runAt = new Date(Date.UTC(2026, 4, 6, 7, 8, 9, 10));
      const job = await m().OutboxJob.create({ kind: 'probe', payload: {}, maxAttempts: 1, runAt, lockedBy: null, lockedUntil: null, lastError: null, dedupKey: null, doneAt: null });
      // SQLite stores the text itself; MariaDB a DATETIME(3), shown here as text (the session is UTC).
      const column = usingMysql() ? 'CAST(run_at AS CHAR)' : 'run_at';
      const [row] = await app.db.sequelize.query<{ run_at: string }>(`SELECT ${column} AS run_at FROM outbox_jobs WHERE id = ?`, { replacements: [job.id], type: QueryTypes.SELECT });
      assert.equal(row!.run_at, sqlDate(app.db.dialect, runAt));
    });
  });

  describe('insertRow reads back like Model.create', () => {
    it('OutboxJob: JSON payload, defaults (status pending, attempts 0), dates with milliseconds, nulls', async () => {
      const { a } = await assertTwins(m().OutboxJob, {
        kind: 'twin-job',
        payload: awkwardJson(),
        maxAttempts: 3,
        runAt: new Date(Date.UTC(2026, 2, 4, 5, 6, 7, 89)),
        lockedBy: null,
        lockedUntil: null,
        lastError: null,
        dedupKey: null,
        doneAt: null,
      });
      assert.equal(a.status, 'pending');
      assert.equal(a.attempts, 0);
      assert.equal(a.runAt.getTime(), Date.UTC(2026, 2, 4, 5, 6, 7, 89), 'milliseconds kept');
      assert.deepEqual(a.payload, awkwardJson());
      assert.equal(a.lockedUntil, null);
    });

    it('Email: JSON data, default status queued and attempts 0, null sentAt', async () => {
      const { a } = await assertTwins(m().Email, {
        template: 'order_confirmation',
        language: 'it',
        toAddress: 'città@example.test',
        data: awkwardJson(),
        subject: null,
        messageId: null,
        error: null,
        entityType: 'order',
        entityId: '42',
        sentAt: null,
      });
      assert.equal(a.status, 'queued');
      assert.equal(a.attempts, 0);
      assert.deepEqual(a.data, awkwardJson());
      assert.equal(a.sentAt, null);
    });

    it('AuditLog: two JSON columns, one null, no updatedAt', async () => {
      const { a } = await assertTwins(m().AuditLog, {
        actorType: 'system',
        actorId: null,
        actorLabel: 'test — «twin»',
        action: 'twin.checked',
        entityType: 'thing',
        entityId: '7',
        before: null,
        after: awkwardJson(),
      });
      assert.equal(a.before, null);
      assert.deepEqual(a.after, awkwardJson());
    });

    it('Partner and Order: boolean default, string defaults, several dates, a null JSON column', async () => {
      const { a: partner } = await assertTwins(m().Partner, {
        kind: 'accountant',
        legalName: 'Studio "Twin" d’Italia',
        vatNumber: '12345678903',
        taxCode: null,
        billingEmail: 'twin@example.test',
        pec: null,
        address: null,
        phone: null,
      });
      assert.equal(partner.active, true);
      for (const [i, companyData] of [null, awkwardJson()].entries()) {
        const { a } = await assertTwins(
          m().Order,
          {
            paymentReference: `SPTWINA${i}`,
            number: null,
            buyerType: 'partner',
            partnerId: partner.id,
            companyId: null,
            invitationId: null,
            buyerName: 'Twin',
            buyerEmail: null,
            companyData,
            language: 'en',
            status: 'pending_payment',
            paymentMethod: 'bank_transfer',
            netCents: 1000,
            vatCents: 220,
            grossCents: 1220,
            stripeSessionId: null,
            stripePaymentIntentId: null,
            flag: null,
            paidAt: new Date(Date.UTC(2026, 5, 7, 8, 9, 10, 1)),
            fulfilledAt: null,
            closedAt: null,
            expiresAt: new Date(Date.UTC(2026, 5, 17, 8, 9, 10, 999)),
            reminderSentAt: null,
            createdByPartnerUserId: null,
          },
          { paymentReference: `SPTWINB${i}` }, // the unique index: the twin needs its own
        );
        assert.equal(a.receivedCents, 0);
        assert.equal(a.currency, 'EUR');
        assert.deepEqual(a.companyData, companyData);
        assert.equal(a.expiresAt.getTime(), Date.UTC(2026, 5, 17, 8, 9, 10, 999));
      }
    });
  });

  const job = (kind: string, payload: Record<string, unknown> = {}): CreationAttributes<import('./models.js').OutboxJob> => ({
    kind,
    payload,
    maxAttempts: 1,
    runAt: new Date(),
    lockedBy: null,
    lockedUntil: null,
    lastError: null,
    dedupKey: null,
    doneAt: null,
  });
  const audit = (entityId: string, action: string | null = 'raw.test'): CreationAttributes<import('./models.js').AuditLog> => ({
    actorType: 'system',
    actorId: null,
    actorLabel: 'raw-sql spec',
    action: action as string,
    entityType: 'raw-sql',
    entityId,
    before: null,
    after: { entityId },
  });

  describe('insertRows', () => {
    it('returns persisted instances whose ids are the rows\' real ids, in order', async () => {
      // Rows before (and a gap: deleted rows), so the ids are neither 1.. nor guessed from the count.
      await app.db.tx((t) => insertRows(t, m().OutboxJob, [job('filler'), job('filler'), job('filler')]));
      await m().OutboxJob.destroy({ where: { kind: 'filler' } });
      const kinds = ['first', 'second', 'third'];
      const made = await app.db.tx((t) => insertRows(t, m().OutboxJob, kinds.map((k, i) => job(`many-${k}`, { i, k, quote: `"${k}"` }))));
      assert.equal(made.length, 3);
      assert.deepEqual(made.map((j) => j.id), [made[0]!.id, made[0]!.id + 1, made[0]!.id + 2], 'consecutive ids');
      for (const [i, instance] of made.entries()) {
        assert.equal(instance.isNewRecord, false);
        assert.equal(instance.kind, `many-${kinds[i]}`);
        assert.deepEqual(instance.payload, { i, k: kinds[i], quote: `"${kinds[i]}"` }, 'the JSON getter returns an object');
        const stored = await m().OutboxJob.findByPk(instance.id);
        assert.ok(stored, `row ${instance.id} exists`);
        assert.equal(stored.kind, `many-${kinds[i]}`, `id ${instance.id} is the row of ${kinds[i]}`);
        assert.deepEqual(stored.payload, instance.payload);
      }
      // A returned instance is a real persisted one: saving it updates its own row, and only that one.
      await made[1]!.update({ status: 'done' });
      assert.deepEqual(
        (await m().OutboxJob.findAll({ where: { kind: kinds.map((k) => `many-${k}`) }, order: [['id', 'ASC']] })).map((j) => j.status),
        ['pending', 'done', 'pending'],
      );
    });

    it('inserts nothing and returns [] for no rows', async () => {
      const before = await m().OutboxJob.count();
      assert.deepEqual(await app.db.tx((t) => insertRows(t, m().OutboxJob, [])), []);
      assert.equal(await m().OutboxJob.count(), before);
    });
  });

  describe('runSql and selectSql', () => {
    it('report the inserted id and the rows an UPDATE changed; select returns rows by column name', async () => {
      const result = await app.db.tx(async (t) => {
        await insertRows(t, m().OutboxJob, [job('bulk-x'), job('bulk-x'), job('bulk-x'), job('bulk-x'), job('bulk-y')]);
        const inserted = await runSql(t, 'INSERT INTO outbox_jobs (kind, payload, status, attempts, max_attempts, run_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
          'bulk-z', '{"z":1}', 'pending', 0, 1, sqlDate(dialect(), new Date()), sqlDate(dialect(), new Date()), sqlDate(dialect(), new Date()),
        ]);
        const updated = await runSql(t, 'UPDATE outbox_jobs SET status = ? WHERE kind = ?', ['done', 'bulk-x']);
        const none = await runSql(t, 'UPDATE outbox_jobs SET status = ? WHERE kind = ?', ['done', 'no-such-kind']);
        const rows = await selectSql<{ kind: string; status: string }>(t, 'SELECT kind, status FROM outbox_jobs WHERE kind IN (?, ?) ORDER BY id', ['bulk-x', 'bulk-y']);
        return { inserted, updated, none, rows };
      });
      assert.equal(result.updated.changes, 4);
      assert.equal(result.none.changes, 0);
      assert.deepEqual(result.rows.map((r) => ({ ...r })), [
        { kind: 'bulk-x', status: 'done' },
        { kind: 'bulk-x', status: 'done' },
        { kind: 'bulk-x', status: 'done' },
        { kind: 'bulk-x', status: 'done' },
        { kind: 'bulk-y', status: 'pending' },
      ]);
      const z = await m().OutboxJob.findByPk(result.inserted.insertId);
      assert.equal(z?.kind, 'bulk-z');
      assert.deepEqual(z?.payload, { z: 1 });
      assert.equal(await m().OutboxJob.count({ where: { kind: 'bulk-x', status: 'done' } }), 4, 'committed');
    });
  });

  describe('together', () => {
    it('resolves with the tuple of results, in the order given', async () => {
      const [row, rows, update, nothing] = await app.db.tx((t) =>
        together([
          insertRow(t, m().AuditLog, audit('together-1')),
          insertRows(t, m().AuditLog, [audit('together-2'), audit('together-3')]),
          runSql(t, 'UPDATE audit_logs SET action = ? WHERE entity_id IN (?, ?)', ['raw.updated', 'together-1', 'together-3']),
          null,
        ] as const),
      );
      assert.equal(row.entityId, 'together-1');
      assert.deepEqual(rows.map((r) => r.entityId), ['together-2', 'together-3']);
      assert.equal(update.changes, 2);
      assert.equal(nothing, null);
      const stored = await m().AuditLog.findAll({ where: { entityType: 'raw-sql', entityId: ['together-1', 'together-2', 'together-3'] }, order: [['id', 'ASC']] });
      assert.deepEqual(stored.map((a) => [a.id, a.entityId, a.action]), [
        [row.id, 'together-1', 'raw.updated'],
        [rows[0]!.id, 'together-2', 'raw.test'],
        [rows[1]!.id, 'together-3', 'raw.updated'],
      ]);
    });

    it('when one statement fails, rejects only after the others settled; in db.tx nothing of it stays', async () => {
      const auditsBefore = await m().AuditLog.count();
      const jobsBefore = await m().OutboxJob.count();
      const finished: string[] = [];
      // Settled: on SQLite the others ran; on MySQL they were in the failing statement's batch, which stops there.
      const track = <T>(name: string, p: Promise<T>) => p.finally(() => finished.push(name));
      let finishedWhenRejected: string[] | null = null;
      const failure = await app.db
        .tx(async (t) => {
          await insertRow(t, m().AuditLog, audit('rolled-back-before'));
          try {
            // The failing statement is issued first: it fails before the others have run.
            await together([
              insertRow(t, m().AuditLog, audit('rolled-back-null', null)), // action is NOT NULL
              track('audit', insertRow(t, m().AuditLog, audit('rolled-back-sibling'))),
              track('jobs', insertRows(t, m().OutboxJob, [job('rolled-back-sibling'), job('rolled-back-sibling')])),
              track('update', runSql(t, 'UPDATE audit_logs SET action = ? WHERE entity_id = ?', ['raw.touched', 'rolled-back-before'])),
            ] as const);
          } finally {
            finishedWhenRejected = [...finished];
          }
          return 'not reached';
        })
        .then(
          () => assert.fail('the transaction should have failed'),
          (e: unknown) => e as Error,
        );
      assert.match(failure.message, /action/);
      assert.match(failure.message, /NOT NULL|cannot be null/i);
      assert.deepEqual([...(finishedWhenRejected ?? [])].sort(), ['audit', 'jobs', 'update'], 'every other statement had settled');
      assert.equal(await m().AuditLog.count({ where: { entityType: 'raw-sql', entityId: ['rolled-back-before', 'rolled-back-null', 'rolled-back-sibling'] } }), 0);
      assert.equal(await m().OutboxJob.count({ where: { kind: 'rolled-back-sibling' } }), 0);
      assert.equal(await m().AuditLog.count(), auditsBefore);
      assert.equal(await m().OutboxJob.count(), jobsBefore);
      // The connection is fine afterwards.
      await app.db.tx((t) => insertRow(t, m().AuditLog, audit('after-failure')));
      assert.equal(await m().AuditLog.count({ where: { entityType: 'raw-sql', entityId: 'after-failure' } }), 1);
    });

    it('rejects on a unique-index clash too, and the transaction rolls back as a whole', async () => {
      const partner = await m().Partner.create({ kind: 'accountant', legalName: 'Clash', vatNumber: '12345678903', taxCode: null, billingEmail: 'c@example.test', pec: null, address: null, phone: null });
      const order = (paymentReference: string) => ({
        paymentReference, number: null, buyerType: 'partner' as const, partnerId: partner.id, companyId: null, invitationId: null, buyerName: 'Clash',
        buyerEmail: null, companyData: null, language: 'it' as const, status: 'pending_payment' as const, paymentMethod: 'bank_transfer' as const,
        netCents: 1, vatCents: 0, grossCents: 1, stripeSessionId: null, stripePaymentIntentId: null, flag: null, paidAt: null, fulfilledAt: null,
        closedAt: null, expiresAt: new Date(), reminderSentAt: null, createdByPartnerUserId: null,
      });
      await assert.rejects(
        app.db.tx((t) =>
          together([
            insertRow(t, m().Order, order('SPCLASH001')),
            insertRow(t, m().AuditLog, audit('clash-sibling')),
            insertRow(t, m().Order, order('SPCLASH001')),
          ] as const),
        ),
        (e: Error) => /payment_reference/.test(e.message) && /UNIQUE|Duplicate/i.test(e.message),
      );
      assert.equal(await m().Order.count({ where: { paymentReference: 'SPCLASH001' } }), 0);
      assert.equal(await m().AuditLog.count({ where: { entityType: 'raw-sql', entityId: 'clash-sibling' } }), 0);
    });
  });
  describe('MySQL: statements issued together travel in one query', function () {
    before(function () {
      if (!usingMysql()) this.skip();
    });

    /** The queries the transaction's connection sends while `fn` runs (Sequelize's and ours; the COMMIT comes after). */
    async function countingQueries<T>(fn: (t: Parameters<Parameters<typeof app.db.tx>[0]>[0]) => Promise<T>): Promise<{ result: T; queries: string[] }> {
      const queries: string[] = [];
      const result = await app.db.tx(async (t) => {
        const conn = (t as any).connection;
        const addCommand = conn.addCommand;
        conn.addCommand = function (this: unknown, cmd: { sql?: string }) {
          queries.push(String(cmd.sql ?? cmd.constructor.name));
          return addCommand.call(this, cmd);
        };
        try {
          return await fn(t);
        } finally {
          conn.addCommand = addCommand;
        }
      });
      return { result, queries };
    }

    it('sends the BEGIN and the statements issued together as one query, and reads each result back', async () => {
      const { result, queries } = await countingQueries((t) =>
        together([
          insertRow(t, m().AuditLog, audit('batch-1')),
          insertRows(t, m().AuditLog, [audit('batch-2'), audit('batch-3')]),
          selectSql<{ n: number }>(t, 'SELECT COUNT(*) AS n FROM audit_logs WHERE entity_id IN (?, ?, ?)', ['batch-1', 'batch-2', 'batch-3']),
        ] as const),
      );
      const [one, two, [count]] = result;
      assert.equal(queries.length, 1, `one query (the COMMIT follows), got ${JSON.stringify(queries)}`);
      assert.match(queries[0]!, /^START TRANSACTION;\nINSERT INTO `audit_logs`.*;\nINSERT INTO `audit_logs`.*;\nSELECT COUNT/s);
      assert.equal(Number(count!.n), 3, 'the SELECT saw the inserts before it in its batch');
      const stored = await m().AuditLog.findAll({ where: { entityId: ['batch-1', 'batch-2', 'batch-3'] }, order: [['id', 'ASC']] });
      assert.deepEqual(stored.map((a) => [a.id, a.entityId]), [[one.id, 'batch-1'], [two[0]!.id, 'batch-2'], [two[1]!.id, 'batch-3']]);
    });

    it('keeps values as values: text made to end a statement and start another is stored as written', async () => {
      const nasty = ["x'); DELETE FROM audit_logs; --", "\\'; DROP TABLE orders; -- ", 'a;b;\nSELECT 1;', '"; TRUNCATE outbox_jobs; #', 'placeholders ? and ?? stay text'];
      const before = await m().AuditLog.count();
      const rows = await app.db.tx((t) => together(nasty.map((label, i) => insertRow(t, m().AuditLog, { ...audit(`nasty-${i}`), actorLabel: label, after: { label } }))));
      for (const [i, row] of rows.entries()) {
        const stored = (await m().AuditLog.findByPk(row.id))!;
        assert.equal(stored.actorLabel, nasty[i]);
        assert.deepEqual(stored.after, { label: nasty[i] });
      }
      assert.equal(await m().AuditLog.count(), before + nasty.length, 'nothing deleted');
      await m().Order.count(); // the table is still there
    });

    it('sends a waiting batch before any other query on the connection: a Sequelize read sees it', async () => {
      const { result, queries } = await countingQueries(async (t) => {
        const inserted = insertRow(t, m().AuditLog, audit('batch-then-model')); // not awaited yet
        const seen = await m().AuditLog.count({ where: { entityId: 'batch-then-model' }, transaction: t });
        await inserted;
        return seen;
      });
      assert.equal(result, 1);
      assert.match(queries[0]!, /^START TRANSACTION;\nINSERT INTO `audit_logs`/);
      assert.match(queries[1]!, /^SELECT count/i);
    });

    it('tells each statement of a failed batch what happened to it: ran, failed, or not run', async () => {
      const [outcome, stored] = await app.db.tx(async (t) => {
        await selectSql(t, 'SELECT 1'); // the BEGIN's batch
        const settled = await Promise.allSettled([
          insertRow(t, m().AuditLog, { ...audit('attributed-before'), actorLabel: 'mario.rossi@example.it' }),
          insertRow(t, m().AuditLog, { ...audit('attributed-bad', null), actorLabel: 'mario.rossi@example.it' }),
          runSql(t, 'UPDATE audit_logs SET action = ? WHERE entity_id = ?', ['raw.after', 'attributed-before']),
        ]);
        // Caught: the transaction goes on and commits what did run, as with statements sent one by one.
        return [settled, await m().AuditLog.findAll({ where: { entityId: ['attributed-before', 'attributed-bad'] }, transaction: t })] as const;
      });
      const [before, bad, after] = outcome;
      assert.equal(before.status, 'fulfilled', 'the statement before the failure ran');
      assert.equal(bad.status, 'rejected');
      assert.match((bad as PromiseRejectedResult).reason.message, /action/);
      const sql = String((bad as PromiseRejectedResult).reason.sql);
      assert.match(sql, /^INSERT INTO `audit_logs`/);
      assert.doesNotMatch(sql, /mario\.rossi|SELECT 1|UPDATE/, 'the error names its own statement, without values');
      assert.equal(after.status, 'rejected');
      assert.ok((after as PromiseRejectedResult).reason instanceof NotRun, 'the statement after the failure was not run');
      assert.deepEqual(stored.map((a) => [a.entityId, a.action]), [['attributed-before', 'raw.test']]);
      assert.equal((await m().AuditLog.findByPk((before as PromiseFulfilledResult<{ id: number }>).value.id))?.action, 'raw.test', 'committed, not updated');
    });

    it('takes statements written with a trailing semicolon', async () => {
      const [[one], [two]] = await app.db.tx((t) => together([selectSql<{ n: number }>(t, 'SELECT 1 AS n;'), selectSql<{ n: number }>(t, 'SELECT 2 AS n ; ')] as const));
      assert.deepEqual([Number(one!.n), Number(two!.n)], [1, 2]);
    });

    it('never runs with NO_BACKSLASH_ESCAPES, which would break the escaping of values', async () => {
      const [{ mode }] = (await app.db.sequelize.query('SELECT @@GLOBAL.sql_mode AS mode', { type: QueryTypes.SELECT })) as [{ mode: string }];
      const fresh = freshDatabaseUrl();
      await app.db.sequelize.query(`SET GLOBAL sql_mode = '${mode ? `${mode},` : ''}NO_BACKSLASH_ESCAPES'`);
      try {
        const db = await openDatabase(fresh.url);
        try {
          const [{ session }] = (await db.sequelize.query('SELECT @@SESSION.sql_mode AS session', { type: QueryTypes.SELECT })) as [{ session: string }];
          assert.doesNotMatch(session, /NO_BACKSLASH_ESCAPES/);
          const text = "it\\'s; SELECT 'x";
          const [row] = await db.tx((t) => together([selectSql<{ v: string }>(t, 'SELECT ? AS v', [text]), selectSql(t, 'SELECT 1')] as const));
          assert.equal(row[0]!.v, text);
        } finally {
          await db.close();
        }
      } finally {
        await app.db.sequelize.query('SET GLOBAL sql_mode = ?', { replacements: [mode] });
        await fresh.cleanup();
      }
    });

    it('a transaction that starts with a Sequelize write is still one transaction: a failure undoes it', async () => {
      await assert.rejects(
        app.db.tx(async (t) => {
          await m().AuditLog.create(audit('model-first'), { transaction: t });
          await insertRow(t, m().AuditLog, audit('model-first-then-null', null));
        }),
        /action/,
      );
      assert.equal(await m().AuditLog.count({ where: { entityId: ['model-first', 'model-first-then-null'] } }), 0);
    });
  });
  describe('MySQL batches: a failed BEGIN', () => {
    /** A stand-in for a mysql2 connection whose server refuses the BEGIN of the batch it receives first. */
    function refusingBegin() {
      const sent: string[] = [];
      const conn = {
        format: (sql: string) => sql,
        addCommand: (cmd: unknown) => cmd,
        query(sql: string, cb: (err: Error | null, results?: unknown) => void) {
          sent.push(sql);
          const q = { _resultIndex: 0, _rows: [] as unknown[] };
          const statements = sql.split(';\n');
          queueMicrotask(() => {
            if (sent.length === 1) cb(Object.assign(new Error('refused'), { code: 'ER_TEST' }));
            else cb(null, statements.length === 1 ? { insertId: 0, affectedRows: 0 } : statements.map(() => ({ insertId: 0, affectedRows: 0 })));
          });
          return q;
        },
      };
      return { conn, sent };
    }

    it('refuses every statement after it until the ROLLBACK: nothing runs outside a transaction', async () => {
      const { conn, sent } = refusingBegin();
      const begin = runOnConnection('mysql', conn, 'START TRANSACTION');
      const first = runOnConnection('mysql', conn, 'INSERT INTO t VALUES (1)');
      await assert.rejects(begin, /refused/);
      await assert.rejects(first, (e) => e instanceof NotRun);
      await assert.rejects(runOnConnection('mysql', conn, 'INSERT INTO t VALUES (2)'), /refused/);
      assert.equal(sent.length, 1, 'the later statement never reached the server');
      await runOnConnection('mysql', conn, 'ROLLBACK');
      await runOnConnection('mysql', conn, 'INSERT INTO t VALUES (3)');
      assert.deepEqual(sent.slice(1), ['ROLLBACK', 'INSERT INTO t VALUES (3)']);
    });
  });
});
