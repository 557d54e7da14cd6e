/**
 * MariaDB as a Galera cluster node sets it: auto_increment_increment = 2 on every connection, so
 * the ids a node hands out are not consecutive. Order placement (several lines in one insert),
 * payment, fulfilment and the worker must not assume they are.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { QueryTypes } from 'sequelize';
import { createApp, type App } from '../../core/app.js';
import { openDatabase } from '../../core/db/database.js';
import { createLogger } from '../../core/logger.js';
import { freshDatabaseUrl, testConfig, usingMysql } from '../test-app.js';
import { createPartnerWithUser, productBySku, staffActor } from '../fixtures.js';

describe('MariaDB with auto_increment_increment = 2 (a cluster node)', function () {
  this.timeout(60_000);
  let app: App;
  let cleanup: () => Promise<void>;
  before(async function () {
    if (!usingMysql()) return this.skip();
    const fresh = freshDatabaseUrl();
    cleanup = fresh.cleanup;
    const config = testConfig({}, fresh.url);
    const log = createLogger('silent');
    const db = await openDatabase(fresh.url, { log, sessionSql: ['SET SESSION auto_increment_increment = 2', 'SET SESSION auto_increment_offset = 2'] });
    app = await createApp(config, { db, log });
    await app.migrate();
    const { demoCatalogue } = await import('../../core/catalogue/demo-catalogue.js');
    await app.db.models.Product.bulkCreate(demoCatalogue());
    rmSync(config.DATA_DIR, { recursive: true, force: true });
  });
  after(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('the connections really step ids by 2', async () => {
    const [row] = await app.db.sequelize.query<{ inc: number }>('SELECT @@SESSION.auto_increment_increment AS inc', { type: QueryTypes.SELECT });
    assert.equal(Number(row!.inc), 2);
  });

  it('places orders of several lines, pays and fulfils them, and the worker runs their jobs', async () => {
    const { partner, actor } = await createPartnerWithUser(app);
    const lite = await productBySku(app, 'coupon-lite-1');
    const ordinary = await productBySku(app, 'coupon-ordinary-5');
    const orders = [];
    for (let i = 0; i < 3; i++) {
      orders.push(
        await app.useCases.placeOrder(
          { buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: lite.id, quantity: 2 }, { productId: ordinary.id, quantity: 1 }], paymentMethod: 'bank_transfer' },
          actor,
        ),
      );
    }
    for (const order of orders) {
      const stored = await app.db.models.OrderLine.findAll({ where: { orderId: order.id }, order: [['id', 'ASC']] });
      assert.deepEqual(order.lines!.map((l) => l.id), stored.map((l) => l.id), 'the lines returned are the rows stored');
      assert.equal(stored[1]!.id - stored[0]!.id, 2, 'ids step by 2');
      assert.equal(order.number, `${new Date().getUTCFullYear()}-${String(order.id).padStart(6, '0')}`);
    }
    for (const order of orders) await app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'staff' }, staffActor);
    for (const order of orders) {
      assert.equal((await app.db.models.Order.findByPk(order.id))!.status, 'fulfilled');
      // 2 × LITE (1 each) + 1 × Ordinaria pack of 5
      const coupons = await app.db.models.Coupon.findAll({ where: { orderId: order.id } });
      assert.deepEqual(coupons.map((c) => c.tier).sort(), ['lite', 'lite', 'ordinary', 'ordinary', 'ordinary', 'ordinary', 'ordinary']);
    }
    const worker = app.createWorker();
    await worker.drain();
    // notify jobs wait for a bot (none here); everything else ran, emails included.
    const left = await app.db.models.OutboxJob.findAll({ where: { status: ['pending', 'running', 'failed'] } });
    assert.deepEqual([...new Set(left.map((j) => `${j.kind}:${j.status}`))], ['notify:pending']);
    assert.ok((await app.db.models.OutboxJob.count({ where: { kind: 'send_email', status: 'done' } })) >= 3, 'the order emails were sent');
  });
});
