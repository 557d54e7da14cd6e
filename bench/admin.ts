/**
 * `npm run bench -- admin`: the back-office orders list API (/admin/api/resources/orders/actions/list,
 * the request the AdminJS list page makes, logged in, through the session store and the role guard)
 * with 100,000 orders on MariaDB (DATABASE_URL, else mysql://root@127.0.0.1:3306/sportello): p50/p99 of
 * the first page, the first page filtered by status, and a deep page; the same on SQLite as the baseline.
 */
import { report } from './report.js';
import { startBackOffice, type BackOffice } from '../test/back-office.js';
import { createPartnerWithUser, productBySku } from '../test/fixtures.js';

const ORDERS = 100_000;
const RUNS = 200;

async function fill(bo: BackOffice) {
  const { partner } = await createPartnerWithUser(bo.app, 'Studio Bench');
  const product = await productBySku(bo.app, 'coupon-lite-5');
  const statuses = ['pending_payment', 'fulfilled', 'fulfilled', 'cancelled', 'expired'];
  const now = Date.now();
  for (let i = 0; i < ORDERS; i += 2000) {
    const rows = Array.from({ length: Math.min(2000, ORDERS - i) }, (_, k) => {
      const n = i + k;
      const at = new Date(now - (ORDERS - n) * 60_000);
      return {
        number: `B${String(n).padStart(9, '0')}`, paymentReference: `SPB${String(n).padStart(7, '0')}`, buyerType: 'partner' as const, partnerId: partner.id,
        companyId: null, invitationId: null, buyerName: `Cliente ${n % 977}`, buyerEmail: null, companyData: null, language: 'it' as const,
        status: statuses[n % statuses.length] as any, paymentMethod: 'bank_transfer' as const, netCents: product.netCents, vatCents: 0, grossCents: product.netCents,
        stripeSessionId: null, stripePaymentIntentId: null, flag: null, paidAt: null, fulfilledAt: null, closedAt: null,
        expiresAt: new Date(at.getTime() + 30 * 86_400_000), reminderSentAt: null, createdByPartnerUserId: null, createdAt: at, updatedAt: at,
      };
    });
    await bo.app.db.models.Order.bulkCreate(rows, { validate: false, hooks: false });
  }
}

async function timeList(bo: BackOffice, cookie: string, query: string) {
  const url = `${bo.base}/admin/api/resources/orders/actions/list${query}`;
  for (let i = 0; i < 10; i++) await (await fetch(url, { headers: { cookie } })).arrayBuffer(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = await fetch(url, { headers: { cookie } });
    const body = (await r.json()) as { records: unknown[]; meta: { total: number } };
    ms.push(performance.now() - t0);
    if (r.status !== 200 || !body.records.length) throw new Error(`list failed: ${r.status}`);
  }
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(RUNS * 0.5)], p99: ms[Math.floor(RUNS * 0.99)] };
}

/** Baselines in the same run: the same first page straight from the database, and a bare HTTP round trip. */
async function timeBaselines(bo: BackOffice) {
  const pct = (ms: number[]) => (ms.sort((a, b) => a - b), { p50: ms[Math.floor(RUNS * 0.5)]!, p99: ms[Math.floor(RUNS * 0.99)]! });
  const query: number[] = [];
  const http: number[] = [];
  for (let i = 0; i < RUNS + 10; i++) {
    let t0 = performance.now();
    await bo.app.db.models.Order.findAndCountAll({ order: [['id', 'DESC']], limit: 10, offset: 0 });
    if (i >= 10) query.push(performance.now() - t0);
    t0 = performance.now();
    await (await fetch(`${bo.base}/healthz`)).arrayBuffer();
    if (i >= 10) http.push(performance.now() - t0);
  }
  return { query: pct(query), http: pct(http) };
}

async function measure(label: string, url: string | undefined) {
  const saved = process.env.DATABASE_URL;
  if (url) process.env.DATABASE_URL = url;
  else delete process.env.DATABASE_URL;
  const bo = await startBackOffice();
  try {
    const t0 = performance.now();
    await fill(bo);
    report(`admin.${label}fill_100k_s`, (performance.now() - t0) / 1000, 's');
    const cookie = await bo.login('support');
    const first = await timeList(bo, cookie, '');
    const filtered = await timeList(bo, cookie, '?filters.status=pending_payment');
    const deep = await timeList(bo, cookie, '?page=5000');
    report(`admin.${label}list_p50_ms`, first.p50, 'ms');
    report(`admin.${label}list_p99_ms`, first.p99, 'ms');
    report(`admin.${label}list_filtered_p50_ms`, filtered.p50, 'ms');
    report(`admin.${label}list_filtered_p99_ms`, filtered.p99, 'ms');
    report(`admin.${label}list_page5000_p50_ms`, deep.p50, 'ms');
    const base = await timeBaselines(bo);
    report(`admin.${label}baseline_query_p50_ms`, base.query.p50, 'ms');
    report(`admin.${label}baseline_http_p50_ms`, base.http.p50, 'ms');
    report(`admin.${label}list_vs_query_p50`, first.p50 / base.query.p50, 'x');
  } finally {
    await bo.close();
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
}

export async function run() {
  const mysql = /^(mysql|mariadb):/.test(process.env.DATABASE_URL ?? '') ? process.env.DATABASE_URL! : 'mysql://root@127.0.0.1:3306/sportello';
  await measure('', mysql);
  await measure('sqlite.', undefined);
}
