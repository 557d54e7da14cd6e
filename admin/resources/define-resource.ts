/**
 * One AdminJS resource from a Sequelize model: every action gated by the role policy (admin/access.ts), money
 * shown in € beside (never instead of) the integer cents, generic edits limited to the properties listed
 * and written through the core (admin/resources/use-case-resource.ts: the change and its audit row in
 * one transaction).
 */
import type { ActionRequest, ResourceOptions, PropertyOptions } from 'adminjs';
import type { App } from '../../core/app.js';
import { gatedAction } from '../access.js';
import { euro } from '../money.js';
import { UseCaseResource } from './use-case-resource.js';
import { Components } from '../components.js';
import { valueTones, valueWords } from '../locale.js';

const BUILT_IN = ['list', 'show', 'search', 'new', 'edit', 'delete', 'bulkDelete'] as const;

export interface ResourceSpec {
  /** A model class of `app.db.models` (AdminJS's Sequelize adapter reads it). */
  model: object;
  navigation: { name: string; icon: string };
  list: string[];
  show?: string[];
  filter?: string[];
  edit?: string[];
  money?: string[];
  hidden?: string[];
  properties?: Record<string, PropertyOptions>;
  actions?: Record<string, any>;
  sort?: { sortBy: string; direction: 'asc' | 'desc' };
  titleProperty?: string;
}

export const eurName = (cents: string) => cents.replace(/Cents$/, 'Eur');

/** Long free texts and names: one line in lists (the whole text on hover and on the detail page). */
const CLIPPED = new Set(['remittance', 'lastError', 'provisioningError', 'description', 'counterparty', 'error', 'flag', 'outcome', 'subject', 'buyerName', 'legalName', 'clientName', 'displayName', 'toAddress', 'buyerEmail', 'billingEmail', 'clientEmail']);

/** How each property reads (admin/components/Cell.jsx): words and colours for stored values, euro, dates. */
function presentation(resourceId: string, resource: UseCaseResource, money: string[]): Record<string, PropertyOptions> {
  const cell = { list: Components.Cell, show: Components.Cell };
  const out: Record<string, PropertyOptions> = {};
  for (const p of resource.properties()) {
    const name = p.name();
    if (p.type() === 'datetime') out[name] = { components: cell, custom: { view: 'datetime' } };
    else if (p.type() === 'date') out[name] = { components: cell, custom: { view: 'date' } };
    else if (CLIPPED.has(name)) out[name] = { components: cell, custom: { view: 'clip' } };
  }
  for (const [name, values] of Object.entries(valueWords[resourceId] ?? {})) {
    // label = value: AdminJS translates `<property>.<value>` through the locale (admin/locale.ts)
    out[name] = { availableValues: Object.keys(values).map((v) => ({ value: v, label: v })), components: cell, custom: { view: 'badge', tones: valueTones } };
  }
  for (const m of money) out[eurName(m)] = { components: cell, custom: { view: 'money' } };
  for (const name of ['number', 'paymentReference', 'code', 'sku']) out[name] ??= { components: cell, custom: { view: 'text' } };
  return out;
}

export function defineResource(app: App, spec: ResourceSpec) {
  const resource = new UseCaseResource(spec.model, app);
  const resourceId = resource.id();
  const money = spec.money ?? [];
  const properties: Record<string, PropertyOptions> = presentation(resourceId, resource, money);
  for (const [name, options] of Object.entries(spec.properties ?? {})) properties[name] = { ...properties[name], ...options };
  for (const m of money) {
    properties[m] = { ...properties[m], isVisible: { list: false, show: false, edit: false, filter: true } };
    properties[eurName(m)] = { ...properties[eurName(m)], type: 'string', isVisible: { list: true, show: true, edit: false, filter: false }, isSortable: false };
  }
  for (const h of spec.hidden ?? []) properties[h] = { ...properties[h], isVisible: false };
  if (spec.titleProperty) properties[spec.titleProperty] = { ...properties[spec.titleProperty], isTitle: true };

  const withEuro = (params: Record<string, any>) => {
    for (const m of money) params[eurName(m)] = euro(params[m]);
  };
  const afterRecords = async (response: any) => {
    for (const r of response.records ?? []) withEuro(r.params);
    if (response.record) withEuro(response.record.params);
    return response;
  };

  const actions: Record<string, any> = Object.fromEntries(BUILT_IN.map((a) => [a, {}]));
  actions.list = { ...actions.list, after: afterRecords };
  actions.show = { ...actions.show, after: afterRecords };
  actions.edit = {
    ...actions.edit,
    // Keep only the listed properties of a submitted edit: money, states and tokens never change here.
    before: async (request: ActionRequest) => {
      if (request.method === 'post' && request.payload) {
        const allowed = new Set(spec.edit ?? []);
        request.payload = Object.fromEntries(Object.entries(request.payload).filter(([k]) => allowed.has(k.split('.')[0])));
      }
      return request;
    },
    after: afterRecords,
  };
  for (const [name, custom] of Object.entries(spec.actions ?? {})) actions[name] = { ...(actions[name] ?? {}), ...custom };
  // Every action, built-in or custom, answers to the role policy through AdminJS's hooks, refusals audited.
  for (const name of Object.keys(actions)) actions[name] = gatedAction(app, resourceId, name, actions[name]);

  const options: ResourceOptions = {
    id: resourceId,
    navigation: spec.navigation,
    properties,
    listProperties: [...spec.list].map((p) => (money.includes(p) ? eurName(p) : p)),
    ...(spec.show ? { showProperties: spec.show.map((p) => (money.includes(p) ? eurName(p) : p)) } : {}),
    ...(spec.filter ? { filterProperties: spec.filter } : {}),
    editProperties: spec.edit ?? [],
    sort: spec.sort ?? { sortBy: 'id', direction: 'desc' },
    actions,
  };
  return { resource, options };
}
