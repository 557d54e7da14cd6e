// node:http plumbing for the fake Stripe server (no express: nothing to keep alive after stop()).
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function send(res: ServerResponse, status: number, body: string, headers: OutgoingHttpHeaders): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** POST a raw body without keep-alive (`agent: false`, one connection per delivery, like Stripe's) and collect the answer. */
export function post(url: string, body: string, headers: Record<string, string>, timeoutMs = 10_000): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      { method: 'POST', agent: false, timeout: timeoutMs, headers: { 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    // No Nagle delay on the delivery socket (a small write would wait for the peer's delayed ACK). Node 20's
    // agents already default to `noDelay: true`; set explicitly so it does not rest on that default.
    req.on('socket', (socket) => socket.setNoDelay(true));
    req.on('timeout', () => req.destroy(new Error('webhook delivery timed out')));
    req.on('error', reject);
    req.end(body);
  });
}
