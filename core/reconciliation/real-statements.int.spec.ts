/**
 * Reconciliation with real statements (issue 13), against a real database (SQLite, or MariaDB with
 * DATABASE_URL): the same movements in three formats counted once, reversals undoing what they reversed
 * in all four formats, large balances, truncated/empty/UTF-16 files, the background import.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Op } from 'sequelize';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createPartnerWithUser, productBySku, staffActor } from '../../test/fixtures.js';
import { type CamtEntry, type CbiMovement, type CsvRow, buildCamt053, buildCbi, buildCsv, csvMappingFor } from '../../test/bank-statement-files.js';
import { formatPaymentReference } from '../orders/payment-reference.js';
import type { Order } from '../db/models.js';

const IBAN = 'IT60X0542811101000000123456';
const SURNAMES = ['Rossi', 'Bianchi', 'Esposito', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'Mancini', 'Costa', 'Giordano', 'Lombardi'];
const NAMES = ['Mario', 'Luca', 'Giulia', 'Anna', 'Marco', 'Sara', 'Paolo', 'Elena', 'Andrea', 'Chiara', 'Franco', 'Irene', 'Nadia'];

/** One transfer, written by each format's builder. */
interface Payment {
  amountCents: number; // signed
  bookingDate: string;
  payer: string;
  remittance: string;
  reversal?: boolean;
}

const asCamt = (p: Payment, k: number): CamtEntry =>
  p.reversal
    ? { credit: true, reversal: true, amountCents: -p.amountCents, bookingDate: p.bookingDate, counterparty: p.payer, remittance: p.remittance, ref: `C${k}` }
    : { credit: p.amountCents > 0, amountCents: Math.abs(p.amountCents), bookingDate: p.bookingDate, counterparty: p.payer, remittance: p.remittance, ref: `C${k}` };
const asCbi = (p: Payment): CbiMovement => ({
  credit: p.amountCents > 0, amountCents: Math.abs(p.amountCents), bookingDate: p.bookingDate, counterparty: p.payer, remittance: p.remittance,
  ...(p.reversal ? { description: 'STORNO BONIFICO' } : {}),
});
const asCsv = (p: Payment): CsvRow => ({ amountCents: p.amountCents, bookingDate: p.bookingDate, counterparty: p.payer, remittance: p.remittance, reversal: p.reversal });

const FORMATS = {
  camt02: (ps: Payment[]) => ({ content: Buffer.from(buildCamt053({ version: '02', iban: IBAN, entries: ps.map(asCamt) })), bankName: undefined }),
  camt08: (ps: Payment[]) => ({ content: Buffer.from(buildCamt053({ version: '08', iban: IBAN, entries: ps.map(asCamt) })), bankName: undefined }),
  cbi: (ps: Payment[]) => ({ content: Buffer.from(buildCbi({ iban: IBAN, movements: ps.map(asCbi) })), bankName: undefined }),
  csv: (ps: Payment[]) => ({ content: buildCsv({ rows: ps.map(asCsv) }), bankName: 'Banca CSV' }),
};

