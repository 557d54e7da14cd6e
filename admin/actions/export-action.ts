/**
 * "Esporta CSV" on the orders, coupons and companies lists: the rows the list shows under its current
 * filters, as a CSV for Italian Excel (core/reports/export-csv.ts: authorised, audited). The page
 * (admin/components/ExportCsv.jsx) asks with the list's own query; the file is built on its POST.
 */
import type { ActionRequest, ActionContext } from 'adminjs';
import type { App } from '../../core/app.js';
import type { ExportKind } from '../../core/reports/export-csv.js';
import { Components } from '../components.js';
import { valueLabel } from '../locale.js';
import { staffActor } from './form-action.js';

/** The list's query (`filters.status=paid`, `filters.createdAt~~from=…`) as the export's filters. */
export function filtersFromQuery(query: Record<string, unknown>): Record<string, string | { from?: string; to?: string }> {
  const out: Record<string, string | { from?: string; to?: string }> = {};
  for (const [key, raw] of Object.entries(query ?? {})) {
    const m = /^filters\.([A-Za-z]+)(?:~~(from|to))?$/.exec(key);
    const value = typeof raw === 'string' ? raw : undefined;
    if (!m || value === undefined || value === '') continue;
    const [, field, bound] = m;
    if (bound) out[field] = { ...(typeof out[field] === 'object' ? (out[field] as object) : {}), [bound]: value };
    else out[field] = value;
  }
  return out;
}

export function exportCsvAction(app: App, kind: ExportKind) {
  return {
    actionType: 'resource',
    icon: 'Download',
    component: Components.ExportCsv,
    // a drawer over the list: AdminJS then carries the list's query (its filters) to the action's page
    showInDrawer: true,
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
      const filters = filtersFromQuery(request.query ?? {});
      if (request.method !== 'post') return { filters };
      const r = await app.useCases.exportCsv({ kind, filters, words: (k, field, value) => valueLabel(k, field, value) }, staffActor(context.currentAdmin));
      return { fileName: r.fileName, rows: r.rows, csv: r.content.toString('utf8') };
    },
  };
}
