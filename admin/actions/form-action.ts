/**
 * Builds an AdminJS custom action that only calls core use cases: GET describes a form (never changes
 * anything: actions are reachable by GET), POST runs it once per idempotency key, with the role checked
 * again here (AdminJS's isAccessible hook, admin/access.ts, refuses first; this holds whatever calls the handler).
 * Domain errors become a notice for the person; anything else is a bug, logged and rethrown.
 */
import type { ActionRequest, ActionContext, ActionResponse, BaseRecord } from 'adminjs';
import type { App } from '../../core/app.js';
import type { Actor } from '../../core/shared/actor.js';
import { isDomainError } from '../../core/errors.js';
import { can } from '../policy.js';
import { Components } from '../components.js';

export interface FormField {
  name: string;
  label: string;
  type?: 'text' | 'textarea' | 'date' | 'select' | 'checkbox' | 'file' | 'allocations';
  options?: { value: string; label: string }[];
  default?: string;
  required?: boolean;
  help?: string;
  suggestions?: { orderId: number; label: string; buyerName: string; remaining: string; reasons: string }[];
}

export interface FormSpec {
  intro?: string;
  facts?: { label: string; value: string }[];
  fields: FormField[];
  submitLabel: string;
  confirm: string;
  /** Set when the action makes no sense for this record now (shown instead of the form). */
  disabledReason?: string;
}

export interface ActionResult {
  type?: 'success' | 'info' | 'error';
  message: string;
  lines?: string[];
  html?: string;
  link?: { href: string; label: string };
  /** a file offered for download (built in the browser from this text) */
  download?: { fileName: string; mime: string; label: string; content: string };
}

export interface RunContext {
  app: App;
  actor: Actor & { type: 'staff' };
  record?: BaseRecord;
  payload: Record<string, any>;
  context: ActionContext;
}

export interface FormActionSpec {
  name: string;
  resourceId: string;
  actionType: 'record' | 'resource';
  icon?: string;
  form(c: Omit<RunContext, 'payload'>): Promise<FormSpec> | FormSpec;
  run(c: RunContext): Promise<ActionResult>;
  /**
   * Offered only on records where it makes sense now (AdminJS hides the button elsewhere). Checked
   * again by the handler rather than by AdminJS, so that the late second click of a double submit
   * (the first one changed the record) is told "Già eseguito" instead of AdminJS's bare refusal.
   */
  visible?(record: BaseRecord | undefined): boolean;
}

export const staffActor = (currentAdmin: any): Actor & { type: 'staff' } => ({
  type: 'staff',
  id: Number(currentAdmin?.id),
  label: String(currentAdmin?.email ?? 'staff'),
  role: currentAdmin?.role,
});

const KEY = /^[A-Za-z0-9_-]{16,64}$/;

export function formAction(app: App, spec: FormActionSpec) {
  return {
    actionType: spec.actionType,
    icon: spec.icon,
    component: Components.ActionForm,
    showInDrawer: false,
    isAccessible: ({ currentAdmin }: ActionContext) => can(currentAdmin?.role as any, spec.resourceId, spec.name),
    isVisible: ({ record }: ActionContext) => (spec.visible ? spec.visible(record) : true),
    handler: async (request: ActionRequest, _response: any, context: ActionContext): Promise<ActionResponse> => {
      const actor = staffActor(context.currentAdmin);
      const record = context.record;
      const json = () => (record ? { record: record.toJSON(context.currentAdmin) } : {});
      if (!can(actor.role, spec.resourceId, spec.name)) {
        await auditRefusal(app, actor, spec.resourceId, spec.name, record?.id());
        return { ...json(), notice: { message: 'Azione non consentita al tuo ruolo', type: 'error' }, result: { type: 'error', message: 'Azione non consentita al tuo ruolo' } };
      }
      const offered = spec.visible ? spec.visible(record) : true;
      const unavailable = (): ActionResponse => ({ ...json(), notice: { message: NOT_OFFERED, type: 'error' }, result: { type: 'error', message: NOT_OFFERED } });
      if (request.method !== 'post') return offered ? { ...json(), form: await spec.form({ app, actor, record, context }) } : unavailable();

      const payload = request.payload ?? {};
      const key = String(payload.idempotencyKey ?? '');
      if (!KEY.test(key)) return { ...json(), notice: { message: 'Richiesta non valida: ricarica la pagina', type: 'error' }, result: { type: 'error', message: 'Richiesta non valida: ricarica la pagina' } };
      if (!offered) {
        // Most often the second click of a double submit, arriving once the first one changed the record.
        const done = await earlierOutcome(app, key);
        return done ? { ...json(), notice: { message: done.message, type: 'info' }, result: done } : unavailable();
      }
      const entityId = `${spec.resourceId}:${record?.id() ?? '-'}`;
      const claim = await claimKey(app, key, actor, spec.name, entityId);
      if (claim) return { ...json(), notice: { message: claim.message, type: 'info' }, result: claim };

      try {
        const result = await spec.run({ app, actor, record, payload, context });
        // The key keeps the outcome, not a rendering or a file: those may hold personal data (an access report).
        const { html: _html, download: _download, ...outcome } = result;
        await app.useCases.saveActionOutcome(key, { ...outcome });
        const fresh = record ? await context.resource.findOne(String(record.id())) : null;
        return {
          ...(fresh ? { record: fresh.toJSON(context.currentAdmin) } : json()),
          notice: { message: result.message, type: result.type === 'error' ? 'error' : 'success' },
          result: { type: 'success', ...result },
        };
      } catch (e) {
        await app.useCases.releaseActionKey(key); // nothing was done: the same form may try again
        if (!isDomainError(e)) {
          app.log.error({ err: e, action: spec.name, resource: spec.resourceId }, 'back-office action failed');
          throw e;
        }
        const fields = (e.details as any)?.fields;
        const message = fields ? `${e.message}: ${Object.entries(fields).map(([k, v]) => `${k} ${v}`).join('; ')}` : e.message;
        return { ...json(), notice: { message, type: 'error' }, result: { type: 'error', message, lines: detailLines(e.details) } };
      }
    },
  };
}

function detailLines(details: Record<string, unknown>): string[] {
  if (details.line && details.reason) return [`Riga ${details.line}: ${details.reason}`];
  return [];
}

const NOT_OFFERED = 'Azione non più disponibile: lo stato del record è cambiato (ricarica la pagina)';

/** null when the key is new (the caller runs the action); else what to tell the person. */
async function claimKey(app: App, key: string, actor: Actor & { type: 'staff' }, action: string, entityId: string): Promise<ActionResult | null> {
  if (await app.useCases.claimActionKey({ key, staffId: actor.id, action, entityId })) return null;
  return (await earlierOutcome(app, key)) ?? { type: 'info', message: 'Questa azione è già in corso' };
}

/** What the form with this key already did, if it ran to the end. */
async function earlierOutcome(app: App, key: string): Promise<ActionResult | null> {
  const result = (await app.useCases.actionOutcome(key)) as unknown as ActionResult | null;
  if (!result) return null;
  return { ...result, type: 'info', message: `Già eseguito: ${result.message ?? ''}`.trim() };
}

export async function auditRefusal(app: App, actor: Actor, resourceId: string, action: string, recordId?: string | number | null) {
  await app.useCases.recordAccessDenied({ resourceId, action, recordId }, actor);
}
