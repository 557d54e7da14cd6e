/**
 * express-session store on the admin_sessions table: sessions survive restarts and are shared by every
 * web process on the same database (the default MemoryStore is neither, and leaks).
 */
import session from 'express-session';
import { Op } from 'sequelize';
import type { App } from '../core/app.js';

const DEFAULT_TTL_MS = 8 * 3600_000;

export class SequelizeSessionStore extends session.Store {
  private lastSweep = 0;
  constructor(private readonly app: App) {
    super();
  }

  private expiry(sess: session.SessionData): Date {
    const e = sess.cookie?.expires;
    return e ? new Date(e) : new Date(Date.now() + DEFAULT_TTL_MS);
  }

  override get(sid: string, cb: (err: any, session?: session.SessionData | null) => void) {
    this.app.db.models.AdminSession.findByPk(sid)
      .then((row) => cb(null, row && row.expiresAt.getTime() > Date.now() ? JSON.parse(row.data) : null))
      .catch(cb);
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: any) => void) {
    this.app.db.models.AdminSession.upsert({ sid, data: JSON.stringify(sess), expiresAt: this.expiry(sess) })
      .then(() => this.sweep())
      .then(() => cb?.())
      .catch((e) => cb?.(e));
  }

  override touch(sid: string, sess: session.SessionData, cb?: () => void) {
    this.app.db.models.AdminSession.update({ expiresAt: this.expiry(sess) }, { where: { sid } })
      .then(() => cb?.())
      .catch(() => cb?.());
  }

  override destroy(sid: string, cb?: (err?: any) => void) {
    this.app.db.models.AdminSession.destroy({ where: { sid } })
      .then(() => cb?.())
      .catch((e) => cb?.(e));
  }

  /** Expired rows are removed now and then, on writes, instead of by a timer that would keep the process alive. */
  private async sweep() {
    if (Date.now() - this.lastSweep < 10 * 60_000) return;
    this.lastSweep = Date.now();
    await this.app.db.models.AdminSession.destroy({ where: { expiresAt: { [Op.lt]: new Date() } } });
  }
}
