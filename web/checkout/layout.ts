/** The page shell shared by the checkout and order pages: phone-first CSS, language switch, vendor footer. */
import type { AppConfig } from '../../core/config.js';
import { html, trusted, type SafeHtml } from './html.js';
import { pageStrings, type PageLang } from './page-strings.js';

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2939;background:#f2f4f7}
header,main,footer{max-width:44rem;margin:0 auto;padding:1rem}
header{display:flex;justify-content:space-between;align-items:center;gap:1rem}
header .brand{font-weight:700;color:#0b5cad}
main{background:#fff;border-radius:.75rem;box-shadow:0 1px 3px rgba(16,24,40,.1)}
h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 1rem}
h2{font-size:1.15rem;margin:1.75rem 0 .5rem}
a{color:#0b5cad}
fieldset{border:0;padding:0;margin:0}
legend{font-weight:700;font-size:1.15rem;margin:1.5rem 0 .25rem;padding:0}
.field{margin:.9rem 0}
label{display:block;font-weight:600;margin-bottom:.25rem}
.hint{display:block;font-weight:400;color:#475467;font-size:.9rem}
input[type=text],input[type=email],input[type=tel],select{width:100%;font:inherit;padding:.65rem .75rem;border:1px solid #98a2b3;border-radius:.5rem;background:#fff;min-height:2.75rem}
input:focus,select:focus,button:focus,a:focus{outline:3px solid #84adff;outline-offset:1px}
[aria-invalid=true]{border-color:#d92d20;border-width:2px}
.hint.inline{display:inline}
legend.sub{font-size:1rem;margin:0;font-weight:600}
.error{color:#b42318;font-weight:600;margin:.25rem 0 0}
.error:empty{display:none}
.radio{display:flex;gap:.6rem;align-items:flex-start;font-weight:400;margin:.5rem 0;padding:.6rem;border:1px solid #d0d5dd;border-radius:.5rem}
.radio input{margin-top:.3rem;width:1.2rem;height:1.2rem}
button,.button{display:inline-block;font:inherit;font-weight:700;color:#fff;background:#0b5cad;border:0;border-radius:.5rem;padding:.85rem 1.25rem;margin-top:1.25rem;text-decoration:none;width:100%;text-align:center;cursor:pointer}
.summary{border:2px solid #d92d20;border-radius:.5rem;padding:.75rem 1rem;margin:1rem 0}
.summary h2{margin:0 0 .25rem;font-size:1.05rem;color:#b42318}
table{width:100%;border-collapse:collapse;margin:.5rem 0}
th,td{text-align:left;padding:.4rem 0;border-bottom:1px solid #eaecf0;vertical-align:top}
td.num,th.num{text-align:right;white-space:nowrap}
tr.total th,tr.total td{font-weight:700;border-bottom:0}
dl.bank{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem;margin:.5rem 0}
dl.bank dt{font-weight:600}dl.bank dd{margin:0;font-family:ui-monospace,Menlo,monospace;word-break:break-all}
.notice{background:#ecfdf3;border-left:4px solid #12b76a;padding:.6rem .9rem;margin:1rem 0}
.pending{border:2px solid #0b5cad;border-radius:.5rem;padding:.75rem 1rem;margin:1rem 0}
.pending h2{margin:0 0 .25rem;font-size:1.05rem}
.muted{color:#475467;font-size:.9rem}
footer{color:#475467;font-size:.85rem;text-align:center}
@media (min-width:40rem){main{padding:1.5rem 2rem}button,.button{width:auto}}
`;

export interface LayoutInput {
  lang: PageLang;
  title: string;
  nonce: string;
  /** This page's path (without query), for the language switch. */
  path: string;
  body: SafeHtml;
  config: AppConfig;
  script?: string;
}

export function layout(p: LayoutInput): string {
  const s = pageStrings[p.lang];
  const c = p.config;
  return (
    '<!doctype html>\n' +
    html`<html lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow">
<title>${p.title} · ${s.brand}</title>
<style nonce="${p.nonce}">${trusted(CSS)}</style>
</head>
<body>
<header><span class="brand">${s.brand}</span><a href="${p.path}?lang=${s.switchLang}" hreflang="${s.switchLang}" lang="${s.switchLang}">${s.switchTo}</a></header>
<main id="main">
${p.body}
</main>
<footer>${c.VENDOR_NAME} · ${c.VENDOR_ADDRESS} · P.IVA ${c.VENDOR_VAT}<br>${s.contactSupport} <a href="mailto:${c.SUPPORT_EMAIL}">${c.SUPPORT_EMAIL}</a> · <a href="${c.privacyPolicyUrl}" id="privacy-link">Privacy</a></footer>
${p.script ? html`<script nonce="${p.nonce}">${trusted(p.script)}</script>` : ''}
</body>
</html>`.value
  );
}
