/**
 * A real SMTP server on 127.0.0.1 that keeps every message it accepts, parsed back by mailparser:
 * for tests, benchmarks and demos. `pause()` simulates an outage (421 "try again later" to new
 * connections and to messages on open ones) until `resume()`.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  port: number;
  /** smtp://127.0.0.1:<port> — any user/password is accepted, or none. */
  url: string;
  messages: ParsedMail[];
  /** Resolves once at least n messages have been received and parsed. */
  waitFor(n: number, timeoutMs?: number): Promise<ParsedMail[]>;
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

const unavailable = () => Object.assign(new Error('Service temporarily unavailable, try again later'), { responseCode: 421 });

export async function startSmtpSink(opts: { port?: number } = {}): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  const waiters = new Set<() => void>();
  let paused = false;
  const notify = () => waiters.forEach((w) => w());

  const server = new SMTPServer({
    // smtp-server's bundled STARTTLS certificate has expired: offering STARTTLS would make
    // nodemailer's opportunistic upgrade fail. Disabling it also allows AUTH in clear text.
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    closeTimeout: 200,
    onAuth: (_auth, _session, cb) => cb(null, { user: 'sink' }),
    onConnect: (_session, cb) => cb(paused ? unavailable() : undefined),
    onMailFrom: (_address, _session, cb) => cb(paused ? unavailable() : undefined),
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        // Parse before acknowledging: when the sender's send() resolves, the message is in `messages`.
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            messages.push(mail);
            notify();
            cb();
          })
          .catch((e: Error) => cb(e));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => {}); // client-side resets during pause/stop are expected
  const port = (server.server.address() as { port: number }).port;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(n, timeoutMs = 5000) {
      if (messages.length >= n) return Promise.resolve(messages);
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(messages);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`smtp sink: ${messages.length} of ${n} messages after ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    pause: () => void (paused = true),
    resume: () => void (paused = false),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
