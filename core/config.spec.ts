import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('runs on embedded defaults with nothing set', () => {
    const c = loadConfig({});
    assert.equal(c.databaseUrl, 'sqlite:./data/sportello.sqlite');
    assert.equal(c.outboxDir, './data/outbox');
    assert.equal(c.paymentsMode, 'sandbox');
    assert.equal(c.botEnabled, false);
    assert.equal(c.PORT, 3000);
  });

  it('names every missing secret in production, and uses no default secret there', () => {
    try {
      loadConfig({ NODE_ENV: 'production', STRIPE_SECRET_KEY: 'sk_live_x' });
      assert.fail('should have thrown');
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      const text = e.problems.join('\n');
      for (const key of ['APP_SECRET', 'SESSION_SECRET', 'DATABASE_URL', 'STRIPE_WEBHOOK_SECRET']) assert.match(text, new RegExp(key));
    }
    const ok = loadConfig({ NODE_ENV: 'production', APP_SECRET: 'a'.repeat(40), SESSION_SECRET: 'b'.repeat(40), DATABASE_URL: 'mysql://u@h/db', SANDBOX_WEBHOOK_SECRET: 'whsec_x' });
    assert.equal(ok.appSecret, 'a'.repeat(40));
  });

  it('lists every bad key at once', () => {
    assert.throws(() => loadConfig({ PORT: 'abc', PUBLIC_BASE_URL: 'not a url' }), (e: unknown) => e instanceof ConfigError && e.problems.length === 2);
  });

  it('treats empty strings as unset (a .env with KEY=)', () => {
    assert.equal(loadConfig({ STRIPE_SECRET_KEY: '' }).paymentsMode, 'sandbox');
  });
});

describe('.env.example', () => {
  it('documents every setting the schema reads', async () => {
    const { readFileSync } = await import('node:fs');
    const schemaKeys = [...readFileSync(new URL('./config.ts', import.meta.url), 'utf8').matchAll(/^ {2}([A-Z_]+):/gm)].map((m) => m[1]!);
    const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    assert.ok(schemaKeys.length > 30);
    assert.deepEqual(schemaKeys.filter((k) => !new RegExp(`^${k}=`, 'm').test(example)), []);
  });
  it('parses as a valid development configuration', async () => {
    const dotenv = (await import('dotenv')).default;
    const { readFileSync } = await import('node:fs');
    const parsed = dotenv.parse(readFileSync(new URL('../.env.example', import.meta.url)));
    const c = loadConfig(parsed);
    assert.equal(c.paymentsMode, 'sandbox');
    assert.equal(c.BANK_BENEFICIARY, 'KeyContabilità S.r.l.');
  });
});
