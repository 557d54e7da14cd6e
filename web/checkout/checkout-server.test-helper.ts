/** Shared by the checkout specs: a real HTTP server on 127.0.0.1 over a fresh test app, and a tiny cookie-keeping client. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createPartnerWithUser } from '../../test/fixtures.js';
import { createWebApp, type Mount } from '../create-web-app.js';
import { createCheckoutMount, type CheckoutOptions } from './mount-checkout.js';
import type { Clock } from '../../core/shared/clock.js';
import type { Tier } from '../../core/shared/types.js';

export interface CheckoutServer {
  app: TestApp;
  base: string;
  clock: Clock & { shift(days: number): void };
  close(): Promise<void>;
  invite(opts?: { partnerName?: string; clientName?: string; tier?: Tier; language?: 'it' | 'en' }): Promise<{ token: string; link: string; path: string; invitationId: number; partnerId: number }>;
}

/** A port free right now, so PUBLIC_BASE_URL (hence the emailed links) can name the server before it starts. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

export async function startCheckoutServer(
  opts: { env?: Record<string, string>; limits?: CheckoutOptions; before?: (app: TestApp) => Promise<void>; extraMounts?: Mount[] } = {},
): Promise<CheckoutServer> {
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs), shift: (days: number) => void (offsetMs += days * 86_400_000) };
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const app = await createTestApp({ env: { PUBLIC_BASE_URL: base, ...opts.env }, overrides: { clock } });
  await opts.before?.(app);
  const web = await createWebApp(app, { isReady: () => true, mounts: [createCheckoutMount(opts.limits), ...(opts.extraMounts ?? [])] });
  const server = await new Promise<Server>((resolve) => {
    const s = web.listen(port, '127.0.0.1', () => resolve(s));
  });
  return {
    app,
    base,
    clock,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await app.dispose();
    },
    async invite(o = {}) {
      const { partner, actor } = await createPartnerWithUser(app, o.partnerName);
      const res = await app.useCases.createInvitation(
        { partnerId: partner.id, clientName: o.clientName ?? 'Mario Rossi', clientEmail: 'mario@cliente.test', tier: o.tier ?? 'ordinary', language: o.language ?? 'it' },
        actor,
      );
      return { token: res.token, link: res.link, path: new URL(res.link).pathname, invitationId: res.invitation.id, partnerId: partner.id };
    },
  };
}

/** fetch with a cookie jar of one site, no redirects followed (the specs look at them). */
export function browserLike(base: string) {
  const jar = new Map<string, string>();
  return async (path: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(base + path, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return { res, text: await res.text() };
  };
}

export const csrfOf = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
