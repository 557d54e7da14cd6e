/**
 * The retention job with a moved clock, against a real database (SQLite, or MariaDB with DATABASE_URL):
 * nothing is removed before its period, what is due goes (and only that), what the law keeps — paid
 * orders, their company, lines and emails, matched bank lines — is never touched, a second run changes
 * nothing, and the daily outbox job runs it once per day with its counts in the audit log.
 */
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createPartnerWithUser, productBySku, staffActor, validCompanyData } from '../../test/fixtures.js';
import { buildCamt053 } from '../../test/bank-statement-files.js';
import { systemActor } from '../shared/actor.js';
import { REMOVED } from './mask.js';
import type { RetentionCounts } from './apply-retention.js';

const DAY = 86_400_000;
const ZERO: RetentionCounts = { invitations: 0, unpaidOrders: 0, bankLines: 0, auditEntries: 0, botSessions: 0, adminSessions: 0, linkCodes: 0, loginAttempts: 0, doneJobs: 0 };

describe('personal data retention (daily job, moved clock)', function () {
  this.timeout(120_000);
  let app: TestApp;
  let offset = 0;
  const clock = { now: () => new Date(Date.now() + offset) };
  const moveTo = (days: number) => void (offset = days * DAY);
  const m = () => app.db.models;
  let ids: { never: number; bought: number; unpaidInv: number; paidOrder: number; unpaidOrder: number; partnerOrder: number; company: number; notOurs: number; matched: number };
  /** What the law keeps, as read before any run: compared after every run. */
  let kept: string;

  async function keptSnapshot() {
    const paid = await m().Order.findAll({ where: { id: [ids.paidOrder, ids.partnerOrder] }, include: [{ model: m().OrderLine, as: 'lines' }], order: [['id', 'ASC']] });
    const company = await m().Company.findByPk(ids.company);
    const emails = await m().Email.findAll({ where: { entityType: 'order', entityId: [String(ids.paidOrder), String(ids.partnerOrder)] }, order: [['id', 'ASC']] });
    const matched = await m().BankLine.findByPk(ids.matched);
    const allocations = await m().BankAllocation.findAll({ where: { lineId: ids.matched } });
    const bought = await m().Invitation.findByPk(ids.bought);
    return JSON.stringify({ paid: paid.map((o) => o.toJSON()), company: company!.toJSON(), emails: emails.map((e) => e.toJSON()), matched: matched!.toJSON(), allocations: allocations.map((a) => a.toJSON()), bought: bought!.toJSON() });
  }

  before(async () => {
    app = await createTestApp({ overrides: { clock } });
    const { partner, actor } = await createPartnerWithUser(app, 'Studio Bianchi');
    const invite = (clientName: string, clientEmail: string) => app.useCases.createInvitation({ partnerId: partner.id, clientName, clientEmail, tier: 'lite', language: 'it' }, actor);
    const clientOrder = async (invitationId: number, email: string) => {
      const offer = await app.useCases.invitationOffer('lite');
      return app.useCases.placeOrder(
        { buyer: { kind: 'client', invitationId, companyData: validCompanyData(), billingEmail: email }, items: [{ productId: offer.product.id, quantity: 1 }], paymentMethod: 'bank_transfer', language: 'it' },
        { type: 'client', label: email },
      );
    };
    const never = await invite('Mario Rossi', 'mario.rossi@cliente.test');
    const bought = await invite('Anna Verdi', 'anna.verdi@cliente.test');
    const unpaidInv = await invite('Luca Neri', 'luca.neri@cliente.test');
    const paidOrder = await clientOrder(bought.invitation.id, 'anna.verdi@cliente.test');
    await app.useCases.markOrderPaid({ orderId: paidOrder.id, amountCents: paidOrder.grossCents, source: 'staff' }, staffActor);
    const unpaidOrder = await clientOrder(unpaidInv.invitation.id, 'luca.neri@cliente.test');
    const lite = await productBySku(app, 'coupon-lite-5');
    const partnerOrder = await app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId: partner.id }, items: [{ productId: lite.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);
    // A statement: one transfer pays the partner's order, one is somebody else's.
    const xml = buildCamt053({
      version: '08', iban: 'IT60X0542811101000000123456', statementId: 'S-RET',
      entries: [
        { credit: true, amountCents: partnerOrder.grossCents, bookingDate: '2026-11-20', counterparty: 'STUDIO BIANCHI SRL', remittance: partnerOrder.paymentReference, ref: 'R-1' },
        { credit: true, amountCents: 4321, bookingDate: '2026-11-20', counterparty: 'Giuseppe Esposito', remittance: 'rimborso a Giuseppe Esposito IBAN IT02L1234512345123456789012 CF SPSGPP80A01F839X', ref: 'R-2' },
      ],
    });
    await app.useCases.importStatement({ fileName: 'ret.xml', content: Buffer.from(xml) }, staffActor);
    const lines = await m().BankLine.findAll({ order: [['id', 'ASC']] });
    const matched = lines.find((l) => l.status === 'matched')!;
    const other = lines.find((l) => l.status === 'unmatched')!;
    await app.useCases.markLineNotOurs({ lineId: other.id }, staffActor);
    const company = await m().Company.findOne({ where: { orderId: paidOrder.id } });
    ids = { never: never.invitation.id, bought: bought.invitation.id, unpaidInv: unpaidInv.invitation.id, paidOrder: paidOrder.id, unpaidOrder: unpaidOrder.id, partnerOrder: partnerOrder.id, company: company!.id, notOurs: other.id, matched: matched.id };
    assert.ok(['paid', 'fulfilled'].includes((await m().Order.findByPk(partnerOrder.id))!.status), 'the transfer paid the partner’s order');
    // Sessions, codes and a failed login, all fresh.
    await app.useCases.botSessions.set('555001', { flow: { kind: 'activate', data: { repTaxCode: 'RSSMRA85T10A562S' } } });
    await m().AdminSession.create({ sid: 'sid-ret-1', data: '{}', expiresAt: new Date(clock.now().getTime() + 3 * DAY) });
    await app.useCases.issueLinkCode({ partnerId: partner.id, role: 'operator' }, systemActor('test'));
    await app.useCases.createStaffUser({ email: 'staff@sportello.test', name: 'Staff', password: 'una-password-lunga-1', role: 'admin' }, systemActor('test'));
    await app.useCases.authenticateStaff({ email: 'staff@sportello.test', password: 'sbagliata-sbagliata', ip: '192.0.2.7' });
    await app.createWorker().drain(); // emails sent, company provisioned: the worker's own changes come first
    kept = await keptSnapshot();
  });
  after(() => app?.dispose());

  it('a day later removes nothing', async () => {
    moveTo(1);
    assert.deepEqual(await app.useCases.applyRetention(), ZERO);
    assert.equal((await m().Invitation.findByPk(ids.never))!.clientEmail, 'mario.rossi@cliente.test');
  });

  it('once expired, sessions, link codes and old login attempts go; personal data within their period stay', async () => {
    moveTo(31);
    await app.useCases.expireOrders();
    assert.equal((await m().Order.findByPk(ids.unpaidOrder))!.status, 'expired');
    const jobsBefore = await m().OutboxJob.count({ where: { status: 'done' } });
    const counts = await app.useCases.applyRetention();
    assert.ok(counts.doneJobs >= jobsBefore && jobsBefore > 0, 'jobs done a month ago: deleted, or emptied when they hold a dedup key');
    assert.deepEqual({ ...counts, linkCodes: counts.linkCodes > 0 ? 1 : 0, doneJobs: 0 }, { ...ZERO, botSessions: 1, adminSessions: 1, linkCodes: 1, loginAttempts: 1 });
    for (const job of await m().OutboxJob.findAll({ where: { status: 'done' } })) assert.deepEqual(job.payload, {}, `${job.kind} kept only for its dedup key`);
    assert.ok(await m().OutboxJob.count({ where: { status: 'done', kind: 'provision_company' } }), 'the provisioning job keeps its dedup key');
    assert.equal(await m().BotSession.count(), 0);
    assert.equal(await m().LinkCode.count(), 0);
    assert.equal(await m().StaffLoginAttempt.count(), 0);
    assert.equal((await m().Invitation.findByPk(ids.never))!.clientEmail, 'mario.rossi@cliente.test', 'expired a day ago: within its 90 days');
    assert.equal(await keptSnapshot(), kept);
  });

  it('90 days past expiry, invitations never bought and the unpaid order lose their personal data; the paid ones do not', async () => {
    moveTo(30 + 90 + 5);
    const counts = await app.useCases.applyRetention();
    assert.deepEqual(counts, { ...ZERO, invitations: 2, unpaidOrders: 1 });
    for (const id of [ids.never, ids.unpaidInv]) {
      const inv = (await m().Invitation.findByPk(id))!;
      assert.equal(inv.clientName, REMOVED);
      assert.equal(inv.clientEmail, REMOVED);
      assert.ok(inv.anonymisedAt);
      assert.equal(inv.tier, 'lite', 'the anonymous count: partner, tier, dates and status stay');
    }
    assert.equal(await m().Invitation.count({ where: { partnerId: (await m().Invitation.findByPk(ids.never))!.partnerId } }), 3, 'no invitation row deleted');
    const order = (await m().Order.findByPk(ids.unpaidOrder))!;
    assert.equal(order.companyData, null);
    assert.equal(order.buyerName, REMOVED);
    assert.equal(order.buyerEmail, null);
    assert.ok(order.grossCents > 0 && order.number, 'amounts and number stay');
    const emails = await m().Email.findAll({ where: { entityType: ['invitation', 'order'] } });
    for (const e of emails) {
      const personal = ['mario.rossi', 'luca.neri'].some((n) => e.toAddress.includes(n) || JSON.stringify(e.data).includes(n));
      assert.ok(!personal, `email ${e.id} (${e.template}) keeps no removed address`);
    }
    assert.ok(emails.some((e) => e.toAddress === 'anna.verdi@cliente.test'), 'the paid order’s emails stay');
    const auditAboutRemoved = await m().AuditLog.findAll({ where: { entityType: 'invitation', entityId: [String(ids.never), String(ids.unpaidInv)] } });
    assert.ok(auditAboutRemoved.length > 0);
    for (const a of auditAboutRemoved) assert.doesNotMatch(JSON.stringify([a.before, a.after, a.actorLabel]), /mario\.rossi|luca\.neri/);
    assert.equal((await m().BankLine.findByPk(ids.notOurs))!.counterparty, 'Giuseppe Esposito', 'bank lines: 180 days');
    assert.equal(await keptSnapshot(), kept, 'what the law keeps is untouched');
    assert.deepEqual(await app.useCases.applyRetention(), ZERO, 'a second run changes nothing');
  });

  it('180 days after import, a line that is not ours has its payer and IBAN masked; the matched line stays whole', async () => {
    moveTo(200);
    assert.deepEqual(await app.useCases.applyRetention(), { ...ZERO, bankLines: 1 });
    const line = (await m().BankLine.findByPk(ids.notOurs))!;
    assert.equal(line.counterparty, 'G*** E***');
    assert.doesNotMatch(line.remittance, /IT02L1234512345123456789012|SPSGPP80A01F839X/);
    assert.match(line.remittance, /IT02…9012/);
    assert.equal(line.amountCents, 4321);
    assert.equal(await keptSnapshot(), kept);
  });

  it('after the audit period, entries keep who did what and lose the personal values; the daily job runs it once a day and logs the counts', async () => {
    moveTo(800);
    const entry = await m().AuditLog.findOne({ where: { action: 'invitation.sent', entityId: String(ids.bought) } });
    assert.match(JSON.stringify(entry!.after), /anna\.verdi/);
    assert.equal(await app.useCases.scheduleRetention(), true);
    assert.equal(await app.useCases.scheduleRetention(), false, 'one job a day');
    await app.createWorker().drain();
    const job = await m().OutboxJob.findOne({ where: { kind: 'privacy_retention' } });
    assert.equal(job!.status, 'done');
    const masked = (await m().AuditLog.findByPk(entry!.id))!;
    assert.equal(masked.action, 'invitation.sent');
    assert.equal(masked.actorType, entry!.actorType);
    assert.equal(masked.actorId, entry!.actorId);
    assert.equal(masked.entityId, entry!.entityId);
    assert.doesNotMatch(JSON.stringify(masked.after), /anna\.verdi/);
    assert.equal((masked.after as any).tier, 'lite');
    const run = await m().AuditLog.findOne({ where: { action: 'privacy.retention_run' }, order: [['id', 'DESC']] });
    assert.ok(((run!.after as any).auditEntries as number) > 0, 'the run’s counts are in the audit log');
    assert.equal(await keptSnapshot(), kept, 'the audit masking never touches the records the law keeps');
  });
});
