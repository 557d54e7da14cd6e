/**
 * The browser bundle of our components. AdminJS builds it with rollup (several seconds); in development
 * and tests it is rebuilt only when a component changed (content hash), in production it is built once
 * at build time (`npm run build && NODE_ENV=production node dist/admin/prebundle.js`) and the server starts with
 * ADMIN_JS_SKIP_BUNDLE=true.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type AdminJS from 'adminjs';
import { componentsBundler, generateUserComponentEntry, ADMIN_JS_TMP_DIR, COMPONENTS_OUTPUT_PATH } from 'adminjs/bundler';
import { componentsDir } from './components.js';

function componentsHash(): string {
  const h = createHash('sha256');
  h.update(process.env.NODE_ENV === 'production' ? 'production' : 'development');
  for (const f of readdirSync(componentsDir).sort()) h.update(f).update(readFileSync(join(componentsDir, f)));
  return h.digest('hex');
}

export async function ensureComponentsBundle(admin: AdminJS, log: { info: (o: object, m: string) => void } = { info: () => {} }): Promise<{ built: boolean; ms: number }> {
  const hashFile = join(ADMIN_JS_TMP_DIR, 'bundle.hash');
  const hash = componentsHash();
  if (existsSync(COMPONENTS_OUTPUT_PATH) && existsSync(hashFile) && readFileSync(hashFile, 'utf8') === hash) return { built: false, ms: 0 };
  const started = Date.now();
  await componentsBundler.createEntry({ content: generateUserComponentEntry(admin, ADMIN_JS_TMP_DIR) });
  await componentsBundler.build();
  writeFileSync(hashFile, hash);
  const ms = Date.now() - started;
  log.info({ ms, dir: ADMIN_JS_TMP_DIR }, 'AdminJS components bundled');
  return { built: true, ms };
}

export const bundleIsReady = () => existsSync(COMPONENTS_OUTPUT_PATH);
