/**
 * Staff exports of orders, coupons and companies as CSV for Italian Excel: `;` between fields, a UTF-8
 * byte-order mark (so accented letters open right), amounts with a decimal comma and no currency sign
 * (so they stay numbers), dates as dd/mm/yyyy hh:mm in Italian time. The rows are the ones the list
 * shows under the same filters; every export is written to the audit log with its filters and size.
 */
import { Op, type WhereOptions } from 'sequelize';
import { z } from 'zod';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../shared/input.js';
import { recordAudit } from '../audit/record-audit.js';

export const exportKinds = ['orders', 'coupons', 'companies'] as const;
export type ExportKind = (typeof exportKinds)[number];
/** More rows than this is not a spreadsheet any more: narrow the filters. */
export const EXPORT_MAX_ROWS = 50_000;

type Match = 'eq' | 'id' | 'text' | 'range';
type Cell = { kind: 'text' | 'code' | 'cents' | 'int' | 'datetime' | 'date' | 'bool' | 'partner' };
interface Column extends Cell { field: string; header: string }

const col = (field: string, header: string, kind: Cell['kind'] = 'text'): Column => ({ field, header, kind });

const specs: Record<ExportKind, { model: 'Order' | 'Coupon' | 'Company'; filters: Record<string, Match>; columns: Column[] }> = {
  orders: {
    model: 'Order',
    filters: {
      id: 'id', number: 'text', paymentReference: 'text', partnerId: 'id', buyerName: 'text', status: 'eq', paymentMethod: 'eq', flag: 'text',
      createdAt: 'range', paidAt: 'range', grossCents: 'eq',
    },
    columns: [
      col('id', 'N.', 'int'), col('number', 'Numero'), col('paymentReference', 'Causale'), col('createdAt', 'Creato il', 'datetime'), col('buyerName', 'Acquirente'),
      col('buyerEmail', 'Email acquirente'), col('buyerType', 'Chi paga', 'code'), col('partnerId', 'Partner', 'partner'), col('status', 'Stato', 'code'),
      col('paymentMethod', 'Pagamento', 'code'), col('netCents', 'Imponibile', 'cents'), col('vatCents', 'IVA', 'cents'), col('grossCents', 'Totale', 'cents'),
      col('receivedCents', 'Ricevuto', 'cents'), col('paidAt', 'Pagato il', 'datetime'), col('fulfilledAt', 'Evaso il', 'datetime'), col('flag', 'Segnalazione'),
    ],
  },
  coupons: {
    model: 'Coupon',
    filters: { code: 'text', tier: 'eq', partnerId: 'id', orderId: 'id', status: 'eq', companyId: 'id', createdAt: 'range' },
    columns: [
      col('code', 'Codice'), col('tier', 'Livello', 'code'), col('partnerId', 'Partner', 'partner'), col('status', 'Stato', 'code'), col('orderId', 'Ordine', 'int'),
      col('companyId', 'Azienda', 'int'), col('createdAt', 'Creato il', 'datetime'), col('activatedAt', 'Attivato il', 'datetime'), col('revokedAt', 'Revocato il', 'datetime'),
    ],
  },
  companies: {
    model: 'Company',
    filters: { partnerId: 'id', legalName: 'text', vatNumber: 'text', tier: 'eq', payer: 'eq', provisioningState: 'eq', createdAt: 'range' },
    columns: [
      col('id', 'N.', 'int'), col('legalName', 'Ragione sociale'), col('vatNumber', 'Partita IVA'), col('taxCode', 'Codice fiscale'), col('partnerId', 'Partner', 'partner'),
      col('payer', 'Chi paga', 'code'), col('tier', 'Livello', 'code'), col('provisioningState', 'Stato attivazione', 'code'),
      col('subscriptionExpiresAt', 'Abbonamento fino al', 'datetime'), col('einvoiceAllowance', 'Fatture elettroniche disponibili', 'int'), col('email', 'Email'),
      col('pec', 'PEC'), col('sdiCode', 'Codice SDI'), col('city', 'Comune'), col('province', 'Provincia'), col('createdAt', 'Creato il', 'datetime'),
    ],
  },
};

const filterValue = z.union([z.string().max(200), z.object({ from: z.string().max(40).optional(), to: z.string().max(40).optional() })]);
const schema = z.object({ kind: z.enum(exportKinds), filters: z.record(filterValue).default({}) });

