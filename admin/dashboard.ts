/** What needs attention now, each figure with the link to its filtered list. */
import type { App } from '../core/app.js';
import { euro } from './money.js';
import { dashboardCharts } from './charts.js';
import { staffActor } from './actions/form-action.js';

export interface Figure {
  key: string;
  label: string;
  value: string;
  sub?: string;
  href: string;
  alert?: boolean;
  /** a ratio (the renewal rate), not a count of the records its link lists */
  ratio?: boolean;
}

export function dashboardHandler(app: App) {
  return async (_request?: unknown, _response?: unknown, context?: { currentAdmin?: unknown }) => {
    const f = await app.useCases.dashboardFigures();
    const { waiting, overdue, paidToday, paidMonth, today, month } = f;
    const late = f.lateBefore;
    const [failedProv, failedEmails, failedJobs, unmatched] = [f.failedProvisioning, f.failedEmails, f.failedJobs, f.unmatchedLines];
    const [subs, rate] = await Promise.all([app.useCases.subscriptionFigures(), app.useCases.renewalRate()]);
    const { expiring, inGrace, suspended } = subs;
    const in30 = subs.expiringBefore;
    const bank = await app.useCases.bankDashboardFigures(staffActor(context?.currentAdmin).id || null);
    const [held, reversed, importing, myImports] = [bank.heldLines, bank.reversedPayments, bank.importsRunning, bank.finishedImports];
    const inv = await app.useCases.invoiceDashboardFigures();
    const invoices = '/admin/resources/invoices?';
    const orders = '/admin/resources/orders?';
    const companies = '/admin/resources/companies?';
    const figures: Figure[] = [
      { key: 'waiting', label: 'Bonifici in attesa', value: String(waiting.n), sub: euro(waiting.cents), href: `${orders}filters.status=pending_payment&filters.paymentMethod=bank_transfer` },
      { key: 'overdue', label: 'Oltre le 24 ore promesse', value: String(overdue.n), sub: euro(overdue.cents), alert: overdue.n > 0, href: `${orders}filters.status=pending_payment&filters.paymentMethod=bank_transfer&filters.createdAt~~to=${encodeURIComponent(late.toISOString())}` },
      { key: 'paid_today', label: 'Pagati oggi', value: String(paidToday.n), sub: euro(paidToday.cents), href: `${orders}filters.paidAt~~from=${encodeURIComponent(today.toISOString())}` },
      { key: 'paid_month', label: 'Pagati questo mese', value: String(paidMonth.n), sub: euro(paidMonth.cents), href: `${orders}filters.paidAt~~from=${encodeURIComponent(month.toISOString())}` },
      { key: 'failed_provisioning', label: 'Attivazioni fallite', value: String(failedProv), alert: failedProv > 0, href: '/admin/resources/companies?filters.provisioningState=failed' },
      { key: 'failed_emails', label: 'Email non inviate', value: String(failedEmails), alert: failedEmails > 0, href: '/admin/resources/emails?filters.status=failed' },
      { key: 'failed_jobs', label: 'Job falliti', value: String(failedJobs), alert: failedJobs > 0, href: '/admin/resources/outbox_jobs?filters.status=failed' },
      { key: 'expiring_30d', label: 'Abbonamenti in scadenza (30 giorni)', value: String(expiring), href: `${companies}filters.subscriptionState=active&filters.subscriptionExpiresAt~~to=${encodeURIComponent(in30.toISOString())}` },
      { key: 'in_grace', label: 'Scaduti, in tolleranza', value: String(inGrace), alert: inGrace > 0, href: `${companies}filters.subscriptionState=grace` },
      { key: 'suspended', label: 'Aziende sospese', value: String(suspended), href: `${companies}filters.subscriptionState=suspended` },
      {
        key: 'renewal_rate', label: 'Tasso di rinnovo (ultimi 12 mesi)', ratio: true,
        value: rate.rate === null ? '—' : `${Math.round(rate.rate * 100)} %`, sub: `${rate.renewed} rinnovati su ${rate.due} in scadenza`,
        href: '/admin/resources/audit_logs?filters.action=company.renewed',
      },
      { key: 'unmatched_lines', label: 'Righe bancarie da abbinare', value: String(unmatched), alert: unmatched > 0, href: '/admin/resources/bank_lines?filters.status=unmatched' },
      { key: 'held_lines', label: 'Possibili doppioni da verificare', value: String(held), alert: held > 0, href: '/admin/resources/bank_lines?filters.status=held' },
      { key: 'reversed_payments', label: 'Pagamenti stornati', value: String(reversed), alert: reversed > 0, href: '/admin/resources/payment_reversals?filters.status=open' },
      { key: 'invoices_awaiting_data', label: 'Fatture in attesa dei dati di fatturazione', value: String(inv.awaitingData), href: `${invoices}filters.state=awaiting_data` },
      { key: 'invoices_invalid', label: 'Fatture non valide (non inviate)', value: String(inv.invalid), alert: inv.invalid > 0, href: `${invoices}filters.state=invalid` },
      { key: 'invoices_rejected', label: 'Fatture scartate dallo SdI', value: String(inv.rejected), alert: inv.rejected > 0, href: `${invoices}filters.state=rejected` },
      {
        key: 'invoices_no_outcome', label: 'Fatture senza esito dallo SdI da oltre 5 giorni', value: String(inv.noOutcome), alert: inv.noOutcome > 0,
        href: `${invoices}filters.state=sent&filters.sentAt~~to=${encodeURIComponent(inv.noOutcomeBefore.toISOString())}`,
      },
      { key: 'imports_running', label: 'Importazioni di estratti in corso', value: String(importing), href: '/admin/resources/bank_imports?filters.status=running' },
      // value: the lines the import added (its statement's list), or 1 for the refused file (the import's list).
      ...myImports.map((i) =>
        i.status === 'done'
          ? {
              key: `import_${i.id}`, label: `Estratto “${i.fileName}” importato: righe nuove`, value: String(i.newLines + i.held),
              sub: `${i.duplicates} già presenti, ${i.matched} pagate, ${i.partial} parziali, ${i.toReview} da abbinare, ${i.held} possibili doppioni, ${i.reversals} storni`,
              href: i.statementId ? `/admin/resources/bank_lines?filters.statementId=${i.statementId}` : `/admin/resources/bank_imports?filters.id=${i.id}`,
            }
          : { key: `import_${i.id}`, label: `Estratto “${i.fileName}” rifiutato`, value: '1', alert: true, sub: (i.error ?? '').slice(0, 160), href: `/admin/resources/bank_imports?filters.id=${i.id}` },
      ),
    ];
    const charts = dashboardCharts(await app.useCases.backOfficeCharts(staffActor(context?.currentAdmin)), '/admin', app.config.paymentsMode === 'stripe' ? 'stripe' : 'sandbox');
    return { figures, charts, at: f.now.toISOString() };
  };
}
