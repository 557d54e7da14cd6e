/**
 * The process-level safety net, installed by main.ts for every role.
 *
 * What reaches it: an error thrown outside any request's promise chain — typically a library that
 * answers a request from an event callback and then answers it again (`ERR_HTTP_HEADERS_SENT` after
 * formidable's size error was the crash of issue 11), a socket written after it closed, a promise
 * nobody awaited. Those concern one request, whose client has its answer or a cut connection; the
 * shared state (database pool, worker loop, bot) has its own error handling and the readiness probe
 * says when the database is gone. So once the process is serving, the net logs the error once, with
 * its stack, and keeps running: one bad request must not take down every pay link, webhook and the
 * back-office with it.
 *
 * Before the process is serving, nothing of the kind can be a request's: a failure there (a port
 * already taken, a broken start) ends the process with the error, rather than leave it half started.
 */
import type { Logger } from '../core/logger.js';

export interface SafetyNetOptions {
  /** true once the roles are up (until then an uncaught error stops the process) */
  isServing: () => boolean;
  /** how the process ends before it is serving (tests pass their own) */
  exit?: (code: number) => void;
}

function describe(reason: unknown): { type?: string; code?: unknown; message: string; stack?: string } {
  if (reason instanceof Error) return { type: reason.name, code: (reason as { code?: unknown }).code, message: reason.message, stack: reason.stack };
  return { message: String(reason) };
}

export function installSafetyNet(log: Logger, opts: SafetyNetOptions): () => void {
  const exit = opts.exit ?? ((code: number) => process.exit(code));

  const onError = (kind: 'uncaughtException' | 'unhandledRejection') => (reason: unknown) => {
    const err = describe(reason);
    if (!opts.isServing()) {
      log.fatal({ err, kind }, 'errore durante l’avvio: il processo si ferma / error while starting: the process stops');
      exit(1);
      return;
    }
    log.error({ err, kind }, 'errore non gestito: il processo continua / unhandled error: the process keeps running');
  };
  const onException = onError('uncaughtException');
  const onRejection = onError('unhandledRejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
