/** A back-office refusal (a role that may not run an action) is written to the audit log with the person and the record. */
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../audit/record-audit.js';

export interface AccessDenied {
  /** The resource (table) and action that were refused. */
  resourceId: string;
  action: string;
  recordId?: string | number | null;
}

export function recordAccessDenied(ctx: Ctx) {
  return async (input: AccessDenied, actor: Actor) => {
    const role = actor.type === 'staff' ? actor.role ?? null : null;
    await ctx.db.tx((t) =>
      recordAudit(ctx.db.models, t, actor, {
        action: 'access.denied',
        entityType: input.resourceId.slice(0, 40),
        entityId: String(input.recordId ?? '-').slice(0, 64),
        after: { action: input.action, role },
      }),
    );
  };
}
