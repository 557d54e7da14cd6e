/**
 * `/privacy`: the demo's placeholder for the vendor's privacy policy, saying plainly that it is one and
 * listing what this installation keeps and for how long (from the same rules the retention job
 * applies). With PRIVACY_POLICY_URL set (always in production) it redirects to the vendor's policy.
 */
import { Router } from 'express';
import { PRIVACY_PLACEHOLDER_PATH } from '../../core/config.js';
import { LEGALLY_KEPT, retentionRules } from '../../core/privacy/retention-policy.js';
import type { Mount } from '../create-web-app.js';
import { html } from '../checkout/html.js';
import { layout } from '../checkout/layout.js';
import { pageLangOf } from '../checkout/page-strings.js';
import { setPageHeaders } from '../checkout/security.js';

export const mountPrivacyPage: Mount = (server, app) => {
  const config = app.config;
  const r = Router();
  r.get(PRIVACY_PLACEHOLDER_PATH, (req, res) => {
    if (!config.privacyPolicyIsPlaceholder) return res.redirect(302, config.privacyPolicyUrl);
    const lang = pageLangOf(req.query.lang);
    const rules = retentionRules(config);
    const body =
      lang === 'it'
        ? html`<h1>Informativa privacy — pagina segnaposto</h1>
<p class="summary" id="placeholder-warning"><strong>Questa non è un’informativa privacy.</strong> È una pagina dimostrativa: chi installa Sportello deve pubblicare la propria informativa e indicarne l’indirizzo in <code>PRIVACY_POLICY_URL</code> (in produzione Sportello non parte senza).</p>
<p>Titolare del trattamento (valore dimostrativo): ${config.VENDOR_NAME}, ${config.VENDOR_ADDRESS}. Contatto: <a href="mailto:${config.SUPPORT_EMAIL}">${config.SUPPORT_EMAIL}</a>.</p>
<h2>Per quanto tempo sono conservati i dati</h2>
<ul>${rules.map((x) => html`<li>${x.it}. Resta: ${x.keeps.it}.</li>`)}</ul>
<p>${LEGALLY_KEPT.it}</p>`
        : html`<h1>Privacy policy — placeholder page</h1>
<p class="summary" id="placeholder-warning"><strong>This is not a privacy policy.</strong> It is a demo page: whoever installs Sportello must publish their own policy and set its address in <code>PRIVACY_POLICY_URL</code> (in production Sportello does not start without it).</p>
<p>Data controller (demo value): ${config.VENDOR_NAME}, ${config.VENDOR_ADDRESS}. Contact: <a href="mailto:${config.SUPPORT_EMAIL}">${config.SUPPORT_EMAIL}</a>.</p>
<h2>How long data are kept</h2>
<ul>${rules.map((x) => html`<li>${x.en}. Kept: ${x.keeps.en}.</li>`)}</ul>
<p>${LEGALLY_KEPT.en}</p>`;
    const nonce = setPageHeaders(res);
    res.send(layout({ lang, title: lang === 'it' ? 'Informativa privacy (segnaposto)' : 'Privacy policy (placeholder)', nonce, path: PRIVACY_PLACEHOLDER_PATH, body, config }));
  });
  server.use(r);
};
