/**
 * Mounts the back-office at /admin: database-stored sessions (HttpOnly, SameSite=strict — which also
 * keeps other sites from triggering actions — and Secure when the request came over HTTPS), login
 * through the core (argon2, progressive delays per account and per address), the staff user re-read
 * on every request, AdminJS behind our own router (admin/admin-router.ts: body limits before any work,
 * helmet with a CSP the admin works under, no-store).
 */
import type session from 'express-session';
import type { Mount } from '../web/create-web-app.js';

export const ADMIN_ROOT = '/admin';
const SESSION_MS = 8 * 3600_000;

export const mountAdmin: Mount = async (server, app) => {
  // Read by adminjs when first imported: a folder without a leading dot (express 5 refuses dot-folders).
  process.env.ADMIN_JS_TMP_DIR ??= 'adminjs-bundle';
  const [{ buildAdmin }, { ensureComponentsBundle, bundleIsReady }, { StaffSessionStore }, { adminRouter }] = await Promise.all([
    import('./build-admin.js'), import('./bundle.js'), import('./session-store.js'), import('./admin-router.js'),
  ]);
  const admin = buildAdmin(app, ADMIN_ROOT);
  if (process.env.NODE_ENV !== 'production') await ensureComponentsBundle(admin, app.log);
  else if (process.env.ADMIN_JS_SKIP_BUNDLE === 'true' && !bundleIsReady()) app.log.error('AdminJS bundle missing: run the prebundle step (admin/prebundle.ts) before starting');
  // In production AdminJS bundles its components here unless ADMIN_JS_SKIP_BUNDLE (what @adminjs/express did).
  admin.initialize().catch((err) => app.log.error({ err }, 'AdminJS initialisation failed'));

  const sessionOptions: session.SessionOptions = {
    store: new StaffSessionStore(app),
    name: 'sportello_admin',
    secret: app.config.sessionSecret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    // proxy left unset: express's 'trust proxy' (set by web/) decides whether X-Forwarded-Proto is believed.
    cookie: { httpOnly: true, sameSite: 'strict', secure: 'auto', maxAge: SESSION_MS, path: ADMIN_ROOT },
  };
  server.use(ADMIN_ROOT, adminRouter(app, admin, sessionOptions));
};
