/**
 * The back-office's web sessions, stored in the admin_sessions table: they survive restarts and are
 * shared by every web process on the same database. The express-session Store in admin/ wraps these.
 */
import { Op } from 'sequelize';
import type { Ctx } from '../shared/context.js';

/** Expired rows are removed now and then, on writes, instead of by a timer that would keep the process alive. */
const SWEEP_EVERY_MS = 10 * 60_000;

export function staffSessions(ctx: Ctx) {
  const { AdminSession } = ctx.db.models;
  let lastSweep = 0;
  // The wall clock, not ctx.clock: express-session sets the cookie's expiry from it.
  const now = () => new Date();
  return {
    /** The session's data (as the store serialised it), or null when unknown or expired. */
    async readStaffSession(sid: string): Promise<string | null> {
      const row = await AdminSession.findByPk(sid);
      return row && row.expiresAt.getTime() > now().getTime() ? row.data : null;
    },
    async saveStaffSession(sid: string, data: string, expiresAt: Date) {
      await AdminSession.upsert({ sid, data, expiresAt });
      if (now().getTime() - lastSweep < SWEEP_EVERY_MS) return;
      lastSweep = now().getTime();
      await AdminSession.destroy({ where: { expiresAt: { [Op.lt]: now() } } });
    },
    async touchStaffSession(sid: string, expiresAt: Date) {
      await AdminSession.update({ expiresAt }, { where: { sid } });
    },
    async destroyStaffSession(sid: string) {
      await AdminSession.destroy({ where: { sid } });
    },
  };
}
