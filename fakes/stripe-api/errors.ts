// Stripe's error envelope `{ error: { type, message, code?, param?, doc_url? } }`. The SDK picks its error
// class from the HTTP status and `type` (400/404 → StripeInvalidRequestError or StripeIdempotencyError,
// 401 → StripeAuthenticationError, 402 → StripeCardError, 429 → StripeRateLimitError, 5xx → StripeAPIError).

export type StripeErrorType = 'invalid_request_error' | 'api_error' | 'idempotency_error' | 'card_error' | 'authentication_error';

export interface StripeErrorBody {
  type: StripeErrorType | string;
  message: string;
  code?: string;
  param?: string;
  doc_url?: string;
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
  }

  toJSON(): { error: StripeErrorBody } {
    const doc = this.body.code ? { doc_url: `https://stripe.com/docs/error-codes/${this.body.code.replace(/_/g, '-')}` } : {};
    return { error: { ...doc, ...this.body } };
  }
}

export const invalid = (message: string, param?: string, code?: string): StripeApiError =>
  new StripeApiError(400, { type: 'invalid_request_error', message, ...(param ? { param } : {}), ...(code ? { code } : {}) });

export const missing = (param: string): StripeApiError => invalid(`Missing required param: ${param}.`, param, 'parameter_missing');

export const notFound = (kind: string, id: string, param: string): StripeApiError =>
  new StripeApiError(404, { type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${kind}: '${id}'` });

export const apiError = (message = 'An unknown error occurred'): StripeApiError => new StripeApiError(500, { type: 'api_error', message });

export const idempotencyError = (message: string): StripeApiError => new StripeApiError(400, { type: 'idempotency_error', message });
