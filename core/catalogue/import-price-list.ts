/**
 * Import a price list (CSV or JSON): creates the products it names and updates name, price, VAT,
 * visibility and order of those that exist (by SKU), in one transaction with one audit entry per
 * product changed. This is how a production catalogue is loaded: nothing comes from demo constants.
 *
 * A product's identity (kind, tier, target tier, quantity) never changes under an existing SKU:
 * orders and coupons already refer to what it was; a different product gets a new SKU. Products the
 * file does not name are left as they are (set `active` to false in the file to withdraw one).
 *
 * Every row is checked before anything is written; all the problems come back at once, each naming
 * its row (`Riga 4` = line 4 of the CSV file, `Voce 3` = third element of the JSON array).
 */
import { z } from 'zod';
import { CsvError, parse } from 'csv-parse/sync';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { nextTier, productKinds, tierLabels, tiers, type ProductKind, type Tier } from '../shared/types.js';

/** Column names of the CSV header, and keys of each JSON object. */
export const priceListColumns = ['sku', 'kind', 'tier', 'toTier', 'quantity', 'nameIt', 'nameEn', 'netCents', 'vatRateBp', 'active', 'sort'] as const;

const MAX_ROWS = 2000;
const empty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const text = (max: number, what: string) =>
  z.string({ invalid_type_error: `${what}: testo`, required_error: `${what}: obbligatorio` }).trim().min(1, `${what}: obbligatorio`).max(max, `${what}: al massimo ${max} caratteri`);
/** Whole numbers only: money is integer cents, and "99,00" or "9.9" must not become something else. */
const whole = (what: string, min: number, max: number, example: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ invalid_type_error: `${what}: numero intero (${example})`, required_error: `${what}: obbligatorio` })
      .int(`${what}: numero intero (${example})`)
      .min(min, `${what}: almeno ${min}`)
      .max(max, `${what}: al massimo ${max}`),
  );
const optionalTier = (what: string) =>
  z.preprocess((v) => (empty(v) ? null : typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(tiers, { errorMap: () => ({ message: `${what}: lite, ordinary o corporate (o vuoto)` }) }).nullable());

const row = z
  .object({
    sku: text(64, 'sku').regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'sku: solo lettere, cifre, punto, trattino e trattino basso'),
    kind: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(productKinds, { errorMap: () => ({ message: `kind: uno tra ${productKinds.join(', ')}` }) })),
    tier: optionalTier('tier'),
    toTier: optionalTier('toTier'),
    quantity: whole('quantity', 1, 1_000_000, 'es. 10'),
    nameIt: text(200, 'nameIt'),
    nameEn: text(200, 'nameEn'),
    netCents: whole('netCents', 0, 100_000_000, 'prezzo netto in centesimi, es. 9900 per 99,00 €'),
    vatRateBp: whole('vatRateBp', 0, 10_000, 'aliquota IVA in centesimi di punto, es. 2200 per il 22 %'),
    active: z.preprocess(
      (v) => (empty(v) ? true : typeof v === 'string' ? { true: true, '1': true, si: true, sì: true, yes: true, false: false, '0': false, no: false }[v.trim().toLowerCase()] ?? v : v),
      z.boolean({ invalid_type_error: 'active: sì/no (o true/false)' }),
    ),
    sort: z.preprocess((v) => (empty(v) ? undefined : v), whole('sort', 0, 1_000_000, 'posizione in elenco').optional()),
  })
  .superRefine((r, ctx) => {
    const needsTier: ProductKind[] = ['coupon', 'renewal', 'upgrade'];
    if (needsTier.includes(r.kind) && !r.tier) ctx.addIssue({ code: 'custom', path: ['tier'], message: `tier: obbligatorio per ${r.kind}` });
    if (!needsTier.includes(r.kind) && r.tier) ctx.addIssue({ code: 'custom', path: ['tier'], message: `tier: va lasciato vuoto per ${r.kind}` });
    if (r.kind === 'upgrade') {
      const to = r.tier ? nextTier[r.tier] : null;
      if (!to) ctx.addIssue({ code: 'custom', path: ['tier'], message: 'tier: un upgrade parte da lite o ordinary' });
      else if (r.toTier !== to) ctx.addIssue({ code: 'custom', path: ['toTier'], message: `toTier: un upgrade da ${r.tier} porta a ${to}` });
    } else if (r.toTier) ctx.addIssue({ code: 'custom', path: ['toTier'], message: 'toTier: solo per gli upgrade' });
  });

