/**
 * Operator commands: `npm run cli -- <command>`.
 *   migrate [up|down|status]
 *   staff:create --email E --name N --role admin|accounting|support [--password P]
 *   partner:create --name N --vat PIVA --email E [--kind service_centre|accountant]
 *   link-code --partner ID [--role owner|operator]
 */
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { loadConfigFromEnvironment } from './core/env.js';
import { createApp } from './core/app.js';
import { systemActor } from './core/shared/actor.js';
import { isDomainError } from './core/errors.js';

const [command, ...rest] = process.argv.slice(2);
const { values, positionals } = parseArgs({
  args: rest,
  allowPositionals: true,
  options: {
    email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' },
    vat: { type: 'string' }, kind: { type: 'string' }, partner: { type: 'string' },
  },
});

const config = loadConfigFromEnvironment();
const app = await createApp({ ...config, LOG_LEVEL: 'warn' });
const actor = systemActor('cli');
try {
  switch (command) {
    case 'migrate': {
      const sub = positionals[0] ?? 'up';
      if (sub === 'up') console.log('applied:', (await app.migrator.up()).map((m) => m.name));
      else if (sub === 'down') console.log('reverted:', (await app.migrator.down()).map((m) => m.name));
      else if (sub === 'status') {
        console.log('executed:', (await app.migrator.executed()).map((m) => m.name));
        console.log('pending:', (await app.migrator.pending()).map((m) => m.name));
      } else throw new Error('migrate up|down|status');
      break;
    }
    case 'staff:create': {
      await app.migrate();
      const password = values.password ?? randomBytes(12).toString('base64url');
      const user = await app.useCases.createStaffUser({ email: values.email ?? '', name: values.name ?? values.email ?? '', role: (values.role ?? 'support') as any, password }, actor);
      console.log(`staff user ${user.email} (${user.role}) created${values.password ? '' : `; password: ${password}`}`);
      break;
    }
    case 'partner:create': {
      await app.migrate();
      const p = await app.useCases.createPartner({ kind: (values.kind ?? 'service_centre') as any, legalName: values.name ?? '', vatNumber: values.vat ?? '', billingEmail: values.email ?? '' }, actor);
      console.log(`partner #${p.id} ${p.legalName} created`);
      break;
    }
    case 'link-code': {
      await app.migrate();
      const r = await app.useCases.issueLinkCode({ partnerId: Number(values.partner), role: (values.role ?? 'operator') as any }, actor);
      console.log(`link code ${r.code} (valid until ${r.expiresAt.toISOString()})\n${r.deepLink}`);
      break;
    }
    default:
      console.error('commands: migrate [up|down|status], staff:create, partner:create, link-code (see cli.ts)');
      process.exitCode = 2;
  }
} catch (e) {
  if (isDomainError(e)) {
    console.error(`${e.message}${Object.keys(e.details).length ? ` ${JSON.stringify(e.details)}` : ''}`);
    process.exitCode = 1;
  } else throw e;
} finally {
  await app.close();
}
