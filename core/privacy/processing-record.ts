/**
 * The record of processing activities (GDPR art. 30): what data, whose, for what purpose, on which legal
 * basis, kept how long, shared with whom. Retention is read from retention-policy.ts with the same
 * configuration the daily job uses; `renderRecordOfProcessing` writes docs/record-of-processing.md
 * (`npm run privacy:record`), and a test fails when the committed document differs from it.
 */
import type { AppConfig } from '../config.js';
import { LEGALLY_KEPT, retentionRules, type RetentionRuleKey } from './retention-policy.js';

export interface ProcessingActivity {
  key: string;
  name: string;
  subjects: string;
  data: string;
  purpose: string;
  legalBasis: string;
  source: string;
  /** retention rules that apply (retention-policy.ts), plus what the law keeps */
  retention: RetentionRuleKey[];
  retentionNote: string;
  recipients: string[];
}

export interface Recipient {
  key: string;
  name: string;
  role: string;
  what: string;
  where: string;
  configKey: string;
}

export const recipients: Recipient[] = [
  { key: 'stripe', name: 'Stripe (Stripe Payments Europe Ltd)', role: 'fornitore dei pagamenti con carta (titolare autonomo per i dati di pagamento)', what: 'importo, numero d’ordine, email del pagatore; i dati della carta li raccoglie Stripe, Sportello non li vede', where: 'UE (Irlanda), con trasferimenti verso gli USA coperti dalle clausole contrattuali tipo / EU-US Data Privacy Framework', configKey: 'STRIPE_SECRET_KEY' },
  { key: 'smtp', name: 'Fornitore SMTP del venditore', role: 'responsabile del trattamento (art. 28)', what: 'indirizzo email e testo di ogni email (inviti, ricevute, istruzioni di bonifico)', where: 'secondo il contratto con il fornitore scelto', configKey: 'SMTP_URL' },
  { key: 'sdi', name: 'Intermediario per la fatturazione elettronica e Sistema di Interscambio (Agenzia delle Entrate)', role: 'intermediario: responsabile del trattamento; SdI: per obbligo di legge', what: 'i dati della fattura: ragione sociale, Partita IVA, codice fiscale, indirizzo, PEC o codice destinatario, righe e importi', where: 'Italia', configKey: '(issue 15: FatturaPA)' },
  { key: 'telegram', name: 'Telegram (Telegram Messenger Inc.)', role: 'piattaforma di messaggistica scelta dal partner (titolare autonomo)', what: 'i messaggi del bot ai partner: ordini, coupon, nomi dei clienti invitati e delle aziende', where: 'fuori dall’UE (infrastruttura di Telegram): il partner usa Telegram per sua scelta', configKey: 'TELEGRAM_BOT_TOKEN' },
  { key: 'provisioner', name: 'Piattaforma di contabilità online (creazione dell’account aziendale)', role: 'responsabile del trattamento o stesso titolare', what: 'i dati dell’azienda attivata (ragione sociale, Partita IVA, legale rappresentante, contatti)', where: 'secondo il contratto', configKey: 'PROVISIONER_URL' },
  { key: 'partner', name: 'Il partner (Centro Servizi o Commercialista) che invita o attiva', role: 'titolare autonomo per il rapporto con il proprio cliente', what: 'ordini, aziende e stato degli inviti dei propri clienti', where: 'Italia', configKey: '—' },
];

