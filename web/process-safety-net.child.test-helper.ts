/**
 * Run as a child process by process-safety-net.int.spec.ts: the real app and web faces on a
 * database the parent made (SAFETY_DB_URL), the safety net installed as main.ts installs it (unless
 * SAFETY_NET=off), and test routes that fail the way issue 11's upload did — outside any request's
 * promise chain, after the answer was sent. Logs are pino JSON lines on stdout; the first line
 * written by this script itself is `{"port":N}` once it listens.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp } from '../core/app.js';
import { testConfig } from '../test/test-app.js';
import { createWebApp } from './create-web-app.js';
import { mountPayments } from './payments/mount-payments.js';
import { mountCheckout } from './checkout/mount-checkout.js';
import { installSafetyNet } from './process-safety-net.js';

const log = pino({ level: 'info' });
let serving = false;
if (process.env.SAFETY_NET !== 'off') installSafetyNet(log, { isServing: () => serving });

const app = await createApp(testConfig({ LOG_LEVEL: 'info' }, process.env.SAFETY_DB_URL), { log });
await app.migrate();

const web = await createWebApp(app, {
  isReady: () => true,
  mounts: [
    mountPayments,
    mountCheckout,
    (server) => {
      // A handler that answers from the body's 'end' event, then answers again (formidable's size error
      // followed by the route's own answer): the second answer throws ERR_HTTP_HEADERS_SENT from an event callback.
      server.post('/test/answer-twice', (req, res) => {
        req.resume();
        req.on('end', () => {
          res.status(413).send('troppo grande');
          res.status(500).send('di nuovo');
        });
      });
      // A promise nobody awaits, rejected after the answer went out.
      server.get('/test/reject-after-answer', (_req, res) => {
        res.json({ ok: true });
        void Promise.reject(new Error('late failure after the answer'));
      });
    },
  ],
});

if (process.env.FAIL_BEFORE_SERVING === '1') setImmediate(() => { throw new Error('broken start'); });

const server: Server = await new Promise((resolve) => {
  const s = web.listen(0, '127.0.0.1', () => resolve(s));
});
if (process.env.FAIL_BEFORE_SERVING !== '1') serving = true;
process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);

process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => void app.close().finally(() => process.exit(0)));
});
