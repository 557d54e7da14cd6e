/** `npm start`'s entry on a fresh SQLite file answers /healthz and /readyz, and seeds the demo data once. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const port = (s.address() as { port: number }).port;
    s.close(() => resolve(port));
  });
});

describe('npm start entry', function () {
  this.timeout(90_000);
  it('starts on a fresh SQLite file, migrates, seeds, and answers 200 on /healthz and /readyz', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sportello-start-'));
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'main.ts'], {
      env: { PATH: process.env.PATH, NODE_ENV: 'development', PORT: String(port), DATA_DIR: dir, LOG_LEVEL: 'info', PROVISIONING_DELAY_MS: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      let status = 0;
      for (let i = 0; i < 300 && status !== 200; i++) {
        status = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status, () => 0);
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(status, 200, out);
      assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
      assert.match(out, /demo data created/);
      assert.match(out, /link code [0-9A-Z]{14}/);
      assert.doesNotMatch(out, /RSSMRA|password_hash/i);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
