/**
 * Production mode, as an operator meets it: the real entry points spawned (`main.ts`, `cli.ts`) with
 * NODE_ENV=production. An incomplete configuration stops the start naming every key; config:check
 * gives the same verdict without starting anything; the first run (staff:create with the password on
 * standard input, catalogue:import, start) creates nothing demo-like and never shows the password.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../core/config.js';
import { createApp } from '../../core/app.js';
import { createLogger } from '../../core/logger.js';
import { verifyPassword } from '../../core/staff/create-staff-user.js';
import { freshDatabaseUrl } from '../test-app.js';
import { productionEnv } from '../production-env.js';
import { browserLike, startCheckoutServer } from '../../web/checkout/checkout-server.test-helper.js';
import { createPartnerWithUser, productBySku, staffActor } from '../fixtures.js';
import { isDomainError } from '../../core/errors.js';

interface Run { code: number | null; out: string }

/** Runs an entry point to its end (or until `until` matches its output, then stops it with SIGTERM). */
function run(args: string[], env: Record<string, string>, opts: { stdin?: string; until?: RegExp } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { PATH: process.env.PATH!, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    const take = (d: Buffer) => {
      out += d;
      if (opts.until?.test(out)) child.kill('SIGTERM');
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
    child.stdin.end(opts.stdin ?? '');
  });
}

describe('production mode (spawned entry points)', function () {
  this.timeout(120_000);
  let dataDir: string;
  let db: ReturnType<typeof freshDatabaseUrl>;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sportello-prod-'));
    db = freshDatabaseUrl();
  });
  after(async () => {
    await db.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a start with an incomplete configuration exits non-zero naming the payment, bank and base-URL keys, before touching anything', async () => {
    const r = await run(['main.ts'], { NODE_ENV: 'production', DATA_DIR: dataDir, APP_SECRET: 'a'.repeat(40) });
    assert.equal(r.code, 78, r.out);
    assert.match(r.out, /Configurazione di produzione incompleta/);
    for (const key of ['STRIPE_SECRET_KEY', 'BANK_IBAN', 'PUBLIC_BASE_URL', 'SESSION_SECRET', 'VENDOR_TAX_CODE']) assert.match(r.out, new RegExp(`\\n  - ${key}: `), key);
    assert.doesNotMatch(r.out, /\n {2}- APP_SECRET: /, 'a good key is not listed');
    assert.deepEqual(readdirSync(dataDir), [], 'no database, no outbox');
  });

  it('config:check gives the same verdict without starting anything: 78 with the list, 0 when complete', async () => {
    const bad = await run(['cli.ts', 'config:check'], productionEnv({ DATA_DIR: dataDir, DATABASE_URL: db.url, BANK_IBAN: 'IT60X0542811101000000123456', PUBLIC_BASE_URL: 'http://localhost:3000' }));
    assert.equal(bad.code, 78, bad.out);
    assert.match(bad.out, /- BANK_IBAN: è l’IBAN di esempio/);
    assert.match(bad.out, /- PUBLIC_BASE_URL: deve iniziare con https:\/\//);
    assert.equal(bad.out.match(/\n {2}- /g)?.length, 2, bad.out);

    const good = await run(['cli.ts', 'config:check'], productionEnv({ DATA_DIR: dataDir, DATABASE_URL: db.url }));
    assert.equal(good.code, 0, good.out);
    assert.match(good.out, /configurazione completa per la produzione/);
    assert.ok(!db.url.startsWith('sqlite:') || !existsSync(db.url.slice('sqlite:'.length)), 'config:check opened no database');
  });

  it('first run: staff:create reads the password from standard input and never shows it; the price list is imported; the start seeds nothing', async () => {
    const env = productionEnv({ DATA_DIR: dataDir, DATABASE_URL: db.url, LOG_LEVEL: 'info' });
    const password = 'Prima-Password-Amministratore-7';
    const flag = await run(['cli.ts', 'staff:create', '--email', 'admin@rivenditore-prova.it', '--role', 'admin', '--password', password], env);
    assert.equal(flag.code, 2, flag.out);
    assert.match(flag.out, /--password non è accettata/);

    const created = await run(['cli.ts', 'staff:create', '--email', 'admin@rivenditore-prova.it', '--role', 'admin'], env, { stdin: `${password}\n` });
    assert.equal(created.code, 0, created.out);
    assert.match(created.out, /utente admin@rivenditore-prova\.it \(admin\) creato/);

    const imported = await run(['cli.ts', 'catalogue:import', 'examples/price-list.example.csv'], env);
    assert.equal(imported.code, 0, imported.out);
    assert.match(imported.out, /listino importato: 20 nuovi, 0 aggiornati, 0 invariati/);

    // The worker role alone: the same migrate-and-seed path as a full start, without serving the back-office bundle.
    const start = await run(['main.ts', '--role', 'worker'], env, { until: /worker started/ });
    assert.match(start.out, /worker started/, start.out);
    assert.doesNotMatch(start.out, /demo data|link code|Catalogo vuoto|Nessun utente/, start.out);
    for (const r of [flag, created, imported, start]) assert.ok(!r.out.includes(password), 'the password never appears');

    const app = await createApp(loadConfig(env), { log: createLogger('silent') });
    try {
      const m = app.db.models;
      const staff = await m.StaffUser.findAll();
      assert.deepEqual(staff.map((s) => [s.email, s.role]), [['admin@rivenditore-prova.it', 'admin']]);
      assert.equal(await verifyPassword(staff[0]!.passwordHash, password), true);
      assert.equal(await m.Partner.count(), 0, 'no demo partner');
      assert.equal(await m.LinkCode.count(), 0, 'no link code');
      assert.equal(await m.Product.count(), 20, 'the imported price list, nothing else');
      const audits = await m.AuditLog.findAll({ where: { action: ['staff_user.created', 'product.created'] } });
      assert.equal(audits.filter((a) => a.action === 'product.created').length, 20);
      assert.ok(audits.every((a) => a.actorLabel.startsWith('cli')), 'audited as the operator at the command line');
      assert.ok(!JSON.stringify(audits.map((a) => a.after)).includes(password));
    } finally {
      await app.close();
    }
  });
});

describe('a vendor taking bank transfers only (PAYMENT_METHODS=bank_transfer)', () => {
  it('offers no card payment on the checkout page, and no card order is accepted', async () => {
    const s = await startCheckoutServer({ env: { PAYMENT_METHODS: 'bank_transfer' } });
    try {
      assert.equal(s.app.config.paymentsMode, 'off');
      const inv = await s.invite();
      const { res, text } = await browserLike(s.base)(inv.path);
      assert.equal(res.status, 200);
      const offered = [...text.matchAll(/name="paymentMethod" value="([a-z_]+)"/g)].map((m) => m[1]);
      assert.deepEqual(offered, ['bank_transfer']);

      const { partner } = await createPartnerWithUser(s.app);
      const product = await productBySku(s.app, 'coupon-lite-1');
      for (const paymentMethod of ['stripe', 'sandbox'] as const) {
        await assert.rejects(
          s.app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: product.id, quantity: 1 }], paymentMethod }, staffActor),
          (e: unknown) => isDomainError(e) && e.code === 'validation' && e.message === 'Il pagamento con carta non è disponibile',
        );
      }
      const order = await s.app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: product.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, staffActor);
      assert.equal(order.paymentMethod, 'bank_transfer');
    } finally {
      await s.close();
    }
  });
});
