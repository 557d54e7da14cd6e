/**
 * express-session store over the core's staff sessions (the admin_sessions table): sessions survive
 * restarts and are shared by every web process on the same database (the default MemoryStore is
 * neither, and leaks).
 */
import session from 'express-session';
import type { App } from '../core/app.js';

const DEFAULT_TTL_MS = 8 * 3600_000;

export class StaffSessionStore extends session.Store {
  constructor(private readonly app: App) {
    super();
  }

  private expiry(sess: session.SessionData): Date {
    const e = sess.cookie?.expires;
    return e ? new Date(e) : new Date(Date.now() + DEFAULT_TTL_MS);
  }

  override get(sid: string, cb: (err: any, session?: session.SessionData | null) => void) {
    this.app.useCases
      .readStaffSession(sid)
      .then((data) => cb(null, data ? JSON.parse(data) : null))
      .catch(cb);
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: any) => void) {
    this.app.useCases
      .saveStaffSession(sid, JSON.stringify(sess), this.expiry(sess))
      .then(() => cb?.())
      .catch((e) => cb?.(e));
  }

  override touch(sid: string, sess: session.SessionData, cb?: () => void) {
    this.app.useCases
      .touchStaffSession(sid, this.expiry(sess))
      .then(() => cb?.())
      .catch(() => cb?.());
  }

  override destroy(sid: string, cb?: (err?: any) => void) {
    this.app.useCases
      .destroyStaffSession(sid)
      .then(() => cb?.())
      .catch((e) => cb?.(e));
  }
}
