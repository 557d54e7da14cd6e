/**
 * The back-office against what a stranger or a careless client sends, over real HTTP: bodies over
 * their limit (declared or chunked), aborted and truncated uploads, 10,000-field forms and a 10 MB
 * login are refused with 4xx and the process keeps serving (/healthz); upload temp files are removed.
 * Access is decided by AdminJS's hooks, so spelling variants of a path get the canonical answer and
 * every refusal is audited. Logins slow down progressively per account and per address, never lock.
 * Pages and API answers carry helmet's headers, a CSP and no-store.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startBackOffice, STAFF_PASSWORD, type BackOffice } from '../test/back-office.js';
import { createPartnerWithUser, productBySku } from '../test/fixtures.js';
import { buildCamt053 } from '../test/bank-statement-files.js';

const MB = 1024 * 1024;
const BOUNDARY = 'sportelloTestBoundary';

interface Answer {
  status?: number;
  body: string;
  headers: http.IncomingHttpHeaders;
  error?: string;
}

/**
 * A multipart upload written by hand: `fileBytes` of file content, announced with Content-Length
 * unless `chunked`; `abortAfter` bytes then the connection is dropped. Writing stops when the answer
 * arrives (the server may close the connection after refusing).
 */
function upload(base: string, path: string, opts: { cookie?: string; fileBytes: number; chunked?: boolean; abortAfter?: number; declaredExtra?: number; truncate?: boolean; fields?: Record<string, string> }): Promise<Answer> {
  const fields = Object.entries(opts.fields ?? {}).map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('');
  const head = Buffer.from(`${fields}--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="estratto.xml"\r\nContent-Type: application/xml\r\n\r\n`);
  const tail = Buffer.from(opts.truncate ? '' : `\r\n--${BOUNDARY}--\r\n`);
  const total = head.length + opts.fileBytes + tail.length + (opts.declaredExtra ?? 0);
  const headers: Record<string, string> = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
  if (opts.cookie) headers.cookie = opts.cookie;
  if (!opts.chunked) headers['content-length'] = String(total);
  return new Promise((resolve) => {
    let answered: Answer | undefined;
    let done = false;
    const finish = (a: Answer) => {
      if (done) return;
      done = true;
      resolve(a);
    };
    const req = http.request(`${base}${path}`, { method: 'POST', headers });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => finish((answered = { status: res.statusCode, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers })));
      res.on('error', () => finish({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', (e) => {
      if (!answered) setTimeout(() => finish(answered ?? { body: '', headers: {}, error: e.message }), 200);
    });
    req.on('close', () => {
      if (opts.abortAfter !== undefined) finish({ body: '', headers: {}, error: 'aborted by the client' });
    });
    (async () => {
      const chunk = Buffer.alloc(256 * 1024, 0x61);
      let sent = 0;
      const write = (b: Buffer) => new Promise<void>((ok) => (req.write(b) ? ok() : req.once('drain', ok)));
      await write(head);
      while (sent < opts.fileBytes && !done && !req.destroyed) {
        const n = Math.min(chunk.length, opts.fileBytes - sent);
        await write(n === chunk.length ? chunk : chunk.subarray(0, n));
        sent += n;
        if (opts.abortAfter !== undefined && sent >= opts.abortAfter) return void req.destroy();
      }
      if (!done && !req.destroyed) req.end(tail);
    })().catch(() => {});
  });
}

async function healthy(base: string) {
  const r = await fetch(`${base}/healthz`);
  assert.equal(r.status, 200, '/healthz still answers');
}

