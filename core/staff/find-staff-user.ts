/** The staff user behind a back-office session, re-read on every request: null once deactivated or deleted. */
import type { Ctx } from '../shared/context.js';
import type { StaffRole } from '../shared/types.js';

export function findActiveStaffUser(ctx: Ctx) {
  return async (id: number): Promise<{ id: number; email: string; role: StaffRole } | null> => {
    if (!Number.isSafeInteger(id) || id <= 0) return null;
    const user = await ctx.db.models.StaffUser.findByPk(id);
    return user && user.active ? { id: user.id, email: user.email, role: user.role } : null;
  };
}
