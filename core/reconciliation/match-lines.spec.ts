import assert from 'node:assert/strict';
import { findPaymentReferences, formatPaymentReference, generatePaymentReference } from '../orders/payment-reference.js';
import { buildCamt053 } from '../../test/bank-statement-files.js';
import { type OpenOrder, matchLines } from './match-lines.js';
import { parseCamt053 } from './parse-camt053.js';
import { nameSimilarity, nameTokens } from './payer-name.js';
import type { StatementLine } from './statement.js';

let nextId = 1;
function order(grossCents: number, extra: Partial<OpenOrder> = {}): OpenOrder {
  return { id: nextId++, reference: refWithDigitAhead(), grossCents, paidCents: 0, buyerName: 'Mario Rossi', createdAt: new Date('2025-03-10T10:00:00Z'), ...extra };
}
/** A reference whose typos stay recognisable (a digit outside the two positions we swap or change). */
function refWithDigitAhead(): string {
  for (;;) {
    const r = generatePaymentReference();
    if (/[0-9]/.test(r.slice(4, 8)) && r[2] !== r[3]) return r;
  }
}
function line(amountCents: number, remittance: string, extra: Partial<StatementLine> = {}): StatementLine {
  return { bankRef: null, bookingDate: '2025-03-12', valueDate: null, amountCents, currency: 'EUR', counterparty: null, remittance, reversal: false, dedupKey: '', ...extra };
}
const swapFirstTwo = (ref: string) => `SP${ref[3]}${ref[2]}${ref.slice(4)}`;

