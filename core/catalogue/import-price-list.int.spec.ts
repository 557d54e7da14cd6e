import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createPartnerWithUser, staffActor } from '../../test/fixtures.js';
import { isDomainError } from '../errors.js';
import { systemActor } from '../shared/actor.js';
import { readPriceListFile } from './import-price-list.js';

const HEADER = 'sku,kind,tier,toTier,quantity,nameIt,nameEn,netCents,vatRateBp,active,sort';

/** The problems a refused import lists (it must be refused). */
async function refused(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (e) {
    assert.ok(isDomainError(e), String(e));
    return (e.details.problems as string[] | undefined) ?? [e.message];
  }
  assert.fail('the import should have been refused');
}

describe('catalogue: price list import', () => {
  let app: TestApp;
  const actor = systemActor('cli:test');
  before(async () => {
    app = await createTestApp({ seedCatalogue: false });
  });
  after(() => app.dispose());

  it('imports the shipped example price list; a second import changes nothing; a JSON list updates one price, audited before/after', async () => {
    const rows = readPriceListFile(readFileSync(new URL('../../examples/price-list.example.csv', import.meta.url), 'utf8'), 'csv');
    const first = await app.useCases.importPriceList({ rows, source: 'price-list.example.csv' }, actor);
    assert.equal(first.created.length, 20);
    const lite = await app.db.models.Product.findOne({ where: { sku: 'coupon-lite-5' } });
    assert.deepEqual([lite!.kind, lite!.tier, lite!.quantity, lite!.netCents, lite!.vatRateBp, lite!.active], ['coupon', 'lite', 5, 44_500, 2200, true]);
    const upgrade = await app.db.models.Product.findOne({ where: { sku: 'upgrade-lite-ordinary' } });
    assert.equal(upgrade!.toTier, 'ordinary');

    const again = await app.useCases.importPriceList({ rows }, actor);
    assert.deepEqual([again.created.length, again.updated.length, again.unchanged.length], [0, 0, 20]);

    const json = JSON.stringify([{ sku: 'coupon-lite-5', kind: 'coupon', tier: 'lite', quantity: 5, nameIt: '5 coupon LITE', nameEn: '5 LITE coupons', netCents: 42_000, vatRateBp: 2200 }]);
    const third = await app.useCases.importPriceList({ rows: readPriceListFile(json, 'json'), source: 'listino.json' }, actor);
    assert.deepEqual(third.updated, ['coupon-lite-5']);
    await lite!.reload();
    assert.equal(lite!.netCents, 42_000);
    const audit = await app.db.models.AuditLog.findOne({ where: { action: 'product.updated', entityId: String(lite!.id) } });
    assert.deepEqual(audit!.before, { netCents: 44_500 });
    assert.deepEqual(audit!.after, { netCents: 42_000, source: 'listino.json' });
    assert.equal(audit!.actorLabel, 'cli:test');
    // The imported catalogue is what an order is priced from.
    const { partner } = await createPartnerWithUser(app);
    const order = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: lite!.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, staffActor);
    assert.equal(order.netCents, 42_000);
  });

  it('checks every row before writing: Italian messages naming the row (semicolons, as Italian spreadsheets export)', async () => {
    const before = await app.db.models.Product.count();
    const csv = [
      HEADER.replaceAll(',', ';'),
      'nuovo-1;coupon;lite;;1;Coupon nuovo;New coupon;99,00;2200;;',
      'nuovo-2;upgrade;lite;corporate;1;Salto;Jump;100;2200;sì;',
      'nuovo-3;einvoice_pack;lite;;100;Pacchetto;Pack;100;2200;no;',
      'nuovo-1;coupon;lite;;1;Doppione;Duplicate;100;2200;;',
      'nuovo-4;credit_topup;;;500;Ricarica;Top-up;500;22;forse;',
    ].join('\n');
    const problems = await refused(app.useCases.importPriceList({ rows: readPriceListFile(csv, 'csv') }, actor));
    assert.deepEqual(problems.map((p) => p.slice(0, p.indexOf(':'))), ['Riga 2', 'Riga 3', 'Riga 4', 'Riga 5', 'Riga 6']);
    assert.match(problems[0]!, /^Riga 2: netCents: numero intero \(prezzo netto in centesimi, es\. 9900 per 99,00 €\)$/);
    assert.match(problems[1]!, /toTier: un upgrade da lite porta a ordinary/);
    assert.match(problems[2]!, /tier: va lasciato vuoto per einvoice_pack/);
    assert.match(problems[3]!, /sku «nuovo-1» già presente \(Riga 2\)/);
    assert.match(problems[4]!, /active: sì\/no/);
    assert.equal(await app.db.models.Product.count(), before, 'nothing written');

    // What a product is (kind, tier, quantity) never changes under its SKU: orders already refer to it.
    const changed = readPriceListFile(`${HEADER}\ncoupon-lite-5,coupon,lite,,6,6 coupon LITE,6 LITE coupons,50000,2200,true,1\n`, 'csv');
    const identity = await refused(app.useCases.importPriceList({ rows: changed }, actor));
    assert.match(identity[0]!, /^Riga 2: lo sku «coupon-lite-5» esiste già come coupon LITE ×5/);

    assert.throws(() => readPriceListFile('sku,prezzo\nx,1\n', 'csv'), (e: unknown) => isDomainError(e) && /riga 1.*mancano kind.*colonne sconosciute prezzo/i.test(e.message));
  });
});
