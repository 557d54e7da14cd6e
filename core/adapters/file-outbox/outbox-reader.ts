/**
 * Reads back the .eml files of the file outbox for the back-office. mailparser is a dev-only
 * dependency, so this is a small MIME reader that covers what nodemailer writes: folded headers,
 * RFC 2047 encoded words, multipart bodies, base64 / quoted-printable / 7bit parts.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface OutboxEntry {
  file: string;
  createdAt: Date;
}

export interface OutboxEmail {
  file: string;
  messageId?: string;
  date?: string;
  from: string;
  to: string;
  subject: string;
  text?: string;
  html?: string;
  /** The whole message, for "view source" and download. */
  raw: string;
}

const FILE = /^(\d{8}T\d{9}Z)-[A-Za-z0-9._@-]+\.eml$/;

/** Newest first. A missing folder is an empty outbox. */
export async function listOutbox(dir: string): Promise<OutboxEntry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return names
    .filter((f) => FILE.test(f))
    .sort()
    .reverse()
    .map((file) => {
      const s = FILE.exec(file)![1];
      const iso = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`;
      return { file, createdAt: new Date(iso) };
    });
}

export async function readOutboxEmail(dir: string, file: string): Promise<OutboxEmail> {
  // `file` comes from a back-office URL: only our own file names, never a path.
  if (!FILE.test(file)) throw new Error(`not an outbox file name: ${JSON.stringify(file)}`);
  const raw = await readFile(join(dir, file), 'utf8');
  const msg = parsePart(raw);
  const h = (k: string) => decodeWords(msg.headers.get(k) ?? '');
  const bodies: { text?: string; html?: string } = {};
  collectBodies(msg, bodies);
  return { file, messageId: msg.headers.get('message-id'), date: msg.headers.get('date'), from: h('from'), to: h('to'), subject: h('subject'), ...bodies, raw };
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

function parsePart(src: string): Part {
  const m = /\r?\n\r?\n/.exec(src);
  const head = m ? src.slice(0, m.index) : src;
  const body = m ? src.slice(m.index + m[0].length) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body };
}

function collectBodies(part: Part, out: { text?: string; html?: string }): void {
  const type = part.headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const chunks = part.body.split(`--${boundary}`).slice(1);
    for (const chunk of chunks) {
      if (chunk.startsWith('--')) break; // closing delimiter
      collectBodies(parsePart(chunk.replace(/^\r?\n/, '')), out);
    }
    return;
  }
  const charset = (/charset="?([^";]+)"?/i.exec(type)?.[1] ?? 'utf-8').toLowerCase();
  const text = decodeBody(part.body, part.headers.get('content-transfer-encoding') ?? '7bit', charset);
  if (/^text\/html/i.test(type)) out.html ??= text;
  else if (/^text\/plain/i.test(type)) out.text ??= text;
}

function decodeBody(body: string, encoding: string, charset: string): string {
  const enc = encoding.toLowerCase();
  const cs = (charset === 'utf-8' || charset === 'utf8' ? 'utf8' : 'latin1') as BufferEncoding;
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString(cs);
  if (enc === 'quoted-printable') return qpDecode(body.replace(/=\r?\n/g, ''), cs).replace(/\r\n/g, '\n').replace(/\n$/, '');
  return body.replace(/\r\n/g, '\n').replace(/\n$/, '');
}

function qpDecode(s: string, cs: BufferEncoding): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(s[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString(cs);
}

/** RFC 2047: `=?UTF-8?Q?Caff=C3=A8?=` → "Caffè"; whitespace between adjacent encoded words is dropped. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, charset: string, enc: string, data: string) => {
      const cs = (/^utf-?8$/i.test(charset) ? 'utf8' : 'latin1') as BufferEncoding;
      return enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString(cs) : qpDecode(data.replace(/_/g, ' '), cs);
    });
}
