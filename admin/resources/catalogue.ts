/** The catalogue (names and order editable; prices read-only) and coupons (revoke, reassign to another partner). */
import type { App } from '../../core/app.js';
import type { BaseRecord } from 'adminjs';
import { defineResource } from './define-resource.js';
import { exportCsvAction } from '../actions/export-action.js';
import { formAction } from '../actions/form-action.js';
import { editableFields } from '../../core/staff/edit-record.js';

const SALES = { name: 'Vendite', icon: 'ShoppingCart' };

export function catalogueResources(app: App) {
  const m = app.db.models;
  const id = (r?: BaseRecord) => Number(r!.id());
  const available = (r?: BaseRecord) => r?.params.status === 'available';

  const revoke = formAction(app, {
    name: 'revoke', resourceId: 'coupons', actionType: 'record', icon: 'Slash', visible: available,
    form: ({ record }) => ({ facts: [{ label: 'Coupon', value: String(record!.params.code) }], fields: [{ name: 'reason', label: 'Motivo', type: 'textarea' }], submitLabel: 'Revoca', confirm: 'Revocare il coupon? Non potrà più essere attivato.' }),
    async run({ record, payload, actor }) {
      const r = await app.useCases.revokeCoupon({ couponId: id(record), reason: payload.reason ? String(payload.reason).slice(0, 300) : undefined }, actor);
      return r.alreadyDone ? { type: 'info', message: 'Coupon già revocato' } : { message: 'Coupon revocato' };
    },
  });

  const reassign = formAction(app, {
    name: 'reassign', resourceId: 'coupons', actionType: 'record', icon: 'Shuffle', visible: available,
    async form({ record }) {
      const partners = await app.useCases.activePartnerChoices();
      return {
        facts: [{ label: 'Coupon', value: String(record!.params.code) }, { label: 'Partner attuale', value: String(record!.params.partnerId) }],
        fields: [
          { name: 'partnerId', label: 'Nuovo partner', type: 'select', options: partners.filter((p) => p.id !== Number(record!.params.partnerId)).map((p) => ({ value: String(p.id), label: `${p.legalName} (#${p.id})` })) },
          { name: 'reason', label: 'Motivo', type: 'textarea' },
        ],
        submitLabel: 'Riassegna', confirm: 'Spostare il coupon al partner scelto?',
      };
    },
    async run({ record, payload, actor }) {
      const r = await app.useCases.reassignCoupon({ couponId: id(record), partnerId: Number(payload.partnerId), reason: payload.reason ? String(payload.reason).slice(0, 300) : undefined }, actor);
      return r.alreadyDone ? { type: 'info', message: 'Il coupon era già di quel partner' } : { message: 'Coupon riassegnato' };
    },
  });

  return [
    defineResource(app, {
      model: m.Product, navigation: SALES, titleProperty: 'nameIt',
      list: ['id', 'sku', 'nameIt', 'kind', 'tier', 'quantity', 'netCents', 'vatRateBp', 'active', 'sort'],
      filter: ['sku', 'kind', 'tier', 'active'],
      edit: editableFields('products'),
      money: ['netCents'],
    }),
    defineResource(app, {
      model: m.Coupon, navigation: SALES, titleProperty: 'code',
      list: ['id', 'code', 'tier', 'partnerId', 'status', 'orderId', 'companyId', 'createdAt'],
      filter: ['code', 'tier', 'partnerId', 'orderId', 'status', 'companyId'],
      properties: { partnerId: { reference: 'partners' }, orderId: { reference: 'orders' }, companyId: { reference: 'companies' } },
      actions: { revoke, reassign, exportCsv: exportCsvAction(app, 'coupons') },
    }),
  ];
}
