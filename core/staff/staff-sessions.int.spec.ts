/** The back-office's web sessions in the database: read back until they expire, expired rows swept on a write. */
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/test-app.js';

describe('staff web sessions', function () {
  this.timeout(30_000);
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(async () => {
    await app?.dispose();
  });

  it('reads a session back until it expires; touch moves the expiry; destroy removes it', async () => {
    const uc = app.useCases;
    const soon = () => new Date(Date.now() + 3600_000);
    await uc.saveStaffSession('sid-live', '{"adminUser":{"id":1}}', soon());
    assert.equal(await uc.readStaffSession('sid-live'), '{"adminUser":{"id":1}}');
    await uc.saveStaffSession('sid-old', '{}', soon());
    await uc.touchStaffSession('sid-old', new Date(Date.now() - 1000));
    assert.equal(await uc.readStaffSession('sid-old'), null, 'expired');
    assert.equal(await uc.readStaffSession('sid-unknown'), null);
    await uc.destroyStaffSession('sid-live');
    assert.equal(await uc.readStaffSession('sid-live'), null);
  });

  it('sweeps expired rows on a write', async () => {
    // An app of its own: its first write sweeps (later ones only now and then).
    const other = await createTestApp({ seedCatalogue: false });
    try {
      const { AdminSession } = other.db.models;
      await AdminSession.create({ sid: 'sid-expired', data: '{}', expiresAt: new Date(Date.now() - 60_000) });
      await other.useCases.saveStaffSession('sid-new', '{}', new Date(Date.now() + 3600_000));
      assert.equal(await AdminSession.count({ where: { sid: 'sid-expired' } }), 0);
      assert.equal(await other.useCases.readStaffSession('sid-new'), '{}');
    } finally {
      await other.dispose();
    }
  });
});