export interface ExportInput {
  kind: ExportKind;
  /** field → value (equality, or "contains" for texts), or { from, to } for dates */
  filters?: Record<string, string | { from?: string; to?: string }>;
  /** the face's word for a stored value (states, methods, tiers); the code itself when absent */
  words?: (kind: ExportKind, field: string, value: string) => string;
}

const dateTime = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** Cents as Excel reads a number in Italian: 1234,56 (no thousands dot, no currency sign). */
export function centsForSpreadsheet(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/** One field: quoted when it holds the separator, a quote or a line break; a text that a spreadsheet would run as a formula is defused. */
export function csvField(value: string, isText: boolean): string {
  let v = value;
  if (isText && /^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function parseDate(s: string | undefined, field: string): Date | undefined {
  if (!s) return undefined;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new DomainError('validation', `Filtro ${field}: data non valida`);
  return d;
}

export function exportCsv(ctx: Ctx) {
  const m = ctx.db.models as any;
  return async (raw: ExportInput, actor: Actor): Promise<{ fileName: string; content: Buffer; rows: number }> => {
    if (actor.type !== 'staff' && actor.type !== 'system') throw new DomainError('forbidden', 'Operazione riservata al personale');
    const input = parseInput(schema, { kind: raw.kind, filters: raw.filters ?? {} });
    const spec = specs[input.kind];
    const where: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(input.filters)) {
      const match = spec.filters[field];
      if (!match) throw new DomainError('validation', `Filtro non previsto per l’esportazione: ${field}`);
      if (match === 'range') {
        if (typeof value === 'string') throw new DomainError('validation', `Filtro ${field}: serve un intervallo di date`);
        const from = parseDate(value.from, field);
        const to = parseDate(value.to, field);
        where[field] = { ...(from ? { [Op.gte]: from } : {}), ...(to ? { [Op.lte]: to } : {}) };
      } else if (typeof value !== 'string') {
        throw new DomainError('validation', `Filtro ${field}: valore non valido`);
      } else if (match === 'id') {
        if (!/^\d{1,12}$/.test(value)) throw new DomainError('validation', `Filtro ${field}: numero non valido`);
        where[field] = Number(value);
      } else if (match === 'text') {
        // "contains", as the back-office list filters texts
        where[field] = { [Op.like]: `%${value}%` };
      } else {
        where[field] = value;
      }
    }
    const model = m[spec.model];
    const rows = (await model.findAll({ where: where as WhereOptions, order: [['id', 'DESC']], limit: EXPORT_MAX_ROWS + 1, raw: true })) as Record<string, any>[];
    if (rows.length > EXPORT_MAX_ROWS) throw new DomainError('validation', `Più di ${EXPORT_MAX_ROWS.toLocaleString('it-IT')} righe: restringi i filtri`);
    const partnerIds = [...new Set(rows.map((r) => r.partnerId).filter((x) => x != null))];
    const partners = new Map<number, string>();
    for (let k = 0; k < partnerIds.length; k += 500) {
      for (const p of await m.Partner.findAll({ where: { id: partnerIds.slice(k, k + 500) }, attributes: ['id', 'legalName'], raw: true })) partners.set(p.id, p.legalName);
    }
    const cell = (c: Column, v: any): string => {
      if (v === null || v === undefined || v === '') return '';
      switch (c.kind) {
        case 'cents': return centsForSpreadsheet(Number(v));
        case 'int': return String(v);
        case 'datetime': return dateTime.format(new Date(v)).replace(',', '');
        case 'date': return String(v).split('-').reverse().join('/');
        case 'bool': return v ? 'sì' : 'no';
        case 'code': return csvField(raw.words ? raw.words(input.kind, c.field, String(v)) : String(v), true);
        case 'partner': return csvField(partners.get(Number(v)) ?? String(v), true);
        default: return csvField(String(v), true);
      }
    };
    const lines = [spec.columns.map((c) => csvField(c.header, true)).join(';'), ...rows.map((r) => spec.columns.map((c) => cell(c, r[c.field])).join(';'))];
    const content = Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(ctx.clock.now());
    await ctx.db.tx((t) =>
      recordAudit(ctx.db.models, t, actor, { action: `${input.kind}.exported`, entityType: input.kind, entityId: '-', after: { filters: input.filters, rows: rows.length } }),
    );
    return { fileName: `${input.kind === 'orders' ? 'ordini' : input.kind === 'coupons' ? 'coupon' : 'aziende'}-${day}.csv`, content, rows: rows.length };
  };
}
