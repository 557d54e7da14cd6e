/**
 * Staff login: argon2 verification, last login stamped, audited. Failed attempts are rows in the
 * database (so every web process sees the same counts) and slow down, never lock: after `free`
 * failures of one account (or from one address) each further attempt must wait 2^k seconds after
 * the last failure, up to a ceiling. An attempt refused for waiting is not verified and not counted,
 * so nobody can push an account's delay past the ceiling, and the owner always gets in once it passes.
 * Failures count since the key's last successful login, within a day.
 */
import { Op } from 'sequelize';
import type { Ctx } from '../shared/context.js';
import type { StaffRole } from '../shared/types.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { hashPassword, verifyPassword } from './create-staff-user.js';

export interface LoginLimit {
  /** failures allowed before any delay */
  free: number;
  /** longest delay, in seconds */
  maxDelaySeconds: number;
}
export interface LoginLimits {
  windowMs: number;
  perEmail: LoginLimit;
  perIp: LoginLimit;
}
// An office behind one address has several people typing: the address gets more free tries than an account.
export const defaultLoginLimits: LoginLimits = {
  windowMs: 24 * 3600_000,
  perEmail: { free: 5, maxDelaySeconds: 15 * 60 },
  perIp: { free: 20, maxDelaySeconds: 60 * 60 },
};

export interface AuthenticatedStaff {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
}

/** Seconds to wait after the last failure, once `failures` exceed the free ones. */
export function loginDelaySeconds(failures: number, limit: LoginLimit): number {
  if (failures < limit.free) return 0;
  return Math.min(limit.maxDelaySeconds, 2 ** (failures - limit.free));
}

let dummyHash: Promise<string> | undefined;

export function authenticateStaff(ctx: Ctx, limits: LoginLimits = defaultLoginLimits) {
  const m = ctx.db.models;

  /** Seconds this key must still wait (0: may try now). */
  async function waitFor(key: { email: string } | { ip: string }, limit: LoginLimit, now: Date): Promise<number> {
    const lastSuccess = (await m.StaffLoginAttempt.max('createdAt', { where: { ...key, success: true, createdAt: { [Op.gte]: new Date(now.getTime() - limits.windowMs) } } })) as Date | null;
    const since = lastSuccess ? new Date(lastSuccess) : new Date(now.getTime() - limits.windowMs);
    const where = { ...key, success: false, createdAt: { [Op.gt]: since } };
    const failures = await m.StaffLoginAttempt.count({ where });
    const delay = loginDelaySeconds(failures, limit);
    if (!delay) return 0;
    const last = new Date((await m.StaffLoginAttempt.max('createdAt', { where })) as Date);
    return Math.max(0, Math.ceil((last.getTime() + delay * 1000 - now.getTime()) / 1000));
  }

  return async (input: { email: string; password: string; ip: string }): Promise<AuthenticatedStaff | null> => {
    const email = String(input.email ?? '').trim().toLowerCase().slice(0, 254);
    const ip = String(input.ip ?? '').slice(0, 64);
    const now = ctx.clock.now();
    const wait = Math.max(await waitFor({ email }, limits.perEmail, now), await waitFor({ ip }, limits.perIp, now));
    if (wait > 0) {
      ctx.log.warn({ ip, wait }, 'staff login throttled');
      throw new DomainError('forbidden', `Troppi tentativi, riprova tra ${wait} ${wait === 1 ? 'secondo' : 'secondi'} (too many attempts, retry in ${wait} s)`, { reason: 'rate_limited', retryAfterSeconds: wait });
    }
    const user = await m.StaffUser.findOne({ where: { email } });
    // Verify against a dummy hash when the user is unknown, so timing does not reveal which emails exist.
    const ok = user ? await verifyPassword(user.passwordHash, String(input.password ?? '')) : (await verifyPassword(await (dummyHash ??= hashPassword('not-a-password-of-anyone')), 'x'), false);
    const success = Boolean(ok && user && user.active);
    await m.StaffLoginAttempt.create({ email, ip, success, createdAt: ctx.clock.now() });
    if (!success || !user) {
      ctx.log.warn({ ip, known: Boolean(user) }, 'staff login failed');
      return null;
    }
    await ctx.db.tx(async (t) => {
      await m.StaffUser.update({ lastLoginAt: ctx.clock.now() }, { where: { id: user.id }, transaction: t });
      await recordAudit(m, t, { type: 'staff', id: user.id, label: user.email, role: user.role }, { action: 'staff.login', entityType: 'staff_user', entityId: user.id, after: { ip } });
    });
    return { id: user.id, email: user.email, name: user.name, role: user.role };
  };
}
