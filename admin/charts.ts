/**
 * The dashboard's charts as the browser draws them (admin/components/Chart.jsx): Italian titles and
 * series names, every bar or slice with the link to the filtered list it counts, and the same numbers
 * as a table. The figures come from the core (core/reports/back-office-charts.ts).
 */
import type { BackOfficeCharts, PartnerPurchases, SaleMethod, SaleTier } from '../core/reports/back-office-charts.js';
import { saleMethods, saleTiers } from '../core/reports/back-office-charts.js';
import { euro } from './money.js';
import { valueLabel } from './locale.js';

/** `color`: one for the whole series, or one per bar or slice */
export interface ChartDataset { label: string; stack?: string; color: string | string[]; data: number[]; hrefs: (string | null)[] }
export interface ChartSpec {
  key: string;
  title: string;
  kind: 'bar' | 'doughnut';
  stacked?: boolean;
  /** values are cents (shown as euro) or counts */
  unit: 'cents' | 'count';
  labels: string[];
  datasets: ChartDataset[];
  /** the same figures as text */
  summary: string;
  table: { head: string[]; rows: { cells: string[]; href?: string }[] };
}

const q = (filters: Record<string, string | undefined>) =>
  Object.entries(filters).filter(([, v]) => v !== undefined).map(([k, v]) => `filters.${k}=${encodeURIComponent(v!)}`).join('&');
const list = (root: string, resource: string, filters: Record<string, string | undefined>) => `${root}/resources/${resource}?${q(filters)}`;

const TIER_COLOURS: Record<SaleTier, string> = { lite: '#6f9cf2', ordinary: '#3040d6', corporate: '#141d66', other: '#9aa0b4' };
const METHOD_WORDS: Record<SaleMethod, string> = { card: 'Carta', bank_transfer: 'Bonifico' };
const tierWord = (t: SaleTier) => (t === 'other' ? 'Altri prodotti' : valueLabel('coupons', 'tier', t));
const shortDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;
const MONTHS = ['gen', 'feb', 'mar', 'apr', 'mag', 'giu', 'lug', 'ago', 'set', 'ott', 'nov', 'dic'];
const shortMonth = (month: string) => `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(2, 4)}`;
const lighter = (hex: string) => `${hex}99`;

/** `cardMethod`: the stored method of card payments here (Stripe, or the sandbox outside production). */
export function salesChart(c: BackOfficeCharts, root: string, cardMethod: 'stripe' | 'sandbox'): ChartSpec {
  const { days, cents, orders } = c.sales;
  const datasets: ChartDataset[] = [];
  for (const method of saleMethods) {
    for (const tier of saleTiers) {
      const data = cents[method][tier];
      if (!data.some((v) => v > 0) && tier === 'other') continue;
      datasets.push({
        label: `${METHOD_WORDS[method]} · ${tierWord(tier)}`, stack: method,
        color: method === 'card' ? TIER_COLOURS[tier] : lighter(TIER_COLOURS[tier]),
        data,
        hrefs: days.map((d) => list(root, 'orders', { paymentMethod: method === 'card' ? cardMethod : 'bank_transfer', 'paidAt~~from': d.from, 'paidAt~~to': d.to })),
      });
    }
  }
  const total = (method: SaleMethod, i: number) => saleTiers.reduce((s, t) => s + cents[method][t][i], 0);
  const sum = (method: SaleMethod) => days.reduce((s, _d, i) => s + total(method, i), 0);
  const rows = days.map((d, i) => ({
    cells: [shortDay(d.day), String(orders.card[i]), euro(total('card', i)), String(orders.bank_transfer[i]), euro(total('bank_transfer', i)), euro(total('card', i) + total('bank_transfer', i))],
    href: list(root, 'orders', { 'paidAt~~from': d.from, 'paidAt~~to': d.to }),
  }));
  return {
    key: 'sales', title: 'Vendite degli ultimi 30 giorni per livello (carta e bonifico)', kind: 'bar', stacked: true, unit: 'cents',
    labels: days.map((d) => shortDay(d.day)), datasets,
    summary: `Vendite degli ultimi 30 giorni: carta ${euro(sum('card'))}, bonifico ${euro(sum('bank_transfer'))}, totale ${euro(sum('card') + sum('bank_transfer'))}.`,
    table: { head: ['Giorno', 'Ordini con carta', 'Carta', 'Ordini con bonifico', 'Bonifico', 'Totale'], rows },
  };
}

const WAITING_WORDS: Record<string, string> = { '0-12h': '0–12 ore', '12-24h': '12–24 ore', 'over-24h': 'Oltre 24 ore' };
const WAITING_COLOURS: Record<string, string> = { '0-12h': '#38a169', '12-24h': '#d69e2e', 'over-24h': '#c20012' };

