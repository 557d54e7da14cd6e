/** Short pages that explain why the form is not shown: a link no longer valid, an expired form, too many tries. */
import { html, type SafeHtml } from './html.js';
import { pageStrings, type PageLang } from './page-strings.js';

export type InvitationProblem = 'expired' | 'already_used' | 'cancelled' | 'not_found';

/** A way forward where there is one: the order the invitation bought, the platform where its company lives. */
export interface ProblemForward { statusHref?: string; platformUrl?: string }

export function invitationProblemBody(lang: PageLang, problem: InvitationProblem, partner?: { name: string; email: string }, forward: ProblemForward = {}): SafeHtml {
  const s = pageStrings[lang];
  return html`<h1>${s.problemTitle}</h1>
<p>${s.problems[problem]}</p>
${forward.statusHref ? html`<p><a class="button" href="${forward.statusHref}" data-testid="see-order">${s.seeOrder}</a></p>` : ''}
${forward.platformUrl ? html`<p>${s.platformHint} <a href="${forward.platformUrl}" data-testid="open-platform">${s.openPlatform}</a></p>` : ''}
${partner && problem !== 'already_used' ? html`<p>${s.contactPartner(partner.name)} <a href="mailto:${partner.email}">${partner.email}</a></p>` : ''}`;
}

export function messageBody(title: string, text: string, back?: { href: string; label: string }): SafeHtml {
  return html`<h1>${title}</h1>
<p>${text}</p>
${back ? html`<p><a class="button" href="${back.href}">${back.label}</a></p>` : ''}`;
}

export type { PageLang };