export type PriceListRow = z.output<typeof row>;
export interface PriceListInput {
  /** the rows as read from the file, each with how to name it in a message */
  rows: { label: string; values: Record<string, unknown> }[];
  /** the file's name, for the audit trail */
  source?: string;
}

/** CSV (comma or semicolon, header row with `priceListColumns`) or JSON (an array of objects) → rows. */
export function readPriceListFile(content: string, format: 'csv' | 'json'): PriceListInput['rows'] {
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(content.replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new DomainError('parse_error', `Il file JSON non si legge: ${(e as Error).message}`);
    }
    const list = Array.isArray(data) ? data : (data as { products?: unknown })?.products;
    if (!Array.isArray(list)) throw new DomainError('parse_error', 'Il file JSON deve contenere un elenco di prodotti ([ {…}, … ] oppure { "products": [ … ] })');
    return list.map((values, i) => {
      if (!values || typeof values !== 'object' || Array.isArray(values)) throw new DomainError('parse_error', `Voce ${i + 1}: deve essere un oggetto { "sku": …, "netCents": … }`);
      return { label: `Voce ${i + 1}`, values: values as Record<string, unknown> };
    });
  }
  const firstLine = content.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  // Italian spreadsheets export with semicolons.
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(content, { bom: true, delimiter, skip_empty_lines: true, relax_column_count: true, trim: true, info: true }) as typeof records;
  } catch (e) {
    if (e instanceof CsvError) throw new DomainError('parse_error', `Il file CSV non si legge (riga ${(e as CsvError & { lines?: number }).lines ?? '?'}): ${e.message}`);
    throw e;
  }
  const [header, ...body] = records;
  if (!header) throw new DomainError('parse_error', 'Il file CSV è vuoto');
  const names = header.record.map((h) => h.trim());
  const missing = priceListColumns.filter((c) => c !== 'active' && c !== 'sort' && c !== 'tier' && c !== 'toTier' && !names.includes(c));
  const unknown = names.filter((n) => n && !(priceListColumns as readonly string[]).includes(n));
  if (missing.length || unknown.length) {
    throw new DomainError(
      'parse_error',
      `Intestazione del CSV (riga 1): ${[missing.length ? `mancano ${missing.join(', ')}` : '', unknown.length ? `colonne sconosciute ${unknown.join(', ')}` : ''].filter(Boolean).join('; ')}. Colonne: ${priceListColumns.join(',')}`,
    );
  }
  return body.map(({ record, info }) => ({
    label: `Riga ${info.lines}`,
    values: Object.fromEntries(names.map((n, i) => [n, record[i]])),
  }));
}

export interface PriceListResult {
  created: string[];
  updated: string[];
  unchanged: string[];
}