export function waitingChart(c: BackOfficeCharts, root: string): ChartSpec {
  const hrefs = c.waiting.map((b) => list(root, 'orders', { status: 'pending_payment', paymentMethod: 'bank_transfer', 'createdAt~~from': b.createdFrom, 'createdAt~~to': b.createdTo }));
  return {
    key: 'waiting', title: 'Bonifici in attesa per età (promessa: 24 ore)', kind: 'bar', unit: 'count',
    labels: c.waiting.map((b) => WAITING_WORDS[b.key]),
    datasets: [{ label: 'Bonifici in attesa', color: c.waiting.map((b) => WAITING_COLOURS[b.key]), data: c.waiting.map((b) => b.count), hrefs }],
    summary: `Bonifici in attesa: ${c.waiting.map((b) => `${WAITING_WORDS[b.key]} ${b.count} (${euro(b.cents)})`).join('; ')}.`,
    table: { head: ['Attesa', 'Ordini', 'Importo'], rows: c.waiting.map((b, i) => ({ cells: [WAITING_WORDS[b.key], String(b.count), euro(b.cents)], href: hrefs[i] })) },
  };
}

const STATE_COLOURS: Record<string, string> = { active: '#38a169', provisioning: '#3182ce', failed: '#c20012' };

export function provisioningChart(c: BackOfficeCharts, root: string): ChartSpec {
  const labels = c.provisioning.map((p) => valueLabel('companies', 'provisioningState', p.state));
  const hrefs = c.provisioning.map((p) => list(root, 'companies', { provisioningState: p.state }));
  return {
    key: 'provisioning', title: 'Attivazione delle aziende', kind: 'doughnut', unit: 'count', labels,
    datasets: [{ label: 'Aziende', color: c.provisioning.map((p) => STATE_COLOURS[p.state]), data: c.provisioning.map((p) => p.count), hrefs }],
    summary: `Aziende: ${c.provisioning.map((p, i) => `${labels[i]} ${p.count}`).join('; ')}.`,
    table: { head: ['Stato', 'Aziende'], rows: c.provisioning.map((p, i) => ({ cells: [labels[i], String(p.count)], href: hrefs[i] })) },
  };
}

export function failingChart(c: BackOfficeCharts, root: string): ChartSpec {
  const items = [
    ...c.failing.emails.map((e) => ({ label: `Email · ${valueLabel('emails', 'template', e.template)}`, count: e.count, href: list(root, 'emails', { status: 'failed', template: e.template }) })),
    ...c.failing.jobs.map((j) => ({ label: `Job · ${valueLabel('outbox_jobs', 'kind', j.kind)}`, count: j.count, href: list(root, 'outbox_jobs', { status: 'failed', kind: j.kind }) })),
  ];
  return {
    key: 'failing', title: 'Email e job non riusciti', kind: 'bar', unit: 'count',
    labels: items.map((i) => i.label),
    datasets: [{ label: 'Non riusciti', color: '#c20012', data: items.map((i) => i.count), hrefs: items.map((i) => i.href) }],
    summary: items.length ? `Non riusciti: ${items.map((i) => `${i.label} ${i.count}`).join('; ')}.` : 'Nessuna email e nessun job non riuscito.',
    table: { head: ['Cosa', 'Non riusciti'], rows: items.map((i) => ({ cells: [i.label, String(i.count)], href: i.href })) },
  };
}

export function dashboardCharts(c: BackOfficeCharts, root: string, cardMethod: 'stripe' | 'sandbox'): ChartSpec[] {
  return [salesChart(c, root, cardMethod), waitingChart(c, root), provisioningChart(c, root), failingChart(c, root)];
}

export function partnerPurchasesChart(p: PartnerPurchases, partnerId: number, root: string): ChartSpec {
  const hrefs = p.months.map((m) => list(root, 'orders', { partnerId: String(partnerId), 'paidAt~~from': m.from, 'paidAt~~to': m.to }));
  const total = p.months.reduce((s, m) => s + m.cents, 0);
  return {
    key: 'partner-purchases', title: 'Acquisti negli ultimi 12 mesi', kind: 'bar', unit: 'cents',
    labels: p.months.map((m) => shortMonth(m.month)),
    datasets: [{ label: 'Acquisti pagati', color: '#3040d6', data: p.months.map((m) => m.cents), hrefs }],
    summary: `Acquisti pagati negli ultimi 12 mesi: ${p.months.reduce((s, m) => s + m.orders, 0)} ordini, ${euro(total)}.`,
    table: { head: ['Mese', 'Ordini', 'Importo'], rows: p.months.map((m, i) => ({ cells: [shortMonth(m.month), String(m.orders), euro(m.cents)], href: hrefs[i] })) },
  };
}
