/**
 * nodemailer opens its TCP sockets with Nagle's algorithm on. The end-of-data line (".") is a small
 * write that Nagle holds until the server ACKs the body, and servers delay that ACK (Linux's delayed
 * ACK): every message then waits for that timer, which caps what one pooled connection can send
 * (`npm run bench -- emails` shows the rate). nodemailer has no noDelay option, but
 * accepts an already-connected socket through `getSocket`; we open it with noDelay. TLS (smtps://
 * and STARTTLS) is still negotiated by nodemailer on top of it.
 */
import net from 'node:net';

type SocketCallback = (err: Error | null, socketOptions?: { connection: net.Socket }) => void;

export function noDelaySocket(connectionTimeoutMs: number) {
  return (options: { host?: string; port?: number }, callback: SocketCallback): void => {
    const socket = net.connect({ host: options.host, port: Number(options.port), noDelay: true });
    const fail = (err: Error & { code?: string }) => {
      clearTimeout(timer);
      socket.destroy();
      // Same codes as nodemailer's own connection errors, so they classify as transient.
      callback(Object.assign(err, { code: err.code === 'ETIMEDOUT' ? 'ETIMEDOUT' : 'ECONNECTION' }));
    };
    const timer = setTimeout(() => fail(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' })), connectionTimeoutMs);
    socket.once('error', fail);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeListener('error', fail);
      socket.on('error', () => {}); // nodemailer adds its own handler; this one only avoids a crash in between
      socket.setKeepAlive(true);
      callback(null, { connection: socket });
    });
  };
}
