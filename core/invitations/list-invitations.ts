/** A partner's invitations, newest first, with their state. */
import type { Ctx } from '../shared/context.js';
import { pageWindow, toPage } from '../shared/paginate.js';

export function listInvitations(ctx: Ctx) {
  return async (partnerId: number, opts: { page?: number; pageSize?: number } = {}) => {
    const w = pageWindow(opts.page, opts.pageSize);
    const { rows, count } = await ctx.db.models.Invitation.findAndCountAll({ where: { partnerId }, order: [['id', 'DESC']], limit: w.limit, offset: w.offset });
    return toPage(rows, count, w);
  };
}