/** Upload temp files go to $TMPDIR/sportello-uploads: a TMPDIR of this suite's own to look at. */
function ownTmpdir() {
  const saved = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'sportello-uploads-test-'));
  process.env.TMPDIR = dir;
  return {
    uploads: () => (existsSync(join(dir, 'sportello-uploads')) ? readdirSync(join(dir, 'sportello-uploads')) : []),
    restore() {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Formidable removes the temp file of a failed upload on a timer: wait for it, within a bound. */
async function noUploadsLeft(t: ReturnType<typeof ownTmpdir>) {
  for (let i = 0; i < 100 && t.uploads().length; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(t.uploads(), [], 'upload temp files removed');
}

const IMPORT = '/admin/api/resources/bank_statements/actions/importStatement';

describe('back-office bodies: limits before any work, the process survives', function () {
  this.timeout(180_000);
  let bo: BackOffice;
  let t: ReturnType<typeof ownTmpdir>;
  let accounting: string;
  before(async () => {
    t = ownTmpdir();
    // A small import limit, so that going over it by a chunked body is quick to send.
    bo = await startBackOffice({ env: { STATEMENT_UPLOAD_MAX_MB: '2' } });
    accounting = await bo.login('accounting');
  });
  after(async () => {
    await bo?.close();
    t?.restore();
  });

  it('a 30 MB upload without a session is refused without being read, and the process keeps serving', async () => {
    const r = await upload(bo.base, IMPORT, { fileBytes: 30 * MB });
    assert.ok(r.status && r.status >= 400 && r.status < 500, `4xx, got ${r.status} ${r.error ?? ''}`);
    await healthy(bo.base);
    assert.equal(await bo.app.db.models.BankStatement.count(), 0);
  });

  it('the same path spelled otherwise without a session: refused too', async () => {
    const r = await upload(bo.base, '/admin/API/resources/bank_statements/actions/%69mportStatement/', { fileBytes: 30 * MB });
    assert.ok(r.status && r.status >= 400 && r.status < 500, `4xx, got ${r.status}`);
    await healthy(bo.base);
  });

  it('over the import limit with a session: 413 as soon as the length is declared, JSON with a code', async () => {
    const r = await upload(bo.base, IMPORT, { cookie: accounting, fileBytes: 3 * MB });
    assert.equal(r.status, 413, r.error);
    const body = JSON.parse(r.body);
    assert.equal(body.code, 'payload_too_large');
    assert.match(body.error, /troppo grande/);
    await healthy(bo.base);
  });

  it('over the import limit, chunked (no declared length): counted and refused 413, temp file removed', async () => {
    const r = await upload(bo.base, IMPORT, { cookie: accounting, fileBytes: 5 * MB, chunked: true });
    assert.equal(r.status, 413, r.error);
    await healthy(bo.base);
    await noUploadsLeft(t);
  });

  it('an upload aborted mid-body: the process keeps serving, nothing imported, temp file removed', async () => {
    const r = await upload(bo.base, IMPORT, { cookie: accounting, fileBytes: 1 * MB, declaredExtra: 0, abortAfter: 512 * 1024, fields: { idempotencyKey: randomBytes(16).toString('hex') } });
    assert.equal(r.status, undefined, 'no answer to a dropped connection');
    await healthy(bo.base);
    await noUploadsLeft(t);
    assert.equal(await bo.app.db.models.BankStatement.count(), 0);
  });

  it('a truncated multipart body (no closing boundary) is 400', async () => {
    const r = await upload(bo.base, IMPORT, { cookie: accounting, fileBytes: 64 * 1024, truncate: true, fields: { idempotencyKey: randomBytes(16).toString('hex') } });
    assert.equal(r.status, 400, r.error);
    assert.equal(JSON.parse(r.body).code, 'bad_multipart');
    await healthy(bo.base);
    await noUploadsLeft(t);
  });

  it('10,000-field forms are refused 413 (multipart and URL-encoded)', async () => {
    const form = new FormData();
    for (let i = 0; i < 10_000; i++) form.append(`f${i}`, 'x');
    const a = await fetch(`${bo.base}/admin/api/resources/orders/actions/list`, { method: 'POST', headers: { cookie: accounting }, body: form });
    assert.equal(a.status, 413);
    assert.equal((await a.json()).code, 'too_many_fields');
    const params = new URLSearchParams();
    for (let i = 0; i < 10_000; i++) params.append(`f${i}`, 'x');
    const b = await fetch(`${bo.base}/admin/api/resources/orders/actions/list`, { method: 'POST', headers: { cookie: accounting }, body: params });
    assert.equal(b.status, 413);
    await healthy(bo.base);
  });

  it('every other form is small: a 2 MB JSON body is 413; an unknown content type is 415', async () => {
    const big = JSON.stringify({ note: 'x'.repeat(2 * MB) });
    const r = await fetch(`${bo.base}/admin/api/resources/orders/actions/list`, { method: 'POST', headers: { cookie: accounting, 'content-type': 'application/json' }, body: big });
    assert.equal(r.status, 413);
    const s = await fetch(`${bo.base}/admin/api/resources/orders/actions/list`, { method: 'POST', headers: { cookie: accounting, 'content-type': 'application/octet-stream' }, body: 'abc' });
    assert.equal(s.status, 415);
  });

  it('a 10 MB POST to /admin/login is refused 413, not parsed; a chunked one too', async () => {
    const body = `email=a%40b.it&password=${'x'.repeat(10 * MB)}`;
    const r = await fetch(`${bo.base}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    assert.equal(r.status, 413);
    assert.match(await r.text(), /Richiesta troppo grande/);
    const chunked = await new Promise<number | undefined>((resolve) => {
      const req = http.request(`${bo.base}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', () => resolve(undefined));
      req.write(`email=a%40b.it&password=${'x'.repeat(100 * 1024)}`);
      req.end();
    });
    assert.equal(chunked, 413);
    assert.equal(await bo.app.db.models.StaffLoginAttempt.count(), 1, 'only the login of before()');
    await healthy(bo.base);
  });

  it('an import within the limit is queued and imported by the worker, and its temp file is removed', async () => {
    const camt = buildCamt053({ version: '08', iban: 'IT60X0542811101000000123456', statementId: 'H1', entries: [{ credit: true, amountCents: 1234, bookingDate: '2026-11-20', counterparty: 'ROSSI', remittance: 'fattura 1', ref: 'H-1' }] });
    const form = new FormData();
    form.append('idempotencyKey', randomBytes(16).toString('hex'));
    form.append('file', new Blob([camt], { type: 'application/xml' }), 'camt.xml');
    const r = await fetch(`${bo.base}${IMPORT}`, { method: 'POST', headers: { cookie: accounting }, body: form });
    assert.equal(r.status, 200);
    const body = await r.json();
    assert.equal(body.result?.type, 'success', JSON.stringify(body));
    assert.equal(await bo.app.db.models.BankImport.count({ where: { status: 'queued' } }), 1);
    await noUploadsLeft(t);
    await bo.app.createWorker({ periodic: undefined }).drain();
    assert.equal(await bo.app.db.models.BankStatement.count(), 1);
  });
});

describe('back-office statement import at its default limit (200 MB)', function () {
  this.timeout(180_000);
  let bo: BackOffice;
  before(async () => {
    bo = await startBackOffice();
  });
  after(() => bo?.close());

  it('250 MB as accounting: 413 before reading it; the process keeps serving', async () => {
    const cookie = await bo.login('accounting');
    const r = await upload(bo.base, IMPORT, { cookie, fileBytes: 250 * MB });
    assert.equal(r.status, 413, r.error);
    assert.match(JSON.parse(r.body).error, /200 MB/);
    await healthy(bo.base);
  });
});

describe('back-office access decided by AdminJS hooks', function () {
  this.timeout(120_000);
  let bo: BackOffice;
  let support: string;
  before(async () => {
    bo = await startBackOffice();
    support = await bo.login('support');
  });
  after(() => bo?.close());

  const denied = (where: Record<string, string>) => bo.app.db.models.AuditLog.count({ where: { action: 'access.denied', ...where } });

  it('a support user gets the canonical refusal for every spelling of a path, each audited', async () => {
    const variants = [
      '/admin/api/resources/staff_users/actions/list',
      '/admin/API/resources/staff_users/actions/list',
      '/admin/Api/Resources/staff_users/Actions/list/',
      '/admin/api/resources/%73taff_users/actions/list',
      '/admin/api/resources/staff_users/actions/%6Cist',
    ];
    const answers: { status: number; body: any }[] = [];
    for (const v of variants) {
      const before = await denied({ entityType: 'staff_users', actorId: String(bo.staff.support.id) });
      const r = await fetch(`${bo.base}${v}`, { headers: { cookie: support }, redirect: 'manual' });
      answers.push({ status: r.status, body: await r.json() });
      assert.equal(await denied({ entityType: 'staff_users', actorId: String(bo.staff.support.id) }), before + 1, `${v} audited`);
    }
    for (const a of answers) {
      assert.equal(a.status, 403);
      assert.deepEqual(a.body, answers[0].body, 'the same answer');
      assert.deepEqual(a.body.records, []);
      assert.equal(a.body.notice.type, 'error');
    }
    assert.doesNotMatch(JSON.stringify(answers[0].body), /@sportello\.test/, 'no staff data');
    // An id that is no resource: 404, no data.
    const other = await fetch(`${bo.base}/admin/api/resources/Staff_Users/actions/list`, { headers: { cookie: support } });
    assert.equal(other.status, 404);
  });

  it('a refused record action is audited with the record, and nothing changes', async () => {
    const { partner, actor } = await createPartnerWithUser(bo.app);
    const p = await productBySku(bo.app, 'coupon-lite-5');
    const o = await bo.app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: p.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);
    const r = await fetch(`${bo.base}/admin/API/resources/orders/records/${o.id}/markPaid/`, { headers: { cookie: support } });
    assert.equal(r.status, 403);
    const row = await bo.app.db.models.AuditLog.findOne({ where: { action: 'access.denied', entityType: 'orders', entityId: String(o.id) } });
    assert.ok(row);
    assert.equal(row!.actorLabel, bo.staff.support.email);
    assert.equal((row!.after as any).action, 'markPaid');
    assert.equal((await bo.app.db.models.Order.findByPk(o.id))!.status, 'pending_payment');
  });

  it('without a session, /admin/API/… shows no data (the login page)', async () => {
    for (const path of ['/admin/API/resources/staff_users/actions/list', '/admin/api/resources/orders/actions/list', '/admin/Resources/staff_users']) {
      const r = await fetch(`${bo.base}${path}`, { redirect: 'manual' });
      assert.equal(r.status, 302, path);
      assert.match(r.headers.get('location')!, /\/admin\/login$/);
      assert.doesNotMatch(await r.text(), /@sportello\.test/);
    }
  });

  it('a deactivated user’s session ends at once', async () => {
    const u = await bo.app.useCases.createStaffUser({ email: 'temp@sportello.test', name: 'Temp', password: STAFF_PASSWORD, role: 'support' }, { type: 'system', label: 'test' });
    const login = await fetch(`${bo.base}/admin/login`, { method: 'POST', body: new URLSearchParams({ email: 'temp@sportello.test', password: STAFF_PASSWORD }), redirect: 'manual' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    assert.equal((await fetch(`${bo.base}/admin/api/resources/orders/actions/list`, { headers: { cookie } })).status, 200);
    await bo.app.db.models.StaffUser.update({ active: false }, { where: { id: u.id } });
    const r = await fetch(`${bo.base}/admin/api/resources/orders/actions/list`, { headers: { cookie }, redirect: 'manual' });
    assert.equal(r.status, 401);
    assert.equal((await r.json()).code, 'session_ended');
    assert.equal((await fetch(`${bo.base}/admin/api/resources/orders/actions/list`, { headers: { cookie }, redirect: 'manual' })).status, 302, 'the session is gone');
  });

  it('pages and API answers: helmet headers, a CSP naming the page’s own inline scripts, no-store; assets cacheable', async () => {
    const page = await fetch(`${bo.base}/admin/login`);
    const csp = page.headers.get('content-security-policy')!;
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self' 'sha256-[^']+' 'sha256-[^']+' 'sha256-[^']+'/);
    assert.doesNotMatch(csp, /unsafe-eval|script-src[^;]*unsafe-inline/);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(page.headers.get('x-frame-options'), 'SAMEORIGIN');
    assert.doesNotMatch(await page.text(), /fonts\.googleapis\.com/);
    const api = await fetch(`${bo.base}/admin/api/resources/orders/actions/list`, { headers: { cookie: support } });
    assert.equal(api.headers.get('cache-control'), 'no-store');
    assert.match(api.headers.get('content-security-policy')!, /default-src 'self'/);
    const asset = await fetch(`${bo.base}/admin/frontend/assets/app.bundle.js`);
    assert.equal(asset.status, 200);
    assert.notEqual(asset.headers.get('cache-control'), 'no-store');
  });
});

describe('back-office login: progressive delays per account and per address, never a lock', function () {
  this.timeout(120_000);
  let bo: BackOffice;
  let offsetMs = 0;
  const later = (s: number) => (offsetMs += s * 1000);
  before(async () => {
    bo = await startBackOffice({ overrides: { clock: { now: () => new Date(Date.now() + offsetMs) } } });
  });
  after(() => bo?.close());

  const login = (email: string, password: string, ip = '10.0.0.1') =>
    fetch(`${bo.base}/admin/login`, { method: 'POST', headers: { 'x-forwarded-for': ip }, body: new URLSearchParams({ email, password }), redirect: 'manual' });

  it('after 5 failures an account waits 1, 2, 4… seconds; waiting attempts are not counted; the right password then gets in', async () => {
    const email = 'accounting@sportello.test';
    for (let i = 0; i < 5; i++) assert.equal((await login(email, 'sbagliata')).status, 401);
    let r = await login(email, STAFF_PASSWORD);
    assert.equal(r.status, 429, 'even the right password waits');
    assert.equal(r.headers.get('retry-after'), '1');
    assert.match(await r.text(), /Troppi tentativi, riprova tra 1 secondo/);
    later(1);
    assert.equal((await login(email, 'sbagliata')).status, 401);
    for (let i = 0; i < 3; i++) {
      r = await login(email, 'sbagliata');
      assert.equal(r.status, 429);
      assert.equal(r.headers.get('retry-after'), '2', 'waiting attempts do not raise the delay');
    }
    assert.equal(await bo.app.db.models.StaffLoginAttempt.count({ where: { email } }), 6, 'refused attempts are not verified nor counted');
    later(2);
    assert.equal((await login(email, STAFF_PASSWORD)).status, 302);
    assert.equal((await login(email, 'sbagliata')).status, 401, 'a success starts the count again');
  });

  it('the delay has a ceiling: after many failures the owner waits at most 15 minutes', async () => {
    const email = 'admin@sportello.test';
    // An attacker who waits each delay out, from a new address each time, up to 25 failures.
    for (let failures = 0, i = 0; failures < 25; i++) {
      const r = await login(email, 'sbagliata', `10.1.0.${i}`);
      if (r.status === 429) later(Number(r.headers.get('retry-after')));
      else (assert.equal(r.status, 401), failures++);
    }
    const r = await login(email, STAFF_PASSWORD, '10.2.0.1');
    assert.equal(r.status, 429);
    const wait = Number(r.headers.get('retry-after'));
    assert.ok(wait > 15 * 60 - 10 && wait <= 15 * 60, `the ceiling, got ${wait}`);
    later(15 * 60);
    assert.equal((await login(email, STAFF_PASSWORD, '10.2.0.1')).status, 302);
  });

  it('one address trying many accounts is slowed down; the same account from another address is not', async () => {
    for (let i = 0; i < 20; i++) assert.equal((await login(`nessuno${i}@sportello.test`, 'x', '10.9.9.9')).status, 401);
    const r = await login('support@sportello.test', STAFF_PASSWORD, '10.9.9.9');
    assert.equal(r.status, 429);
    assert.equal((await login('support@sportello.test', STAFF_PASSWORD, '10.8.8.8')).status, 302);
  });
});
