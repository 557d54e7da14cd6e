/**
 * First start on an empty database: the demo catalogue, a demo staff login and a demo partner with a
 * link code. The password and the code are returned (and printed once by main.ts), never stored in clear.
 */
import { randomBytes } from 'node:crypto';
import type { App } from './app.js';
import { demoCatalogue } from './catalogue/demo-catalogue.js';
import { systemActor } from './shared/actor.js';

export interface DemoSeedResult {
  seededCatalogue: boolean;
  staff?: { email: string; password: string };
  partner?: { id: number; name: string; linkCode: string; deepLink: string };
}

export async function seedDemoData(app: App): Promise<DemoSeedResult> {
  const m = app.db.models;
  const actor = systemActor('seed');
  const result: DemoSeedResult = { seededCatalogue: false };
  if ((await m.Product.count()) === 0) {
    await m.Product.bulkCreate(demoCatalogue());
    result.seededCatalogue = true;
  }
  if ((await m.StaffUser.count()) === 0) {
    const password = randomBytes(12).toString('base64url');
    const email = 'admin@sportello.localhost';
    await app.useCases.createStaffUser({ email, name: 'Amministratore demo', password, role: 'admin' }, actor);
    result.staff = { email, password };
  }
  if ((await m.Partner.count()) === 0) {
    const partner = await app.useCases.createPartner(
      { kind: 'service_centre', legalName: 'Studio Demo Centro Servizi S.r.l.', vatNumber: '11111110158', billingEmail: 'amministrazione@studio-demo.localhost', address: 'Via Roma 1, 20121 Milano (MI)' },
      actor,
    );
    const link = await app.useCases.issueLinkCode({ partnerId: partner.id, role: 'owner' }, actor);
    result.partner = { id: partner.id, name: partner.legalName, linkCode: link.code, deepLink: link.deepLink };
  }
  return result;
}
