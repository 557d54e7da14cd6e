/**
 * Who may run an action is decided by AdminJS's own hooks, from the role policy (admin/policy.ts):
 * `isAccessible` for every built-in and custom action, so a refusal is the same answer whatever the
 * spelling of the path (AdminJS looks the resource and action up by id, after express decoded it). A
 * `before` hook, which AdminJS runs before its own access check, writes each refusal to the audit log
 * with the staff user, the resource, the action and the record, and tells our router to answer 403.
 */
import type { ActionContext, ActionRequest } from 'adminjs';
import type { App } from '../core/app.js';
import { can } from './policy.js';
import { auditRefusal, staffActor } from './actions/form-action.js';

/** Set on the request our router builds (admin/admin-router.ts); absent when a handler is called directly. */
export interface AccessMark {
  refused: boolean;
}

export function gatedAction(app: App, resourceId: string, name: string, action: Record<string, any> = {}) {
  const before = action.before ? [action.before].flat() : [];
  const ownAccess = action.isAccessible;
  return {
    ...action,
    isAccessible: (context: ActionContext) =>
      can(context.currentAdmin?.role as any, resourceId, name) && (typeof ownAccess === 'function' ? ownAccess(context) : ownAccess ?? true),
    before: [auditRefusals(app, resourceId, name), ...before],
  };
}

function auditRefusals(app: App, resourceId: string, name: string) {
  return async (request: ActionRequest, context: ActionContext) => {
    const admin = context.currentAdmin;
    if (can(admin?.role as any, resourceId, name)) return request;
    const recordId = context.record?.id() ?? request.params?.recordId ?? (request.query?.recordIds ? String(request.query.recordIds).slice(0, 60) : null);
    await auditRefusal(app, staffActor(admin), resourceId, name, recordId);
    app.log.warn({ staffId: admin?.id, role: admin?.role, resourceId, action: name, method: request.method }, 'back-office action refused');
    const mark = (request as any).access as AccessMark | undefined;
    if (mark) mark.refused = true;
    return request; // AdminJS's own check (isAccessible above) now refuses it
  };
}
