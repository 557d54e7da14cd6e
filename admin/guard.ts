/**
 * The staff user behind a back-office session is re-read from the database on every request: a
 * deactivated (or deleted) user's session ends at once, and a changed role takes effect at once.
 * What a role may do is not decided here but by AdminJS's own hooks (admin/access.ts), per resource
 * and action, whatever the spelling of the path.
 */
import type { Request, Response, NextFunction } from 'express';
import type { App } from '../core/app.js';
import { isApiPath, refuse } from './body-limits.js';

export function adminGuard(app: App) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const session = (req as any).session;
      const admin = session?.adminUser;
      if (!admin) return next(); // the login page, or the refusal of requireSession
      const user = await app.useCases.findActiveStaffUser(Number(admin.id));
      if (!user) {
        app.log.warn({ staffId: admin.id }, 'back-office session ended: user deactivated');
        return session.destroy(() =>
          isApiPath(req.path) || req.method !== 'GET'
            ? refuse(req, res, 401, 'session_ended', 'Sessione terminata: utente disattivato', 'Session ended: user deactivated')
            : res.redirect(`${req.baseUrl}/login`),
        );
      }
      admin.role = user.role;
      next();
    } catch (e) {
      next(e);
    }
  };
}
