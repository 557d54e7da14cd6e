/**
 * One short id per request, set first thing by createWebApp: in `res.locals.requestId`, in the
 * `X-Request-Id` answer header, on the error page a person can read out to support, and in every
 * log line about a failed request. The admin face reads the same id with `requestIdOf(res)`.
 */
import { randomBytes } from 'node:crypto';
import type { RequestHandler, Response } from 'express';

export const REQUEST_ID_HEADER = 'X-Request-Id';

// Crockford's base32: no I, L, O, U, so an id read over the phone cannot be misheard as another.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 8 characters (40 random bits): unique enough to find one request in a day of logs. */
export function newRequestId(): string {
  const bytes = randomBytes(8);
  let id = '';
  for (const b of bytes) id += ALPHABET[b & 31];
  return id;
}

/** Never taken from the request: a client-chosen id could be made to collide with another's in the logs. */
export function requestIds(): RequestHandler {
  return (_req, res, next) => {
    const id = newRequestId();
    res.locals.requestId = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    next();
  };
}

/** The id of this request (one is made on the spot for a response that did not go through createWebApp). */
export function requestIdOf(res: Response): string {
  if (typeof res.locals.requestId !== 'string') {
    res.locals.requestId = newRequestId();
    if (!res.headersSent) res.setHeader(REQUEST_ID_HEADER, res.locals.requestId);
  }
  return res.locals.requestId;
}
