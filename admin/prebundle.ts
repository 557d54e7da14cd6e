/**
 * Build step for production: `NODE_ENV=production ADMIN_JS_TMP_DIR=adminjs-bundle node dist/admin/prebundle.js`
 * (or `tsx admin/prebundle.ts`). Then start the server with the same ADMIN_JS_TMP_DIR and
 * ADMIN_JS_SKIP_BUNDLE=true, so no process bundles at start-up.
 */
process.env.ADMIN_JS_TMP_DIR ??= 'adminjs-bundle';
const { componentsOnlyAdmin } = await import('./build-admin.js');
const { ensureComponentsBundle } = await import('./bundle.js');
const r = await ensureComponentsBundle(componentsOnlyAdmin());
console.log(r.built ? `AdminJS components bundled in ${r.ms} ms into ${process.env.ADMIN_JS_TMP_DIR}` : 'AdminJS components bundle up to date');