export function processingActivities(config: AppConfig): ProcessingActivity[] {
  void config;
  return [
    {
      key: 'partners', name: 'Gestione dei partner e del bot Telegram',
      subjects: 'titolari e personale dei partner (Centri Servizi, Commercialisti)',
      data: 'ragione sociale, Partita IVA, codice fiscale (anche di persone fisiche), email di fatturazione, PEC, telefono, indirizzo; id e nome Telegram, lingua, stato delle conversazioni',
      purpose: 'eseguire il contratto di rivendita: ordini, attivazioni, inviti, notifiche', legalBasis: 'art. 6(1)(b) contratto; art. 6(1)(c) obblighi fiscali',
      source: 'il partner stesso', retention: ['bot_sessions', 'link_codes', 'done_jobs'], retentionNote: 'dati del contratto per la sua durata, poi quanto richiesto dalle fatture (10 anni)', recipients: ['telegram'],
    },
    {
      key: 'invitations', name: 'Inviti all’acquisto',
      subjects: 'clienti invitati dai partner (chi non ha ancora firmato nulla)',
      data: 'nome (o ragione sociale) ed email dell’invitato, lingua, stato dell’invito',
      purpose: 'inviare l’invito per conto del partner e un promemoria prima della scadenza', legalBasis: 'art. 6(1)(f) legittimo interesse del venditore e del partner, che ne informa il cliente; opposizione sempre possibile (email, List-Unsubscribe)',
      source: 'il partner (art. 14: l’email d’invito dice chi scrive, per conto di chi, perché e come opporsi)', retention: ['invitations'], retentionNote: 'se l’invito porta a un acquisto i dati passano all’ordine; l’indirizzo di chi si è disiscritto (List-Unsubscribe) resta finché serve a rispettare l’opposizione', recipients: ['smtp', 'telegram', 'partner'],
    },
    {
      key: 'orders', name: 'Ordini, acquisto dalla pagina web e attivazione delle aziende',
      subjects: 'clienti acquirenti, legali rappresentanti, titolari di ditte individuali',
      data: 'dati aziendali (ragione sociale, Partita IVA, codice fiscale, sede), nome, cognome e codice fiscale del legale rappresentante, PEC, codice SDI, email, telefono, codice ATECO',
      purpose: 'vendere, attivare e rinnovare l’account aziendale, fatturare, assistere il cliente', legalBasis: 'art. 6(1)(b) contratto; art. 6(1)(c) obblighi fiscali e contabili',
      source: 'il cliente (pagina di acquisto) o il partner (attivazione dal bot)', retention: ['unpaid_orders'], retentionNote: LEGALLY_KEPT.it, recipients: ['stripe', 'smtp', 'sdi', 'provisioner', 'partner'],
    },
    {
      key: 'payments', name: 'Incassi e riconciliazione bancaria',
      subjects: 'chi paga con bonifico o carta (anche persone estranee ai nostri ordini, nei movimenti «non nostri»)',
      data: 'nome dell’ordinante, IBAN, causale del bonifico, importi e date; esito dei pagamenti con carta',
      purpose: 'riconoscere i pagamenti e chiudere gli ordini', legalBasis: 'art. 6(1)(b) contratto; art. 6(1)(c) obblighi contabili',
      source: 'estratti conto della banca del venditore; Stripe', retention: ['bank_lines'], retentionNote: 'movimenti abbinati e pagamenti: registrazioni contabili, 10 anni', recipients: ['stripe'],
    },
    {
      key: 'emails', name: 'Email transazionali',
      subjects: 'partner, clienti, invitati',
      data: 'indirizzo email, testo dell’email (ordini, importi, coupon, link)',
      purpose: 'comunicare ciò che l’ordine, l’invito o il rinnovo dell’abbonamento richiede (promemoria di scadenza con il link personale di rinnovo); nessun marketing', legalBasis: 'art. 6(1)(b) contratto; art. 6(1)(f) per gli inviti',
      source: 'gli ordini e gli inviti', retention: ['invitations', 'unpaid_orders'], retentionNote: 'le email di un ordine pagato restano con l’ordine', recipients: ['smtp'],
    },
    {
      key: 'staff', name: 'Back-office e registro attività',
      subjects: 'personale del venditore; chiunque compaia nelle voci del registro',
      data: 'email, nome, ruolo, accessi (email, indirizzo IP, orario), sessioni; nel registro: chi ha fatto cosa, su quale record, con i valori cambiati',
      purpose: 'sicurezza degli accessi e responsabilità delle operazioni (accountability, art. 5(2))', legalBasis: 'art. 6(1)(f) legittimo interesse; art. 6(1)(c) obblighi contabili',
      source: 'il personale; le operazioni', retention: ['login_attempts', 'admin_sessions', 'audit'], retentionNote: 'chi ha fatto cosa resta; i valori personali nelle voci vengono mascherati', recipients: [],
    },
  ];
}

