/** Partners with their Telegram users and link codes ("issue link code" shows the code once), companies, invitations. */
import type { App } from '../../core/app.js';
import type { BaseRecord } from 'adminjs';
import { DomainError } from '../../core/errors.js';
import { defineResource } from './define-resource.js';
import { exportCsvAction } from '../actions/export-action.js';
import { formAction, staffActor } from '../actions/form-action.js';
import { editableFields } from '../../core/staff/edit-record.js';
import { Components } from '../components.js';
import { partnerPurchasesChart } from '../charts.js';

const PEOPLE = { name: 'Partner e clienti', icon: 'Users' };
const subscriptionStateLabels: Record<string, string> = { active: 'attiva', grace: 'scaduta, in tolleranza', suspended: 'sospesa' };

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

  /** What the partner's invoices need; invoices that waited for it leave when it is saved. */
  const billing = formAction(app, {
    name: 'billing', resourceId: 'partners', actionType: 'record', icon: 'FileText',
    async form({ record }) {
      const p = (await app.useCases.partnerBillingData(id(record)))!;
      const missing = await app.useCases.partnerBillingProblems(id(record));
      return {
        intro: 'Dati di fatturazione del partner (fatture elettroniche). Le fatture in attesa di questi dati partono appena salvati; le fatture scartate vanno poi reinviate dalla loro scheda.',
        facts: missing.length ? missing.map((x) => ({ label: 'Manca', value: x.it })) : [{ label: 'Stato', value: 'Dati completi' }],
        fields: [
          { name: 'address', label: 'Indirizzo della sede legale', default: p.address ?? '', required: true },
          { name: 'cap', label: 'CAP', default: p.cap ?? '', required: true },
          { name: 'city', label: 'Comune', default: p.city ?? '', required: true },
          { name: 'province', label: 'Provincia (sigla)', default: p.province ?? '', required: true },
          { name: 'sdiCode', label: 'Codice destinatario SDI', default: p.sdiCode ?? '', required: true, help: '7 caratteri; 0000000 per la PEC o il cassetto fiscale' },
          { name: 'pec', label: 'PEC', default: p.pec ?? '' },
          { name: 'taxCode', label: 'Codice fiscale', default: p.taxCode ?? '' },
          { name: 'firstName', label: 'Nome (solo persona fisica)', default: p.firstName ?? '' },
          { name: 'lastName', label: 'Cognome (solo persona fisica)', default: p.lastName ?? '' },
        ],
        submitLabel: 'Salva i dati di fatturazione',
        confirm: 'Salvare i dati di fatturazione?',
      };
    },
    async run({ record, payload, actor }) {
      const opt = (k: string) => (payload[k] ? String(payload[k]) : null);
      const r = await app.useCases.updatePartnerBilling(
        { partnerId: id(record), address: String(payload.address ?? ''), cap: String(payload.cap ?? ''), city: String(payload.city ?? ''), province: String(payload.province ?? ''), sdiCode: String(payload.sdiCode ?? ''), pec: opt('pec'), taxCode: opt('taxCode'), firstName: opt('firstName'), lastName: opt('lastName') },
        actor,
      );
      return { message: r.complete ? 'Dati di fatturazione completi' : 'Dati salvati, ma ancora incompleti', lines: r.invoicesQueued ? [`Fatture in attesa rimesse in coda: ${r.invoicesQueued}`] : [] };
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

  const extendSubscription = formAction(app, {
    name: 'extendSubscription', resourceId: 'companies', actionType: 'record', icon: 'Calendar',
    form: ({ record }) => ({
      intro: 'Proroga l’abbonamento a mano (per esempio un rinnovo pagato fuori dallo sportello). Come un rinnovo: dalla scadenza attuale, o da oggi se l’azienda è sospesa (e viene riattivata).',
      facts: [
        { label: 'Azienda', value: String(record!.params.legalName) },
        { label: 'Scadenza', value: new Date(String(record!.params.subscriptionExpiresAt)).toLocaleDateString('it-IT', { timeZone: 'Europe/Rome' }) },
        { label: 'Stato abbonamento', value: subscriptionStateLabels[String(record!.params.subscriptionState)] ?? String(record!.params.subscriptionState) },
      ],
      fields: [
        { name: 'months', label: 'Mesi', type: 'select', default: '12', options: [1, 2, 3, 6, 12, 24].map((n) => ({ value: String(n), label: n === 1 ? '1 mese' : `${n} mesi` })) },
        { name: 'reason', label: 'Motivo (obbligatorio, resta nel registro attività)', type: 'textarea', required: true },
      ],
      submitLabel: 'Proroga l’abbonamento',
      confirm: 'Prorogare l’abbonamento di questa azienda?',
    }),
    async run({ record, payload, actor }) {
      const r = await app.useCases.extendSubscription({ companyId: id(record), months: Number(payload.months), reason: String(payload.reason ?? '') }, actor);
      const [y, mo, d] = r.expiresOn.split('-');
      return { message: `Abbonamento prorogato fino al ${d}/${mo}/${y}${r.reactivated ? ': l’azienda viene riattivata' : ''}` };
    },
  });

  const upcomingRenewals = formAction(app, {
    name: 'upcomingRenewals', resourceId: 'partners', actionType: 'record', icon: 'Clock',
    async form({ record }) {
      const list = await app.useCases.listExpiring({ partnerId: id(record), days: 90, pageSize: 50 });
      const facts = list.items.map((c) => ({
        label: c.legalName,
        value: [c.expiresOn.split('-').reverse().join('/'), subscriptionStateLabels[c.state], c.payer === 'client' ? 'a carico del cliente' : 'a carico del partner', c.awaitingOrderNumber ? `ordine ${c.awaitingOrderNumber} in attesa del bonifico` : ''].filter(Boolean).join(' · '),
      }));
      return {
        intro: list.total ? `${list.total} aziende scadono nei prossimi 90 giorni (o sono scadute e non rinnovate)${list.total > 50 ? ': le prime 50' : ''}.` : 'Nessuna azienda scade nei prossimi 90 giorni.',
        facts,
        fields: [],
        submitLabel: 'Apri l’elenco delle aziende',
        confirm: 'Aprire l’elenco delle aziende di questo partner?',
      };
    },
    async run({ record }) {
      return { type: 'info', message: 'Elenco delle aziende del partner', link: { href: `/admin/resources/companies?filters.partnerId=${id(record)}&sortBy=subscriptionExpiresAt&direction=asc`, label: 'Aziende per scadenza' } };
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

  // The partner page's chart reads its figures here (a read: no form, no change).
  const purchases = {
    actionType: 'record', component: false, isVisible: false,
    handler: async (_request: unknown, _response: unknown, context: any) => {
      const r = await app.useCases.partnerPurchases({ partnerId: id(context.record) }, staffActor(context.currentAdmin));
      return { record: context.record.toJSON(context.currentAdmin), chart: partnerPurchasesChart(r, id(context.record), '/admin') };
    },
  };

  return [
    defineResource(app, {
      model: m.Partner, navigation: PEOPLE, titleProperty: 'legalName',
      list: ['id', 'legalName', 'kind', 'vatNumber', 'billingEmail', 'active', 'createdAt'],
      show: ['id', 'legalName', 'kind', 'vatNumber', 'taxCode', 'billingEmail', 'pec', 'address', 'phone', 'active', 'createdAt', 'updatedAt', 'purchases'],
      filter: ['legalName', 'kind', 'vatNumber', 'billingEmail', 'active'],
      edit: editableFields('partners'),
      properties: { purchases: { type: 'string', isVisible: { list: false, show: true, edit: false, filter: false }, components: { show: Components.PartnerPurchases } } },
      actions: { issueLinkCode, createPartner, upcomingRenewals, purchases, billing },
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
      list: ['id', 'legalName', 'partnerId', 'tier', 'payer', 'provisioningState', 'subscriptionExpiresAt', 'subscriptionState'],
      // In scadenza: a range on subscriptionExpiresAt; in tolleranza / sospese: subscriptionState.
      filter: ['partnerId', 'legalName', 'vatNumber', 'tier', 'payer', 'provisioningState', 'subscriptionState', 'subscriptionExpiresAt'],
      hidden: ['externalAccountId'],
      properties: {
        partnerId: { reference: 'partners' }, couponId: { reference: 'coupons' }, orderId: { reference: 'orders' }, provisioningError: { type: 'textarea' },
        subscriptionState: { availableValues: Object.entries(subscriptionStateLabels).map(([value, label]) => ({ value, label })) },
      },
      actions: { retryProvisioning, extendSubscription, exportCsv: exportCsvAction(app, 'companies') },
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