describe('matchLines', () => {
  it('pays an order when the amount is exactly what remains', () => {
    const o = order(12200, { paidCents: 2000 });
    assert.deepEqual(matchLines([line(10200, `bonifico ordine ${formatPaymentReference(o.reference).toLowerCase()}`)], [o]), [
      { kind: 'paid', allocations: [{ orderId: o.id, amountCents: 10200 }], surplusCents: 0 },
    ]);
  });

  it('records an underpayment as partial, and the next line completing it as paid', () => {
    const o = order(12200);
    const ref = formatPaymentReference(o.reference);
    assert.deepEqual(matchLines([line(6100, `acconto ${ref}`), line(6100, `saldo ${ref}`)], [o]), [
      { kind: 'partial', orderId: o.id, amountCents: 6100, remainingCents: 6100 },
      { kind: 'paid', allocations: [{ orderId: o.id, amountCents: 6100 }], surplusCents: 0 },
    ]);
  });

  it('flags an overpayment as surplus, and a second payment of a settled order as all surplus', () => {
    const o = order(12200);
    assert.deepEqual(matchLines([line(12500, o.reference), line(12200, o.reference)], [o]), [
      { kind: 'paid', allocations: [{ orderId: o.id, amountCents: 12200 }], surplusCents: 300 },
      { kind: 'paid', allocations: [{ orderId: o.id, amountCents: 0 }], surplusCents: 12200 },
    ]);
  });

  it('reads a mistyped causale when exactly one correction is an open order', () => {
    const o = order(6100);
    const b = o.reference.slice(2);
    const typos = [swapFirstTwo(o.reference), `SP${b.slice(0, 7)}${b[7] === 'Z' ? 'Y' : 'Z'}`, `sp ${b.slice(0, 4)} ${b.slice(4)}`.replace(/0/g, 'o')];
    for (const typo of typos)
      assert.deepEqual(matchLines([line(6100, `pagamento ${typo}`)], [o, order(6100)]), [
        { kind: 'paid', allocations: [{ orderId: o.id, amountCents: 6100 }], surplusCents: 0 },
      ], typo);
  });

  it('leaves a typo that fits two open orders to a person, suggesting both', () => {
    const a = order(6100);
    const typo = swapFirstTwo(a.reference);
    const other = findPaymentReferences(typo).correctable[0].find((c) => c !== a.reference)!;
    const b = order(6100, { reference: other });
    const [d] = matchLines([line(6100, typo)], [a, b, order(9999)]);
    assert.equal(d.kind, 'unmatched');
    assert.deepEqual(d.kind === 'unmatched' && d.suggestions.map((s) => s.orderId).sort(), [a.id, b.id].sort());
    assert.ok(d.kind === 'unmatched' && d.suggestions.every((s) => s.reasons.includes('similar_reference') && s.reasons.includes('same_amount')));
  });

  it('splits one transfer over several causali: exact sum → paid, one allocation each, in the order written', () => {
    const [a, b, c] = [order(12200), order(6100), order(2440, { paidCents: 440 })];
    const text = `ordini ${c.reference}, ${formatPaymentReference(a.reference)} e sp ${b.reference.slice(2)}`;
    assert.deepEqual(matchLines([line(20300, text)], [a, b, c]), [
      { kind: 'paid', allocations: [{ orderId: c.id, amountCents: 2000 }, { orderId: a.id, amountCents: 12200 }, { orderId: b.id, amountCents: 6100 }], surplusCents: 0 },
    ]);
  });

  it('several causali and more money: each paid, the excess is surplus', () => {
    const [a, b] = [order(12200), order(6100)];
    assert.deepEqual(matchLines([line(20000, `${a.reference} ${b.reference}`)], [a, b]), [
      { kind: 'paid', allocations: [{ orderId: a.id, amountCents: 12200 }, { orderId: b.id, amountCents: 6100 }], surplusCents: 1700 },
    ]);
  });

  it('several causali and less money: nothing allocated, a person decides, the orders suggested first', () => {
    const [a, b] = [order(12200), order(6100)];
    const decisions = matchLines([line(15000, `${a.reference} ${b.reference}`), line(12200, a.reference)], [a, b, order(15000)]);
    assert.equal(decisions[0].kind, 'unmatched');
    const s = decisions[0].kind === 'unmatched' ? decisions[0].suggestions : [];
    assert.deepEqual(s.slice(0, 2).map((x) => x.orderId), [a.id, b.id]);
    assert.ok(s[0].reasons.includes('reference'));
    // untouched: the next line still pays a in full
    assert.deepEqual(decisions[1], { kind: 'paid', allocations: [{ orderId: a.id, amountCents: 12200 }], surplusCents: 0 });
  });

  it('ignores debits, reversals and other currencies', () => {
    const o = order(12200);
    assert.deepEqual(matchLines([line(-12200, o.reference), line(12200, o.reference, { reversal: true }), line(12200, o.reference, { currency: 'USD' })], [o]), [
      { kind: 'ignored', reason: 'debit' },
      { kind: 'ignored', reason: 'reversal' },
      { kind: 'ignored', reason: 'other_currency' },
    ]);
  });

  it('suggests, without a causale, orders by amount, payer name and date, best first', () => {
    const when = new Date('2025-03-11T09:00:00Z');
    const exact = order(12200, { buyerName: 'Caffè Nero S.R.L.', createdAt: when });
    const sameAmountOld = order(12200, { buyerName: 'Bianchi Anna', createdAt: new Date('2025-01-02T09:00:00Z') });
    const sameAmountRecent = order(12200, { buyerName: 'Verdi Luca', createdAt: when });
    const sameName = order(50000, { buyerName: 'caffe nero srl', createdAt: when });
    const unrelated = order(777, { buyerName: 'Neri Paolo', createdAt: when });
    const orders = [sameAmountOld, unrelated, sameName, sameAmountRecent, exact];
    const [d] = matchLines([line(12200, 'saldo fattura', { counterparty: 'CAFFE NERO SRL' })], orders);
    assert.equal(d.kind, 'unmatched');
    const s = d.kind === 'unmatched' ? d.suggestions : [];
    assert.deepEqual(s.map((x) => x.orderId), [exact.id, sameName.id, sameAmountRecent.id, sameAmountOld.id]);
    assert.deepEqual(s[0].reasons, ['same_amount', 'payer_name', 'close_date']);
    assert.ok(s[0].score > s[1].score && s[1].score > s[2].score && s[2].score > s[3].score);
    const [limited] = matchLines([line(12200, 'x', { counterparty: 'CAFFE NERO SRL' })], orders, { maxSuggestions: 2 });
    assert.equal(limited.kind === 'unmatched' && limited.suggestions.length, 2);
  });

  it('leaves an unrelated line unmatched with no suggestion, and an unknown causale likewise', () => {
    const o = order(12200);
    assert.deepEqual(matchLines([line(4321, 'giroconto', { counterparty: 'SOCIETA ALTRA' })], [o]), [{ kind: 'unmatched', suggestions: [] }]);
    const [d] = matchLines([line(12200, generatePaymentReference())], [o]);
    assert.deepEqual(d.kind === 'unmatched' && d.suggestions.map((s) => s.orderId), [o.id]);
  });

  it('keeps suggestions fast on a crowded price (20,000 orders at the same amount)', () => {
    const orders = Array.from({ length: 20_000 }, (_, i) => order(12200, { buyerName: `Cliente N${i}`, createdAt: new Date(Date.UTC(2025, 0, 1 + (i % 60))) }));
    const lines = Array.from({ length: 2_000 }, (_, i) => line(12200, 'saldo', { counterparty: `CLIENTE N${i}`, bookingDate: '2025-02-20' }));
    const t0 = process.cpuUsage();
    const decisions = matchLines(lines, orders);
    const used = process.cpuUsage(t0);
    assert.ok(used.user + used.system < 2e6, 'bounded work per line, whatever the crowd');
    const first = decisions[0].kind === 'unmatched' ? decisions[0].suggestions : [];
    assert.equal(first[0].orderId, orders[0].id); // "Cliente N0": same amount and name
    assert.equal(first.length, 5);
  });

  it('matches a statement built for specific orders, end to end', () => {
    const [a, b, c] = [order(12200), order(6100), order(24400, { buyerName: 'Studio Bianchi SRL' })];
    const xml = buildCamt053({
      version: '08',
      iban: 'IT60X0542811101000000123456',
      entries: [
        { amountCents: 12200, credit: true, bookingDate: '2025-03-12', counterparty: 'ROSSI MARIO', remittance: `Bonifico ${formatPaymentReference(a.reference)}` },
        { credit: true, bookingDate: '2025-03-12', batch: [{ amountCents: 3000, remittance: `acconto ${b.reference}` }, { amountCents: 24400, counterparty: 'STUDIO BIANCHI S.R.L.', remittance: 'saldo' }] },
        { amountCents: 990, credit: false, bookingDate: '2025-03-12', remittance: 'commissioni' },
      ],
    });
    const decisions = matchLines(parseCamt053(xml).lines, [a, b, c]);
    assert.deepEqual(decisions.slice(0, 2), [
      { kind: 'paid', allocations: [{ orderId: a.id, amountCents: 12200 }], surplusCents: 0 },
      { kind: 'partial', orderId: b.id, amountCents: 3000, remainingCents: 3100 },
    ]);
    assert.equal(decisions[2].kind === 'unmatched' && decisions[2].suggestions[0].orderId, c.id);
    assert.deepEqual(decisions[3], { kind: 'ignored', reason: 'debit' });
  });
});

