import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../test-app.js';

describe('migrations', function () {
  this.timeout(120_000);
  let app: TestApp;
  before(async () => {
    app = await createTestApp({ seedCatalogue: false });
  });
  after(async () => app?.dispose());

  it('go down to nothing and up again, on this database', async () => {
    const applied = (await app.migrator.executed()).map((m) => m.name);
    assert.ok(applied.length >= 1);
    assert.ok(applied.every((n, i, a) => i === 0 || a[i - 1]! < n), 'timestamped names run in order');
    await app.migrator.down({ to: 0 });
    assert.equal((await app.migrator.executed()).length, 0);
    const tables = (await app.db.sequelize.getQueryInterface().showAllTables()).map(String).filter((t) => t !== 'sequelize_meta');
    assert.deepEqual(tables, []);
    await app.migrator.up();
    assert.deepEqual((await app.migrator.executed()).map((m) => m.name), applied);
    await app.db.models.Partner.create({ kind: 'accountant', legalName: 'Caffè “Àccentato” 😀', vatNumber: '11111110158', taxCode: null, billingEmail: 'x@example.test', pec: null, address: null, phone: null });
    const back = await app.db.models.Partner.findOne({ where: { vatNumber: '11111110158' } });
    assert.equal(back?.legalName, 'Caffè “Àccentato” 😀', 'utf8mb4 keeps accents and emoji');
  });
});
