/**
 * `npm run bench -- invoices` (MariaDB with DATABASE_URL=mysql://…; SQLite otherwise, and it says so):
 * 2,000 orders of mixed kinds and buyers (partners with an SDI code, with PEC only, a sole trader by
 * name; invited clients' companies) paid by 8 concurrent payers, each invoice numbered in its payment's
 * transaction; then the worker lanes run: the invoices go through the real path (the send_invoice job:
 * build, check, validate against the schema, store, hand to the file-drop transmitter) while partners
 * keep paying at 5 a second. Figures: invoices.issued_per_s (the 2,000 send jobs, from the lane's start
 * to the last invoice sent), invoices.xml_only_per_s (building the XML alone), invoices.schema_validate_ms
 * (per document, the schema compiled once), invoices.paid_to_notice_p95_ms (a live payment to the
 * partner's Telegram notice, while the invoices are being issued). Runs on the database DATABASE_URL names and leaves its invoices
 * there, so `npm run cli -- invoices:export --year <year> --out DIR` exports them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Op } from 'sequelize';
import { report } from './report.js';
import { loadConfig } from '../core/config.js';
import { createApp } from '../core/app.js';
import { createLogger } from '../core/logger.js';
import { demoCatalogue } from '../core/catalogue/demo-catalogue.js';
import { systemActor, type Actor } from '../core/shared/actor.js';
import type { Notifier } from '../core/notifications/events.js';
import { buildFatturaXml } from '../core/invoicing/fattura-xml.js';
import { fatturaDocument } from '../core/invoicing/fattura-document.js';
import { validateAgainstSchema } from '../core/invoicing/xsd-validator.js';
import { makePartitaIva, validCompanyData, staffActor } from '../test/fixtures.js';

const ORDERS = 2_000;
const PAYERS = 8;
const PARTNERS = 24;
/** payments made while the invoice lane works through the backlog, and their rate per second */
const LIVE_PAYMENTS = 60;
const LIVE_RATE = 5;

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

