/**
 * Request bodies of the back-office: how large each may be, decided before any work, and parsed only
 * for a logged-in person. A declared length over the limit is refused at once (before the session is
 * read); a body without a declared length (chunked) is counted as it arrives. The statement import
 * takes files up to STATEMENT_UPLOAD_MAX_MB; every other form is small. Multipart goes through
 * formidable (express-formidable, errors handled here exactly once: a formidable error must never
 * reach express twice, which is what used to take the process down); JSON and URL-encoded forms
 * through express's own parsers. Upload temp files are deleted when the answer ends.
 */
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type Request, type Response, type NextFunction, type RequestHandler } from 'express';
import formidableMiddleware from 'express-formidable';
import type { App } from '../core/app.js';
import { escapeHtml } from '../core/shared/escape-html.js';

const MB = 1024 * 1024;
/** Any back-office form other than the statement import (record edits, action forms). */
export const FORM_MAX_BYTES = 1 * MB;
/** The login form: an email and a password. */
export const LOGIN_MAX_BYTES = 16 * 1024;
/** More fields than any back-office form has; a 10,000-field form is refused. */
export const MAX_FIELDS = 300;
const IMPORT_PATH = '/api/resources/bank_statements/actions/importstatement';

export type BodyClass = 'login' | 'statement' | 'form';

/**
 * The path as AdminJS's routes will see it (decoded, any case, without a trailing slash), so that a
 * spelling variant of the import route cannot get a larger limit, nor the import a smaller one.
 */
export function canonicalPath(path: string): string {
  let p = path;
  try {
    p = decodeURIComponent(path);
  } catch {
    // a malformed escape: express will not match it to any AdminJS route either
  }
  p = p.toLowerCase().replace(/\/+$/, '');
  return p || '/';
}

export const isApiPath = (path: string) => canonicalPath(path).startsWith('/api/');

export function bodyClass(path: string): BodyClass {
  const p = canonicalPath(path);
  if (p === '/login') return 'login';
  if (p === IMPORT_PATH) return 'statement';
  return 'form';
}

export function bodyLimitBytes(app: App, cls: BodyClass): number {
  if (cls === 'login') return LOGIN_MAX_BYTES;
  // The file plus the few fields beside it and the multipart framing.
  if (cls === 'statement') return app.config.STATEMENT_UPLOAD_MAX_MB * MB + 64 * 1024;
  return FORM_MAX_BYTES;
}

const hasBody = (req: Request) => Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;

/** One refusal shape: JSON `{ error, code, requestId }` for the API, a short Italian page for the browser. */
export function refuse(req: Request, res: Response, status: number, code: string, it: string, en: string) {
  if (res.headersSent) return;
  const requestId = res.locals.requestId ?? null;
  // The rest of a refused body is not read: the connection closes after the answer.
  if (hasBody(req) && !req.complete) res.setHeader('Connection', 'close');
  res.setHeader('Cache-Control', 'no-store');
  if (isApiPath(req.path) || !req.accepts('html')) {
    res.status(status).json({ error: it, code, requestId, ...(en ? { error_en: en } : {}) });
    return;
  }
  res.status(status).type('html').send(
    `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Sportello</title></head><body><h1>${escapeHtml(it)}</h1><p lang="en">${escapeHtml(en)}</p>${requestId ? `<p>Codice richiesta: ${escapeHtml(String(requestId))}</p>` : ''}<p><a href="${escapeHtml(req.baseUrl)}">Torna al back-office</a></p></body></html>`,
  );
}

export const tooLarge = (req: Request, res: Response, limit: number) =>
  refuse(req, res, 413, 'payload_too_large', `Richiesta troppo grande (massimo ${formatSize(limit)})`, `Request too large (at most ${formatSize(limit)})`);

const formatSize = (bytes: number) => (bytes >= MB ? `${Math.round(bytes / MB)} MB` : `${Math.round(bytes / 1024)} KB`);

/** First on the router: a declared length over the path's limit is refused before anything is read. */
export function declaredLengthLimit(app: App): RequestHandler {
  return (req, res, next) => {
    const declared = req.headers['content-length'];
    if (declared !== undefined) {
      const n = Number(declared);
      if (!Number.isSafeInteger(n) || n < 0) return refuse(req, res, 400, 'bad_request', 'Richiesta non valida', 'Bad request');
      const limit = bodyLimitBytes(app, bodyClass(req.path));
      if (n > limit) {
        app.log.warn({ path: req.path, declared: n, limit }, 'back-office body refused: too large');
        return tooLarge(req, res, limit);
      }
    }
    next();
  };
}

/**
 * Parses the body of a logged-in request into `req.fields` and `req.files` (what AdminJS's route
 * handlers read), within the path's limits. Only multipart, JSON and URL-encoded bodies are taken.
 */
