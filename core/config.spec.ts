import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.js';
import { productionEnv } from '../test/production-env.js';

describe('configuration', () => {
  it('runs on embedded defaults with nothing set', () => {
    const c = loadConfig({});
    assert.equal(c.databaseUrl, 'sqlite:./data/sportello.sqlite');
    assert.equal(c.outboxDir, './data/outbox');
    assert.equal(c.paymentsMode, 'sandbox');
    assert.equal(c.botEnabled, false);
    assert.equal(c.PORT, 3000);
    assert.equal(c.privacyPolicyUrl, 'http://localhost:3000/privacy');
    assert.equal(c.privacyPolicyIsPlaceholder, true);
    assert.equal(c.RETENTION_INVITATION_DAYS, 90);
  });

  it('outside production, PAYMENT_METHODS=bank_transfer turns card payment off (no sandbox either)', () => {
    const c = loadConfig({ PAYMENT_METHODS: 'bank_transfer' });
    assert.deepEqual(c.paymentMethods, ['bank_transfer']);
    assert.equal(c.paymentsMode, 'off');
    assert.throws(() => loadConfig({ PAYMENT_METHODS: 'card,cash' }), (e: unknown) => e instanceof ConfigError && /^PAYMENT_METHODS: /.test(e.problems[0]!));
  });

  it('lists every bad key at once', () => {
    assert.throws(() => loadConfig({ PORT: 'abc', PUBLIC_BASE_URL: 'not a url' }), (e: unknown) => e instanceof ConfigError && e.problems.length === 2);
  });

  it('treats empty strings as unset (a .env with KEY=)', () => {
    assert.equal(loadConfig({ STRIPE_SECRET_KEY: '' }).paymentsMode, 'sandbox');
  });
});

