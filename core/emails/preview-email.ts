/**
 * The back-office's preview of a stored email: its template filled from the stored facts exactly as
 * the send job fills it, with the renderer the composition root built. Changes nothing.
 */
import type { Ctx } from '../shared/context.js';
import { DomainError } from '../errors.js';
import type { EmailRenderer } from './renderer.js';
import { emailDataFromFacts } from './email-data-from-facts.js';

export function previewEmail(ctx: Ctx, renderer: () => Promise<EmailRenderer>) {
  return async (emailId: number) => {
    const email = await ctx.db.models.Email.findByPk(emailId);
    if (!email) throw new DomainError('not_found', 'Email non trovata');
    const lang = email.language === 'en' ? 'en' : 'it';
    const r = await renderer();
    try {
      const data = await emailDataFromFacts({ models: ctx.db.models, config: ctx.config }, email.template as Parameters<EmailRenderer['render']>[0], lang, email.data ?? {});
      const rendered = r.render(email.template as Parameters<EmailRenderer['render']>[0], lang, data);
      return { subject: rendered.subject, html: rendered.html };
    } catch (e) {
      throw new DomainError('conflict', `Anteprima impossibile: ${String((e as Error)?.message ?? e).slice(0, 300)}`);
    }
  };
}
