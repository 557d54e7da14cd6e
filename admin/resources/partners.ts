/** Partners with their Telegram users and link codes ("issue link code" shows the code once), companies, invitations. */
import type { App } from '../../core/app.js';
import type { BaseRecord } from 'adminjs';
import { DomainError } from '../../core/errors.js';
import { defineResource } from './define-resource.js';
import { formAction } from '../actions/form-action.js';
import { editableFields } from '../../core/staff/edit-record.js';

const PEOPLE = { name: 'Partner e clienti', icon: 'Users' };

export function partnerResources(app: App) {
  const m = app.db.models;
  const id = (r?: BaseRecord) => Number(r!.id());

  const issueLinkCode = formAction(app, {
    name: 'issueLinkCode', resourceId: 'partners', actionType: 'record', icon: 'Key',
    form: ({ record }) => ({
      intro: 'Genera un codice monouso per collegare un utente Telegram a questo partner. Il codice si vede solo ora: copialo e consegnalo.',
      facts: [{ label: 'Partner', value: String(record!.params.legalName) }],
      fields: [{ name: 'role', label: 'Ruolo', type: 'select', default: 'operator', options: [{ value: 'owner', label: 'Titolare' }, { value: 'operator', label: 'Operatore' }] }],
      submitLabel: 'Genera il codice',
      confirm: 'Generare un nuovo codice di collegamento?',
    }),
    async run({ record, payload, actor }) {
      const r = await app.useCases.issueLinkCode({ partnerId: id(record), role: payload.role === 'owner' ? 'owner' : 'operator' }, actor);
      return { message: `Codice: ${r.code}`, lines: [`Link: ${r.deepLink}`, `Scade: ${r.expiresAt.toISOString()}`], link: { href: r.deepLink, label: r.deepLink } };
    },
  });

  const createPartner = formAction(app, {
    name: 'createPartner', resourceId: 'partners', actionType: 'resource', icon: 'Plus',
    form: () => ({
      fields: [
        { name: 'kind', label: 'Tipo', type: 'select', default: 'service_centre', options: [{ value: 'service_centre', label: 'Centro Servizi' }, { value: 'accountant', label: 'Commercialista' }] },
        { name: 'legalName', label: 'Ragione sociale', required: true },
        { name: 'vatNumber', label: 'Partita IVA', required: true },
        { name: 'billingEmail', label: 'Email di fatturazione', required: true },
        { name: 'pec', label: 'PEC' },
        { name: 'address', label: 'Indirizzo' },
        { name: 'phone', label: 'Telefono' },
      ],
      submitLabel: 'Crea il partner',
      confirm: 'Creare il partner?',
    }),
    async run({ payload, actor }) {
      const opt = (k: string) => (payload[k] ? String(payload[k]) : undefined);
      const p = await app.useCases.createPartner({ kind: payload.kind === 'accountant' ? 'accountant' : 'service_centre', legalName: String(payload.legalName ?? ''), vatNumber: String(payload.vatNumber ?? ''), billingEmail: String(payload.billingEmail ?? ''), pec: opt('pec'), address: opt('address'), phone: opt('phone') }, actor);
      return { message: `Partner “${p.legalName}” creato`, link: { href: `/admin/resources/partners/records/${p.id}/show`, label: 'Apri il partner' } };
    },
  });

  const retryProvisioning = formAction(app, {
    name: 'retryProvisioning', resourceId: 'companies', actionType: 'record', icon: 'RefreshCw',
    visible: (r) => r?.params.provisioningState === 'failed',
    form: ({ record }) => ({
      facts: [{ label: 'Azienda', value: String(record!.params.legalName) }, { label: 'Errore', value: String(record!.params.provisioningError ?? '') }],
      fields: [], submitLabel: 'Riprova l’attivazione', confirm: 'Riprovare la creazione dell’account aziendale?',
    }),
    async run({ record, actor }) {
      const done = await app.useCases.retryProvisioning(id(record), actor);
      return done ? { message: 'Attivazione rimessa in coda' } : { type: 'info', message: 'L’azienda non è in errore: nulla da ripetere' };
    },
  });

  const invitationEmail = (invId: number) => app.useCases.latestEmailAbout('invitation', invId);
  const resendInvitation = formAction(app, {
    name: 'resend', resourceId: 'invitations', actionType: 'record', icon: 'Mail',
    visible: (r) => ['sent', 'opened'].includes(String(r?.params.status)),
    async form({ record }) {
      const email = await invitationEmail(id(record));
      return {
        facts: [{ label: 'Cliente', value: String(record!.params.clientName) }, { label: 'Email', value: String(record!.params.clientEmail) }],
        fields: [], submitLabel: 'Rispedisci l’invito', confirm: 'Rispedire l’email d’invito?',
        disabledReason: email ? undefined : 'Nessuna email d’invito registrata',
      };
    },
    async run({ record, actor }) {
      const email = await invitationEmail(id(record));
      if (!email) throw new DomainError('not_found', 'Nessuna email d’invito registrata');
      await app.useCases.resendEmail(email.id, actor);
      return { message: `Invito rimesso in coda per ${email.toAddress}` };
    },
  });

  const cancelInvitation = formAction(app, {
    name: 'cancel', resourceId: 'invitations', actionType: 'record', icon: 'XCircle',
    visible: (r) => ['sent', 'opened'].includes(String(r?.params.status)),
    form: ({ record }) => ({ facts: [{ label: 'Cliente', value: String(record!.params.clientName) }], fields: [], submitLabel: 'Annulla l’invito', confirm: 'Annullare l’invito? Il link smetterà di funzionare.' }),
    async run({ record, actor }) {
      await app.useCases.cancelInvitation(id(record), actor);
      return { message: 'Invito annullato' };
    },
  });

  return [
    defineResource(app, {
      model: m.Partner, navigation: PEOPLE, titleProperty: 'legalName',
      list: ['id', 'legalName', 'kind', 'vatNumber', 'billingEmail', 'active', 'createdAt'],
      filter: ['legalName', 'kind', 'vatNumber', 'billingEmail', 'active'],
      edit: editableFields('partners'),
      actions: { issueLinkCode, createPartner },
    }),
    defineResource(app, {
      model: m.PartnerUser, navigation: PEOPLE, titleProperty: 'displayName',
      list: ['id', 'partnerId', 'displayName', 'role', 'telegramUserId', 'language', 'active', 'blockedAt'],
      filter: ['partnerId', 'displayName', 'role', 'telegramUserId', 'active'],
      properties: { partnerId: { reference: 'partners' } },
    }),
    defineResource(app, {
      model: m.LinkCode, navigation: PEOPLE,
      list: ['id', 'partnerId', 'role', 'expiresAt', 'usedAt', 'usedByPartnerUserId', 'createdBy', 'createdAt'],
      filter: ['partnerId', 'role', 'createdBy'],
      hidden: ['codeHash'],
      properties: { partnerId: { reference: 'partners' }, usedByPartnerUserId: { reference: 'partner_users' } },
    }),
    defineResource(app, {
      model: m.Company, navigation: PEOPLE, titleProperty: 'legalName',
      list: ['id', 'legalName', 'partnerId', 'tier', 'payer', 'provisioningState', 'subscriptionExpiresAt'],
      filter: ['partnerId', 'legalName', 'vatNumber', 'tier', 'payer', 'provisioningState'],
      hidden: ['externalAccountId'],
      properties: { partnerId: { reference: 'partners' }, couponId: { reference: 'coupons' }, orderId: { reference: 'orders' }, provisioningError: { type: 'textarea' } },
      actions: { retryProvisioning },
    }),
    defineResource(app, {
      model: m.Invitation, navigation: PEOPLE, titleProperty: 'clientName',
      list: ['id', 'partnerId', 'clientName', 'clientEmail', 'tier', 'status', 'expiresAt', 'createdAt'],
      filter: ['partnerId', 'clientName', 'clientEmail', 'tier', 'status'],
      hidden: ['tokenHash'],
      properties: { partnerId: { reference: 'partners' }, orderId: { reference: 'orders' } },
      actions: { resend: resendInvitation, cancel: cancelInvitation },
    }),
  ];
}
