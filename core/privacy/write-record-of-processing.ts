/**
 * `npm run privacy:record` writes docs/record-of-processing.md from the default configuration (the copy
 * kept in the repository; a test fails when it differs). An installation writes its own from its
 * environment: `npm run privacy:record -- --from-env --out registro.md`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config.js';
import { renderRecordOfProcessing } from './processing-record.js';

export const RECORD_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'record-of-processing.md');

/** The configuration the repository's copy is generated from: every default, nothing from this machine. */
export const repositoryConfig = () => loadConfig({});

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const out = args.includes('--out') ? args[args.indexOf('--out') + 1]! : RECORD_PATH;
  const config = args.includes('--from-env') ? loadConfig(process.env) : repositoryConfig();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, renderRecordOfProcessing(config));
  console.log(`registro dei trattamenti scritto in ${out}`);
}
