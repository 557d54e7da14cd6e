/**
 * The short privacy notice (GDPR art. 13) shown where the web checkout collects data: who the
 * controller is, why the data are needed, who else sees them, how long they are kept, the person's
 * rights, and the link to the full policy (PRIVACY_POLICY_URL). Nothing to tick: the data are needed
 * for the contract and by law; no marketing consent is asked.
 */
import type { AppConfig } from '../../core/config.js';
import { html, type SafeHtml } from '../checkout/html.js';
import type { PageLang } from '../checkout/page-strings.js';

type NoticeConfig = Pick<AppConfig, 'VENDOR_NAME' | 'SUPPORT_EMAIL' | 'privacyPolicyUrl'>;

export function checkoutPrivacyNotice(lang: PageLang, config: NoticeConfig, partnerName: string): SafeHtml {
  const c = config;
  const mail = html`<a href="mailto:${c.SUPPORT_EMAIL}">${c.SUPPORT_EMAIL}</a>`;
  const policy = html`<a href="${c.privacyPolicyUrl}" rel="noopener" target="_blank">${lang === 'it' ? 'Informativa privacy completa' : 'Full privacy policy'}</a>`;
  return lang === 'it'
    ? html`<section class="muted privacy" id="privacy-notice" aria-labelledby="privacy-title">
<h2 id="privacy-title">Privacy</h2>
<p>Titolare del trattamento è <strong>${c.VENDOR_NAME}</strong>. I dati che inserisci servono a creare il tuo account aziendale, a emettere la fattura e ad assisterti (esecuzione del contratto e obblighi di legge); ${partnerName}, che ti ha invitato, vede l’ordine e l’azienda. Li trattano per nostro conto il fornitore dei pagamenti (Stripe), quello delle email e l’intermediario per la fatturazione elettronica (SdI). Se non acquisti, nome ed email dell’invito sono cancellati dopo la sua scadenza; le fatture si conservano 10 anni per legge. Puoi chiedere accesso, rettifica o cancellazione, od opporti, scrivendo a ${mail}. ${policy}. Nessun consenso per il marketing ti è richiesto.</p>
</section>`
    : html`<section class="muted privacy" id="privacy-notice" aria-labelledby="privacy-title">
<h2 id="privacy-title">Privacy</h2>
<p>The data controller is <strong>${c.VENDOR_NAME}</strong>. The details you enter are used to create your company account, issue the invoice and support you (performance of the contract and legal obligations); ${partnerName}, who invited you, sees the order and the company. The payment provider (Stripe), the email provider and the e-invoicing intermediary (SdI) process them on our behalf. If you do not buy, the invitation’s name and email are deleted after it expires; invoices are kept for 10 years by law. You may ask for access, correction or erasure, or object, by writing to ${mail}. ${policy}. No marketing consent is asked of you.</p>
</section>`;
}
