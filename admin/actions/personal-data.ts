/**
 * The back-office's answer to "what do you hold about me?" and "delete me" (GDPR arts. 15 and 17):
 * two admin-only actions beside the audit log (Sistema → Registro attività), each calling its core use
 * case. The report comes as a readable page and a JSON file to hand to the person; the erasure says
 * what was anonymised and what stays, and why. Both are audited by the core with the request reference.
 */
import type { App } from '../../core/app.js';
import { personKinds } from '../../core/privacy/person-query.js';
import { formAction, type FormField } from './form-action.js';
import { personalDataReportHtml } from '../privacy-report-html.js';

const KIND_LABELS: Record<(typeof personKinds)[number], string> = { email: 'Email', taxCode: 'Codice fiscale o Partita IVA', phone: 'Telefono', telegram: 'Id Telegram' };
const TABLE_LABELS: Record<string, string> = {
  invitations: 'inviti', orders: 'ordini', emails: 'email', bank_lines: 'movimenti bancari', partner_users: 'utenti Telegram', bot_sessions: 'conversazioni del bot',
  staff_login_attempts: 'accessi al back-office', audit_logs: 'voci del registro attività', companies: 'aziende', partners: 'partner', staff_users: 'utenti del back-office', email_opt_outs: 'disiscrizioni dagli inviti',
};

const fields = (): FormField[] => [
  { name: 'kind', label: 'Cerca per', type: 'select', default: 'email', options: personKinds.map((k) => ({ value: k, label: KIND_LABELS[k] })) },
  { name: 'value', label: 'Valore (email, codice fiscale, telefono o id Telegram della persona)', required: true },
  { name: 'requestRef', label: 'Riferimento della richiesta', required: true, help: 'Es. «PEC del 02/12/2026 prot. 41» o il numero del ticket: il registro attività conserva questo, non l’identificativo della persona.' },
];

export function personalDataActions(app: App) {
  const personalDataReport = formAction(app, {
    name: 'personalDataReport', resourceId: 'audit_logs', actionType: 'resource', icon: 'UserCheck',
    form: () => ({
      intro: 'Accesso ai dati (art. 15 GDPR): tutto ciò che Sportello conserva su una persona, con che cosa farebbe una cancellazione a ogni riga. La consultazione viene registrata con il tuo utente e il riferimento della richiesta.',
      fields: fields(), submitLabel: 'Cerca', confirm: 'Cercare i dati di questa persona? La ricerca viene registrata.',
    }),
    async run({ payload, actor }) {
      const report = await app.useCases.personalDataReport({ kind: payload.kind, value: payload.value, requestRef: payload.requestRef }, actor);
      const tables = [...new Set(report.findings.map((f) => f.table))];
      const safeRef = report.request.reference.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 40);
      return {
        message: report.findings.length ? `Trovate ${report.findings.length} righe in ${tables.length} archivi` : 'Nessun dato trovato per questa persona',
        lines: tables.map((t) => `${TABLE_LABELS[t] ?? t}: ${report.findings.filter((f) => f.table === t).length}`),
        html: personalDataReportHtml(report),
        download: { fileName: `dati-personali-${safeRef}.json`, mime: 'application/json', label: 'Scarica l’esportazione JSON', content: JSON.stringify(report, null, 2) },
      };
    },
  });

  const personalDataErasure = formAction(app, {
    name: 'personalDataErasure', resourceId: 'audit_logs', actionType: 'resource', icon: 'UserX',
    form: () => ({
      intro: 'Cancellazione (art. 17 GDPR): anonimizza ciò che può andare (inviti non acquistati, ordini mai pagati, email, movimenti «non nostri», utente Telegram, accessi, valori nel registro) e lascia ciò che la legge impone di conservare (ordini pagati, aziende attivate, fatture, movimenti abbinati), dicendo perché. Prima consulta «Dati di una persona». Non si annulla.',
      fields: fields(), submitLabel: 'Cancella i dati', confirm: 'Cancellare i dati di questa persona? L’operazione non si può annullare.',
    }),
    async run({ payload, actor }) {
      const r = await app.useCases.erasePersonalData({ kind: payload.kind, value: payload.value, requestRef: payload.requestRef }, actor);
      const erased = Object.entries(r.erased);
      return {
        message: erased.length ? `Dati cancellati per la richiesta ${r.reference}` : `Niente da cancellare per la richiesta ${r.reference}`,
        lines: [
          ...erased.map(([t, n]) => `Anonimizzati o eliminati — ${TABLE_LABELS[t] ?? t}: ${n}`),
          ...r.kept.map((k) => `Resta — ${TABLE_LABELS[k.table] ?? k.table} #${k.id}: ${k.reason.it}`),
        ],
      };
    },
  });

  return { personalDataReport, personalDataErasure };
}
