/**
 * Staff login: argon2 verification, attempts recorded in the database and limited per email and per
 * address (so that several web processes share the count), last login stamped, audited.
 */
import { Op } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { StaffRole } from '../shared/types.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { hashPassword, verifyPassword } from './create-staff-user.js';

export interface LoginLimits {
  windowMs: number;
  perEmail: number;
  perIp: number;
}
export const defaultLoginLimits: LoginLimits = { windowMs: 15 * 60_000, perEmail: 5, perIp: 30 };

export interface AuthenticatedStaff {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
}

let dummyHash: Promise<string> | undefined;

export function authenticateStaff(ctx: Ctx, limits: LoginLimits = defaultLoginLimits) {
  const m = ctx.db.models;
  return async (input: { email: string; password: string; ip: string }): Promise<AuthenticatedStaff | null> => {
    const email = String(input.email ?? '').trim().toLowerCase().slice(0, 254);
    const ip = String(input.ip ?? '').slice(0, 64);
    const since = new Date(ctx.clock.now().getTime() - limits.windowMs);
    const [byEmail, byIp] = await Promise.all([
      m.StaffLoginAttempt.count({ where: { email, success: false, createdAt: { [Op.gte]: since } } }),
      m.StaffLoginAttempt.count({ where: { ip, success: false, createdAt: { [Op.gte]: since } } }),
    ]);
    if (byEmail >= limits.perEmail || byIp >= limits.perIp) {
      throw new DomainError('forbidden', 'Troppi tentativi di accesso: riprova tra qualche minuto', { reason: 'rate_limited' });
    }
    const user = await m.StaffUser.findOne({ where: { email } });
    // Verify against a dummy hash when the user is unknown, so timing does not reveal which emails exist.
    const ok = user ? await verifyPassword(user.passwordHash, String(input.password ?? '')) : (await verifyPassword(await (dummyHash ??= hashPassword('not-a-password-of-anyone')), 'x'), false);
    const success = Boolean(ok && user && user.active);
    await m.StaffLoginAttempt.create({ email, ip, success, createdAt: ctx.clock.now() });
    if (!success || !user) return null;
    await ctx.db.tx(async (t) => {
      await m.StaffUser.update({ lastLoginAt: ctx.clock.now() }, { where: { id: user.id }, transaction: t });
      await recordAudit(m, t, { type: 'staff', id: user.id, label: user.email, role: user.role }, { action: 'staff.login', entityType: 'staff_user', entityId: user.id, after: { ip } });
    });
    return { id: user.id, email: user.email, name: user.name, role: user.role };
  };
}