export function importPriceList(ctx: Ctx) {
  const m = ctx.db.models;
  return async (input: PriceListInput, actor: Actor): Promise<PriceListResult> => {
    if (actor.type === 'staff' && actor.role !== 'admin') throw new DomainError('forbidden', 'Solo un amministratore può importare il listino');
    if (!input.rows.length) throw new DomainError('validation', 'Il listino non contiene prodotti');
    if (input.rows.length > MAX_ROWS) throw new DomainError('validation', `Il listino ha ${input.rows.length} prodotti: al massimo ${MAX_ROWS} per importazione`);

    const problems: string[] = [];
    const good: { label: string; row: PriceListRow }[] = [];
    const seen = new Map<string, string>();
    input.rows.forEach(({ label, values }) => {
      const unknown = Object.keys(values).filter((k) => !(priceListColumns as readonly string[]).includes(k));
      if (unknown.length) problems.push(`${label}: campi sconosciuti ${unknown.join(', ')}`);
      const r = row.safeParse(values);
      const messages = r.success ? [] : [...new Set(r.error.issues.map((i) => i.message))];
      // A repeated SKU is named even when the first row with it has other problems.
      const sku = typeof values.sku === 'string' || typeof values.sku === 'number' ? String(values.sku).trim() : '';
      const first = sku ? seen.get(sku.toLowerCase()) : undefined;
      if (first) messages.push(`sku «${sku}» già presente (${first})`);
      else if (sku) seen.set(sku.toLowerCase(), label);
      if (messages.length || !r.success) problems.push(`${label}: ${messages.join('; ')}`);
      else good.push({ label, row: r.data });
    });
    if (problems.length) throw new DomainError('validation', `Listino non valido: ${problems.length === 1 ? '1 problema' : `${problems.length} problemi`}, nessun prodotto importato`, { problems });

    return ctx.db.tx(async (t) => {
      const result: PriceListResult = { created: [], updated: [], unchanged: [] };
      const existing = new Map((await m.Product.findAll({ transaction: t, lock: t.LOCK.UPDATE })).map((p) => [p.sku.toLowerCase(), p]));
      const identityProblems: string[] = [];
      const describe = (kind: string, tier: Tier | null, toTier: Tier | null, quantity: number) =>
        `${kind}${tier ? ` ${tierLabels[tier].it}` : ''}${toTier ? `→${tierLabels[toTier].it}` : ''} ×${quantity}`;
      for (const { label, row: r } of good) {
        const p = existing.get(r.sku.toLowerCase());
        if (p && (p.kind !== r.kind || p.tier !== r.tier || p.toTier !== r.toTier || p.quantity !== r.quantity)) {
          identityProblems.push(`${label}: lo sku «${r.sku}» esiste già come ${describe(p.kind, p.tier, p.toTier, p.quantity)}; tipo, tipologia e quantità di un prodotto esistente non si cambiano (usa un nuovo sku)`);
        }
      }
      if (identityProblems.length) throw new DomainError('validation', `Listino non valido: ${identityProblems.length === 1 ? '1 problema' : `${identityProblems.length} problemi`}, nessun prodotto importato`, { problems: identityProblems });

      let nextSort = Math.max(-1, ...[...existing.values()].map((p) => p.sort)) + 1;
      for (const { row: r } of good) {
        const p = existing.get(r.sku.toLowerCase());
        const values = { nameIt: r.nameIt, nameEn: r.nameEn, netCents: r.netCents, vatRateBp: r.vatRateBp, active: r.active, sort: r.sort ?? p?.sort ?? nextSort++ };
        if (!p) {
          const created = await m.Product.create({ sku: r.sku, kind: r.kind, tier: r.tier, toTier: r.toTier, quantity: r.quantity, ...values }, { transaction: t });
          await recordAudit(m, t, actor, { action: 'product.created', entityType: 'product', entityId: created.id, after: { sku: r.sku, kind: r.kind, tier: r.tier, toTier: r.toTier, quantity: r.quantity, ...values, source: input.source ?? null } });
          result.created.push(r.sku);
          continue;
        }
        const changed = (Object.keys(values) as (keyof typeof values)[]).filter((k) => p[k] !== values[k]);
        if (!changed.length) {
          result.unchanged.push(r.sku);
          continue;
        }
        const before = Object.fromEntries(changed.map((k) => [k, p[k]]));
        const after = Object.fromEntries(changed.map((k) => [k, values[k]]));
        await p.update(after, { transaction: t });
        await recordAudit(m, t, actor, { action: 'product.updated', entityType: 'product', entityId: p.id, before, after: { ...after, source: input.source ?? null } });
        result.updated.push(r.sku);
      }
      return result;
    });
  };
}
