/** Import + automatic matching + decisions by hand, against a real database (SQLite, or MariaDB with DATABASE_URL). */
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createPartnerWithUser, productBySku, staffActor } from '../../test/fixtures.js';
import { buildCamt053, buildCbi } from '../../test/bank-statement-files.js';
import { formatPaymentReference } from '../orders/payment-reference.js';
import type { Order } from '../db/models.js';

const IBAN = 'IT60X0542811101000000123456';

describe('bank reconciliation (integration)', function () {
  this.timeout(60_000);
  let app: TestApp;
  let partnerId: number;
  let actor: Awaited<ReturnType<typeof createPartnerWithUser>>['actor'];

  before(async () => {
    app = await createTestApp();
    ({ partner: { id: partnerId }, actor } = await createPartnerWithUser(app, 'Studio Bianchi'));
  });
  after(() => app.dispose());

  async function order(sku = 'coupon-lite-5'): Promise<Order> {
    const p = await productBySku(app, sku);
    return app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId }, items: [{ productId: p.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);
  }
  const reload = async (o: Order) => (await app.db.models.Order.findByPk(o.id))!;
  /** The import queues the fulfilment of the orders it paid: the worker does it. */
  const runWorker = () => app.createWorker({ periodic: undefined }).drain();
  const messy = (ref: string) => ` bonifico ${formatPaymentReference(ref).toLowerCase().replace(/-/g, ' ')} grazie`;

  it('pays exact matches, keeps partial ones, flags surplus, handles several causali, ignores the rest; re-import adds nothing', async () => {
    const [exact, partial, over, a, b, untouched] = await Promise.all([order(), order(), order(), order(), order(), order()]);
    const xml = buildCamt053({
      version: '08', iban: IBAN, statementId: 'S1',
      entries: [
        { credit: true, amountCents: exact.grossCents, bookingDate: '2026-11-20', counterparty: 'STUDIO BIANCHI', remittance: messy(exact.paymentReference), ref: 'R-1' },
        { credit: true, amountCents: partial.grossCents - 1000, bookingDate: '2026-11-20', counterparty: 'STUDIO BIANCHI', remittance: `saldo ${partial.paymentReference}`, ref: 'R-2' },
        { credit: true, amountCents: over.grossCents + 500, bookingDate: '2026-11-20', remittance: formatPaymentReference(over.paymentReference), ref: 'R-3' },
        { credit: true, amountCents: a.grossCents + b.grossCents, bookingDate: '2026-11-21', remittance: `ordini ${formatPaymentReference(a.paymentReference)} e ${b.paymentReference}`, ref: 'R-4' },
        { credit: true, amountCents: 12345, bookingDate: '2026-11-21', counterparty: 'Ignoto Srl', remittance: 'fattura 12/2026', ref: 'R-5' },
        { credit: false, amountCents: 990, bookingDate: '2026-11-21', remittance: 'commissioni', ref: 'R-6' },
      ],
    });
    const r = await app.useCases.importStatement({ fileName: 's1.xml', content: Buffer.from(xml) }, staffActor);
    assert.equal(r.newLines, 6);
    assert.deepEqual({ ...r.reconcile, paidOrderIds: undefined }, { matched: 3, partial: 1, unmatched: 1, ignored: 1, paidOrderIds: undefined });
    assert.equal((await reload(exact)).status, 'paid', 'paid by the import, fulfilled by the worker');
    await runWorker();
    assert.equal((await reload(exact)).status, 'fulfilled');
    assert.equal((await reload(partial)).status, 'pending_payment');
    assert.match(String((await reload(over)).flag), /eccedente di 5,00 €/i);
    assert.equal((await app.db.models.BankLine.findOne({ where: { bankRef: 'R-3' } }))!.note, 'Eccedenza di 5,00 €: da rimborsare o compensare');
    assert.equal((await reload(a)).status, 'fulfilled');
    assert.equal((await reload(b)).status, 'fulfilled');
    assert.equal((await reload(untouched)).status, 'pending_payment');
    assert.ok((await app.db.models.Coupon.count({ where: { orderId: exact.id } })) > 0);
    const proof = await app.db.models.BankAllocation.findOne({ where: { orderId: exact.id } });
    assert.ok(proof, 'the line is kept as the payment proof');

    const again = await app.useCases.importStatement({ fileName: 's1-again.xml', content: Buffer.from(xml) }, staffActor);
    assert.equal(again.newLines, 0);
    assert.equal(again.statementId, null);
    assert.equal(await app.db.models.BankLine.count(), 6);

    // the rest of the partial payment arrives in a CBI statement (overlapping with a repeat of R-… lines is de-duplicated by content)
    const cbi = buildCbi({ iban: IBAN, movements: [{ amountCents: 1000, credit: true, bookingDate: '2026-11-22', ref: 'CBI-1', remittance: `resto ${formatPaymentReference(partial.paymentReference)}` }] });
    const r2 = await app.useCases.importStatement({ fileName: 's2.cbi', content: Buffer.from(cbi) }, staffActor);
    assert.equal(r2.reconcile.matched, 1);
    await runWorker();
    assert.equal((await reload(partial)).status, 'fulfilled');
    const firstHalf = await app.db.models.BankLine.findOne({ where: { bankRef: 'R-2' } });
    assert.equal(firstHalf!.status, 'matched', 'the earlier partial line is settled too');

    const report = await app.useCases.reconciliationReport(r.statementId!);
    assert.equal(report.lines, 6);
    assert.equal(report.unmatched.count, 1);
    assert.equal(report.ignored.count, 1);
    assert.equal(report.matchedAuto.count + report.partial.count, 4);
  });

  it('refuses a broken file whole, with the line and reason', async () => {
    const before = await app.db.models.BankLine.count();
    const xml = buildCamt053({ version: '02', iban: IBAN, entries: [{ credit: true, amountCents: 100, bookingDate: '2026-11-23', remittance: 'x' }] });
    await assert.rejects(app.useCases.importStatement({ fileName: 'bad.xml', content: Buffer.from(xml.slice(0, xml.length - 200)) }, staffActor), (e: any) => e.code === 'parse_error' && typeof e.details.line === 'number');
    assert.equal(await app.db.models.BankLine.count(), before);
  });

  it('matches by hand with a split, undoes until fulfilled, marks not ours — all audited', async () => {
    const [o1, o2] = await Promise.all([order(), order()]);
    const xml = buildCamt053({ version: '02', iban: IBAN, statementId: 'S3', entries: [
      { credit: true, amountCents: o1.grossCents + 500, bookingDate: '2026-11-24', counterparty: 'Studio Bianchi', remittance: 'pagamento coupon', ref: 'H-1' },
      { credit: true, amountCents: 777, bookingDate: '2026-11-24', remittance: 'non per noi', ref: 'H-2' },
    ] });
    await app.useCases.importStatement({ fileName: 's3.xml', content: Buffer.from(xml) }, staffActor);
    const line = (await app.db.models.BankLine.findOne({ where: { bankRef: 'H-1' } }))!;
    assert.equal(line.status, 'unmatched');
    const suggestions = await app.useCases.suggestOrdersForLine(line.id);
    assert.ok(suggestions.some((s) => s.orderId === o1.id || s.orderId === o2.id), 'orders of the payer are suggested');

    // split: 500 towards o2 (partial), the rest pays o1 — then undo is possible (o2 not fulfilled) only if o1 is not fulfilled
    const r = await app.useCases.matchLineByHand({ lineId: line.id, allocations: [{ orderId: o2.id, amountCents: 500 }, { orderId: o1.id, amountCents: o1.grossCents }], fulfil: false }, staffActor);
    assert.deepEqual(r.paidOrderIds, [o1.id]);
    assert.equal((await reload(o1)).status, 'paid');
    await assert.rejects(app.useCases.matchLineByHand({ lineId: line.id, allocations: [{ orderId: o2.id, amountCents: 1 }] }, staffActor), (e: any) => e.code === 'conflict');

    const undone = await app.useCases.undoLineDecision({ lineId: line.id }, staffActor);
    assert.deepEqual(undone.reopenedOrderIds, [o1.id]);
    assert.equal((await reload(o1)).status, 'pending_payment');
    assert.equal((await app.db.models.BankLine.findByPk(line.id))!.status, 'unmatched');

    await app.useCases.matchLineByHand({ lineId: line.id, allocations: [{ orderId: o1.id, amountCents: o1.grossCents + 500 }] }, staffActor);
    assert.equal((await reload(o1)).status, 'fulfilled');
    await assert.rejects(app.useCases.undoLineDecision({ lineId: line.id }, staffActor), (e: any) => e.code === 'illegal_transition');

    const other = (await app.db.models.BankLine.findOne({ where: { bankRef: 'H-2' } }))!;
    await app.useCases.markLineNotOurs({ lineId: other.id }, staffActor);
    assert.equal((await app.useCases.markLineNotOurs({ lineId: other.id }, staffActor)).alreadyDone, true);
    const actions = (await app.db.models.AuditLog.findAll({ where: { entityType: 'bank_line' } })).map((a) => a.action);
    for (const a of ['bank_line.matched_by_hand', 'bank_line.undone', 'bank_line.not_ours', 'bank_line.matched_auto']) assert.ok(actions.includes(a), a);
  });

  it('reads CSV through a mapping saved per bank', async () => {
    const o = await order();
    await app.useCases.saveCsvMapping({ bankName: 'Banca Test', mapping: { delimiter: ';', hasHeader: true, date: 'Data', dateFormat: 'DD/MM/YYYY', amount: 'Importo', decimalComma: true, counterparty: 'Ordinante', remittance: 'Causale' } }, staffActor);
    const csv = `Data;Importo;Ordinante;Causale\n25/11/2026;${(o.grossCents / 100).toFixed(2).replace('.', ',')};Studio Bianchi;${o.paymentReference}\n`;
    await assert.rejects(app.useCases.importStatement({ fileName: 'x.csv', content: Buffer.from(csv) }, staffActor), (e: any) => e.code === 'parse_error');
    const r = await app.useCases.importStatement({ fileName: 'x.csv', content: Buffer.from(csv), bankName: 'Banca Test' }, staffActor);
    assert.equal(r.reconcile.matched, 1);
    await runWorker();
    assert.equal((await reload(o)).status, 'fulfilled');
  });
});
