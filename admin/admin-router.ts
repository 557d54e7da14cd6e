/**
 * The back-office's express router, written from AdminJS's documented `Router` (its routes and assets,
 * "to write your own rendering logic") instead of @adminjs/express, because the order of the steps
 * is what keeps the process safe:
 *   headers (helmet, no-store) → declared body length (413 before anything) → session → staff user
 *   re-read (guard) → login/logout and static assets → no session: refused before any body is read →
 *   body parsed within the path's limits → AdminJS's controllers → body errors answered once.
 * @adminjs/express parses every body (express-formidable) before it looks at the session, and hands a
 * formidable error to express twice, which crashed the process on a large upload without a login.
 */
import { resolve } from 'node:path';
import express, { type Request, type Response, type NextFunction, type Router as ExpressRouter } from 'express';
import session from 'express-session';
import type AdminJS from 'adminjs';
import { Router as AdminRoutes } from 'adminjs';
import type { App } from '../core/app.js';
import { isDomainError } from '../core/errors.js';
import { adminHeaders, securePage } from './security-headers.js';
import { declaredLengthLimit, parseAdminBody, parseLoginBody, adminBodyErrors, refuse } from './body-limits.js';
import { adminGuard } from './guard.js';
import { invoiceDownloads } from './invoice-downloads.js';
import type { AccessMark } from './access.js';
import { BRAND_LOGO_PATH } from './build-admin.js';
import { withPrivacyNotice } from './privacy-notice.js';

export function adminRouter(app: App, admin: AdminJS, sessionOptions: session.SessionOptions): ExpressRouter {
  const { rootPath, loginPath } = admin.options;
  const router = express.Router();
  router.use(adminHeaders());
  router.use(declaredLengthLimit(app));
  router.use(session(sessionOptions));
  router.use(adminGuard(app));

  const loginPage = async (req: Request, res: Response, status: number, errorMessage: string | null) => {
    const html = withPrivacyNotice(await admin.renderLogin({ action: loginPath, errorMessage }), app.config);
    res.status(status).type('html').send(securePage(req, res, html));
  };
  router.get('/login', (req, res, next) => loginPage(req, res, 200, null).catch(next));
  router.post('/login', parseLoginBody(), async (req, res, next) => {
    try {
      const { email, password } = (req.body ?? {}) as Record<string, unknown>;
      const staff = await app.useCases.authenticateStaff({ email: String(email ?? ''), password: String(password ?? ''), ip: req.ip ?? '' });
      if (!staff) return await loginPage(req, res, 401, 'invalidCredentials');
      // A new session id at login: an id planted before login is worth nothing after it.
      await new Promise<void>((ok, ko) => req.session.regenerate((e) => (e ? ko(e) : ok())));
      (req.session as any).adminUser = { id: String(staff.id), email: staff.email, title: staff.name, role: staff.role };
      req.session.save((e) => (e ? next(e) : res.redirect(302, rootPath)));
    } catch (e) {
      if (!isDomainError(e)) return next(e);
      const wait = Number((e.details as any)?.retryAfterSeconds ?? 0);
      if (wait) res.setHeader('Retry-After', String(wait));
      // The login template puts the message inside a JavaScript string: no quotes in it.
      await loginPage(req, res, wait ? 429 : 403, e.message.replace(/['"\\]/g, ' ')).catch(next);
    }
  });
  router.get('/logout', (req, res) => req.session.destroy(() => res.redirect(loginPath)));

  for (const asset of AdminRoutes.assets) router.get(asset.path, (_req, res) => res.sendFile(resolve(asset.src)));
  // The vendor's logo (VENDOR_LOGO_FILE) on the login page and the sidebar, from our own origin (the CSP allows no other).
  if (app.config.VENDOR_LOGO_FILE) router.get(BRAND_LOGO_PATH, (_req, res) => res.sendFile(resolve(app.config.VENDOR_LOGO_FILE!)));
  const routes = AdminRoutes.routes.map((r) => ({ ...r, expressPath: r.path.replace(/{/g, ':').replace(/}/g, '') }));
  // In development the components bundle is a route; the login page needs it before any login.
  for (const route of routes.filter((r) => r.action === 'bundleComponents')) router.get(route.expressPath, handler(route));

  router.use((req, res, next) => {
    if ((req.session as any)?.adminUser) return next();
    if (req.method === 'GET' || req.method === 'HEAD') return res.redirect(loginPath); // AdminJS's own answer: no data
    refuse(req, res, 401, 'unauthenticated', 'Accesso richiesto: entra di nuovo nel back-office', 'Login required');
  });
  router.use(invoiceDownloads(app));
  router.use(parseAdminBody(app));
  for (const route of routes.filter((r) => r.action !== 'bundleComponents')) {
    if (route.method === 'GET') router.get(route.expressPath, handler(route));
    if (route.method === 'POST') router.post(route.expressPath, handler(route));
  }
  router.use(adminBodyErrors(app));
  return router;

  function handler(route: (typeof routes)[number]) {
    return async (req: Request, res: Response, next: NextFunction) => {
      try {
        const resourceId = req.params.resourceId;
        if (resourceId !== undefined && !resourceExists(resourceId)) {
          return refuse(req, res, 404, 'not_found', 'Pagina o risorsa inesistente', 'No such page or resource');
        }
        const access: AccessMark = { refused: false };
        const controller = new (route.Controller as any)({ admin }, (req.session as any)?.adminUser);
        const payload = { ...((req as any).fields ?? {}), ...((req as any).files ?? {}) };
        const out = await controller[route.action]({ ...req, params: req.params, query: req.query, payload, method: req.method.toLowerCase(), access }, res);
        if (res.headersSent) return;
        if (access.refused) res.status(403);
        if (route.contentType) res.set({ 'Content-Type': route.contentType });
        if (out === undefined || out === null) return void res.end();
        res.send(typeof out === 'string' && !route.contentType ? securePage(req, res, out) : out);
      } catch (e) {
        next(e);
      }
    };
  }

  function resourceExists(id: string) {
    try {
      admin.findResource(id);
      return true;
    } catch {
      return false;
    }
  }
}
