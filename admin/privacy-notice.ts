/**
 * The privacy notice of the back-office login (GDPR art. 13 for staff): what is recorded when they
 * log in and work, why, and for how long, with the link to the vendor's policy. Added to the page
 * AdminJS renders, outside the React root, so it stays whatever the login component looks like.
 */
import type { AppConfig } from '../core/config.js';
import { escapeHtml } from '../core/shared/escape-html.js';

type NoticeConfig = Pick<AppConfig, 'VENDOR_NAME' | 'privacyPolicyUrl' | 'RETENTION_LOGIN_ATTEMPT_DAYS'>;

export function loginPrivacyNotice(config: NoticeConfig): string {
  const e = escapeHtml;
  return `<aside id="privacy-notice" lang="it" style="position:fixed;left:0;right:0;bottom:0;padding:8px 16px;background:#f6f7fb;border-top:1px solid #d9dce8;font:13px/1.4 system-ui,sans-serif;color:#454655;text-align:center;z-index:10">
Privacy: ${e(config.VENDOR_NAME)}, titolare, registra email, indirizzo IP e orario di ogni accesso (per ${config.RETENTION_LOGIN_ATTEMPT_DAYS} giorni, per la sicurezza dell’account) e nel registro attività chi ha fatto cosa (obblighi di legge e legittimo interesse).
<a href="${e(config.privacyPolicyUrl)}" target="_blank" rel="noopener">Informativa privacy</a>
<span lang="en"> · Staff logins (email, IP address, time) and actions are recorded for security and accountability.</span>
</aside>`;
}

/**
 * The login page as AdminJS rendered it, with the notice first in `<body>`: AdminJS writes its root as
 * `<div id="app" />`, which HTML reads as an open div holding the rest of the body, and React replaces
 * whatever is inside it.
 */
export const withPrivacyNotice = (page: string, config: NoticeConfig) => page.replace(/<body>/, `<body>${loginPrivacyNotice(config)}`);
