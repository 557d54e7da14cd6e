/**
 * The one error handler of the HTTP server, installed by createWebApp after every mount (the admin
 * router's included), with the 404 for paths nobody answered just before it.
 *
 * No answer ever carries a stack, a file path or a library's message: browsers get an Italian page
 * (English below it, or first with `?lang=en`) with the request id to quote to support; APIs (the
 * back-office API, webhooks, health, clients that ask for JSON) get `{ error, code, requestId }`.
 * Every 5xx is logged once, with that id and the stack; refused requests (4xx) at debug.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { App } from '../core/app.js';
import { isDomainError, type ErrorCode } from '../core/errors.js';
import { html } from './checkout/html.js';
import { layout } from './checkout/layout.js';
import { pageLangOf, type PageLang } from './checkout/page-strings.js';
import { requestIdOf } from './request-id.js';
import { webHelmet } from './security-headers.js';

interface Problem {
  status: number;
  /** stable, for programs: `{ code }` of the JSON answer */
  code: string;
}

type Words = { title: string; text: string };

const words: Record<PageLang, Record<number, Words>> = {
  it: {
    400: { title: 'Richiesta non valida', text: 'La richiesta non è valida o è arrivata incompleta. Controlla il link e riprova.' },
    401: { title: 'Accesso richiesto', text: 'Per continuare occorre accedere.' },
    403: { title: 'Accesso negato', text: 'Non è possibile eseguire questa operazione.' },
    404: { title: 'Pagina non trovata', text: 'La pagina richiesta non esiste. Controlla di aver copiato il link per intero.' },
    405: { title: 'Operazione non consentita', text: 'Questa pagina non accetta questo tipo di richiesta.' },
    409: { title: 'Operazione non possibile', text: 'La richiesta non è compatibile con lo stato attuale: ricarica la pagina e riprova.' },
    410: { title: 'Link non più valido', text: 'Questo link non è più valido.' },
    413: { title: 'Richiesta troppo grande', text: 'I dati inviati superano la dimensione consentita.' },
    415: { title: 'Formato non supportato', text: 'Il formato dei dati inviati non è supportato.' },
    422: { title: 'Dati non validi', text: 'I dati inviati non sono validi.' },
    429: { title: 'Troppe richieste', text: 'Hai fatto troppe richieste in poco tempo: riprova tra qualche minuto.' },
    500: { title: 'Si è verificato un errore', text: 'Non siamo riusciti a completare la richiesta. Riprova tra qualche minuto; se il problema continua, scrivi all’assistenza indicando il codice della richiesta.' },
    503: { title: 'Servizio momentaneamente non disponibile', text: 'Il servizio non è raggiungibile in questo momento. Riprova tra qualche minuto.' },
  },
  en: {
    400: { title: 'Bad request', text: 'The request is not valid or arrived incomplete. Please check the link and try again.' },
    401: { title: 'Sign-in required', text: 'Please sign in to continue.' },
    403: { title: 'Access denied', text: 'This operation is not allowed.' },
    404: { title: 'Page not found', text: 'This page does not exist. Please check you copied the whole link.' },
    405: { title: 'Not allowed', text: 'This page does not accept this kind of request.' },
    409: { title: 'Not possible now', text: 'The request does not fit the current state: reload the page and try again.' },
    410: { title: 'Link no longer valid', text: 'This link is no longer valid.' },
    413: { title: 'Request too large', text: 'The data sent is larger than allowed.' },
    415: { title: 'Unsupported format', text: 'The format of the data sent is not supported.' },
    422: { title: 'Invalid data', text: 'The data sent is not valid.' },
    429: { title: 'Too many requests', text: 'Too many requests in a short time: please try again in a few minutes.' },
    500: { title: 'Something went wrong', text: 'We could not complete the request. Please try again in a few minutes; if it keeps happening, write to support quoting the request code.' },
    503: { title: 'Service temporarily unavailable', text: 'The service cannot be reached right now. Please try again in a few minutes.' },
  },
};

const referenceLabel: Record<PageLang, string> = { it: 'Codice della richiesta', en: 'Request code' };

const codeOfStatus: Record<number, string> = {
  400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed', 409: 'conflict',
  410: 'gone', 413: 'payload_too_large', 415: 'unsupported_media_type', 422: 'validation', 429: 'too_many_requests',
  500: 'internal_error', 503: 'unavailable',
};

const statusOfDomainCode: Record<ErrorCode, number> = {
  validation: 422, not_found: 404, forbidden: 403, conflict: 409, illegal_transition: 409, expired: 410,
  already_used: 410, payment_mismatch: 409, unavailable: 503, parse_error: 400,
};

/** body-parser's documented error types (`err.type`). */
const bodyErrors: Record<string, Problem> = {
  'entity.too.large': { status: 413, code: 'payload_too_large' },
  'parameters.too.many': { status: 413, code: 'too_many_fields' },
  'request.aborted': { status: 400, code: 'request_aborted' },
  'request.size.invalid': { status: 400, code: 'request_incomplete' },
  'entity.parse.failed': { status: 400, code: 'bad_request' },
  'entity.verify.failed': { status: 403, code: 'forbidden' },
  'encoding.unsupported': { status: 415, code: 'unsupported_media_type' },
  'charset.unsupported': { status: 415, code: 'unsupported_media_type' },
};

