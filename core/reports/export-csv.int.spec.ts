/** CSV exports for Italian Excel, from a real database: filters, BOM, `;`, decimal comma, quoting, audit, staff only. */
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createPartnerWithUser, productBySku, staffActor } from '../../test/fixtures.js';
import { centsForSpreadsheet, csvField } from './export-csv.js';

describe('CSV exports (use case)', function () {
  this.timeout(60_000);
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(async () => app?.dispose());

  it('fields and amounts as Italian Excel reads them', () => {
    assert.equal(centsForSpreadsheet(123456), '1234,56');
    assert.equal(centsForSpreadsheet(5), '0,05');
    assert.equal(centsForSpreadsheet(-1500), '-15,00');
    assert.equal(csvField('Rossi; Bianchi "e" C.', true), '"Rossi; Bianchi ""e"" C."');
    assert.equal(csvField('=HYPERLINK("x")', true), '"\'=HYPERLINK(""x"")"');
    assert.equal(csvField('riga\nnuova', true), '"riga\nnuova"');
  });

  it('exports the filtered orders with a BOM, “;” and decimal commas, audited; only staff', async () => {
    const { partner, actor } = await createPartnerWithUser(app, 'Studio "Virgola"; e Punto');
    const lite = await productBySku(app, 'coupon-lite-5');
    const orders = [];
    for (let i = 0; i < 3; i++) orders.push(await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: lite.id, quantity: 3 }], paymentMethod: 'bank_transfer' }, actor));
    await app.useCases.markOrderPaid({ orderId: orders[0].id, amountCents: orders[0].grossCents, source: 'staff' }, staffActor);

    const words = (_k: string, field: string, v: string) => (field === 'status' ? ({ pending_payment: 'In attesa di pagamento', fulfilled: 'Evaso' } as any)[v] ?? v : v);
    const r = await app.useCases.exportCsv({ kind: 'orders', filters: { status: 'pending_payment', partnerId: String(partner.id) }, words }, staffActor);
    assert.deepEqual([...r.content.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');
    const lines = r.content.toString('utf8').slice(1).trimEnd().split('\r\n');
    assert.equal(r.rows, 2);
    assert.equal(lines.length, 3);
    const head = lines[0].split(';');
    assert.deepEqual(head.slice(0, 4), ['N.', 'Numero', 'Causale', 'Creato il']);
    const row = lines[1];
    assert.ok(row.includes('"Studio ""Virgola""; e Punto"'), row);
    assert.ok(row.includes(';In attesa di pagamento;'), row);
    assert.ok(row.includes(`;${centsForSpreadsheet(orders[2].grossCents)};`), row);
    assert.match(centsForSpreadsheet(orders[2].grossCents), /^\d{4},\d{2}$/, 'over a thousand euro: no thousands dot');
    assert.match(row, /;\d{2}\/\d{2}\/\d{4} \d{2}:\d{2};/, 'dates as dd/mm/yyyy hh:mm');
    assert.match(r.fileName, /^ordini-\d{4}-\d{2}-\d{2}\.csv$/);

    const audit = await app.db.models.AuditLog.findOne({ where: { action: 'orders.exported' }, order: [['id', 'DESC']] });
    assert.ok(audit);
    assert.equal((audit!.after as any).rows, 2);
    assert.deepEqual((audit!.after as any).filters, { status: 'pending_payment', partnerId: String(partner.id) });

    const dated = await app.useCases.exportCsv({ kind: 'orders', filters: { paidAt: { from: new Date(Date.now() - 3600_000).toISOString() } } }, staffActor);
    assert.equal(dated.rows, 1);
    const coupons = await app.useCases.exportCsv({ kind: 'coupons', filters: { orderId: String(orders[0].id) } }, staffActor);
    assert.equal(coupons.rows, 3 * 5);
    const companies = await app.useCases.exportCsv({ kind: 'companies', filters: {} }, staffActor);
    assert.equal(companies.content.toString('utf8').split('\r\n')[0].split(';')[1], 'Ragione sociale');

    await assert.rejects(app.useCases.exportCsv({ kind: 'orders', filters: { buyerEmail: 'x' } }, staffActor), /Filtro non previsto/);
    await assert.rejects(app.useCases.exportCsv({ kind: 'orders', filters: { paidAt: { from: 'ieri' } } }, staffActor), /data non valida/);
    await assert.rejects(app.useCases.exportCsv({ kind: 'orders' }, actor), /riservata al personale/);
  });
});
