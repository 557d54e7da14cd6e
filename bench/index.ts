/**
 * `npm run bench` runs every suite; `npm run bench -- <suite>` runs one.
 * Each suite lives in bench/<suite>.ts and exports `run()`, printing figures through report().
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !['index.ts', 'report.ts'].includes(f) && !f.startsWith('_'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
// Each suite runs in a process of its own: one suite's heap and timers (the admin suite loads 100,000
// orders) must not weigh on the next one's figures.
const child = process.env.SPORTELLO_BENCH_SUITE;
if (child) {
  const mod = (await import(join(here, `${child}.ts`))) as { run: () => Promise<void> };
  await mod.run();
  process.exit(0);
}
let failed = 0;
for (const suite of wanted.length ? wanted : available) {
  console.log(`# suite ${suite}`);
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], { stdio: 'inherit', env: { ...process.env, SPORTELLO_BENCH_SUITE: suite } });
  if (r.status !== 0) {
    failed++;
    console.error(`suite ${suite} failed (exit ${r.status ?? r.signal})`);
  }
}
process.exit(failed ? 1 : 0);