describe('bank statements of real life (integration)', function () {
  this.timeout(300_000);
  let app: TestApp;
  let partnerId: number;
  let actor: Awaited<ReturnType<typeof createPartnerWithUser>>['actor'];

  before(async () => {
    app = await createTestApp();
    ({ partner: { id: partnerId }, actor } = await createPartnerWithUser(app, 'Studio Verdi'));
    await app.useCases.saveCsvMapping({ bankName: 'Banca CSV', mapping: csvMappingFor(false) }, staffActor);
  });
  after(() => app.dispose());

  async function order(sku = 'coupon-lite-5'): Promise<Order> {
    const p = await productBySku(app, sku);
    return app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId }, items: [{ productId: p.id, quantity: 1 }], paymentMethod: 'bank_transfer' }, actor);
  }
  const reload = async (o: Order) => (await app.db.models.Order.findByPk(o.id))!;
  const runWorker = () => app.createWorker({ periodic: undefined }).drain();
  const imp = (name: string, f: { content: Buffer; bankName?: string }) => app.useCases.importStatement({ fileName: name, content: f.content, bankName: f.bankName }, staffActor);

  it('counts the same 200 payments once whether they come as camt.053, then CSV, then CBI', async () => {
    const orders: Order[] = [];
    for (let i = 0; i < 200; i++) orders.push(await order());
    const payments: Payment[] = orders.map((o, i) => {
      const day = `2026-09-${String(1 + (i % 20)).padStart(2, '0')}`;
      const payer = `${SURNAMES[i % SURNAMES.length]} ${NAMES[i % NAMES.length]}`;
      const ref = formatPaymentReference(o.paymentReference);
      if (i % 10 === 0) return { amountCents: Math.floor(o.grossCents / 2), bookingDate: day, payer, remittance: `acconto ${ref}` };
      if (i % 10 === 1) return { amountCents: o.grossCents, bookingDate: day, payer, remittance: 'saldo fattura coupon' };
      if (i % 10 === 2) return { amountCents: o.grossCents, bookingDate: day, payer, remittance: `bonifico ${ref.toLowerCase().replace(/-/g, ' ')} grazie` };
      return { amountCents: o.grossCents, bookingDate: day, payer, remittance: `Pagamento ordine ${ref}` };
    });
    // The same payer paying the same order twice on the same day (a genuine duplicate payment), and bank fees.
    payments.push({ ...payments[5] });
    payments.push({ amountCents: -150, bookingDate: '2026-09-03', payer: 'BANCA', remittance: 'commissioni' });
    payments.push({ amountCents: -150, bookingDate: '2026-09-03', payer: 'BANCA', remittance: 'commissioni' });

    const first = await imp('settembre.xml', FORMATS.camt08(payments));
    assert.equal(first.newLines, payments.length);
    await runWorker();
    const snapshot = async () => ({
      lines: await app.db.models.BankLine.count(),
      allocations: await app.db.models.BankAllocation.count({ where: { undoneAt: null } }),
      allocated: Number(await app.db.models.BankAllocation.sum('amountCents', { where: { undoneAt: null } })),
      orders: (await app.db.models.Order.findAll({ where: { id: orders.map((o) => o.id) }, attributes: ['id', 'status', 'receivedCents'], order: [['id', 'ASC']], raw: true })).map((o) => `${o.id}:${o.status}:${o.receivedCents}`),
      coupons: await app.db.models.Coupon.count({ where: { orderId: orders.map((o) => o.id) } }),
      fulfilJobs: await app.db.models.OutboxJob.count({ where: { kind: 'fulfil_order' } }),
    });
    const before = await snapshot();
    assert.ok(before.orders.filter((o) => o.endsWith(':fulfilled:' + orders[3].grossCents)).length > 100, 'most orders are paid and fulfilled');
    assert.ok(before.orders.some((o, i) => i % 10 === 0 && o.includes(':pending_payment:')), 'part-paid orders wait for the rest');

    for (const [name, file] of [['settembre.csv', FORMATS.csv(payments)], ['settembre.cbi', FORMATS.cbi(payments)]] as const) {
      const again = await imp(name, file);
      assert.equal(again.newLines, 0, `${name}: no new line`);
      assert.equal(again.held, 0, `${name}: nothing ambiguous`);
      assert.equal(again.duplicates, payments.length);
      assert.equal(again.statementId, null);
      await runWorker();
      assert.deepEqual(await snapshot(), before, `${name}: no money counted twice, no extra fulfilment`);
    }

    // A third copy of the duplicate payment, only in a CSV: same day, amount, payer and causale, nothing
    // to tell it apart → held for a person, never paying anything.
    const extra = await imp('settembre-bis.csv', FORMATS.csv([payments[5], payments[5], payments[5]]));
    assert.equal(extra.newLines, 0);
    assert.equal(extra.held, 1);
    const held = await app.db.models.BankLine.findOne({ where: { status: 'held' } });
    assert.ok(held && /doppione/.test(String(held.note)));
    assert.equal(await app.db.models.BankAllocation.count({ where: { lineId: held.id } }), 0);
    await app.useCases.reconcileUnmatchedLines({}, staffActor);
    assert.equal((await app.db.models.BankLine.findByPk(held.id))!.status, 'held', 're-running the matching leaves a held line alone');
  });

  for (const [format, build] of Object.entries(FORMATS)) {
    it(`undoes what a reversal takes back (${format})`, async () => {
      const month = { camt02: '05', camt08: '06', cbi: '07', csv: '08' }[format]!;
      const [fulfilled, notYet] = [await order(), await order()];
      const payA: Payment = { amountCents: fulfilled.grossCents, bookingDate: `2026-${month}-10`, payer: `Pagatore ${format} Uno`, remittance: `ordine ${formatPaymentReference(fulfilled.paymentReference)}` };
      const payB: Payment = { amountCents: notYet.grossCents, bookingDate: `2026-${month}-12`, payer: `Pagatore ${format} Due`, remittance: `ordine ${formatPaymentReference(notYet.paymentReference)}` };
      await imp(`a.${format}`, build([payA]));
      await runWorker();
      assert.equal((await reload(fulfilled)).status, 'fulfilled');
      assert.ok((await app.db.models.Coupon.count({ where: { orderId: fulfilled.id, status: 'available' } })) > 0);

      // Next statement: B's payment, then both transfers returned by the bank, before any worker runs.
      const second = build([payB, { ...payA, amountCents: -payA.amountCents, bookingDate: `2026-${month}-13`, reversal: true }, { ...payB, amountCents: -payB.amountCents, bookingDate: `2026-${month}-13`, reversal: true }]);
      const r = await imp(`b.${format}`, second);
      assert.equal(r.reversals, 2, 'both reversals linked');
      assert.equal(r.newLines, 3);

      const a = await reload(fulfilled);
      assert.equal(a.status, 'fulfilled');
      assert.match(String(a.flag), /Pagamento stornato/);
      assert.equal(await app.db.models.Coupon.count({ where: { orderId: fulfilled.id, status: 'available' } }), 0, 'unused coupons taken back');
      const b = await reload(notYet);
      assert.equal(b.status, 'pending_payment', 'an order paid but not yet fulfilled waits for payment again');
      const credits = await app.db.models.BankLine.findAll({ where: { amountCents: { [Op.gt]: 0 }, bookingDate: [payA.bookingDate, payB.bookingDate] } });
      assert.deepEqual(credits.map((c) => c.status).sort(), ['reversed', 'reversed']);
      const reversals = await app.db.models.BankLine.findAll({ where: { reversal: true, bookingDate: `2026-${month}-13` } });
      assert.deepEqual(reversals.map((x) => x.reversalOfId).sort(), credits.map((c) => c.id).sort());
      assert.equal(await app.db.models.BankAllocation.count({ where: { lineId: credits.map((c) => c.id), undoneAt: null } }), 0, 'allocations undone');
      const audits = await app.db.models.AuditLog.count({ where: { action: 'order.payment_reversed', entityId: [String(fulfilled.id), String(notYet.id)] } });
      assert.equal(audits, 2);
      assert.ok((await app.db.models.OutboxJob.count({ where: { kind: 'notify' } })) > 0, 'the partner is told');

      // Idempotent: the same statement again adds and undoes nothing; B's queued fulfilment does nothing.
      const again = await imp(`b-again.${format}`, second);
      assert.equal(again.newLines + again.held, 0);
      await runWorker();
      assert.equal((await reload(notYet)).status, 'pending_payment');
      assert.equal(await app.db.models.Coupon.count({ where: { orderId: notYet.id } }), 0);
    });
  }

  it('lets staff restore exactly what a reversal took back, or confirm the loss (refund and credit note)', async () => {
    const [a, b] = [await order(), await order()];
    const pays: Payment[] = [a, b].map((o, k) => ({ amountCents: o.grossCents, bookingDate: `2026-10-2${k + 1}`, payer: `Pagatore Deciso ${k}`, remittance: `ordine ${formatPaymentReference(o.paymentReference)}` }));
    await imp('ottobre-1.xml', FORMATS.camt08(pays));
    await runWorker();
    const issued = async (o: Order) => (await app.db.models.Coupon.findAll({ where: { orderId: o.id }, order: [['id', 'ASC']] })).map((c) => c.status);
    assert.ok((await issued(a)).length > 0 && (await issued(a)).every((s) => s === 'available'));
    assert.deepEqual([(await reload(a)).status, (await reload(b)).status], ['fulfilled', 'fulfilled']);
    const r = await imp('ottobre-2.xml', FORMATS.camt08(pays.map((p) => ({ ...p, amountCents: -p.amountCents, bookingDate: '2026-10-25', reversal: true }))));
    assert.equal(r.reversals, 2);
    const open = await app.db.models.PaymentReversal.findAll({ where: { orderId: [a.id, b.id] }, order: [['orderId', 'ASC']] });
    assert.deepEqual(open.map((x) => x.status), ['open', 'open']);
    assert.equal(open[0].takenBack.couponIds.length, (await issued(a)).length, 'every unused coupon recorded');
    assert.ok((await issued(a)).every((s) => s === 'revoked'));
    assert.ok((await app.useCases.bankDashboardFigures(null)).reversedPayments >= 2);

    // A: the payer paid again. Exactly what was taken is given back; the flag goes; the partner is told.
    await assert.rejects(app.useCases.decideReversal({ reversalId: open[0].id, decision: 'restore', note: '' }, staffActor), (e: any) => e.code === 'validation' && /motivo/.test(e.details.fields.note));
    const restored = await app.useCases.decideReversal({ reversalId: open[0].id, decision: 'restore', note: 'nuovo bonifico del 10/09 ricevuto' }, staffActor);
    assert.equal(restored.couponsRestored, open[0].takenBack.couponIds.length);
    assert.ok((await issued(a)).every((s) => s === 'available'));
    assert.equal((await reload(a)).flag, null);
    assert.equal((await reload(a)).status, 'fulfilled');
    const notices = await app.db.models.OutboxJob.findAll({ where: { kind: 'notify' } });
    assert.equal(notices.filter((j) => JSON.stringify(j.payload).includes('payment_restored') && (j.payload as any).params?.orderId === a.id).length, 1, 'the partner is told');
    assert.equal(await app.db.models.AuditLog.count({ where: { action: 'payment_reversal.restored', entityId: String(a.id) } }), 1);
    assert.deepEqual(await app.useCases.decideReversal({ reversalId: open[0].id, decision: 'restore', note: 'doppio clic' }, staffActor), { alreadyDone: true, couponsRestored: 0 });
    await assert.rejects(app.useCases.decideReversal({ reversalId: open[0].id, decision: 'confirm', note: 'ripensamento' }, staffActor), (e: any) => e.code === 'illegal_transition');

    // B: the money is lost. The order is refunded with its credit note; its coupons stay revoked.
    await app.useCases.decideReversal({ reversalId: open[1].id, decision: 'confirm', note: 'il cliente non ha ripagato' }, staffActor);
    assert.equal((await reload(b)).status, 'refunded');
    assert.ok((await issued(b)).every((s) => s === 'revoked'));
    assert.equal((await app.db.models.PaymentReversal.findByPk(open[1].id))!.status, 'confirmed');
    const invoices = await app.db.models.Invoice.findAll({ where: { orderId: b.id } });
    assert.deepEqual(invoices.map((i) => i.documentType).sort(), ['TD01', 'TD04'], 'the invoice, and its credit note');
    assert.equal(await app.db.models.PaymentReversal.count({ where: { orderId: [a.id, b.id], status: 'open' } }), 0);
  });

  it('keeps balances of 25 M€ and amounts of 10¹³ cents exactly', async () => {
    const xml = buildCamt053({
      version: '08', iban: IBAN, openingBalanceCents: 2_500_000_000_00,
      entries: [{ credit: false, amountCents: 10_000_000_000_000, bookingDate: '2026-04-01', remittance: 'giroconto' }, { credit: true, amountCents: 10_000_000_000_000, bookingDate: '2026-04-01', remittance: 'giroconto di rientro' }],
    });
    const r = await imp('grande.xml', { content: Buffer.from(xml) });
    const s = (await app.db.models.BankStatement.findByPk(r.statementId!))!;
    assert.equal(Number(s.openingBalanceCents), 2_500_000_000_00);
    assert.equal(Number(s.closingBalanceCents), 2_500_000_000_00);
    const lines = await app.db.models.BankLine.findAll({ where: { statementId: r.statementId! }, order: [['amountCents', 'ASC']] });
    assert.deepEqual(lines.map((l) => Number(l.amountCents)), [-10_000_000_000_000, 10_000_000_000_000]);
  });

  it('refuses truncated, malformed and empty files whole, in Italian; reads UTF-16', async () => {
    const count = () => app.db.models.BankLine.count();
    const before = await count();
    const rows: Payment[] = [1, 2, 3].map((k) => ({ amountCents: 1000 + k, bookingDate: '2026-03-0' + k, payer: 'Neri Anna', remittance: `fattura ${k}` }));
    const full = FORMATS.csv(rows).content.toString('utf8');
    const cut = full.slice(0, full.lastIndexOf(';') - 3); // the last line cut mid-way: its description is lost
    const refused = async (content: Buffer, pattern: RegExp) =>
      assert.rejects(imp('x.csv', { content, bankName: 'Banca CSV' }), (e: any) => e.code === 'parse_error' && pattern.test(e.message) && !/[a-z] (line|column|expected)\b/i.test(e.message));
    await refused(Buffer.from(cut), /Riga 4: 3 colonne invece di 4: l’ultima riga è troncata/);
    await refused(Buffer.from(full.replace('fattura 2', '"fattura 2')), /virgolette/);
    await refused(Buffer.alloc(0), /File vuoto/);
    await refused(Buffer.from('\r\n  \r\n'), /File vuoto/);
    await refused(Buffer.from('Data contabile;Data valuta;Importo;Descrizione\r\n'), /File vuoto/);
    await assert.rejects(imp('x.cbi', { content: Buffer.from(buildCbi({ iban: IBAN, movements: rows.map(asCbi) }).split('\r\n').slice(0, 4).join('\r\n')) }), (e: any) => /file troncato/.test(e.message));
    const camt = buildCamt053({ version: '02', iban: IBAN, entries: rows.map(asCamt) });
    await assert.rejects(imp('x.xml', { content: Buffer.from(camt.slice(0, camt.length - 100)) }), (e: any) => /file troncato/.test(e.message));
    assert.equal(await count(), before, 'nothing imported');

    const r = await imp('utf16.csv', { content: buildCsv({ rows: rows.map(asCsv), encoding: 'utf16le-bom' }), bankName: 'Banca CSV' });
    assert.equal(r.newLines, 3);
    const line = await app.db.models.BankLine.findOne({ where: { bookingDate: '2026-03-02' } });
    assert.equal(line!.counterparty, 'Neri Anna', 'the payer read from the description');
    assert.match(line!.remittance, /fattura 2/);
  });

  it('holds for a person a last CSV line that may be cut inside its last field, and never lets it pay', async () => {
    const o = await order();
    const shown = formatPaymentReference(o.paymentReference);
    const rows: Payment[] = [
      { amountCents: 4_321, bookingDate: '2026-05-04', payer: 'Neri Anna', remittance: 'fattura 77' },
      { amountCents: o.grossCents, bookingDate: '2026-05-05', payer: 'Studio Verdi', remittance: `Bonifico ordine ${shown} saldo coupon` },
    ];
    const full = FORMATS.csv(rows).content.toString('utf8');
    assert.match(full, /\r?\n$/, 'an export ends its lines with a break');
    const cut = full.slice(0, full.indexOf(' saldo coupon') + 4); // "… saldo coupon" cut to "… sal"
    const r = await imp('maggio-troncato.csv', { content: Buffer.from(cut), bankName: 'Banca CSV' });
    assert.deepEqual([r.newLines, r.held, r.matched], [1, 1, 0]);
    const held = (await app.db.models.BankLine.findOne({ where: { statementId: r.statementId!, status: 'held' } }))!;
    assert.match(held.note ?? '', /senza a capo finale: potrebbe essere troncata/);
    assert.equal((await reload(o)).status, 'pending_payment', 'a line that may be cut short pays nothing by itself');

    // The whole file later: its last line is the movement, and pays the order.
    const again = await imp('maggio.csv', { content: Buffer.from(full), bankName: 'Banca CSV' });
    assert.deepEqual([again.duplicates, again.matched], [1, 1]);
    assert.notEqual((await reload(o)).status, 'pending_payment');
  });

  it('imports in the background: the upload is queued, the worker imports it and records the outcome', async () => {
    const o = await order();
    const dir = mkdtempSync(join(tmpdir(), 'upload-'));
    const path = join(dir, 'upload-1');
    writeFileSync(path, buildCamt053({ version: '08', iban: IBAN, entries: [{ credit: true, amountCents: o.grossCents, bookingDate: '2026-02-02', counterparty: 'Studio Verdi', remittance: o.paymentReference }] }));
    const { importId } = await app.useCases.queueStatementImport({ fileName: 'febbraio.xml', path }, staffActor);
    assert.equal(existsSync(path), false, 'the upload is moved to the statements folder');
    assert.equal((await app.db.models.BankImport.findByPk(importId))!.status, 'queued');
    await runWorker();
    const done = (await app.db.models.BankImport.findByPk(importId))!;
    assert.equal(done.status, 'done', String(done.error));
    assert.deepEqual([done.linesRead, done.newLines, done.matched, done.duplicates], [1, 1, 1, 0]);
    assert.ok(done.statementId);
    assert.equal(existsSync(done.filePath), false, 'the stored upload is removed once imported');
    await runWorker();
    assert.equal((await reload(o)).status, 'fulfilled');

    const bad = join(dir, 'upload-2');
    writeFileSync(bad, 'Data;Importo\n01/02/2026;1');
    const failed = await app.useCases.queueStatementImport({ fileName: 'rotto.csv', path: bad, bankName: 'Banca CSV' }, staffActor);
    await runWorker();
    const row = (await app.db.models.BankImport.findByPk(failed.importId))!;
    assert.equal(row.status, 'failed');
    assert.match(String(row.error), /colonna "Data contabile" \(data\) non è nell’intestazione/);

    // camt.053 is read from disk in pieces: a file cut short, or one missing an entry its own summary
    // counts, is refused whole all the same.
    const lines = await app.db.models.BankLine.count();
    const entries = [1, 2, 3].map((k) => ({ credit: true, amountCents: 5000 + k, bookingDate: '2026-02-1' + k, counterparty: 'Neri Anna', remittance: `fattura ${k}` }));
    const camt = buildCamt053({ version: '08', iban: IBAN, entries });
    const refusedInBackground = async (name: string, content: string, pattern: RegExp) => {
      const file = join(dir, name);
      writeFileSync(file, content);
      const q = await app.useCases.queueStatementImport({ fileName: name, path: file }, staffActor);
      await runWorker();
      const r = (await app.db.models.BankImport.findByPk(q.importId))!;
      assert.equal(r.status, 'failed', name);
      assert.match(String(r.error), pattern);
    };
    await refusedInBackground('troncato.xml', camt.slice(0, Math.floor(camt.length * 0.7)), /^Riga \d+: .*\(file troncato\?\)/);
    const withoutSecond = buildCamt053({ version: '08', iban: IBAN, entries, balances: false }).replace(/<Ntry><NtryRef>2<\/NtryRef>.*<\/Ntry>\n/, '');
    await refusedInBackground('manca-un-movimento.xml', withoutSecond, /TxsSummry\/TtlNtries\) dichiara 3 movimenti, il file ne contiene 2/);
    assert.equal(await app.db.models.BankLine.count(), lines, 'nothing imported');
  });
});
