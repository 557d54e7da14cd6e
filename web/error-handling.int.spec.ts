/**
 * Issue 11, points 3 and 4 on the web side: the whole server as main.ts builds it (payments, checkout,
 * back-office mounts, then the app's 404 and error handler) on real HTTP. Undecodable paths, oversized,
 * aborted and truncated bodies, forms with too many fields, unknown paths and a failing route each get
 * their 4xx/5xx — a page in Italian with a request id for browsers, `{ error, code, requestId }` for
 * programs — never a stack, a path or a library's name; the failure is logged once with the same id;
 * and the server answers /healthz afterwards.
 */
import assert from 'node:assert/strict';
import { request, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { systemActor } from '../core/shared/actor.js';
import { createWebApp } from './create-web-app.js';
import { mountPayments } from './payments/mount-payments.js';
import { mountCheckout } from './checkout/mount-checkout.js';
import { mountAdmin } from '../admin/mount-admin.js';

/** What a response must never contain: a stack frame, a server path, an error's or a library's name. */
function assertNoLeak(body: string) {
  assert.doesNotMatch(body, /^\s*at\s/m, 'stack frame');
  assert.doesNotMatch(body, /\bat \S+ \(|\.[cm]?[jt]s:\d+:\d+/, 'stack frame');
  for (const text of ['/work', 'node_modules', 'Error:', 'URIError']) assert.ok(!body.includes(text), `the answer mentions ${text}`);
  for (const name of ['express', 'body-parser', 'raw-body', 'sequelize', 'adminjs', 'formidable']) assert.ok(!body.toLowerCase().includes(name), `the answer names ${name}`);
}

/** One raw HTTP exchange: headers and `body` are written as given, then the socket is ended or destroyed. */
function raw(port: number, head: string, body: Buffer, then: 'wait' | 'end' | 'destroy'): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => {
      answer += d.toString('latin1');
      // A whole answer (headers and the body its length announces) is enough: stop sending.
      const end = answer.indexOf('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(answer)?.[1] ?? NaN);
      if (end >= 0 && Buffer.byteLength(answer.slice(end + 4), 'latin1') >= length) socket.destroy();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(answer));
    socket.write(head.replace(/\n/g, '\r\n') + '\r\n\r\n');
    socket.write(body);
    if (then === 'end') socket.end();
    if (then === 'destroy') setImmediate(() => socket.destroy());
  });
}

const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
const bodyOf = (answer: string) => answer.slice(answer.indexOf('\r\n\r\n') + 4);

