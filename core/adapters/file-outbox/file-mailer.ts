/**
 * The embedded stand-in for SMTP: each email becomes one real RFC 822 message (composed by
 * nodemailer exactly as SMTP would send it) in `<dir>/<timestamp>-<messageId>.eml`, readable by any
 * mail client (the back-office lists every email with its preview from the database).
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Mailer } from '../../emails/mailer.js';
import { toNodemailerMessage } from '../smtp/message.js';

export interface FileMailerOptions {
  /** Default ./data/outbox (config OUTBOX_DIR). */
  dir?: string;
  now?: () => Date;
}

/** 2025-03-01T09:05:03.123Z → 20250301T090503123Z: sorts by time, safe in every filesystem. */
export const fileStamp = (d: Date) => d.toISOString().replace(/[-:.]/g, '');

export const safeFilePart = (messageId: string) => messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._@-]/g, '_');

export function createFileMailer(opts: FileMailerOptions = {}): Mailer & { dir: string } {
  const dir = opts.dir ?? './data/outbox';
  const now = opts.now ?? (() => new Date());
  // CRLF line ends: what an RFC 822 message on the wire (and in a .eml file) uses.
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let ready: Promise<unknown> | undefined;
  return {
    dir,
    async send(m) {
      ready ??= mkdir(dir, { recursive: true });
      await ready;
      const info = await transport.sendMail(toNodemailerMessage(m));
      const file = `${fileStamp(now())}-${safeFilePart(info.messageId)}.eml`;
      // Write then rename, so a reader listing the folder never sees half a message.
      const tmp = join(dir, `.${file}.tmp`);
      await writeFile(tmp, info.message as Buffer);
      await rename(tmp, join(dir, file));
      return { messageId: info.messageId };
    },
    async close() {
      transport.close();
    },
  };
}
