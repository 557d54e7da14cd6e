/**
 * Server-side gate for every back-office API and page request: the staff user is re-read from the
 * database (a deactivated user or a changed role takes effect at once), and a resource action the role
 * may not run is refused with 403 and written to the audit log — whatever the browser shows or hides.
 */
import type { Request, Response, NextFunction } from 'express';
import type { App } from '../core/app.js';
import { can } from './policy.js';
import { auditRefusal } from './actions/form-action.js';

const ACTION_PATHS = [
  /^\/(?:api\/)?resources\/([^/]+)\/actions\/([^/]+)/,
  /^\/(?:api\/)?resources\/([^/]+)\/records\/[^/]+\/([^/]+)/,
  /^\/(?:api\/)?resources\/([^/]+)\/bulk\/([^/]+)/,
  /^\/(?:api\/)?resources\/([^/]+)\/?$/, // the list page
];

export function adminGuard(app: App) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const session = (req as any).session;
      const admin = session?.adminUser;
      if (!admin) return next(); // AdminJS sends the person to the login page
      const user = await app.db.models.StaffUser.findByPk(Number(admin.id));
      if (!user || !user.active) {
        return session.destroy(() => (req.path.startsWith('/api/') ? res.status(401).json({ error: 'session ended' }) : res.redirect(`${req.baseUrl}/login`)));
      }
      admin.role = user.role;
      for (const re of ACTION_PATHS) {
        const m = re.exec(req.path);
        if (!m) continue;
        const [resourceId, action] = [decodeURIComponent(m[1]), decodeURIComponent(m[2] ?? 'list')];
        const recordId = /\/records\/([^/]+)\//.exec(req.path)?.[1] ?? null;
        if (!can(user.role, resourceId, action)) {
          await auditRefusal(app, { type: 'staff', id: user.id, label: user.email, role: user.role }, resourceId, action, recordId);
          app.log.warn({ staff: user.email, role: user.role, resourceId, action, method: req.method }, 'back-office action refused');
          return req.path.startsWith('/api/')
            ? res.status(403).json({ notice: { message: 'Azione non consentita al tuo ruolo', type: 'error' } })
            : res.status(403).send('Azione non consentita al tuo ruolo');
        }
        break;
      }
      next();
    } catch (e) {
      next(e);
    }
  };
}
