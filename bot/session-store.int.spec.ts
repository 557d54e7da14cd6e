import { strict as assert } from 'node:assert';
import { createTestApp, usingMysql, type TestApp } from '../test/test-app.js';
import { createSessionStore, primeSession, takeSessionWrite, unprimeSession } from './session-store.js';

describe('bot: session store', function () {
  let app: TestApp;
  before(async () => {
    app = await createTestApp({ seedCatalogue: false });
  });
  after(async () => app?.dispose());

  const stored = async (chatId: string) =>
    ((await app.db.sequelize.query('SELECT data FROM bot_sessions WHERE chat_id = :chatId', { replacements: { chatId }, plain: true })) as { data: string } | null)?.data;

  it('keeps the latest session of each chat in the database; a new store (a restart) reads it back', async () => {
    const store = createSessionStore<{ n: number }>(app.db.sequelize, app.db.write);
    assert.equal(await store.load('101'), undefined);
    for (let n = 1; n <= 5; n++) await store.save('101', { n });
    await store.save('102', { n: 7 });
    assert.deepEqual(await store.load('101'), { n: 5 });
    await store.flush();
    assert.deepEqual(JSON.parse((await stored('101'))!), { n: 5 });
    assert.deepEqual(JSON.parse((await stored('102'))!), { n: 7 });
    const restarted = createSessionStore<{ n: number }>(app.db.sequelize, app.db.write);
    assert.deepEqual(await restarted.load('101'), { n: 5 });
  });

  it('a corrupt row does not lock the chat out: it starts afresh and the next save replaces it', async () => {
    await app.db.write(
      usingMysql()
        ? "INSERT INTO bot_sessions (chat_id, data, updated_at) VALUES ('103', '{not json', UTC_TIMESTAMP(3))"
        : "INSERT INTO bot_sessions (chat_id, data, updated_at) VALUES ('103', '{not json', '2026-01-01 00:00:00.000 +00:00')",
      [],
    );
    const store = createSessionStore<{ n: number }>(app.db.sequelize, app.db.write);
    assert.equal(await store.load('103'), undefined);
    await store.save('103', { n: 1 });
    await store.flush();
    assert.deepEqual(JSON.parse((await stored('103'))!), { n: 1 });
  });

  it('while the dispatcher holds a chat, loads come from the row it read and saves are handed to it', async () => {
    const store = createSessionStore<{ n: number }>(app.db.sequelize, app.db.write);
    primeSession(app.db.sequelize, '104', JSON.stringify({ n: 41 }));
    try {
      assert.deepEqual(await store.load('104'), { n: 41 });
      await store.save('104', { n: 42 });
      assert.deepEqual(await store.load('104'), { n: 42 });
      assert.equal(takeSessionWrite(app.db.sequelize, '104'), JSON.stringify({ n: 42 }));
      assert.equal(takeSessionWrite(app.db.sequelize, '104'), undefined, 'handed over once');
    } finally {
      unprimeSession(app.db.sequelize, '104');
    }
    assert.equal(await stored('104'), undefined, 'the store did not write it itself');
  });
});
