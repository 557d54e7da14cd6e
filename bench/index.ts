/**
 * `npm run bench` runs every suite; `npm run bench -- <suite>` runs one.
 * Each suite lives in bench/<suite>.ts and exports `run()`, printing figures through report().
 */
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
for (const suite of wanted.length ? wanted : available) {
  console.log(`# suite ${suite}`);
  const mod = (await import(join(here, `${suite}.ts`))) as { run: () => Promise<void> };
  await mod.run();
}
process.exit(0);
