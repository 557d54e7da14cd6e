/**
 * Invoices and credit notes (FatturaPA): state, SdI problems and receipts, downloads of the XML and of
 * the courtesy copy, resend after a rejection or a fix, and a year's XML files as one ZIP.
 */
import type { App } from '../../core/app.js';
import type { BaseRecord } from 'adminjs';
import { invoiceStateLabels, invoiceStates } from '../../core/invoicing/invoice.types.js';
import { defineResource } from './define-resource.js';
import { formAction } from '../actions/form-action.js';
import { euro } from '../money.js';

const INVOICES = { name: 'Fatture elettroniche', icon: 'FileText' };
const ADMIN_ROOT = '/admin';

export function invoiceResources(app: App) {
  const m = app.db.models;
  const id = (r?: BaseRecord) => Number(r!.params.id);

  const resend = formAction(app, {
    name: 'resend', resourceId: 'invoices', actionType: 'record', icon: 'Send',
    visible: (r) => ['rejected', 'invalid', 'awaiting_data'].includes(String(r?.params.state)),
    async form({ record }) {
      const inv = (await app.useCases.getInvoice(id(record)))!;
      return {
        intro: 'Dopo aver corretto i dati (partner o azienda), la fattura parte di nuovo con lo stesso numero e la stessa data e un nuovo progressivo di invio (lo SdI lo accetta entro 5 giorni dallo scarto).',
        facts: [
          { label: 'Numero', value: inv.number },
          { label: 'Data', value: inv.issueDate },
          { label: 'Stato', value: invoiceStateLabels[inv.state].it },
          { label: 'Totale', value: euro(inv.grossCents) },
          ...(inv.problems ?? []).map((p) => ({ label: p.code, value: p.it })),
        ],
        fields: [],
        submitLabel: 'Reinvia allo SdI',
        confirm: `Confermi il reinvio della fattura ${inv.number}?`,
      };
    },
    async run({ record, actor }) {
      const r = await app.useCases.resendInvoice(id(record), actor);
      return r.queued ? { message: 'Fattura rimessa in coda per l’invio' } : { type: 'info', message: 'Mancano ancora dati di fatturazione: la fattura resta in attesa' };
    },
  });

  const download = formAction(app, {
    name: 'download', resourceId: 'invoices', actionType: 'record', icon: 'Download',
    async form({ record }) {
      const inv = (await app.useCases.getInvoice(id(record)))!;
      return {
        facts: [{ label: 'Numero', value: inv.number }, { label: 'File', value: inv.fileName ?? '— (non ancora prodotto)' }],
        fields: [],
        submitLabel: 'Scarica',
        confirm: 'Scaricare il file XML e la copia di cortesia?',
      };
    },
    async run({ record }) {
      const inv = (await app.useCases.getInvoice(id(record)))!;
      return {
        message: `Fattura ${inv.number}`,
        lines: [inv.xml ? `XML: ${inv.fileName}` : 'XML non ancora prodotto'],
        link: { href: `${ADMIN_ROOT}/fatture/${inv.id}/${inv.xml ? 'xml' : 'copia'}`, label: inv.xml ? 'Scarica l’XML' : 'Scarica la copia di cortesia' },
        html: `<p><a href="${ADMIN_ROOT}/fatture/${inv.id}/pdf">Copia di cortesia (PDF)</a> · <a href="${ADMIN_ROOT}/fatture/${inv.id}/copia">Copia di cortesia (HTML)</a></p>`,
      };
    },
  });

  const exportYear = formAction(app, {
    name: 'export', resourceId: 'invoices', actionType: 'resource', icon: 'Archive',
    form() {
      return {
        intro: 'Tutti i file XML dell’anno (fatture e note di credito) in un unico ZIP per il commercialista.',
        fields: [{ name: 'year', label: 'Anno', default: String(new Date().getFullYear()), required: true }],
        submitLabel: 'Prepara lo ZIP',
        confirm: 'Preparare lo ZIP dell’anno?',
      };
    },
    async run({ payload }) {
      const year = Number(payload.year);
      const files = await app.useCases.exportInvoices.files(year);
      return { message: `${files.length} file XML del ${year}`, link: { href: `${ADMIN_ROOT}/fatture/anno/${year}`, label: `Scarica fatture-${year}.zip` } };
    },
  });

  const stateValues = invoiceStates.map((v) => ({ value: v, label: invoiceStateLabels[v].it }));
  return [
    defineResource(app, {
      model: m.Invoice,
      navigation: INVOICES,
      titleProperty: 'number',
      sort: { sortBy: 'id', direction: 'desc' },
      list: ['number', 'documentType', 'issueDate', 'buyerType', 'partnerId', 'grossCents', 'state', 'fileName'],
      show: ['id', 'number', 'documentType', 'issueDate', 'orderId', 'orderNumber', 'relatedInvoiceId', 'buyerType', 'partnerId', 'companyId', 'netCents', 'vatCents', 'grossCents',
        'paymentMethod', 'paidAt', 'state', 'problems', 'fileName', 'progressivoInvio', 'transmissionId', 'sdiIdentifier', 'sentAt', 'deliveredAt', 'rejectedAt', 'createdAt'],
      filter: ['number', 'documentType', 'year', 'state', 'partnerId', 'orderId', 'issueDate', 'sentAt'],
      money: ['netCents', 'vatCents', 'grossCents'],
      hidden: ['xml', 'buyer', 'lines', 'dedupKey', 'series', 'sequence'],
      properties: {
        partnerId: { reference: 'partners' },
        orderId: { reference: 'orders' },
        relatedInvoiceId: { reference: 'invoices' },
        state: { availableValues: stateValues },
        documentType: { availableValues: [{ value: 'TD01', label: 'TD01 fattura' }, { value: 'TD04', label: 'TD04 nota di credito' }] },
        problems: { type: 'textarea' },
      },
      actions: { resend, download, export: exportYear },
    }),
    defineResource(app, {
      model: m.InvoiceReceipt,
      navigation: INVOICES,
      sort: { sortBy: 'id', direction: 'desc' },
      list: ['id', 'invoiceId', 'type', 'sdiIdentifier', 'outcome', 'createdAt'],
      show: ['id', 'invoiceId', 'type', 'messageId', 'fileName', 'sdiIdentifier', 'outcome', 'errors', 'createdAt'],
      filter: ['invoiceId', 'type', 'createdAt'],
      hidden: ['body'],
      properties: { invoiceId: { reference: 'invoices' }, errors: { type: 'textarea' } },
    }),
  ];
}
