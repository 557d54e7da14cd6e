/** Orders with their lines, totals in €, payment and bank proof; actions: mark paid, fulfil, cancel, refund, resend instructions. */
import type { App } from '../../core/app.js';
import type { BaseRecord } from 'adminjs';
import { DomainError } from '../../core/errors.js';
import { payableStatuses } from '../../core/orders/order.rules.js';
import { formatPaymentReference } from '../../core/orders/payment-reference.js';
import { defineResource } from './define-resource.js';
import { exportCsvAction } from '../actions/export-action.js';
import { formAction } from '../actions/form-action.js';
import { euro, euroField, parseEuro } from '../money.js';
import { valueLabel } from '../locale.js';

const SALES = { name: 'Vendite', icon: 'ShoppingCart' };
const status = (r?: BaseRecord) => String(r?.params.status ?? '');

async function orderFacts(app: App, record: BaseRecord) {
  const p = record.params;
  const received = await app.useCases.receivedByBankTransfer(Number(p.id));
  const facts = [
    { label: 'Numero', value: String(p.number ?? p.id) },
    { label: 'Causale', value: safeRef(p.paymentReference) },
    { label: 'Acquirente', value: String(p.buyerName) },
    { label: 'Stato', value: valueLabel('orders', 'status', p.status) },
    { label: 'Totale', value: euro(p.grossCents) },
  ];
  if (received) facts.push({ label: 'Già ricevuto da bonifici', value: euro(received) }, { label: 'Mancano', value: euro(Number(p.grossCents) - received) });
  return { facts, received };
}

const safeRef = (r: unknown) => {
  try {
    return formatPaymentReference(String(r));
  } catch {
    return String(r ?? '');
  }
};

const today = () => new Date().toISOString().slice(0, 10);

