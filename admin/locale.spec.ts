/** The back-office speaks Italian (and English): every field, every stored value, every action of every resource. */
import assert from 'node:assert/strict';
import { locale, valueWords, valueLabel } from './locale.js';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { buildAdmin } from './build-admin.js';

describe('back-office words', function () {
  this.timeout(60_000);
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(async () => app?.dispose());

  const it_ = (locale.translations as any).it;
  const en_ = (locale.translations as any).en;

  it('every property shown by every resource has an Italian and an English name', () => {
    const admin = buildAdmin(app);
    const missing: string[] = [];
    let checked = 0;
    for (const resource of admin.resources) {
      const id = resource.id();
      const decorated = resource.decorate();
      for (const p of Object.values(decorated.getProperties({ where: 'show' })).concat(Object.values(decorated.getProperties({ where: 'list' })))) {
        const path = String((p as any).propertyPath ?? (p as any).name());
        checked++;
        if (!it_.properties[path]) missing.push(`it ${id}.${path}`);
        if (!en_.properties[path]) missing.push(`en ${id}.${path}`);
      }
      if (!it_.labels[id]) missing.push(`it label ${id}`);
      for (const a of Object.keys(decorated.actions)) if (!it_.actions[a] || !en_.actions[a]) missing.push(`action ${id}.${a}`);
    }
    assert.deepEqual(missing, []);
    assert.ok(checked > 150, `${checked} properties checked`);
  });

  it('every stored value has words in both languages and the resources offer them as choices', () => {
    const admin = buildAdmin(app);
    for (const [id, props] of Object.entries(valueWords)) {
      for (const [prop, values] of Object.entries(props)) {
        for (const [v, words] of Object.entries(values)) {
          assert.ok(words.it && words.en, `${id}.${prop}.${v}`);
          assert.equal(it_.resources[id].labels[prop][v], words.it);
          assert.equal(en_.resources[id].labels[prop][v], words.en);
        }
        const resource = admin.resources.find((r) => r.id() === id);
        if (!resource) continue;
        const choices = resource.decorate().getPropertyByKey(prop)?.availableValues()?.map((c) => c.value);
        assert.deepEqual(choices, Object.keys(values), `${id}.${prop} offers its values`);
      }
    }
    assert.equal(valueLabel('orders', 'status', 'pending_payment'), 'In attesa di pagamento');
    assert.equal(valueLabel('orders', 'paymentMethod', 'bank_transfer', 'en'), 'Bank transfer');
    assert.equal(valueLabel('orders', 'status', 'unknown'), 'unknown');
  });

  it('the login page says nothing of AdminJS and AdminJS’s own words are replaced', () => {
    assert.doesNotMatch(JSON.stringify(it_.components.Login), /adminjs/i);
    assert.doesNotMatch(JSON.stringify(en_.components.Login), /adminjs/i);
    assert.equal(it_.actions.show, 'Dettagli', 'the detail page is not titled “Mostra”');
    assert.equal(it_.messages.successfullyUpdated, 'Modifiche salvate');
  });
});