export function controllerOf(config: AppConfig) {
  return { name: config.VENDOR_NAME, address: config.VENDOR_ADDRESS, vatNumber: config.VENDOR_VAT, contact: config.SUPPORT_EMAIL, privacyPolicyUrl: config.privacyPolicyUrl };
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The document, in Italian (the register is kept in Italian), from the configuration. */
export function renderRecordOfProcessing(config: AppConfig): string {
  const rules = retentionRules(config);
  const rule = (k: RetentionRuleKey) => rules.find((r) => r.key === k)!;
  const days = (k: RetentionRuleKey) => {
    const r = rule(k);
    return r.configKey ? `${r.days} giorni (\`${String(r.configKey)}\`)` : 'alla scadenza';
  };
  const c = controllerOf(config);
  const out: string[] = [];
  out.push('# Registro delle attività di trattamento (art. 30 GDPR)');
  out.push('');
  out.push('<!-- Generato da `npm run privacy:record` (core/privacy/processing-record.ts) dalla stessa configurazione del job di conservazione: non modificarlo a mano; un test fallisce se differisce. -->');
  out.push('');
  out.push('Documento generato dalla configurazione (`RETENTION_*`, `VENDOR_*`, `PRIVACY_POLICY_URL`): i periodi qui sotto sono quelli che il job giornaliero `privacy_retention` applica. La copia nel repository usa i valori predefiniti; un’installazione lo rigenera con i propri (`npm run privacy:record -- --from-env --out registro.md`).');
  out.push('');
  out.push('## Titolare del trattamento');
  out.push('');
  out.push(`- ${c.name}, ${c.address}, P.IVA ${c.vatNumber} (\`VENDOR_NAME\`, \`VENDOR_ADDRESS\`, \`VENDOR_VAT\`${config.isProduction ? '' : '; valori dimostrativi finché non configurati'})`);
  out.push(`- Contatto per le richieste degli interessati: ${c.contact} (\`SUPPORT_EMAIL\`)`);
  out.push(`- Informativa: ${config.privacyPolicyIsPlaceholder ? '`PRIVACY_POLICY_URL` (obbligatorio in produzione; la demo serve una pagina segnaposto su /privacy)' : c.privacyPolicyUrl}`);
  out.push('');
  out.push('## Attività di trattamento');
  for (const a of processingActivities(config)) {
    out.push('');
    out.push(`### ${a.name}`);
    out.push('');
    out.push('| voce | contenuto |');
    out.push('| --- | --- |');
    out.push(`| interessati | ${cell(a.subjects)} |`);
    out.push(`| dati | ${cell(a.data)} |`);
    out.push(`| finalità | ${cell(a.purpose)} |`);
    out.push(`| base giuridica | ${cell(a.legalBasis)} |`);
    out.push(`| origine dei dati | ${cell(a.source)} |`);
    out.push(`| conservazione | ${cell([...a.retention.map((k) => `${rule(k).it} — ${days(k)}`), a.retentionNote].join('; '))} |`);
    out.push(`| destinatari | ${cell(a.recipients.length ? a.recipients.map((k) => recipients.find((r) => r.key === k)!.name).join('; ') : 'nessuno fuori dal personale del titolare')} |`);
  }
  out.push('');
  out.push('## Destinatari');
  out.push('');
  out.push('| destinatario | ruolo | quali dati | dove | configurazione |');
  out.push('| --- | --- | --- | --- | --- |');
  for (const r of recipients) out.push(`| ${cell(r.name)} | ${cell(r.role)} | ${cell(r.what)} | ${cell(r.where)} | \`${r.configKey}\` |`);
  out.push('');
  out.push('## Conservazione (job giornaliero `privacy_retention`)');
  out.push('');
  out.push('| regola | periodo | cosa viene rimosso | cosa resta |');
  out.push('| --- | --- | --- | --- |');
  for (const r of rules) out.push(`| \`${r.key}\` | ${days(r.key)} | ${cell(r.it)} | ${cell(r.keeps.it)} |`);
  out.push('');
  out.push(`**Mai cancellato da questi job né da una richiesta di cancellazione:** ${LEGALLY_KEPT.it}`);
  out.push('');
  out.push('## Diritti degli interessati');
  out.push('');
  out.push('Accesso (art. 15) e cancellazione (art. 17) dal back-office, solo ruolo amministratore: Sistema → Registro attività → «Dati di una persona» (resoconto leggibile ed esportazione JSON) e «Cancella i dati di una persona» (anonimizza ciò che può andare, dice cosa resta e perché). Ogni richiesta è registrata con l’utente del personale e il riferimento della richiesta, mai con l’identificativo della persona. Nessun consenso di marketing è raccolto; se mai lo fosse, andrebbe chiesto a parte e registrato con data e versione del testo.');
  out.push('');
  out.push('## Misure di sicurezza');
  out.push('');
  out.push('Token e codici consegnati alle persone conservati solo come impronte SHA-256; link firmati HMAC; log senza codici fiscali, IBAN, token e password (redazione per nome del campo); back-office con ruoli, sessioni nel database, rallentamento dei tentativi di accesso falliti, ogni rifiuto registrato; HTTPS obbligatorio in produzione.');
  out.push('');
  return out.join('\n');
}