function numberIn(v: unknown, lo: number, hi: number): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi ? v : undefined;
}

/** What the client is told. Only 4xx statuses are taken from the error itself; anything unknown is a 500. */
export function classifyError(err: unknown): Problem {
  if (isDomainError(err)) return { status: statusOfDomainCode[err.code] ?? 500, code: err.code };
  const e = (err ?? {}) as { type?: unknown; status?: unknown; statusCode?: unknown; httpCode?: unknown };
  if (typeof e.type === 'string' && bodyErrors[e.type]) return bodyErrors[e.type]!;
  // A path that does not decode (`/pay/%E0%A4%A`): express reports it as a URIError with status 400.
  if (err instanceof URIError) return { status: 400, code: 'bad_request' };
  // http-errors (express, body-parser) carry `status`/`statusCode`; formidable its `httpCode`.
  const status = numberIn(e.status, 400, 499) ?? numberIn(e.statusCode, 400, 499) ?? numberIn(e.httpCode, 400, 499);
  if (status) return { status, code: codeOfStatus[status] ?? 'bad_request' };
  return { status: 500, code: 'internal_error' };
}

const JSON_PATHS = /^\/(admin\/api|webhooks|healthz|readyz)(\/|$)/i;

/** Programs get JSON: the back-office API, webhooks, health, and clients that prefer JSON to HTML. */
export function wantsJson(req: Request): boolean {
  if (JSON_PATHS.test(req.path)) return true;
  return req.accepts(['html', 'json']) === 'json';
}

/** Segments long enough to be tokens (invitation, pay and order links) are not logged. */
function safePath(req: Request): string {
  return req.path
    .split('/')
    .map((s) => (s.length >= 16 ? '…' : s))
    .join('/')
    .slice(0, 200);
}

function langOf(req: Request): PageLang {
  const fromBody = req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body) ? (req.body as Record<string, unknown>).lang : undefined;
  return pageLangOf(req.query.lang ?? fromBody);
}

function wordsFor(lang: PageLang, status: number): Words {
  const w = words[lang];
  return w[status] ?? w[status >= 500 ? 500 : 400]!;
}

export type ProblemSender = (req: Request, res: Response, problem: Problem) => void;

/** Answers a problem, as a page or as JSON. Nothing of the error itself goes in it. */
export function problemSender(app: App): ProblemSender {
  const headers = webHelmet(app.config);
  return (req, res, problem) => {
    const requestId = requestIdOf(res);
    const lang = langOf(req);
    res.status(problem.status);
    res.set('Cache-Control', 'no-store');
    if (problem.status === 503) res.set('Retry-After', '60');
    if (wantsJson(req)) {
      res.json({ error: wordsFor('it', problem.status).text, code: problem.code, requestId });
      return;
    }
    const w = wordsFor(lang, problem.status);
    const otherLang: PageLang = lang === 'it' ? 'en' : 'it';
    const other = wordsFor(otherLang, problem.status);
    // This page's own headers and nonce: on a back-office path another policy (or none) is set.
    res.locals.cspNonce = undefined;
    headers(req, res, () => {
      res.type('html').send(
        layout({
          lang,
          title: w.title,
          nonce: res.locals.cspNonce as string,
          path: req.path,
          config: app.config,
          body: html`<h1>${w.title}</h1>
<p data-testid="error-text">${w.text}</p>
<p>${referenceLabel[lang]}: <strong data-testid="request-id">${requestId}</strong></p>
<p class="muted" lang="${otherLang}">${other.title}. ${other.text}</p>`,
        }),
      );
    });
  };
}

/** Paths no route answered. */
export function notFoundHandler(app: App): RequestHandler {
  const send = problemSender(app);
  return (req, res) => send(req, res, { status: 404, code: 'not_found' });
}

export function errorHandler(app: App): ErrorRequestHandler {
  const send = problemSender(app);
  return (err, req, res, _next) => {
    const problem = classifyError(err);
    const requestId = requestIdOf(res);
    const where = { requestId, method: req.method, path: safePath(req) };
    const e = err as Error | undefined;
    if (problem.status >= 500) {
      // Message and stack only: never the request, whose body may hold tax codes.
      app.log.error({ ...where, status: problem.status, err: { type: e?.name, message: e?.message, stack: e?.stack } }, 'request failed');
    } else {
      app.log.debug({ ...where, status: problem.status, code: problem.code }, 'request refused');
    }
    if (res.headersSent) {
      // Part of the answer is already on its way: the only honest end is to cut the connection.
      if (problem.status < 500) app.log.warn({ ...where, err: { message: e?.message } }, 'error after the answer started');
      req.socket.destroy();
      return;
    }
    send(req, res, problem);
  };
}
