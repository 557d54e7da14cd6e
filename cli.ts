/**
 * Operator commands: `npm run cli -- <command>`.
 *   config:check                      the configuration's verdict, as a start would give it; starts nothing
 *   migrate [up|down|status]
 *   staff:create --email E --role admin|accounting|support [--name N]
 *                                     the password is typed at a prompt (hidden) or read from standard
 *                                     input; never a command-line flag, never printed or logged
 *   catalogue:import FILE.csv|FILE.json   create/update products from a price list (examples/price-list.example.csv)
 *   partner:create --name N --vat PIVA --email E [--kind service_centre|accountant]
 *   link-code --partner ID [--role owner|operator]
 *   invoices:export --year YYYY --out DIR   a year's FatturaPA XML files (the same as the back-office's ZIP), one per document
 * Exit codes: 0 done, 1 refused by a rule (the message says why), 2 wrong usage, 78 configuration incomplete.
 */
import { parseArgs } from 'node:util';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extname, basename } from 'node:path';
import { userInfo } from 'node:os';
import { Writable } from 'node:stream';
import { createInterface } from 'node:readline/promises';
import { loadConfigFromEnvironment } from './core/env.js';
import { ConfigError, type AppConfig } from './core/config.js';
import { createApp } from './core/app.js';
import { systemActor } from './core/shared/actor.js';
import { isDomainError } from './core/errors.js';
import { readPriceListFile } from './core/catalogue/import-price-list.js';

/** Same minimum as the use case (core/staff/create-staff-user.ts): checked here before anything is hashed. */
const MIN_PASSWORD = 12;

class UsageError extends Error {}

const [command, ...rest] = process.argv.slice(2);

