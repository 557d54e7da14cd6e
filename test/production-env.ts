/**
 * A complete production configuration for tests that start Sportello with NODE_ENV=production:
 * every key `loadConfig` demands there, with values that pass its checks (no demo value, https base,
 * long secrets). Services point at 127.0.0.1 so nothing leaves the machine; pass overrides for the
 * ports a test really serves.
 */
export function productionEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    PUBLIC_BASE_URL: 'https://sportello.rivenditore-prova.it',
    APP_SECRET: 'test-app-secret-0123456789abcdefghijklmnop',
    SESSION_SECRET: 'test-session-secret-0123456789abcdefghijkl',
    PAYMENT_METHODS: 'card,bank_transfer',
    STRIPE_SECRET_KEY: 'sk_live_test_suite_only_0123456789',
    STRIPE_WEBHOOK_SECRET: 'whsec_test_suite_only_0123456789abcdef',
    STRIPE_API_HOST: '127.0.0.1',
    STRIPE_API_PORT: '9',
    STRIPE_API_PROTOCOL: 'http',
    BANK_BENEFICIARY: 'Rivenditore Prova S.r.l.',
    BANK_IBAN: 'IT69Z0306909606100000012345',
    BANK_BIC: 'BCITITMM',
    VENDOR_NAME: 'Rivenditore Prova S.r.l.',
    VENDOR_ADDRESS: 'Corso Italia 10, 10121 Torino (TO)',
    VENDOR_VAT: 'IT12345670124',
    VENDOR_TAX_CODE: '12345670124',
    VENDOR_STREET: 'Corso Italia 10',
    VENDOR_CAP: '10121',
    VENDOR_CITY: 'Torino',
    VENDOR_PROVINCE: 'TO',
    SUPPORT_EMAIL: 'assistenza@rivenditore-prova.it',
    PRIVACY_POLICY_URL: 'https://www.rivenditore-prova.it/privacy',
    MAIL_FROM: 'Rivenditore Prova <noreply@rivenditore-prova.it>',
    SMTP_URL: 'smtp://127.0.0.1:9',
    PROVISIONER_URL: 'http://127.0.0.1:9/provision',
    DATABASE_URL: 'sqlite:./data/never-used-by-tests.sqlite',
    ...overrides,
  };
}
