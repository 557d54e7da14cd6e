/**
 * Access (art. 15) and erasure (art. 17) end to end against a real database: a person who was invited
 * twice (one bought, one not), wrote to a partner by Telegram and paid a transfer that was not ours.
 * The report finds every row by email, tax code, phone and Telegram id; the erasure anonymises what may
 * go, keeps what the law keeps with the reason, audits the request without the identifier, and a second
 * erasure finds nothing more to do.
 */
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createPartnerWithUser, staffActor, validCompanyData } from '../../test/fixtures.js';
import { buildCamt053 } from '../../test/bank-statement-files.js';
import type { Actor } from '../shared/actor.js';
import { REMOVED } from './mask.js';
import { optOutToken } from '../emails/opt-out.js';

const EMAIL = 'giulia.russo@cliente.test';
const CF = 'RSSGLI85T50A562U';

describe('personal data: access report and erasure', function () {
  this.timeout(120_000);
  let app: TestApp;
  let tgUserId: string;
  let ids: { open: number; bought: number; paidOrder: number; company: number; partnerUser: number; line: number; invoice: number };
  const support: Actor = { type: 'staff', id: 3, label: 'support@sportello.test', role: 'support' };

  before(async () => {
    app = await createTestApp();
    const { partner, actor } = await createPartnerWithUser(app, 'Studio Russo');
    // The person is also a partner's Telegram user.
    const other = await createPartnerWithUser(app, 'Studio Gialli');
    tgUserId = other.partnerUser.telegramUserId;
    await app.useCases.botSessions.set(other.partnerUser.telegramChatId, { flow: { kind: 'invite', clientName: 'x' } });
    const open = await app.useCases.createInvitation({ partnerId: partner.id, clientName: 'Giulia Russo', clientEmail: EMAIL, tier: 'lite', language: 'it' }, actor);
    const bought = await app.useCases.createInvitation({ partnerId: partner.id, clientName: 'Giulia Russo', clientEmail: EMAIL, tier: 'ordinary', language: 'it' }, actor);
    const offer = await app.useCases.invitationOffer('ordinary');
    // A company whose legal representative is the person.
    const paidOrder = await app.useCases.placeOrder(
      { buyer: { kind: 'client', invitationId: bought.invitation.id, companyData: validCompanyData({ repFirstName: 'Giulia', repLastName: 'Russo', repTaxCode: CF, email: EMAIL, phone: '+39 333 1234567' }), billingEmail: EMAIL }, items: [{ productId: offer.product.id, quantity: 1 }], paymentMethod: 'bank_transfer', language: 'it' },
      { type: 'client', label: EMAIL },
    );
    const paid = await app.useCases.markOrderPaid({ orderId: paidOrder.id, amountCents: paidOrder.grossCents, source: 'staff' }, staffActor);
    const xml = buildCamt053({
      version: '08', iban: 'IT60X0542811101000000123456', statementId: 'S-ER',
      entries: [{ credit: true, amountCents: 999, bookingDate: '2026-11-20', counterparty: 'Giulia Russo', remittance: `restituzione deposito CF ${CF}`, ref: 'R-9' }],
    });
    await app.useCases.importStatement({ fileName: 'er.xml', content: Buffer.from(xml) }, staffActor);
    const line = (await app.db.models.BankLine.findOne({ where: { bankRef: 'R-9' } }))!;
    await app.useCases.markLineNotOurs({ lineId: line.id }, staffActor);
    await app.createWorker().drain();
    const company = (await app.db.models.Company.findOne({ where: { orderId: paidOrder.id } }))!;
    ids = { open: open.invitation.id, bought: bought.invitation.id, paidOrder: paidOrder.id, company: company.id, partnerUser: other.partnerUser.id, line: line.id, invoice: paid.invoiceId! };
  });
  after(() => app?.dispose());

  it('only an admin may ask, with a request reference; a wrong identifier is refused with an Italian reason', async () => {
    await assert.rejects(app.useCases.personalDataReport({ kind: 'email', value: EMAIL, requestRef: 'PEC 1' }, support), (e: any) => e.code === 'forbidden');
    await assert.rejects(app.useCases.personalDataReport({ kind: 'email', value: EMAIL, requestRef: '' }, staffActor), (e: any) => e.code === 'validation' && /riferimento/.test(e.details.fields.requestRef));
    await assert.rejects(app.useCases.personalDataReport({ kind: 'taxCode', value: 'ABC', requestRef: 'PEC 1' }, staffActor), (e: any) => e.code === 'validation' && /16 caratteri/.test(e.details.fields.value));
  });

  it('finds everything by email, with what erasure would do to each row; audited without the address', async () => {
    const r = await app.useCases.personalDataReport({ kind: 'email', value: EMAIL.toUpperCase(), requestRef: 'PEC 2026-12-01 prot. 7' }, staffActor);
    const by = (table: string) => r.findings.filter((f) => f.table === table);
    assert.deepEqual(by('invitations').map((f) => [Number(f.id), f.fate]).sort(), [[ids.open, 'erase'], [ids.bought, 'keep']].sort());
    assert.deepEqual(by('orders').map((f) => [Number(f.id), f.fate]), [[ids.paidOrder, 'keep']]);
    assert.match(by('orders')[0]!.reason!.it, /10 anni/);
    assert.deepEqual(by('companies').map((f) => [Number(f.id), f.fate]), [[ids.company, 'keep']]);
    // The invoice of the paid order names the person's address: kept 10 years, with the reason.
    assert.deepEqual(by('invoices').map((f) => [Number(f.id), f.fate]), [[ids.invoice, 'keep']]);
    assert.match(by('invoices')[0]!.reason!.it, /10 anni/);
    assert.equal((by('invoices')[0]!.data.buyer as { email: string }).email, EMAIL);
    assert.ok(by('emails').some((f) => f.fate === 'erase'), 'the invitation email of the open invitation');
    assert.ok(by('emails').some((f) => f.fate === 'keep'), 'the paid order’s emails');
    assert.ok(by('audit_logs').length > 0);
    assert.ok(r.processing.length >= 5 && r.recipients.some((x) => x.key === 'stripe') && r.retention.some((x) => x.key === 'invitations'));
    const audit = (await app.db.models.AuditLog.findOne({ where: { action: 'privacy.access_report' }, order: [['id', 'DESC']] }))!;
    assert.equal(audit.actorLabel, staffActor.label);
    assert.equal(audit.entityId, 'PEC 2026-12-01 prot. 7');
    assert.doesNotMatch(JSON.stringify(audit.after), /giulia/i);
  });

  it('finds the same person by codice fiscale, by phone and by Telegram id; the company’s invoice by its Partita IVA', async () => {
    const cf = await app.useCases.personalDataReport({ kind: 'taxCode', value: CF.toLowerCase(), requestRef: 'R-cf' }, staffActor);
    assert.ok(cf.findings.some((f) => f.table === 'companies' && Number(f.id) === ids.company));
    assert.ok(cf.findings.some((f) => f.table === 'bank_lines' && Number(f.id) === ids.line && f.fate === 'erase'));
    // By the company's Partita IVA: its invoice too, kept.
    const company = (await app.db.models.Company.findByPk(ids.company))!;
    const vat = await app.useCases.personalDataReport({ kind: 'taxCode', value: `IT${company.vatNumber}`, requestRef: 'R-piva' }, staffActor);
    assert.deepEqual(vat.findings.filter((f) => f.table === 'invoices').map((f) => [Number(f.id), f.fate]), [[ids.invoice, 'keep']]);
    const phone = await app.useCases.personalDataReport({ kind: 'phone', value: '333 123 4567', requestRef: 'R-tel' }, staffActor);
    assert.ok(phone.findings.some((f) => f.table === 'companies' && Number(f.id) === ids.company));
    const tg = await app.useCases.personalDataReport({ kind: 'telegram', value: tgUserId, requestRef: 'R-tg' }, staffActor);
    assert.deepEqual(tg.findings.filter((f) => f.table !== 'audit_logs').map((f) => [f.table, f.fate]).sort(), [['bot_sessions', 'delete'], ['partner_users', 'erase']]);
  });

  it('erasure anonymises what may go, says what stays and why, is audited with the request reference, and a second run does nothing', async () => {
    const r = await app.useCases.erasePersonalData({ kind: 'email', value: EMAIL, requestRef: 'PEC 2026-12-01 prot. 7' }, staffActor);
    assert.ok(r.erased.invitations === 1 && (r.erased.audit_logs ?? 0) > 0, JSON.stringify(r.erased));
    const open = (await app.db.models.Invitation.findByPk(ids.open))!;
    assert.equal(open.clientEmail, REMOVED);
    assert.equal(open.status, 'cancelled', 'withdrawn: no reminder goes to an erased address');
    const keptTables = new Set(r.kept.map((k) => k.table));
    for (const t of ['invitations', 'orders', 'companies', 'emails', 'invoices']) assert.ok(keptTables.has(t), `kept ${t}`);
    assert.ok(r.kept.every((k) => k.reason.it.length > 10));
    // What the law keeps is whole.
    const order = (await app.db.models.Order.findByPk(ids.paidOrder))!;
    assert.equal(order.buyerEmail, EMAIL);
    assert.ok(order.companyData);
    assert.equal((await app.db.models.Company.findByPk(ids.company))!.email, EMAIL);
    const invoice = (await app.db.models.Invoice.findByPk(ids.invoice))!;
    assert.equal(invoice.buyer.email, EMAIL);
    const audit = (await app.db.models.AuditLog.findOne({ where: { action: 'privacy.erasure' } }))!;
    assert.equal(audit.actorId, String(staffActor.type === 'staff' ? staffActor.id : ''));
    assert.equal(audit.entityType, 'privacy_request');
    assert.equal(audit.entityId, 'PEC 2026-12-01 prot. 7');
    assert.doesNotMatch(JSON.stringify(audit.after), /giulia/i);
    // The access report now shows only what stays.
    const after = await app.useCases.personalDataReport({ kind: 'email', value: EMAIL, requestRef: 'PEC 2026-12-01 prot. 7 bis' }, staffActor);
    assert.deepEqual([...new Set(after.findings.filter((f) => f.fate !== 'keep').map((f) => f.table))], [], 'nothing erasable left');
    const again = await app.useCases.erasePersonalData({ kind: 'email', value: EMAIL, requestRef: 'PEC 2026-12-01 prot. 7 bis' }, staffActor);
    assert.deepEqual(again.erased, {});
  });

  it('erasure by codice fiscale masks the bank line that was not ours; by Telegram id it unlinks the user and deletes the conversation', async () => {
    const cf = await app.useCases.erasePersonalData({ kind: 'taxCode', value: CF, requestRef: 'R-cf-2' }, staffActor);
    assert.equal(cf.erased.bank_lines, 1);
    const line = (await app.db.models.BankLine.findByPk(ids.line))!;
    assert.equal(line.counterparty, 'G*** R***');
    assert.doesNotMatch(line.remittance, new RegExp(CF));
    const tg = await app.useCases.erasePersonalData({ kind: 'telegram', value: tgUserId, requestRef: 'R-tg-2' }, staffActor);
    assert.deepEqual({ users: tg.erased.partner_users, sessions: tg.erased.bot_sessions }, { users: 1, sessions: 1 });
    const pu = (await app.db.models.PartnerUser.findByPk(ids.partnerUser))!;
    assert.equal(pu.displayName, REMOVED);
    assert.equal(pu.active, false);
    assert.equal(await app.db.models.PartnerUser.count({ where: { telegramUserId: tgUserId } }), 0);
  });

  it('an objection to invitations (List-Unsubscribe) is reported and kept, so that it is honoured', async () => {
    await app.useCases.optOutEmail({ token: optOutToken(app.config, 'obiezione@cliente.test'), source: 'link' });
    const r = await app.useCases.personalDataReport({ kind: 'email', value: 'obiezione@cliente.test', requestRef: 'R-opt' }, staffActor);
    const opt = r.findings.find((f) => f.table === 'email_opt_outs');
    assert.equal(opt?.fate, 'keep');
    assert.match(opt!.reason!.it, /per rispettarla/);
  });
});