function options() {
  try {
    return parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' },
        // declared only to refuse it with a reason: a password on the command line stays in the shell history and `ps`
        password: { type: 'string' },
        vat: { type: 'string' }, kind: { type: 'string' }, partner: { type: 'string' },
        year: { type: 'string' }, out: { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError(`opzione non valida: ${(e as Error).message}`);
  }
}

function loadConfigOrExit(): AppConfig {
  try {
    return loadConfigFromEnvironment();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
}

/** The verdict a start would give, without opening the database or any port. */
function configCheck(): number {
  let config: AppConfig;
  try {
    config = loadConfigFromEnvironment();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(e.message);
    return 78;
  }
  const db = config.databaseUrl.startsWith('sqlite:') ? config.databaseUrl : config.databaseUrl.replace(/\/\/[^@/]*@/, '//…@');
  if (config.isProduction) {
    console.log('configurazione completa per la produzione (production configuration complete)');
  } else {
    console.log(`configurazione completa per ${config.NODE_ENV === 'test' ? 'i test' : 'lo sviluppo'} (NODE_ENV=${config.NODE_ENV}): valori dimostrativi e servizi simulati ammessi; con NODE_ENV=production non lo sono`);
  }
  console.log(`  pagamenti: ${config.paymentMethods.join(', ')} (carta: ${config.paymentsMode})\n  indirizzo pubblico: ${config.PUBLIC_BASE_URL}\n  database: ${db}`);
  return 0;
}

/** A password typed at a terminal (echo hidden, asked twice), or the first line of standard input. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let data = '';
    for await (const chunk of process.stdin) {
      data += chunk;
      if (data.length > 10_000) break;
    }
    return data.split(/\r?\n/, 1)[0] ?? '';
  }
  let muted = false;
  // readline echoes what is typed through its output: this one drops it while the password is typed.
  const output = new Writable({
    write(chunk, encoding, done) {
      if (!muted) process.stderr.write(chunk, encoding);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const ask = async (question: string) => {
    process.stderr.write(question);
    muted = true;
    const answer = await rl.question('').catch((e: NodeJS.ErrnoException) => {
      throw e.code === 'ABORT_ERR' ? new UsageError('\ninserimento annullato: nessun utente creato') : e;
    });
    muted = false;
    process.stderr.write('\n');
    return answer;
  };
  try {
    const first = await ask(`Password (almeno ${MIN_PASSWORD} caratteri, non viene mostrata): `);
    const again = await ask('Ripeti la password: ');
    if (first !== again) throw new UsageError('le due password non coincidono: nessun utente creato');
    return first;
  } finally {
    rl.close();
  }
}

async function withApp(config: AppConfig, run: (app: Awaited<ReturnType<typeof createApp>>) => Promise<void>) {
  const app = await createApp({ ...config, LOG_LEVEL: 'warn' });
  try {
    await run(app);
  } finally {
    await app.close();
  }
}

function operator(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

async function main() {
  if (command === 'config:check') {
    process.exitCode = configCheck();
    return;
  }
  const commands = ['migrate', 'staff:create', 'catalogue:import', 'partner:create', 'link-code', 'invoices:export'];
  if (!commands.includes(command ?? '')) {
    throw new UsageError(`comandi: config:check, ${commands.join(', ')} (vedi cli.ts)`);
  }
  const { values, positionals } = options();
  const config = loadConfigOrExit();
  const actor = systemActor(operator());

  switch (command) {
    case 'migrate':
      return withApp(config, async (app) => {
        const sub = positionals[0] ?? 'up';
        if (sub === 'up') console.log('applied:', (await app.migrator.up()).map((m) => m.name));
        else if (sub === 'down') console.log('reverted:', (await app.migrator.down()).map((m) => m.name));
        else if (sub === 'status') {
          console.log('executed:', (await app.migrator.executed()).map((m) => m.name));
          console.log('pending:', (await app.migrator.pending()).map((m) => m.name));
        } else throw new UsageError('migrate up|down|status');
      });
    case 'staff:create': {
      if (values.password !== undefined) {
        throw new UsageError('--password non è accettata: la password sulla riga di comando resta nella cronologia e nell’elenco dei processi. Digitala al prompt, oppure passala sullo standard input (es. `staff:create … < file`).');
      }
      if (!values.email || !values.role) throw new UsageError('staff:create --email E --role admin|accounting|support [--name N]');
      const password = await readPassword();
      if (password.length < MIN_PASSWORD) throw new UsageError(`la password deve avere almeno ${MIN_PASSWORD} caratteri: nessun utente creato`);
      return withApp(config, async (app) => {
        await app.migrate();
        const user = await app.useCases.createStaffUser({ email: values.email!, name: values.name ?? values.email!, role: values.role as 'admin', password }, actor);
        console.log(`utente ${user.email} (${user.role}) creato: accede a ${config.PUBLIC_BASE_URL}/admin con la password scelta`);
      });
    }
    case 'catalogue:import': {
      const file = positionals[0];
      const format = file ? extname(file).slice(1).toLowerCase() : '';
      if (!file || (format !== 'csv' && format !== 'json')) throw new UsageError('catalogue:import FILE.csv|FILE.json (esempio: examples/price-list.example.csv)');
      let content: string;
      try {
        content = readFileSync(file, 'utf8');
      } catch (e) {
        throw new UsageError(`il file ${file} non si legge: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      const rows = readPriceListFile(content, format);
      return withApp(config, async (app) => {
        await app.migrate();
        const r = await app.useCases.importPriceList({ rows, source: basename(file) }, actor);
        console.log(`listino importato: ${r.created.length} nuovi, ${r.updated.length} aggiornati, ${r.unchanged.length} invariati`);
        if (r.updated.length) console.log(`  aggiornati: ${r.updated.join(', ')}`);
      });
    }
    case 'partner:create':
      return withApp(config, async (app) => {
        await app.migrate();
        const p = await app.useCases.createPartner({ kind: (values.kind ?? 'service_centre') as 'service_centre', legalName: values.name ?? '', vatNumber: values.vat ?? '', billingEmail: values.email ?? '' }, actor);
        console.log(`partner #${p.id} ${p.legalName} creato`);
      });
    case 'link-code':
      return withApp(config, async (app) => {
        await app.migrate();
        const r = await app.useCases.issueLinkCode({ partnerId: Number(values.partner), role: (values.role ?? 'operator') as 'operator' }, actor);
        console.log(`link code ${r.code} (valid until ${r.expiresAt.toISOString()})\n${r.deepLink}`);
      });
    case 'invoices:export': {
      const year = Number(values.year);
      if (!Number.isInteger(year) || year < 2000 || year > 2999 || !values.out) throw new UsageError('invoices:export --year YYYY --out DIR');
      return withApp(config, async (app) => {
        await app.migrate();
        const files = await app.useCases.exportInvoices.files(year);
        mkdirSync(values.out!, { recursive: true });
        for (const f of files) writeFileSync(join(values.out!, f.name), f.xml);
        console.log(`${files.length} file XML del ${year} scritti in ${values.out}${files.length ? ` (${files[0]!.number} … ${files[files.length - 1]!.number})` : ''}`);
      });
    }
  }
}

main().catch((e) => {
  if (e instanceof UsageError) {
    console.error(e.message);
    process.exitCode = 2;
  } else if (isDomainError(e)) {
    const { problems, fields, ...other } = e.details as { problems?: string[]; fields?: Record<string, string> };
    const lines = [e.message, ...(problems ?? []).map((p) => `  - ${p}`), ...Object.entries(fields ?? {}).map(([k, v]) => `  - ${k}: ${v}`)];
    if (Object.keys(other).length) lines.push(`  ${JSON.stringify(other)}`);
    console.error(lines.join('\n'));
    process.exitCode = 1;
  } else {
    console.error(e);
    process.exitCode = 1;
  }
});
