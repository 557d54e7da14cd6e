/** Input validation for use cases: zod issues become one `validation` DomainError with per-field messages. */
import type { ZodType, ZodTypeDef } from 'zod';
import { DomainError } from '../errors.js';

export function parseInput<T>(schema: ZodType<T, ZodTypeDef, unknown>, input: unknown): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) fields[issue.path.join('.') || '_'] ??= issue.message;
  throw new DomainError('validation', 'Dati non validi', { fields });
}
