/**
 * The access report (GDPR art. 15) as a page a person can read: who holds their data and why, every
 * row found table by table with what erasure does to it (and why what stays must stay), the purposes,
 * recipients and retention of the record of processing. Every value is escaped.
 */
import type { PersonalDataReport } from '../core/privacy/personal-data-report.js';
import { escapeHtml as e } from '../core/shared/escape-html.js';

const TABLES: Record<string, string> = {
  partners: 'Partner', partner_users: 'Utenti Telegram dei partner', bot_sessions: 'Conversazioni con il bot', invitations: 'Inviti all’acquisto',
  orders: 'Ordini', companies: 'Aziende', emails: 'Email inviate', bank_lines: 'Movimenti bancari', staff_users: 'Utenti del back-office',
  staff_login_attempts: 'Accessi al back-office', audit_logs: 'Registro attività', email_opt_outs: 'Disiscrizioni dagli inviti',
  invoices: 'Fatture elettroniche e note di credito',
};
const FATE = { erase: 'anonimizzato con la cancellazione', delete: 'eliminato con la cancellazione', keep: 'resta' } as const;

const value = (v: unknown): string => (v === null || v === undefined ? '—' : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v));

export function personalDataReportHtml(r: PersonalDataReport): string {
  const tables = [...new Set(r.findings.map((f) => f.table))];
  const sections = tables.map((table) => {
    const rows = r.findings.filter((f) => f.table === table);
    return `<h2>${e(TABLES[table] ?? table)} (${rows.length})</h2>
${rows.map((f) => `<div class="row"><p><strong>#${e(f.id)}</strong> — ${e(FATE[f.fate])}${f.reason ? `: ${e(f.reason.it)}` : ''}</p>
<table>${Object.entries(f.data).map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(value(v))}</td></tr>`).join('')}</table></div>`).join('\n')}`;
  });
  return `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Dati personali — ${e(r.request.reference)}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;color:#1d2939;margin:16px}h1{font-size:20px}h2{font-size:16px;margin-top:24px}table{border-collapse:collapse;margin:4px 0 12px}th,td{border:1px solid #d0d5dd;padding:3px 6px;text-align:left;vertical-align:top;word-break:break-word}th{background:#f2f4f7;font-weight:600}.row{margin-left:8px}.muted{color:#475467}</style></head><body>
<h1>Dati personali trattati — richiesta ${e(r.request.reference)}</h1>
<p class="muted">Ricerca per ${e(r.request.kind)} · generato il ${e(r.request.generatedAt)} da ${e(r.request.by)}</p>
<p>Titolare del trattamento: <strong>${e(r.controller.name)}</strong>, ${e(r.controller.address)}, P.IVA ${e(r.controller.vatNumber)}. Contatto: ${e(r.controller.contact)}. Informativa: ${e(r.controller.privacyPolicyUrl)}</p>
${r.findings.length ? sections.join('\n') : '<p><strong>Nessun dato trovato.</strong></p>'}
<h2>Finalità e basi giuridiche</h2>
<ul>${r.processing.map((a) => `<li><strong>${e(a.name)}</strong>: ${e(a.purpose)} (${e(a.legalBasis)})</li>`).join('')}</ul>
<h2>Destinatari</h2>
<ul>${r.recipients.map((x) => `<li><strong>${e(x.name)}</strong> — ${e(x.role)}: ${e(x.what)} (${e(x.where)})</li>`).join('')}</ul>
<h2>Conservazione</h2>
<ul>${r.retention.map((x) => `<li>${e(x.it)}. Resta: ${e(x.keeps.it)}.</li>`).join('')}</ul>
<p>${e(r.legallyKept.it)}</p>
<p class="muted">Diritti: accesso, rettifica, cancellazione, limitazione, opposizione, portabilità (artt. 15–21 GDPR); reclamo al Garante per la protezione dei dati personali.</p>
</body></html>`;
}
