/**
 * The process-level safety net (web/process-safety-net.ts, installed by main.ts), in a child process
 * running the real app and web faces: an answer sent twice from an event callback — the way issue 11's
 * oversized upload killed the server — and a promise rejected after its answer are each logged once
 * with their stack, and the process keeps serving. Without the net the same request ends the process
 * (so the test route really is a crash). Before the process serves, an uncaught error still stops it.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freshDatabaseUrl } from '../test/test-app.js';

const CHILD = fileURLToPath(new URL('./process-safety-net.child.test-helper.ts', import.meta.url));

interface Child {
  proc: ChildProcess;
  base: string;
  lines: Record<string, any>[];
  /** resolves with the first log line (already written or to come) that matches */
  waitForLine(match: (l: Record<string, any>) => boolean): Promise<Record<string, any>>;
  exited: Promise<number | null>;
}

async function startChild(env: Record<string, string>): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, any>[] = [];
  const waiters: { match: (l: Record<string, any>) => boolean; resolve: (l: Record<string, any>) => void }[] = [];
  let stderr = '';
  proc.stderr!.on('data', (d) => void (stderr += d));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const port = new Promise<number>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).on('line', (text) => {
      let line: Record<string, any>;
      try {
        line = JSON.parse(text);
      } catch {
        return;
      }
      if (typeof line.port === 'number' && !('level' in line)) return resolve(line.port);
      lines.push(line);
      for (const w of waiters.filter((x) => x.match(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    });
    void exited.then((code) => reject(new Error(`child exited (${code}) before listening: ${stderr}`)));
  });
  const base = `http://127.0.0.1:${await port}`;
  return {
    proc,
    base,
    lines,
    exited,
    waitForLine: (match) => {
      const found = lines.find(match);
      return found ? Promise.resolve(found) : new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

const unhandled = (l: Record<string, any>) => l.kind === 'uncaughtException' || l.kind === 'unhandledRejection';

describe('process safety net (child process, real web faces)', function () {
  this.timeout(120_000);
  let db: ReturnType<typeof freshDatabaseUrl>;
  const children: Child[] = [];
  before(() => {
    db = freshDatabaseUrl();
  });
  after(async () => {
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGTERM');
    await Promise.all(children.map((c) => c.exited));
    await db.cleanup();
  });
  const start = async (env: Record<string, string> = {}) => {
    const c = await startChild({ SAFETY_DB_URL: db.url, ...env });
    children.push(c);
    return c;
  };

  it('an answer sent twice from an event callback, then a promise rejected after its answer: each logged once with its stack, the process keeps serving', async () => {
    const c = await start();
    const first = await fetch(`${c.base}/test/answer-twice`, { method: 'POST', body: 'x'.repeat(1000) });
    assert.equal(first.status, 413);
    await first.text();
    const crash = await c.waitForLine(unhandled);
    assert.equal(crash.kind, 'uncaughtException');
    assert.equal(crash.level, 50);
    assert.equal(crash.err.code, 'ERR_HTTP_HEADERS_SENT');
    assert.match(crash.err.stack, /\n\s+at /);
    assert.equal((await fetch(`${c.base}/healthz`)).status, 200);

    const second = await fetch(`${c.base}/test/reject-after-answer`);
    assert.deepEqual(await second.json(), { ok: true });
    const rejection = await c.waitForLine((l) => l.kind === 'unhandledRejection');
    assert.equal(rejection.err.message, 'late failure after the answer');
    assert.match(rejection.err.stack, /\n\s+at /);

    // Still serving: health, a real page (the 404 page of an unknown pay link) and readiness on the database.
    assert.equal((await fetch(`${c.base}/healthz`)).status, 200);
    assert.equal((await fetch(`${c.base}/readyz`)).status, 200);
    const page = await fetch(`${c.base}/pay/zz.notavalidtoken`);
    assert.equal(page.status, 404);
    assert.match(await page.text(), /non è valido/);
    assert.equal(c.proc.exitCode, null);
    // Once each: the two failures, nothing more.
    assert.deepEqual(c.lines.filter(unhandled).map((l) => l.kind), ['uncaughtException', 'unhandledRejection']);
  });

  it('without the net, the same request ends the process (the test route is a real crash)', async () => {
    const c = await start({ SAFETY_NET: 'off' });
    await fetch(`${c.base}/test/answer-twice`, { method: 'POST', body: 'x' }).then((r) => r.text()).catch(() => undefined);
    assert.notEqual(await c.exited, 0);
  });

  it('an uncaught error before the process serves stops it, with one fatal line', async () => {
    const c = await start({ FAIL_BEFORE_SERVING: '1' });
    assert.equal(await c.exited, 1);
    const fatal = c.lines.filter(unhandled);
    assert.equal(fatal.length, 1);
    assert.equal(fatal[0]!.level, 60);
    assert.equal(fatal[0]!.err.message, 'broken start');
  });
});