export async function run(): Promise<void> {
  const mysql = /^(mysql|mariadb):/.test(process.env.DATABASE_URL ?? '');
  const dataDir = mkdtempSync(join(tmpdir(), 'sportello-bench-invoices-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', DATA_DIR: dataDir, WORKER_POLL_MS: '50', ...(mysql ? {} : { DATABASE_URL: `sqlite:${dataDir}/bench.sqlite` }) });
  console.log(`# invoices: ${ORDERS} paid orders, ${PAYERS} concurrent payers, database ${mysql ? 'MariaDB' : 'SQLite (set DATABASE_URL for MariaDB figures)'}`);
  const notices = new Map<number, number>();
  const notifier: Notifier = {
    async notify(_target, event, params) {
      if ((event === 'coupons_issued' || event === 'order_fulfilled') && typeof params.orderId === 'number' && !notices.has(params.orderId)) notices.set(params.orderId, performance.now());
    },
  };
  const app = await createApp(config, { log: createLogger('silent') });
  try {
    await app.migrate();
    const m = app.db.models;
    const known = new Set((await m.Product.findAll({ attributes: ['sku'] })).map((p) => p.sku));
    const missing = demoCatalogue().filter((p) => !known.has(p.sku));
    if (missing.length) await m.Product.bulkCreate(missing);
    const sku = async (s: string) => (await m.Product.findOne({ where: { sku: s } }))!.id;

    // Partners of three billing kinds, each with a Telegram user and one active company.
    const buyers: { partnerId: number; actor: Actor; companyId: number; invitationIds: number[] }[] = [];
    const stamp = Date.now().toString(36);
    for (let i = 0; i < PARTNERS; i++) {
      const partner = await app.useCases.createPartner({ kind: i % 3 === 2 ? 'accountant' : 'service_centre', legalName: `Studio Bench ${stamp} ${i}`, vatNumber: makePartitaIva(String(2_000_000 + ((Date.now() + i * 7919) % 7_999_999))), billingEmail: `bench${i}@example.test` }, systemActor('bench'));
      const kind = i % 3;
      await app.useCases.updatePartnerBilling(
        {
          partnerId: partner.id, address: `Via Bench ${i}`, cap: '20121', city: 'Milano', province: 'MI',
          sdiCode: kind === 0 ? 'M5UXCR1' : '0000000', pec: kind === 1 ? `studio${i}@pec.example.it` : null,
          ...(kind === 2 ? { taxCode: 'BNCLCU80A01L219I', firstName: 'Luca', lastName: 'Bianchi' } : {}),
        },
        systemActor('bench'),
      );
      const link = await app.useCases.issueLinkCode({ partnerId: partner.id, role: 'owner' }, systemActor('bench'));
      const tg = 900_000_000 + Math.floor(Math.random() * 99_999_999);
      const { partnerUser } = await app.useCases.linkTelegramUser({ code: link.code, telegramUserId: tg, chatId: tg, displayName: `Bench ${i}` });
      const actor: Actor = { type: 'partner_user', id: partnerUser.id, partnerId: partner.id, label: 'bench' };
      const first = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: await sku('coupon-lite-1'), quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);
      await app.useCases.markOrderPaid({ orderId: first.id, amountCents: first.grossCents, source: 'staff' }, staffActor);
      const coupon = (await m.Coupon.findOne({ where: { orderId: first.id } }))!;
      const company = await app.useCases.activateCoupon({ couponId: coupon.id, partnerId: partner.id, companyData: validCompanyData() }, actor);
      buyers.push({ partnerId: partner.id, actor, companyId: company.id, invitationIds: [] });
    }

    // 2,000 orders, placed beforehand: coupon packs, e-invoicing packs, credit, renewals; a quarter by invited clients.
    const mixes = [
      async (b: (typeof buyers)[number]) => [{ productId: await sku('coupon-lite-5'), quantity: 1 }],
      async (b: (typeof buyers)[number]) => [{ productId: await sku('coupon-ordinary-1'), quantity: 2 }, { productId: await sku('einvoice-100'), quantity: 1, companyId: b.companyId }],
      async (b: (typeof buyers)[number]) => [{ productId: await sku('credit-50'), quantity: 3, companyId: b.companyId }],
      async (b: (typeof buyers)[number]) => [{ productId: await sku('coupon-corporate-1'), quantity: 1 }, { productId: await sku('renewal-lite-12m'), quantity: 1, companyId: b.companyId }],
    ];
    const orders: { id: number; grossCents: number }[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const b = buyers[i % buyers.length]!;
      if (i % 4 === 3) {
        const { invitation } = await app.useCases.createInvitation({ partnerId: b.partnerId, clientName: `Cliente ${i}`, clientEmail: `cliente${i}@example.test`, tier: 'lite' }, b.actor);
        const sole = i % 8 === 7;
        const data = sole
          ? validCompanyData({ legalForm: 'ditta_individuale', legalName: 'Bianchi Luca', taxCode: 'BNCLCU80A01L219I', repFirstName: 'Luca', repLastName: 'Bianchi', repTaxCode: 'BNCLCU80A01L219I', sdiCode: 'KRRH6B9', pec: null })
          : validCompanyData({ sdiCode: '0000000', pec: `cliente${i}@pec.example.it` });
        const o = await app.useCases.placeOrder({ buyer: { kind: 'client', invitationId: invitation.id, companyData: data, billingEmail: `cliente${i}@example.test` }, items: [{ productId: await sku('coupon-lite-1'), quantity: 1 }], paymentMethod: 'stripe' }, { type: 'client', label: 'bench' });
        orders.push(o);
      } else {
        const o = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: b.partnerId }, items: await mixes[i % 4]!(b), paymentMethod: i % 2 ? 'stripe' : 'bank_transfer' }, b.actor);
        orders.push(o);
      }
    }
    // Jobs left by earlier runs and by this setup (order confirmations, invitations) are set aside, as
    // the core suite does: what is measured below is this run's payments and invoices.
    await m.OutboxJob.update({ status: 'done' }, { where: { status: ['pending', 'running'], kind: { [Op.ne]: 'send_invoice' } } });

    // 1. The 2,000 payments (8 payers), their invoices numbered in the payments' transactions.
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: PAYERS }, async () => {
        while (next < orders.length) {
          const o = orders[next++]!;
          await app.useCases.markOrderPaid({ orderId: o.id, amountCents: o.grossCents, source: 'bank_transfer' }, staffActor);
        }
      }),
    );
    const paidSeconds = (performance.now() - t0) / 1000;
    // What the payments caused besides invoices (emails, notices, provisioning) is done first, so the
    // notices measured below queue behind nothing but their own payments.
    // The payments' emails, notices and provisioning are the core suite's subject; here they would only
    // put thousands of jobs unrelated to invoicing ahead of the notices measured below: set aside.
    await m.OutboxJob.update({ status: 'done' }, { where: { status: 'pending', kind: { [Op.ne]: 'send_invoice' } } });
    const [mainLane, invoiceLane] = app.createWorkerLanes({ notifier, pollMs: 50 });
    notices.clear();

    // 2. The invoice lane works through the 2,000 send_invoice jobs; meanwhile partners keep paying
    //    (a steady 5 payments a second) and each waits for its Telegram notice.
    const ids = orders.map((o) => o.id);
    const ti = performance.now();
    invoiceLane!.start();
    mainLane!.start();
    const paidAt = new Map<number, number>();
    const extra: number[] = [];
    let backlogAtEndOfLive = -1;
    const buyer = buyers[0]!;
    const live = (async () => {
      for (let i = 0; i < LIVE_PAYMENTS; i++) {
        const o = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: buyer.partnerId }, items: [{ productId: await sku('coupon-lite-1'), quantity: 1 }], paymentMethod: 'bank_transfer' }, buyer.actor);
        extra.push(o.id);
        const started = performance.now();
        paidAt.set(o.id, started);
        await app.useCases.markOrderPaid({ orderId: o.id, amountCents: o.grossCents, source: 'bank_transfer' }, staffActor);
        await new Promise((r) => setTimeout(r, Math.max(0, 1000 / LIVE_RATE - (performance.now() - started))));
      }
      backlogAtEndOfLive = await m.Invoice.count({ where: { orderId: ids, state: ['ready'] } });
    })();
    let issuedSeconds = 0;
    for (;;) {
      const left = await m.Invoice.count({ where: { orderId: ids, state: ['ready'] } });
      if (!left) {
        issuedSeconds = (performance.now() - ti) / 1000;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await live;
    for (let i = 0; i < 200 && [...paidAt.keys()].some((id) => !notices.has(id)); i++) await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 400 && (await m.Invoice.count({ where: { orderId: extra, state: ['ready'] } })); i++) await new Promise((r) => setTimeout(r, 50));
    await invoiceLane!.stop();
    await mainLane!.stop();

    const invoices = await m.Invoice.findAll({ where: { orderId: ids } });
    const sent = invoices.filter((i) => i.state === 'sent').length;
    const waits = [...paidAt].filter(([id]) => notices.has(id)).map(([id, at]) => notices.get(id)! - at);

    // The XML alone, from the same stored documents; then the schema check per document.
    const tx = performance.now();
    for (const inv of invoices) buildFatturaXml(fatturaDocument(config, inv, '00001', null));
    const xmlPerS = invoices.length / ((performance.now() - tx) / 1000);
    const sample = invoices.slice(0, 200);
    const tv = performance.now();
    for (const inv of sample) if (validateAgainstSchema(inv.xml!).length) throw new Error(`invoice ${inv.number} not schema-valid`);
    const validateMs = (performance.now() - tv) / sample.length;

    report('invoices.issued_per_s', sent / issuedSeconds, 'invoices/s');
    report('invoices.live_payments_while_issuing', waits.length, `of ${LIVE_PAYMENTS} (invoices still queued when they ended: ${backlogAtEndOfLive})`);
    report('invoices.xml_only_per_s', xmlPerS, 'documents/s');
    report('invoices.schema_validate_ms', validateMs, 'ms/document');
    report('invoices.payments_per_s', orders.length / paidSeconds, 'payments/s');
    report('invoices.paid_to_notice_p95_ms', p95(waits), 'ms');
    report('invoices.not_sent', invoices.length - sent, 'invoices');
    report('invoices.year', invoices[0]?.year ?? 0, '(export with npm run cli -- invoices:export --year <year> --out DIR)');
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
