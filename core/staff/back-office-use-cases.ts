/**
 * Staff-only use cases the back-office needs that no other face uses: login, its web sessions, coupon
 * revoke/reassign, retry of a failed background job, generic edits, the dashboard, refusals audited
 * and the forms' idempotency keys. Registered in the composition root by one spread.
 */
import { z } from 'zod';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../shared/input.js';
import { recordAudit } from '../audit/record-audit.js';
import { assertCouponTransition } from '../coupons/coupon.rules.js';
import { authenticateStaff } from './authenticate-staff.js';
import { findActiveStaffUser } from './find-staff-user.js';
import { staffSessions } from './staff-sessions.js';
import { editRecord } from './edit-record.js';
import { dashboardFigures } from './dashboard-figures.js';
import { recordAccessDenied } from './record-access-denied.js';
import { actionKeys } from './action-keys.js';
import { backOfficeReads } from './back-office-reads.js';

const staffOnly = (actor: Actor) => {
  if (actor.type !== 'staff' && actor.type !== 'system') throw new DomainError('forbidden', 'Operazione riservata al personale');
};

export function revokeCoupon(ctx: Ctx) {
  const m = ctx.db.models;
  return async (raw: { couponId: number; reason?: string }, actor: Actor) => {
    staffOnly(actor);
    const input = parseInput(z.object({ couponId: z.number().int().positive(), reason: z.string().max(300).optional() }), raw);
    return ctx.db.tx(async (t) => {
      const c = await m.Coupon.findByPk(input.couponId, { transaction: t });
      if (!c) throw new DomainError('not_found', 'Coupon non trovato');
      if (c.status === 'revoked') return { alreadyDone: true };
      assertCouponTransition(c.status, 'revoked');
      // Conditional: an activation racing this revoke wins, and the revoke is refused.
      const [won] = await m.Coupon.update({ status: 'revoked', revokedAt: ctx.clock.now() }, { where: { id: c.id, status: 'available' }, transaction: t });
      if (won !== 1) throw new DomainError('conflict', 'Il coupon è cambiato nel frattempo (forse è stato attivato)');
      await recordAudit(m, t, actor, { action: 'coupon.revoked', entityType: 'coupon', entityId: c.id, before: { status: c.status }, after: { status: 'revoked', reason: input.reason ?? null } });
      return { alreadyDone: false };
    });
  };
}

export function reassignCoupon(ctx: Ctx) {
  const m = ctx.db.models;
  return async (raw: { couponId: number; partnerId: number; reason?: string }, actor: Actor) => {
    staffOnly(actor);
    const input = parseInput(z.object({ couponId: z.number().int().positive(), partnerId: z.number().int().positive(), reason: z.string().max(300).optional() }), raw);
    return ctx.db.tx(async (t) => {
      const c = await m.Coupon.findByPk(input.couponId, { transaction: t });
      if (!c) throw new DomainError('not_found', 'Coupon non trovato');
      if (c.partnerId === input.partnerId) return { alreadyDone: true };
      if (c.status !== 'available') throw new DomainError('illegal_transition', 'Solo un coupon disponibile può passare a un altro partner', { status: c.status });
      const partner = await m.Partner.findByPk(input.partnerId, { transaction: t });
      if (!partner || !partner.active) throw new DomainError('not_found', 'Partner non trovato o non attivo');
      const [won] = await m.Coupon.update({ partnerId: partner.id }, { where: { id: c.id, status: 'available', partnerId: c.partnerId }, transaction: t });
      if (won !== 1) throw new DomainError('conflict', 'Il coupon è cambiato nel frattempo');
      await recordAudit(m, t, actor, { action: 'coupon.reassigned', entityType: 'coupon', entityId: c.id, before: { partnerId: c.partnerId }, after: { partnerId: partner.id, reason: input.reason ?? null } });
      return { alreadyDone: false };
    });
  };
}

/** A failed (given up) job runs again: attempts reset, due now. A pending or running job is left alone. */
export function retryJob(ctx: Ctx) {
  const m = ctx.db.models;
  return async (jobId: number, actor: Actor) => {
    staffOnly(actor);
    return ctx.db.tx(async (t) => {
      const job = await m.OutboxJob.findByPk(jobId, { transaction: t });
      if (!job) throw new DomainError('not_found', 'Job non trovato');
      if (job.status === 'pending' || job.status === 'running') return { alreadyDone: true };
      if (job.status !== 'failed') throw new DomainError('illegal_transition', `Il job è "${job.status}": non serve ripeterlo`);
      const [won] = await m.OutboxJob.update({ status: 'pending', attempts: 0, runAt: ctx.clock.now(), lockedBy: null, lockedUntil: null }, { where: { id: job.id, status: 'failed' }, transaction: t });
      if (won !== 1) return { alreadyDone: true };
      await recordAudit(m, t, actor, { action: 'job.retried', entityType: 'outbox_job', entityId: job.id, before: { status: 'failed', attempts: job.attempts, lastError: job.lastError }, after: { status: 'pending' } });
      return { alreadyDone: false };
    });
  };
}

export function backOfficeUseCases(ctx: Ctx) {
  return {
    authenticateStaff: authenticateStaff(ctx),
    findActiveStaffUser: findActiveStaffUser(ctx),
    ...staffSessions(ctx),
    editRecord: editRecord(ctx),
    dashboardFigures: dashboardFigures(ctx),
    recordAccessDenied: recordAccessDenied(ctx),
    ...actionKeys(ctx),
    ...backOfficeReads(ctx),
    revokeCoupon: revokeCoupon(ctx),
    reassignCoupon: reassignCoupon(ctx),
    retryJob: retryJob(ctx),
  };
}