export function ordersResource(app: App) {
  const m = app.db.models;
  const uc = app.useCases as Record<string, any>;
  const orderId = (r?: BaseRecord) => Number(r!.params.id);

  const markPaid = formAction(app, {
    name: 'markPaid', resourceId: 'orders', actionType: 'record', icon: 'CheckCircle',
    visible: (r) => payableStatuses.includes(status(r) as any),
    async form({ record }) {
      const { facts } = await orderFacts(app, record!);
      return {
        intro: 'Registra un pagamento ricevuto (es. bonifico verificato a mano). L’ordine viene evaso subito, salvo diversa scelta.',
        facts,
        fields: [
          { name: 'paidAt', label: 'Data del pagamento', type: 'date', default: today(), required: true },
          { name: 'amount', label: 'Importo ricevuto (€)', default: euroField(record!.params.grossCents), required: true, help: 'Il totale dell’ordine o più (l’eccedenza viene segnalata)' },
          { name: 'note', label: 'Nota (riferimento del pagamento)', type: 'textarea' },
          { name: 'fulfil', label: 'Evadi subito (emetti coupon, pacchetti, crediti)', type: 'checkbox', default: 'true' },
        ],
        submitLabel: 'Segna come pagato',
        confirm: `Confermi il pagamento dell’ordine ${record!.params.number ?? record!.params.id}?`,
      };
    },
    async run({ record, payload, actor }) {
      const amountCents = parseEuro(payload.amount);
      if (!amountCents) throw new DomainError('validation', 'Importo non valido');
      const paidAt = /^\d{4}-\d{2}-\d{2}$/.test(String(payload.paidAt ?? '')) ? new Date(`${payload.paidAt}T12:00:00Z`) : undefined;
      const r = await app.useCases.markOrderPaid({ orderId: orderId(record), amountCents, source: 'staff', paidAt, note: payload.note ? String(payload.note).slice(0, 500) : undefined, fulfil: payload.fulfil !== 'false' }, actor);
      if (r.alreadyPaid) return { type: 'info', message: 'L’ordine risultava già pagato: nulla è cambiato' };
      return { message: 'Ordine segnato come pagato', ...(await fulfilmentLines(orderId(record), r.surplusCents)) };
    },
  });

  async function fulfilmentLines(id: number, surplusCents = 0) {
    const coupons = await app.useCases.couponCodesOfOrder(id);
    const lines: string[] = [];
    if (coupons.length) lines.push(`Coupon emessi: ${coupons.length} (${coupons.join(', ')})`);
    if (surplusCents > 0) lines.push(`Eccedenza segnalata: ${euro(surplusCents)}`);
    return { lines, link: coupons.length ? { href: `/admin/resources/coupons?filters.orderId=${id}`, label: 'Vedi i coupon' } : undefined };
  }

  const fulfil = formAction(app, {
    name: 'fulfil', resourceId: 'orders', actionType: 'record', icon: 'Package',
    visible: (r) => status(r) === 'paid',
    async form({ record }) {
      return { facts: (await orderFacts(app, record!)).facts, fields: [], submitLabel: 'Evadi l’ordine', confirm: 'Confermi l’evasione? Coupon e servizi vengono emessi.' };
    },
    async run({ record, actor }) {
      await app.useCases.fulfilOrder(orderId(record), actor);
      return { message: 'Ordine evaso', ...(await fulfilmentLines(orderId(record))) };
    },
  });

  const cancel = formAction(app, {
    name: 'cancel', resourceId: 'orders', actionType: 'record', icon: 'XCircle',
    visible: (r) => status(r) === 'pending_payment',
    async form({ record }) {
      return { facts: (await orderFacts(app, record!)).facts, fields: [{ name: 'reason', label: 'Motivo', type: 'textarea' }], submitLabel: 'Annulla l’ordine', confirm: 'Confermi l’annullamento?' };
    },
    async run({ record, actor, payload }) {
      await app.useCases.cancelOrder(orderId(record), actor, payload.reason ? String(payload.reason).slice(0, 300) : undefined);
      return { message: 'Ordine annullato' };
    },
  });

  const refund = formAction(app, {
    name: 'refund', resourceId: 'orders', actionType: 'record', icon: 'RotateCcw',
    visible: (r) => ['paid', 'fulfilled'].includes(status(r)),
    async form({ record }) {
      return {
        intro: 'Rimborso: con Stripe passa dal fornitore; per i bonifici registra il rimborso da disporre in banca. Coupon non ancora attivati vengono revocati.',
        facts: (await orderFacts(app, record!)).facts,
        fields: [{ name: 'reason', label: 'Motivo', type: 'textarea', required: true }],
        submitLabel: 'Rimborsa',
        confirm: `Confermi il rimborso di ${euro(record!.params.grossCents)}?`,
        disabledReason: typeof uc.refundOrder === 'function' ? undefined : 'Rimborso non disponibile in questa installazione',
      };
    },
    async run({ record, actor, payload }) {
      if (typeof uc.refundOrder !== 'function') throw new DomainError('unavailable', 'Rimborso non disponibile');
      const r = await uc.refundOrder({ orderId: orderId(record), source: 'staff', reason: payload.reason ? String(payload.reason).slice(0, 300) : undefined }, actor);
      return r.alreadyRefunded ? { type: 'info', message: 'L’ordine risultava già rimborsato' } : { message: 'Ordine rimborsato' };
    },
  });

  async function instructionsEmail(id: number) {
    return app.useCases.latestEmailAbout('order', id, 'bank_transfer_instructions');
  }
  const resendInstructions = formAction(app, {
    name: 'resendInstructions', resourceId: 'orders', actionType: 'record', icon: 'Mail',
    visible: (r) => status(r) === 'pending_payment' && r?.params.paymentMethod === 'bank_transfer',
    async form({ record }) {
      const email = await instructionsEmail(orderId(record));
      return {
        facts: [...(await orderFacts(app, record!)).facts, { label: 'Destinatario', value: String(record!.params.buyerEmail ?? '—') }],
        fields: [],
        submitLabel: 'Rispedisci le istruzioni',
        confirm: 'Confermi il nuovo invio delle istruzioni per il bonifico?',
        disabledReason: email ? undefined : 'Nessuna email di istruzioni per questo ordine (ordine del partner: le istruzioni sono nel bot)',
      };
    },
    async run({ record, actor }) {
      const email = await instructionsEmail(orderId(record));
      if (!email) throw new DomainError('not_found', 'Nessuna email di istruzioni per questo ordine');
      await app.useCases.resendEmail(email.id, actor);
      return { message: `Istruzioni rimesse in coda per ${email.toAddress}` };
    },
  });

  return defineResource(app, {
    model: m.Order,
    navigation: SALES,
    titleProperty: 'number',
    list: ['id', 'number', 'buyerName', 'status', 'paymentMethod', 'grossCents', 'paymentReference', 'createdAt'],
    show: ['id', 'number', 'paymentReference', 'buyerType', 'partnerId', 'companyId', 'invitationId', 'buyerName', 'buyerEmail', 'status', 'paymentMethod',
      'netCents', 'vatCents', 'grossCents', 'receivedCents', 'flag', 'paidAt', 'fulfilledAt', 'closedAt', 'expiresAt', 'createdAt'],
    filter: ['id', 'number', 'paymentReference', 'partnerId', 'buyerName', 'status', 'paymentMethod', 'grossCents', 'flag', 'createdAt', 'paidAt'],
    money: ['netCents', 'vatCents', 'grossCents', 'receivedCents'],
    hidden: ['companyData', 'stripeSessionId'],
    properties: {
      partnerId: { reference: 'partners' }, companyId: { reference: 'companies' }, invitationId: { reference: 'invitations' },
    },
    actions: { markPaid, fulfil, cancel, refund, resendInstructions, exportCsv: exportCsvAction(app, 'orders') },
  });
}

export function orderLinesResource(app: App) {
  return defineResource(app, {
    model: app.db.models.OrderLine,
    navigation: SALES,
    list: ['id', 'orderId', 'description', 'quantity', 'grossCents'],
    filter: ['orderId', 'productKind', 'tier'],
    money: ['unitNetCents', 'netCents', 'vatCents', 'grossCents'],
    properties: { orderId: { reference: 'orders' }, productId: { reference: 'products' } },
  });
}
