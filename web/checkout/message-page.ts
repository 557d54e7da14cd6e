/** Short pages that explain why the form is not shown: a link no longer valid, an expired form, too many tries. */
import { html, type SafeHtml } from './html.js';
import { pageStrings, type PageLang } from './page-strings.js';

export type InvitationProblem = 'expired' | 'already_used' | 'cancelled' | 'not_found';

export function invitationProblemBody(lang: PageLang, problem: InvitationProblem, partner?: { name: string; email: string }): SafeHtml {
  const s = pageStrings[lang];
  return html`<h1>${s.problemTitle}</h1>
<p>${s.problems[problem]}</p>
${partner ? html`<p>${s.contactPartner(partner.name)} <a href="mailto:${partner.email}">${partner.email}</a></p>` : ''}`;
}

export function messageBody(title: string, text: string, back?: { href: string; label: string }): SafeHtml {
  return html`<h1>${title}</h1>
<p>${text}</p>
${back ? html`<p><a class="button" href="${back.href}">${back.label}</a></p>` : ''}`;
}

export type { PageLang };
