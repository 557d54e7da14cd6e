/**
 * The one error type the core throws on purpose. Each face maps `code` to its own output
 * (bot: a translated message, web: an HTTP status and page, admin: a notice); anything else
 * that escapes a use case is a bug and is logged as such.
 */
export const errorCodes = [
  'validation', // input failed validation; `details` lists fields
  'not_found',
  'forbidden', // the actor may not touch this record
  'conflict', // the record changed under us or is in the wrong state
  'illegal_transition', // a state machine refused the move
  'expired',
  'already_used',
  'payment_mismatch', // amount/currency disagree with the order
  'unavailable', // an external service failed; safe to retry
  'parse_error', // an uploaded file could not be read; `details` says where
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

// Not only `instanceof`: a process that loads this module twice (tsx under mocha: the specs' static imports
// as CommonJS, AdminJS's dynamic imports as ESM) has two DomainError classes.
export const isDomainError = (e: unknown): e is DomainError =>
  e instanceof DomainError || (e instanceof Error && e.name === 'DomainError' && typeof (e as any).code === 'string' && typeof (e as any).details === 'object');
