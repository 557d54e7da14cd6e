/** A DomainError from the core, told to the user in their language (each code has its message). */
import { isDomainError } from '../core/errors.js';
import type { Messages } from './i18n.js';
import type { Lang } from '../core/shared/types.js';
import { esc } from './i18n.js';

export function describeError(e: unknown, m: Messages, lang: Lang): string | null {
  if (!isDomainError(e)) return null;
  const base = m.errors[e.code];
  const fields = e.details?.fields as Record<string, unknown> | undefined;
  if (e.code === 'validation' && fields) {
    // Field errors from the validators carry both languages; zod's come as Italian strings.
    const reasons = Object.values(fields).map((f) => (f && typeof f === 'object' && lang in (f as object) ? (f as Record<string, string>)[lang] : String(f)));
    return `${base}\n${reasons.map((r) => `• ${esc(r)}`).join('\n')}`;
  }
  return base;
}
