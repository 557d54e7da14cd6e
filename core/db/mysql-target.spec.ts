import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { QueryTypes } from 'sequelize';
import { freshDatabaseUrl, usingMysql } from '../../test/test-app.js';
import { openDatabase } from './database.js';
import { mysqlTarget, serverOptions } from './mysql-target.js';

describe('mysqlTarget (the MySQL URL)', () => {
  it('reads host, port, user, password (decoded) and database; port 3306 by default; mariadb: too', () => {
    assert.deepEqual(mysqlTarget('mysql://app:p%40ss%3Aw0rd@db.example.it:3307/sportello'), {
      host: 'db.example.it', port: 3307, user: 'app', password: 'p@ss:w0rd', database: 'sportello',
    });
    assert.deepEqual(mysqlTarget('mariadb://root@127.0.0.1/sportello_ci'), { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'sportello_ci' });
  });

  it('names the Unix socket with ?socket=, which then replaces host and port', () => {
    const t = mysqlTarget('mysql://root@localhost/sportello?socket=/run/mysqld/mysqld.sock');
    assert.equal(t.socketPath, '/run/mysqld/mysqld.sock');
    assert.equal(t.database, 'sportello');
    assert.equal(serverOptions(t).socketPath, '/run/mysqld/mysqld.sock');
    assert.equal('socketPath' in serverOptions(mysqlTarget('mysql://root@localhost/sportello')), false);
  });
});

describe('a database opened through the Unix socket', function () {
  this.timeout(60_000);
  const socket = '/run/mysqld/mysqld.sock';
  before(function () {
    if (!usingMysql() || !existsSync(socket)) this.skip();
  });

  it('connects through it (not TCP) and works as usual', async () => {
    const fresh = freshDatabaseUrl();
    const u = new URL(fresh.url);
    u.searchParams.set('socket', socket);
    const db = await openDatabase(u.toString());
    try {
      const [row] = (await db.sequelize.query('SELECT host FROM information_schema.processlist WHERE id = CONNECTION_ID()', { type: QueryTypes.SELECT })) as [{ host: string }];
      assert.equal(row.host, 'localhost', 'a TCP connection shows its address and port');
      assert.deepEqual(await db.tx(async () => 'ok'), 'ok');
    } finally {
      await db.close();
      await fresh.cleanup();
    }
  });
});
