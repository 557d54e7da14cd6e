/** Builders for invoicing tests: partners with complete billing data, client purchases, the worker's send jobs. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../../core/app.js';
import { systemActor } from '../../core/shared/actor.js';
import { createPartnerWithUser, productBySku, staffActor, validCompanyData } from '../fixtures.js';
import { schemaPath, INVOICE_SCHEMA } from '../../core/invoicing/xsd-validator.js';

export async function billedPartner(app: App, billing: Record<string, string | null> = {}) {
  const p = await createPartnerWithUser(app);
  await app.useCases.updatePartnerBilling(
    { partnerId: p.partner.id, address: 'Via Roma 1', cap: '10121', city: 'Torino', province: 'TO', sdiCode: 'M5UXCR1', ...billing },
    systemActor('test'),
  );
  return p;
}

export async function partnerPaidOrder(app: App, partnerId: number, actor: any, items: { sku: string; quantity?: number; companyId?: number }[], opts: { paidAt?: Date; method?: 'bank_transfer' | 'stripe' } = {}) {
  const lines = [];
  for (const i of items) lines.push({ productId: (await productBySku(app, i.sku)).id, quantity: i.quantity ?? 1, companyId: i.companyId });
  const order = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId }, items: lines, paymentMethod: opts.method ?? 'bank_transfer' }, actor);
  const paid = await app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: opts.method === 'stripe' ? 'stripe' : 'bank_transfer', paidAt: opts.paidAt }, staffActor);
  return { order, invoiceId: paid.invoiceId };
}

export async function clientPaidOrder(app: App, partnerId: number, actor: any, companyData: Record<string, unknown> = {}) {
  const { invitation } = await app.useCases.createInvitation({ partnerId, clientName: 'Cliente', clientEmail: 'cliente@example.test', tier: 'lite' }, actor);
  const product = await productBySku(app, 'coupon-lite-1');
  const order = await app.useCases.placeOrder(
    { buyer: { kind: 'client', invitationId: invitation.id, companyData: validCompanyData(companyData), billingEmail: 'cliente@example.test' }, items: [{ productId: product.id, quantity: 1 }], paymentMethod: 'stripe' },
    { type: 'client', label: 'cliente' },
  );
  const paid = await app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'stripe' }, staffActor);
  return { order, invoiceId: paid.invoiceId };
}

/** Runs only the `send_invoice` jobs due now. */
export async function sendInvoices(app: App) {
  const handlers = app.jobHandlers();
  await app.createWorker({ handlers: { send_invoice: handlers.send_invoice! } }).drain();
}

/** Debian's xmllint, the independent check: null when valid, else its complaint. */
export function xmllint(xml: string, schema = INVOICE_SCHEMA): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'fattura-'));
  const file = join(dir, 'f.xml');
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--schema', schemaPath(schema), file], { stdio: 'pipe' });
    return null;
  } catch (e: any) {
    return String(e.stderr ?? e.message);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function hasXmllint(): boolean {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}
