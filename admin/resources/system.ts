/** Emails (HTML preview, resend), opt-outs from invitations (record, withdraw), outbox jobs (retry), Stripe events, staff users (admin only) and the read-only audit log. */
import type { App } from '../../core/app.js';
import type { BaseRecord } from 'adminjs';
import { defineResource } from './define-resource.js';
import { formAction } from '../actions/form-action.js';
import { editableFields } from '../../core/staff/edit-record.js';
import { valueLabel } from '../locale.js';
import { staffRoles } from '../../core/shared/types.js';
import { personalDataActions } from '../actions/personal-data.js';

const SYSTEM = { name: 'Sistema', icon: 'Settings' };

export function systemResources(app: App) {
  const m = app.db.models;
  const id = (r?: BaseRecord) => Number(r!.id());

  const preview = formAction(app, {
    name: 'preview', resourceId: 'emails', actionType: 'record', icon: 'Eye',
    form: ({ record }) => ({
      facts: [{ label: 'A', value: String(record!.params.toAddress) }, { label: 'Modello', value: valueLabel('emails', 'template', record!.params.template) }, { label: 'Stato', value: valueLabel('emails', 'status', record!.params.status) }],
      fields: [], submitLabel: 'Mostra l’anteprima', confirm: 'Generare l’anteprima HTML?',
    }),
    // Rendering changes nothing; it runs on POST only so that the same form component serves it.
    async run({ record }) {
      const rendered = await app.useCases.previewEmail(id(record));
      return { message: `Oggetto: ${rendered.subject}`, html: rendered.html };
    },
  });

  const resend = formAction(app, {
    name: 'resend', resourceId: 'emails', actionType: 'record', icon: 'Send',
    visible: (r) => r?.params.status !== 'queued',
    form: ({ record }) => ({ facts: [{ label: 'A', value: String(record!.params.toAddress) }, { label: 'Modello', value: valueLabel('emails', 'template', record!.params.template) }], fields: [], submitLabel: 'Rispedisci', confirm: 'Rispedire questa email?' }),
    async run({ record, actor }) {
      await app.useCases.resendEmail(id(record), actor);
      return { message: 'Email rimessa in coda' };
    },
  });

  const retry = formAction(app, {
    name: 'retry', resourceId: 'outbox_jobs', actionType: 'record', icon: 'RefreshCw',
    visible: (r) => r?.params.status === 'failed',
    form: ({ record }) => ({ facts: [{ label: 'Tipo', value: valueLabel('outbox_jobs', 'kind', record!.params.kind) }, { label: 'Tentativi', value: String(record!.params.attempts) }, { label: 'Ultimo errore', value: String(record!.params.lastError ?? '') }], fields: [], submitLabel: 'Riprova', confirm: 'Rimettere in coda il job?' }),
    async run({ record, actor }) {
      const r = await app.useCases.retryJob(id(record), actor);
      return r.alreadyDone ? { type: 'info', message: 'Il job è già in coda' } : { message: 'Job rimesso in coda' };
    },
  });

  const createStaffUser = formAction(app, {
    name: 'createStaffUser', resourceId: 'staff_users', actionType: 'resource', icon: 'UserPlus',
    form: () => ({
      fields: [
        { name: 'email', label: 'Email', required: true },
        { name: 'name', label: 'Nome', required: true },
        { name: 'role', label: 'Ruolo', type: 'select', default: 'support', options: staffRoles.map((r) => ({ value: r, label: valueLabel('staff_users', 'role', r) })) },
        { name: 'password', label: 'Password iniziale (almeno 12 caratteri)', required: true },
      ],
      submitLabel: 'Crea l’utente', confirm: 'Creare l’utente del back-office?',
    }),
    async run({ payload, actor }) {
      const u = await app.useCases.createStaffUser({ email: String(payload.email ?? ''), name: String(payload.name ?? ''), role: payload.role as any, password: String(payload.password ?? '') }, actor);
      return { message: `Utente ${u.email} creato` };
    },
  });

  // Objections to invitations: recorded by staff when they arrive another way, withdrawn on request.
  const addOptOut = formAction(app, {
    name: 'addOptOut', resourceId: 'email_opt_outs', actionType: 'resource', icon: 'UserX',
    form: () => ({
      intro: 'Una persona ha chiesto (per telefono, per lettera, scrivendo all’assistenza) di non ricevere più inviti all’acquisto: nessun partner potrà più invitare questo indirizzo.',
      fields: [
        { name: 'email', label: 'Indirizzo email', required: true },
        { name: 'note', label: 'Come è arrivata la richiesta', type: 'textarea', required: true },
      ],
      submitLabel: 'Registra la disiscrizione', confirm: 'Nessun partner potrà più invitare questo indirizzo. Confermi?',
    }),
    async run({ payload, actor }) {
      const r = await app.useCases.recordOptOutByStaff({ email: String(payload.email ?? ''), note: String(payload.note ?? '') }, actor);
      return r.already ? { type: 'info', message: 'L’indirizzo era già disiscritto' } : { message: 'Disiscrizione registrata: l’indirizzo non riceverà più inviti' };
    },
  });
  const withdrawOptOut = formAction(app, {
    name: 'withdrawOptOut', resourceId: 'email_opt_outs', actionType: 'record', icon: 'UserCheck',
    form: ({ record }) => ({
      intro: 'Solo se la persona ha chiesto di ricevere di nuovo gli inviti: i partner potranno invitarla ancora.',
      facts: [{ label: 'Indirizzo', value: String(record!.params.email) }, { label: 'Disiscritto con', value: valueLabel('email_opt_outs', 'source', record!.params.source) }],
      fields: [{ name: 'note', label: 'Come la persona lo ha chiesto', type: 'textarea', required: true }],
      submitLabel: 'Annulla la disiscrizione', confirm: 'I partner potranno di nuovo invitare questo indirizzo. Confermi?',
    }),
    async run({ record, payload, actor }) {
      const r = await app.useCases.withdrawOptOut({ id: id(record), note: String(payload.note ?? '') }, actor);
      return r.alreadyDone ? { type: 'info', message: 'La disiscrizione era già stata annullata' } : { message: 'Disiscrizione annullata' };
    },
  });

  const out = [
    defineResource(app, {
      model: m.Email, navigation: SYSTEM,
      list: ['id', 'template', 'toAddress', 'status', 'attempts', 'sentAt', 'createdAt'],
      filter: ['template', 'toAddress', 'status', 'entityType', 'entityId'],
      hidden: ['data'],
      properties: { error: { type: 'textarea' } },
      actions: { preview, resend },
    }),
    defineResource(app, {
      model: m.EmailOptOut, navigation: SYSTEM, titleProperty: 'email',
      list: ['id', 'email', 'source', 'createdAt'],
      filter: ['email', 'source', 'createdAt'],
      properties: { source: { availableValues: ['link', 'one_click', 'staff'].map((v) => ({ value: v, label: v })) } },
      actions: { addOptOut, withdrawOptOut },
    }),
    defineResource(app, {
      model: m.OutboxJob, navigation: SYSTEM,
      list: ['id', 'kind', 'status', 'attempts', 'maxAttempts', 'runAt', 'lastError'],
      filter: ['kind', 'status'],
      hidden: ['payload', 'lockedBy'],
      properties: { lastError: { type: 'textarea' } },
      actions: { retry },
    }),
    defineResource(app, {
      model: m.StaffUser, navigation: SYSTEM, titleProperty: 'email',
      list: ['id', 'email', 'name', 'role', 'active', 'lastLoginAt'],
      filter: ['email', 'name', 'role', 'active'],
      edit: editableFields('staff_users'),
      hidden: ['passwordHash'],
      actions: { createStaffUser },
    }),
    defineResource(app, {
      model: m.AuditLog, navigation: SYSTEM,
      list: ['id', 'createdAt', 'actorLabel', 'action', 'entityType', 'entityId'],
      filter: ['actorType', 'actorId', 'actorLabel', 'action', 'entityType', 'entityId', 'createdAt'],
      properties: { before: { type: 'textarea' }, after: { type: 'textarea' } },
      actions: { ...personalDataActions(app) },
    }),
  ];
  if ((m as any).StripeEvent) {
    out.push(defineResource(app, {
      model: (m as any).StripeEvent, navigation: SYSTEM,
      list: ['id', 'eventId', 'type', 'status', 'orderId', 'outcome', 'createdAt'],
      filter: ['eventId', 'type', 'status', 'orderId'],
      hidden: ['payload'],
      properties: { orderId: { reference: 'orders' } },
    }));
  }
  return out;
}
