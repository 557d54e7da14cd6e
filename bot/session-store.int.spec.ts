import { strict as assert } from 'node:assert';
import { createTestApp, usingMysql, type TestApp } from '../test/test-app.js';
import { createSessionStore, primeSession, takeSessionWrite, unprimeSession } from './session-store.js';

describe('bot: session store', function () {
  let app: TestApp;
  /** One statement outside any transaction, as the bot's store writes. */
  const write = (sql: string, params: (string | number)[]) => app.db.sequelize.query(sql, { replacements: params }).then(() => undefined);
  before(async () => {
    app = await createTestApp({ seedCatalogue: false });
  });
  after(async () => app?.dispose());

  const stored = async (chatId: string) =>
    ((await app.db.sequelize.query('SELECT data FROM bot_sessions WHERE chat_id = :chatId', { replacements: { chatId }, plain: true })) as { data: string } | null)?.data;

  it('keeps the latest session of each chat in the database; a new store (a restart) reads it back', async () => {
    const store = createSessionStore<{ n: number }>(app.db.sequelize, write);
    assert.equal(await store.load('101'), undefined);
    for (let n = 1; n <= 5; n++) await store.save('101', { n });
    await store.save('102', { n: 7 });
    assert.deepEqual(await store.load('101'), { n: 5 });
    await store.flush();
    assert.deepEqual(JSON.parse((await stored('101'))!), { n: 5 });
    assert.deepEqual(JSON.parse((await stored('102'))!), { n: 7 });
    const restarted = createSessionStore<{ n: number }>(app.db.sequelize, write);
    assert.deepEqual(await restarted.load('101'), { n: 5 });
  });

  it('a corrupt row does not lock the chat out: it starts afresh and the next save replaces it', async () => {
    await write(
      usingMysql()
        ? "INSERT INTO bot_sessions (chat_id, data, updated_at) VALUES ('103', '{not json', UTC_TIMESTAMP(3))"
        : "INSERT INTO bot_sessions (chat_id, data, updated_at) VALUES ('103', '{not json', '2026-01-01 00:00:00.000 +00:00')",
      [],
    );
    const store = createSessionStore<{ n: number }>(app.db.sequelize, write);
    assert.equal(await store.load('103'), undefined);
    await store.save('103', { n: 1 });
    await store.flush();
    assert.deepEqual(JSON.parse((await stored('103'))!), { n: 1 });
  });

  it('while the dispatcher holds a chat, loads come from the row it read and saves are handed to it', async () => {
    const store = createSessionStore<{ n: number }>(app.db.sequelize, write);
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

  const json = async (chatId: string) => {
    const data = await stored(chatId);
    return data === undefined ? undefined : JSON.parse(data);
  };

  it('sole: saves are written behind, flush() writes the latest, and loads answer from memory even if the row changes behind its back', async () => {
    // Writes behind a gate: while it is shut nothing the store writes can reach the database.
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const calls: (string | number)[][] = [];
    const gatedWrite = async (sql: string, params: (string | number)[]) => {
      calls.push(params);
      await gate;
      await write(sql, params);
    };
    const store = createSessionStore<{ n: number }>(app.db.sequelize, gatedWrite, { sole: true });
    for (let n = 1; n <= 4; n++) await store.save('201', { n });
    await store.save('202', { n: 20 });
    assert.deepEqual(await store.load('201'), { n: 4 }, 'the latest save, from memory');
    assert.equal(await stored('201'), undefined, 'save() resolved before its row was written');
    open();
    await store.flush();
    assert.deepEqual(await json('201'), { n: 4 }, 'flush() wrote the latest session');
    assert.deepEqual(await json('202'), { n: 20 });
    for (const params of calls) {
      const chats = params.filter((_, i) => i % 3 === 0);
      assert.equal(new Set(chats).size, chats.length, 'one row per chat per statement');
    }

    // Behind the store's back (another process would have to do this: sole says there is none).
    await write('UPDATE bot_sessions SET data = ? WHERE chat_id = ?', [JSON.stringify({ n: 99 }), '201']);
    assert.deepEqual(await json('201'), { n: 99 }, 'the row did change');
    assert.deepEqual(await store.load('201'), { n: 4 }, 'a sole store answers from memory');
    assert.deepEqual(await createSessionStore<{ n: number }>(app.db.sequelize, write, { sole: true }).load('201'), { n: 99 }, 'a fresh store reads the row');
  });

  it('shared (sole: false, MySQL only): a save is in the database when it resolves, and every load reads the row', async function () {
    if (!usingMysql()) this.skip(); // SQLite is always sole: one process
    const store = createSessionStore<{ n: number }>(app.db.sequelize, write, { sole: false });
    await store.save('203', { n: 1 });
    assert.deepEqual(await json('203'), { n: 1 }, 'written before save() resolved');
    assert.deepEqual(await store.load('203'), { n: 1 });
    await write('UPDATE bot_sessions SET data = ? WHERE chat_id = ?', [JSON.stringify({ n: 2 }), '203']);
    assert.deepEqual(await store.load('203'), { n: 2 }, 'the row as changed by someone else');
    await write('UPDATE bot_sessions SET data = ? WHERE chat_id = ?', [JSON.stringify({ n: 3 }), '203']);
    assert.deepEqual(await store.load('203'), { n: 3 }, 'read again, not cached');
    await write('DELETE FROM bot_sessions WHERE chat_id = ?', ['203']);
    assert.equal(await store.load('203'), undefined, 'gone');
    await store.save('203', { n: 3 });
    assert.deepEqual(await json('203'), { n: 3 }, 'saved again although it equals what the store last read');
  });
});