describe('one error handler, body limits and security headers on the whole server', function () {
  this.timeout(60_000);
  let app: TestApp;
  let server: Server;
  let base: string;
  let port: number;
  const lines: Record<string, any>[] = [];

  before(async () => {
    const log = pino({ level: 'debug' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
    app = await createTestApp({ overrides: { log } });
    const web = await createWebApp(app, {
      isReady: () => true,
      mounts: [
        mountPayments,
        mountCheckout,
        mountAdmin,
        // A route that fails the way a bug does, with a message full of what must not leak.
        (s) => {
          s.get('/test/bug', () => {
            throw new TypeError('Cannot read properties of undefined at /work/main/node_modules/express/lib/router.js:42:7');
          });
        },
      ],
    });
    server = await new Promise<Server>((resolve) => {
      const s = web.listen(0, '127.0.0.1', () => resolve(s));
    });
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await app?.dispose();
  });
  afterEach(async () => {
    const health = await fetch(`${base}/healthz`);
    assert.equal(health.status, 200, '/healthz still answers');
  });

  /** A browser's GET: the page, its status, its request id (header and page agree). */
  async function page(path: string, init: RequestInit = {}) {
    const res = await fetch(base + path, { ...init, headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', ...init.headers } });
    const text = await res.text();
    assertNoLeak(text);
    const id = res.headers.get('x-request-id');
    assert.match(id ?? '', /^[0-9A-Z]{8}$/);
    if (res.status >= 400) {
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(/data-testid="request-id">([^<]+)</.exec(text)?.[1], id, 'the page shows the request id');
      assert.match(text, path.includes('lang=en') ? /<html lang="en">/ : /<html lang="it">/);
    }
    return { res, text, id };
  }

  for (const path of ['/pay/%E0%A4%A', '/pay/%E0%A4%A/success', '/sandbox/checkout/%E0%A4%A', '/invito/%E0%A4%A', '/ordine/%E0%A4%A']) {
    it(`GET ${path}: 400, an Italian page, no stack`, async () => {
      const { res, text } = await page(path);
      assert.equal(res.status, 400);
      assert.match(text, /<h1>Richiesta non valida<\/h1>/);
    });
  }

  it('an unknown path: the Italian 404 page; asked for JSON, the JSON answer', async () => {
    const { res, text } = await page('/non/esiste');
    assert.equal(res.status, 404);
    assert.match(text, /Pagina non trovata/);
    assert.match(text, /Page not found/, 'English below');
    const json = await fetch(`${base}/non/esiste`, { headers: { accept: 'application/json' } });
    assert.equal(json.status, 404);
    const body = await json.json();
    assert.deepEqual(Object.keys(body).sort(), ['code', 'error', 'requestId']);
    assert.equal(body.code, 'not_found');
    assert.equal(body.requestId, json.headers.get('x-request-id'));
  });

  it('a failing route: 500 page with the request id; logged once at error with that id and the stack', async () => {
    const { res, text, id } = await page('/test/bug');
    assert.equal(res.status, 500);
    assert.match(text, /Si è verificato un errore/);
    const logged = lines.filter((l) => l.requestId === id);
    assert.equal(logged.length, 1);
    assert.equal(logged[0]!.level, 50);
    assert.equal(logged[0]!.status, 500);
    assert.match(logged[0]!.err.stack, /TypeError: Cannot read properties[\s\S]*\n\s+at /);
    const en = await page('/test/bug?lang=en');
    assert.match(en.text, /Something went wrong/);
  });

  it('a 2 MB POST to /webhooks/stripe: 413 JSON, before the body is read', async () => {
    const res = await fetch(`${base}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' }, body: Buffer.alloc(2 << 20, 0x20) });
    assert.equal(res.status, 413);
    const text = await res.text();
    assertNoLeak(text);
    const body = JSON.parse(text);
    assert.equal(body.code, 'payload_too_large');
    assert.equal(body.requestId, res.headers.get('x-request-id'));
    assert.match(body.error, /dimensione consentita/);
    // Only the headers and 1 KB of the announced 2 MB are sent: the answer comes anyway, so it was decided on the length.
    const answer = await raw(port, `POST /webhooks/stripe HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/json\nContent-Length: ${2 << 20}`, Buffer.alloc(1024, 0x20), 'wait');
    assert.equal(statusOf(answer), 413);
    assert.equal(JSON.parse(bodyOf(answer)).code, 'payload_too_large');
  });

  it('a chunked POST to /webhooks/stripe without a length: 413 once past the limit', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const more = () => {
        // At most 2 MB; the answer normally comes after 1 MB.
        while (sent < 2 << 20 && req.write(chunk)) sent += chunk.length;
        if (sent >= 2 << 20) req.end();
      };
      req.on('drain', () => {
        sent += chunk.length;
        more();
      });
      more();
    });
    assert.equal(status, 413);
  });

  it('aborted and truncated bodies: refused as 400, logged as such, the server stays up', async () => {
    const head = (len: number) => `POST /webhooks/stripe HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/json\nContent-Length: ${len}`;
    const before = lines.length;
    await raw(port, head(100_000), Buffer.from('{"id":"evt_'), 'destroy');
    const truncated = await raw(port, head(100_000), Buffer.from('{"id":"evt_'), 'end');
    // The client of a truncated body may still read the answer; whoever reads it finds a 400 or nothing at all.
    if (truncated) assert.equal(statusOf(truncated), 400);
    // Both are logged as refused requests (400 request_aborted), none as a failure.
    const seen = async () => lines.slice(before).filter((l) => l.msg === 'request refused' && l.code === 'request_aborted');
    while ((await seen()).length < 2) await new Promise((r) => setImmediate(r));
    assert.deepEqual((await seen()).map((l) => l.status), [400, 400]);
    assert.equal(lines.slice(before).filter((l) => l.level >= 50).length, 0);
  });

  it('the client form: 10,000 fields or 61 short ones get 413 pages; the form never reaches the page handler', async () => {
    const token = 'A'.repeat(43);
    const many = Array.from({ length: 10_000 }, (_, i) => `f${i}=1`).join('&');
    const big = await page(`/invito/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: many });
    assert.equal(big.res.status, 413);
    assert.match(big.text, /Richiesta troppo grande/);
    const fields = Array.from({ length: 61 }, (_, i) => `f${i}=1`).join('&');
    const tooMany = await page(`/invito/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields });
    assert.equal(tooMany.res.status, 413);
    const refused = lines.filter((l) => l.requestId === tooMany.id);
    assert.equal(refused[0]?.code, 'too_many_fields');
  });

  it('an error inside the back-office (list sorted by an unknown field) reaches the app handler: JSON, no stack, a 500 logged once', async () => {
    await app.useCases.createStaffUser({ email: 'admin@sportello.test', name: 'Admin', password: 'una-password-lunga-1', role: 'admin' }, systemActor('test'));
    const login = await fetch(`${base}/admin/login`, { method: 'POST', body: new URLSearchParams({ email: 'admin@sportello.test', password: 'una-password-lunga-1' }), redirect: 'manual' });
    assert.equal(login.status, 302);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const res = await fetch(`${base}/admin/api/resources/orders/actions/list?sortBy=foo`, { headers: { cookie } });
    const text = await res.text();
    assertNoLeak(text);
    // Today AdminJS fails on the unknown column (500); a back-office that validates the field first may say 400.
    assert.ok(res.status === 500 || res.status === 400, String(res.status));
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const body = JSON.parse(text);
    assert.equal(body.requestId, res.headers.get('x-request-id'));
    if (res.status === 500) {
      assert.equal(body.code, 'internal_error');
      const logged = lines.filter((l) => l.requestId === body.requestId && l.level >= 50);
      assert.equal(logged.length, 1);
      assert.match(logged[0]!.err.stack, /\n\s+at /);
    }
  });

  it('security headers from helmet on the web faces; the page’s inline style carries the policy’s nonce', async () => {
    for (const path of ['/pay/zz.notavalidtoken', '/non/esiste', '/healthz']) {
      const res = await fetch(base + path);
      const text = await res.text();
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'none'/, path);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('x-powered-by'), null);
      const nonce = /style-src 'nonce-([^']+)'/.exec(csp)?.[1];
      if (path !== '/healthz') {
        assert.ok(nonce && text.includes(`<style nonce="${nonce}">`), `${path}: style nonce`);
        assert.equal(res.headers.get('cache-control'), 'no-store');
      }
    }
  });
});
