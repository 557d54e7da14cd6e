/** The back-office's generic edit: listed fields only, validated, the change and its audit row in one transaction. */
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createPartnerWithUser, productBySku, staffActor } from '../../test/fixtures.js';
import { isDomainError } from '../errors.js';
import type { Actor } from '../shared/actor.js';

describe('editRecord', function () {
  this.timeout(30_000);
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(async () => {
    await app?.dispose();
  });

  const audits = (table: string, id: number) => app.db.models.AuditLog.findAll({ where: { action: `${table}.edited`, entityId: String(id) } });
  const refusal = (code: string) => (e: unknown) => isDomainError(e) && e.code === code;

  it('writes the change and exactly one audit row with the diff of what changed', async () => {
    const { partner } = await createPartnerWithUser(app);
    const r = await app.useCases.editRecord({ table: 'partners', id: String(partner.id), changes: { legalName: 'Studio Rinominato', billingEmail: partner.billingEmail, pec: '', active: 'false' } }, staffActor);
    assert.deepEqual(r.changed.sort(), ['active', 'legalName']);
    const fresh = (await app.db.models.Partner.findByPk(partner.id))!;
    assert.equal(fresh.legalName, 'Studio Rinominato');
    assert.equal(fresh.active, false);
    assert.equal(fresh.pec, null);
    const rows = await audits('partners', partner.id);
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]!.before, { legalName: partner.legalName, active: true });
    assert.deepEqual(rows[0]!.after, { legalName: 'Studio Rinominato', active: false });
    assert.equal(rows[0]!.actorType, 'staff');
    assert.equal(rows[0]!.entityType, 'partners');
    // The sede legale is billing data: only the «Dati di fatturazione» action changes it (checked in parts, waiting invoices sent).
    await assert.rejects(app.useCases.editRecord({ table: 'partners', id: String(partner.id), changes: { address: 'Via Nuova 1' } }, staffActor), refusal('validation'));
  });

  it('leaves no change when the audit row cannot be written', async () => {
    const product = await productBySku(app, 'coupon-lite-5');
    const { AuditLog } = app.db.models;
    AuditLog.addHook('beforeCreate', 'audit-down', () => {
      throw new Error('audit log unavailable');
    });
    try {
      await assert.rejects(app.useCases.editRecord({ table: 'products', id: product.id, changes: { nameIt: 'Nome che non resta' } }, staffActor), /audit log unavailable/);
    } finally {
      AuditLog.removeHook('beforeCreate', 'audit-down');
    }
    assert.equal((await app.db.models.Product.findByPk(product.id))!.nameIt, product.nameIt);
    assert.equal((await audits('products', product.id)).length, 0);
  });

  it('writes nothing, not even an audit row, when nothing changed', async () => {
    const product = await productBySku(app, 'coupon-lite-5');
    const before = (await audits('products', product.id)).length;
    const r = await app.useCases.editRecord({ table: 'products', id: product.id, changes: { nameIt: product.nameIt, sort: String(product.sort) } }, staffActor);
    assert.deepEqual(r.changed, []);
    assert.equal((await audits('products', product.id)).length, before);
  });

  it('refuses fields that are not editable, invalid values, other tables and other roles, changing nothing', async () => {
    const product = await productBySku(app, 'coupon-lite-5');
    const { partner } = await createPartnerWithUser(app);
    await assert.rejects(app.useCases.editRecord({ table: 'products', id: product.id, changes: { netCents: 1 } }, staffActor), refusal('validation'));
    await assert.rejects(app.useCases.editRecord({ table: 'products', id: product.id, changes: { sort: 'primo' } }, staffActor), refusal('validation'));
    await assert.rejects(app.useCases.editRecord({ table: 'partners', id: partner.id, changes: { billingEmail: 'non-una-email' } }, staffActor), (e: unknown) => {
      assert.ok(isDomainError(e) && e.code === 'validation');
      assert.match(String((e.details.fields as Record<string, string>).billingEmail), /email non valido/);
      return true;
    });
    await assert.rejects(app.useCases.editRecord({ table: 'orders', id: 1, changes: { grossCents: 1 } }, staffActor), refusal('forbidden'));
    const support: Actor = { type: 'staff', id: 2, label: 'support', role: 'support' };
    await assert.rejects(app.useCases.editRecord({ table: 'products', id: product.id, changes: { nameIt: 'x' } }, support), refusal('forbidden'));
    await assert.rejects(app.useCases.editRecord({ table: 'products', id: 999_999, changes: { nameIt: 'x' } }, staffActor), refusal('not_found'));
    const fresh = (await app.db.models.Product.findByPk(product.id))!;
    assert.equal(fresh.netCents, product.netCents);
    assert.equal(fresh.sort, product.sort);
    assert.equal((await app.db.models.Partner.findByPk(partner.id))!.billingEmail, partner.billingEmail);
  });
});
