/** A test server with the back-office mounted, staff users of each role, and a logged-in fetch. */
import type { Server } from 'node:http';
import { createTestApp, type TestApp } from './test-app.js';
import { createWebApp } from '../web/create-web-app.js';
import { mountAdmin } from '../admin/mount-admin.js';
import { systemActor } from '../core/shared/actor.js';
import type { StaffRole } from '../core/shared/types.js';
import type { AppOverrides } from '../core/app.js';

export const STAFF_PASSWORD = 'una-password-lunga-1';

export interface BackOffice {
  app: TestApp;
  server: Server;
  base: string;
  staff: Record<StaffRole, { id: number; email: string }>;
  login(role: StaffRole): Promise<string>;
  close(): Promise<void>;
}

export async function startBackOffice(opts: { env?: Record<string, string>; overrides?: AppOverrides } = {}): Promise<BackOffice> {
  const app = await createTestApp({ env: opts.env, overrides: opts.overrides });
  const staff = {} as BackOffice['staff'];
  for (const role of ['admin', 'accounting', 'support'] as const) {
    const u = await app.useCases.createStaffUser({ email: `${role}@sportello.test`, name: `Test ${role}`, password: STAFF_PASSWORD, role }, systemActor('test'));
    staff[role] = { id: u.id, email: u.email };
  }
  const web = await createWebApp(app, { isReady: () => true, mounts: [mountAdmin] });
  const server = await new Promise<Server>((resolve) => {
    const s = web.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as any).port}`;
  return {
    app, server, base, staff,
    async login(role) {
      const r = await fetch(`${base}/admin/login`, { method: 'POST', body: new URLSearchParams({ email: staff[role].email, password: STAFF_PASSWORD }), redirect: 'manual' });
      const cookie = r.headers.get('set-cookie');
      if (r.status !== 302 || !cookie) throw new Error(`login as ${role} failed: ${r.status}`);
      return cookie.split(';')[0];
    },
    async close() {
      server.closeAllConnections?.();
      await new Promise((r) => server.close(r));
      await app.dispose();
    },
  };
}