describe('configuration in production', () => {
  const problemsOf = (env: Record<string, string | undefined>) => {
    try {
      loadConfig(env);
    } catch (e) {
      assert.ok(e instanceof ConfigError, String(e));
      return e.problems;
    }
    return [];
  };
  /** The one line about `key`, which must exist and say `why`. */
  const refusal = (env: Record<string, string | undefined>, key: string, why: RegExp) => {
    const problems = problemsOf(env);
    const line = problems.find((p) => p.startsWith(`${key}: `));
    assert.ok(line, `no problem named ${key} in:\n${problems.join('\n')}`);
    assert.match(line, why);
    return problems;
  };

  it('passes a complete configuration: Stripe for cards, no default secret, no sandbox', () => {
    const c = loadConfig(productionEnv());
    assert.equal(c.isProduction, true);
    assert.equal(c.paymentsMode, 'stripe');
    assert.deepEqual(c.paymentMethods, ['card', 'bank_transfer']);
    assert.equal(c.appSecret, productionEnv().APP_SECRET);
    assert.equal(c.VENDOR_TAX_CODE, '12345670124');
  });

  it('passes a bank-transfer-only vendor without any Stripe key; card payment is then off', () => {
    const env = productionEnv({ PAYMENT_METHODS: 'bank_transfer' });
    delete env.STRIPE_SECRET_KEY;
    delete env.STRIPE_WEBHOOK_SECRET;
    const c = loadConfig(env);
    assert.equal(c.paymentsMode, 'off');
    assert.deepEqual(c.paymentMethods, ['bank_transfer']);
  });

  it('invoices: the seller’s sede legale in parts; an HTTP intermediary needs its https URL, key and a long webhook secret', () => {
    const env = productionEnv({ INVOICE_TRANSMITTER: 'http', SDI_INTERMEDIARY_URL: 'http://sdi.example.it', SDI_WEBHOOK_SECRET: 'short' });
    delete env.VENDOR_STREET;
    const keys = problemsOf(env).map((p) => p.slice(0, p.indexOf(':')));
    assert.deepEqual(new Set(keys), new Set(['VENDOR_STREET', 'SDI_INTERMEDIARY_URL', 'SDI_INTERMEDIARY_API_KEY', 'SDI_WEBHOOK_SECRET']));
    const ok = loadConfig(productionEnv({ INVOICE_TRANSMITTER: 'http', SDI_INTERMEDIARY_URL: 'https://sdi.example.it', SDI_INTERMEDIARY_API_KEY: 'k', SDI_WEBHOOK_SECRET: 'x'.repeat(40) }));
    assert.equal(ok.sdiWebhookSecret, 'x'.repeat(40));
  });

  it('with nothing set, lists every problem at once in one message', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    const keys = problems.map((p) => p.slice(0, p.indexOf(':')));
    assert.deepEqual(new Set(keys), new Set([
      'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'BANK_IBAN', 'BANK_BENEFICIARY', 'BANK_BIC', 'VENDOR_NAME', 'VENDOR_VAT',
      'VENDOR_TAX_CODE', 'VENDOR_ADDRESS', 'VENDOR_STREET', 'VENDOR_CAP', 'VENDOR_CITY', 'VENDOR_PROVINCE', 'SUPPORT_EMAIL', 'MAIL_FROM', 'PUBLIC_BASE_URL', 'APP_SECRET', 'SESSION_SECRET',
      'DATABASE_URL', 'SMTP_URL', 'PROVISIONER_URL', 'PRIVACY_POLICY_URL',
    ]));
    for (const p of problems) assert.match(p, /^[A-Z_]+: obbligatorio in produzione \(.+\) — required in production$/);
    assert.match(new ConfigError(problems, { production: true }).message, /^Configurazione di produzione incompleta: .*22 punti[\s\S]*\n {2}- BANK_IBAN: /);
  });

  it('refuses card payment without a live Stripe key: it would be the sandbox', () => {
    refusal(productionEnv({ STRIPE_SECRET_KEY: '' }), 'STRIPE_SECRET_KEY', /sandbox.*PAYMENT_METHODS=bank_transfer/);
    refusal(productionEnv({ STRIPE_SECRET_KEY: 'sk_test_0123456789' }), 'STRIPE_SECRET_KEY', /chiave di test/);
    refusal(productionEnv({ STRIPE_WEBHOOK_SECRET: 'segreto' }), 'STRIPE_WEBHOOK_SECRET', /whsec_/);
    refusal(productionEnv({ PAYMENT_METHODS: 'card,assegno' }), 'PAYMENT_METHODS', /valori ammessi/);
  });

  it('refuses a missing, invalid or textbook BANK_IBAN, and demo bank details', () => {
    refusal(productionEnv({ BANK_IBAN: '' }), 'BANK_IBAN', /obbligatorio in produzione/);
    refusal(productionEnv({ BANK_IBAN: 'IT60 X054 2811 1010 0000 0123 456' }), 'BANK_IBAN', /IBAN di esempio/);
    refusal(productionEnv({ BANK_IBAN: 'IT61Z0306909606100000012345' }), 'BANK_IBAN', /cifre di controllo/);
    refusal(productionEnv({ BANK_BENEFICIARY: 'KeyContabilità S.r.l.' }), 'BANK_BENEFICIARY', /dimostrativo/);
    refusal(productionEnv({ BANK_BIC: 'BPMOIT22XXX' }), 'BANK_BIC', /dimostrativo/);
  });

  it('refuses a missing or demo vendor identity (name, VAT number, tax code, address, support email)', () => {
    refusal(productionEnv({ VENDOR_NAME: 'KeyContabilità S.r.l.' }), 'VENDOR_NAME', /dimostrativa/);
    refusal(productionEnv({ VENDOR_VAT: 'IT01234560157' }), 'VENDOR_VAT', /dimostrativa/);
    refusal(productionEnv({ VENDOR_VAT: '12345670125' }), 'VENDOR_VAT', /controllo/);
    refusal(productionEnv({ VENDOR_TAX_CODE: '' }), 'VENDOR_TAX_CODE', /obbligatorio/);
    refusal(productionEnv({ VENDOR_TAX_CODE: '01234560157' }), 'VENDOR_TAX_CODE', /dimostrativo/);
    refusal(productionEnv({ VENDOR_ADDRESS: 'Via dell’Esempio 1, 20100 Milano (MI)' }), 'VENDOR_ADDRESS', /dimostrativo/);
    refusal(productionEnv({ SUPPORT_EMAIL: 'supporto@sportello.localhost' }), 'SUPPORT_EMAIL', /dimostrativo/);
    refusal(productionEnv({ MAIL_FROM: 'Shop <noreply@example.com>' }), 'MAIL_FROM', /dominio che non riceve posta/);
  });

  it('requires the vendor’s own https:// privacy policy (the demo page is a placeholder)', () => {
    refusal(productionEnv({ PRIVACY_POLICY_URL: '' }), 'PRIVACY_POLICY_URL', /segnaposto/);
    refusal(productionEnv({ PRIVACY_POLICY_URL: 'http://www.rivenditore-prova.it/privacy' }), 'PRIVACY_POLICY_URL', /https:\/\//);
    const c = loadConfig(productionEnv());
    assert.equal(c.privacyPolicyUrl, 'https://www.rivenditore-prova.it/privacy');
    assert.equal(c.privacyPolicyIsPlaceholder, false);
  });

  it('refuses a PUBLIC_BASE_URL that is missing, not https:// or not public', () => {
    refusal(productionEnv({ PUBLIC_BASE_URL: '' }), 'PUBLIC_BASE_URL', /http:\/\/localhost/);
    refusal(productionEnv({ PUBLIC_BASE_URL: 'http://sportello.rivenditore-prova.it' }), 'PUBLIC_BASE_URL', /https:\/\//);
    refusal(productionEnv({ PUBLIC_BASE_URL: 'https://localhost:3000' }), 'PUBLIC_BASE_URL', /non è un indirizzo pubblico/);
  });

  it('refuses missing, short or reused secrets and a short Telegram webhook secret', () => {
    refusal(productionEnv({ APP_SECRET: '' }), 'APP_SECRET', /obbligatorio/);
    refusal(productionEnv({ SESSION_SECRET: 'x'.repeat(31) }), 'SESSION_SECRET', /almeno 32 caratteri.*ne ha 31/);
    refusal(productionEnv({ SESSION_SECRET: productionEnv().APP_SECRET! }), 'SESSION_SECRET', /diverso da APP_SECRET/);
    const bot = { TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_BOT_USERNAME: 'RivenditoreBot', TELEGRAM_USE_WEBHOOK: 'true' };
    refusal(productionEnv(bot), 'TELEGRAM_WEBHOOK_SECRET', /obbligatorio/);
    refusal(productionEnv({ ...bot, TELEGRAM_WEBHOOK_SECRET: 'corto' }), 'TELEGRAM_WEBHOOK_SECRET', /almeno 32/);
    refusal(productionEnv({ ...bot, TELEGRAM_BOT_USERNAME: '' }), 'TELEGRAM_BOT_USERNAME', /bot dimostrativo/);
    assert.deepEqual(problemsOf(productionEnv({ ...bot, TELEGRAM_WEBHOOK_SECRET: 'w'.repeat(40) })), []);
  });

  it('refuses the embedded stand-ins for email and provisioning', () => {
    refusal(productionEnv({ SMTP_URL: '' }), 'SMTP_URL', /non arrivano a nessuno/);
    refusal(productionEnv({ PROVISIONER_URL: '' }), 'PROVISIONER_URL', /simulatore/);
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
  it('marks every key that production demands, and run as production it lists them all', async () => {
    const dotenv = (await import('dotenv')).default;
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    let problems: string[] = [];
    try {
      loadConfig({ ...dotenv.parse(text), NODE_ENV: 'production' });
    } catch (e) {
      problems = (e as ConfigError).problems;
    }
    assert.ok(problems.length >= 17);
    for (const key of new Set(problems.map((p) => p.slice(0, p.indexOf(':'))))) {
      assert.match(text, new RegExp(`^${key}=.*\\(produzione: obbligatorio`, 'm'), key);
    }
  });
});