describe('payer names', () => {
  it('compares names across case, accents, dots, legal forms and word order', () => {
    assert.deepEqual(nameTokens('Caffè Nero S.R.L.'), ['caffe', 'nero']);
    assert.deepEqual(nameTokens("Dott. D'Angelo & C. s.a.s."), ['angelo']);
    assert.equal(nameSimilarity(nameTokens('ROSSI MARIO'), nameTokens('Mario Rossi')), 1);
    assert.equal(nameSimilarity(nameTokens('CAFFE NERO SRL'), nameTokens('Caffè Nero S.r.l.')), 1);
    assert.equal(nameSimilarity(nameTokens('Rossi Mario'), nameTokens('Rossi Luca')), 0.5);
    assert.equal(nameSimilarity(nameTokens('Rossi'), nameTokens('')), 0);
  });
});

describe('suggestions by payer name, per format', () => {
  it('with the payer read from the CSV description, the right order comes first as often as in camt.053 and CBI', async () => {
    const { payerFirstScores } = await import('../../test/payer-suggestions.js');
    const s = Object.fromEntries(payerFirstScores().map((x) => [x.format, x.first]));
    assert.ok(s.csv > s.csv_without_extraction, JSON.stringify(s));
    assert.ok(s.csv >= s.camt053 && s.csv >= s.cbi, JSON.stringify(s));
  });
});
