/**
 * Mounts the back-office at /admin: database-stored sessions (HttpOnly, SameSite=strict — which also
 * keeps other sites from triggering actions — and Secure when the request came over HTTPS), login
 * through the core (argon2, attempts limited), the role guard, then AdminJS's own router.
 */
import express from 'express';
import session from 'express-session';
import type { Mount } from '../web/create-web-app.js';
import type { App } from '../core/app.js';
import { isDomainError } from '../core/errors.js';

export const ADMIN_ROOT = '/admin';
const SESSION_MS = 8 * 3600_000;

export const mountAdmin: Mount = async (server, app) => {
  // Read by adminjs when first imported: a folder without a leading dot (express 5 refuses dot-folders).
  process.env.ADMIN_JS_TMP_DIR ??= 'adminjs-bundle';
  const [{ default: AdminJSExpress }, { buildAdmin }, { ensureComponentsBundle, bundleIsReady }, { SequelizeSessionStore }, { adminGuard }] = await Promise.all([
    import('@adminjs/express'), import('./build-admin.js'), import('./bundle.js'), import('./session-store.js'), import('./guard.js'),
  ]);
  const admin = buildAdmin(app, ADMIN_ROOT);
  if (process.env.NODE_ENV !== 'production') await ensureComponentsBundle(admin, app.log);
  else if (process.env.ADMIN_JS_SKIP_BUNDLE === 'true' && !bundleIsReady()) app.log.error('AdminJS bundle missing: run the prebundle step (admin/prebundle.ts) before starting');

  const sessionOptions: session.SessionOptions = {
    store: new SequelizeSessionStore(app),
    name: 'sportello_admin',
    secret: app.config.sessionSecret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    // proxy left unset: express's 'trust proxy' (set by web/) decides whether X-Forwarded-Proto is believed.
    cookie: { httpOnly: true, sameSite: 'strict', secure: 'auto', maxAge: SESSION_MS, path: ADMIN_ROOT },
  };
  const router = express.Router();
  router.use((_req, res, next) => {
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  });
  router.use(session(sessionOptions));
  router.use(adminGuard(app));
  AdminJSExpress.buildAuthenticatedRouter(
    admin,
    { authenticate: authenticate(app), cookieName: 'sportello_admin', cookiePassword: app.config.sessionSecret },
    router,
    sessionOptions,
    { maxFileSize: 20 * 1024 * 1024 },
  );
  server.use(ADMIN_ROOT, router);
};

function authenticate(app: App) {
  return async (email: string, password: string, context?: { req: any }) => {
    const req = context?.req;
    try {
      const staff = await app.useCases.authenticateStaff({ email, password, ip: req?.ip ?? '' });
      if (!staff) return null;
      // A new session id at login: an id planted before login is worth nothing after it.
      if (req?.session) await new Promise<void>((resolve, reject) => req.session.regenerate((e: unknown) => (e ? reject(e) : resolve())));
      return { id: String(staff.id), email: staff.email, title: staff.name, role: staff.role };
    } catch (e) {
      if (isDomainError(e)) throw new Error(e.message); // shown on the login page
      throw e;
    }
  };
}