export function parseAdminBody(app: App): RequestHandler {
  const uploadDir = join(tmpdir(), 'sportello-uploads');
  mkdirSync(uploadDir, { recursive: true });
  const parsers = new Map<BodyClass, { multipart: RequestHandler; json: RequestHandler; urlencoded: RequestHandler }>();
  const parsersFor = (cls: BodyClass) => {
    let p = parsers.get(cls);
    if (!p) {
      const limit = bodyLimitBytes(app, cls);
      p = {
        multipart: formidableMiddleware(
          { uploadDir, maxFileSize: cls === 'statement' ? limit : FORM_MAX_BYTES, maxFieldsSize: Math.min(limit, FORM_MAX_BYTES), multiples: false },
          [
            // With an 'error' event of our own, express-formidable leaves the error to formidable's parse
            // callback alone: it reaches `after` once.
            { event: 'error', action: () => {} },
            { event: 'progress', action: (req, res, _next, received: number) => received > limit && refuseOnce(req, res, () => tooLarge(req, res, limit)) },
            { event: 'field', action: (req, res) => countField(req, res) },
            { event: 'fileBegin', action: (req, res) => countField(req, res) },
          ],
        ),
        json: express.json({ limit, strict: true }),
        urlencoded: express.urlencoded({ limit, extended: false, parameterLimit: MAX_FIELDS }),
      };
      parsers.set(cls, p);
    }
    return p;
  };
  const countField = (req: Request, res: Response) => {
    const n = (res.locals.adminBodyFields = (res.locals.adminBodyFields ?? 0) + 1);
    if (n > MAX_FIELDS) refuseOnce(req, res, () => refuse(req, res, 413, 'too_many_fields', `Troppi campi nel modulo (massimo ${MAX_FIELDS})`, `Too many form fields (at most ${MAX_FIELDS})`));
  };

  return (req, res, next) => {
    res.on('close', () => void removeUploads(req));
    if (req.method === 'GET' || req.method === 'HEAD' || !hasBody(req)) {
      (req as any).fields = {};
      (req as any).files = {};
      return next();
    }
    const cls = bodyClass(req.path);
    const p = parsersFor(cls);
    const type = String(req.headers['content-type'] ?? '').toLowerCase();
    if (type.startsWith('multipart/form-data')) {
      return p.multipart(req, res, (err?: unknown) => {
        if (res.locals.adminBodyRefused || res.headersSent) return void removeUploads(req);
        if (err) {
          void removeUploads(req);
          const aborted = /aborted/i.test(String((err as Error)?.message));
          app.log.warn({ path: req.path, err: String((err as Error)?.message ?? err).slice(0, 200), aborted }, 'back-office upload refused');
          if (/exceeded/.test(String((err as Error)?.message))) return tooLarge(req, res, bodyLimitBytes(app, cls));
          return refuse(req, res, 400, aborted ? 'upload_aborted' : 'bad_multipart', 'Caricamento interrotto o modulo non leggibile: riprova', 'Upload interrupted or unreadable form: try again');
        }
        next();
      });
    }
    const fromBody = (err?: unknown) => {
      if (err) return next(err);
      (req as any).fields = req.body && typeof req.body === 'object' ? req.body : {};
      (req as any).files = {};
      next();
    };
    if (type.startsWith('application/json')) return p.json(req, res, fromBody);
    if (type.startsWith('application/x-www-form-urlencoded')) return p.urlencoded(req, res, fromBody);
    refuse(req, res, 415, 'unsupported_media_type', 'Tipo di contenuto non accettato', 'Unsupported content type');
  };
}

/** The login form only: URL-encoded, small, parsed after the declared-length check. */
export const parseLoginBody = () => express.urlencoded({ limit: LOGIN_MAX_BYTES, extended: false, parameterLimit: 20 });

function refuseOnce(_req: Request, res: Response, answer: () => void) {
  if (res.locals.adminBodyRefused) return;
  res.locals.adminBodyRefused = true;
  answer();
}

async function removeUploads(req: Request) {
  const files = (req as any).files as Record<string, { path?: string } | { path?: string }[]> | undefined;
  for (const f of Object.values(files ?? {}).flat()) {
    if (f?.path) await rm(f.path, { force: true }).catch(() => {});
  }
}

/**
 * Errors of the parsers (body-parser's 413/400/415, a malformed body): answered here in the admin's
 * shape; anything else goes on to the app's error handler, once, and never after an answer started.
 */
export function adminBodyErrors(app: App) {
  return (err: any, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      app.log.warn({ path: req.path, err: String(err?.message ?? err).slice(0, 200) }, 'back-office error after the answer started');
      if (!res.writableEnded) res.destroy();
      return;
    }
    if (err?.type === 'parameters.too.many') return refuse(req, res, 413, 'too_many_fields', `Troppi campi nel modulo (massimo ${MAX_FIELDS})`, `Too many form fields (at most ${MAX_FIELDS})`);
    if (err?.type === 'entity.too.large' || err?.status === 413) return tooLarge(req, res, bodyLimitBytes(app, bodyClass(req.path)));
    if (typeof err?.type === 'string' && err.status >= 400 && err.status < 500) return refuse(req, res, err.status, 'bad_request', 'Richiesta non valida', 'Bad request');
    next(err);
  };
}
