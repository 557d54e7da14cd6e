import assert from 'node:assert/strict';
import { type IdentityFields, type KnownLine, judgeMovements } from './movement-identity.js';
import { payerFromDescription } from './payer-from-description.js';

const line = (over: Partial<IdentityFields>): IdentityFields => ({
  bookingDate: '2026-09-01', valueDate: '2026-09-01', amountCents: 12_200, counterparty: null, remittance: '', account: null, ...over,
});
const stored = (id: number, over: Partial<IdentityFields>): KnownLine => ({ id, ...line(over) });

describe('movement identity across formats', () => {
  it('recognises the camt entry in the CSV row that frames its causale', () => {
    const known = [stored(1, { counterparty: 'ROSSI MARIO', remittance: 'Pagamento ordine SP-2K6K-J63M', account: 'IT60X0542811101000000123456' })];
    const csv = line({ remittance: 'BONIFICO A VOSTRO FAVORE DA ROSSI MARIO CAUSALE Pagamento ordine SP-2K6K-J63M' });
    assert.deepEqual(judgeMovements([csv], known, new Set()), [{ kind: 'duplicate', of: 1 }]);
  });

  it('keeps apart movements of the same day and amount that say different things', () => {
    const known = [stored(1, { counterparty: 'Studio Rossi & C.', remittance: 'acquisto coupon' })];
    assert.deepEqual(judgeMovements([line({ remittance: 'bonifico SP2K6KJ63M' })], known, new Set()), [{ kind: 'new' }]);
    assert.deepEqual(judgeMovements([line({ counterparty: 'Bianchi Anna', remittance: 'acquisto coupon' })], known, new Set()), [{ kind: 'new' }], 'another payer');
    assert.deepEqual(judgeMovements([line({ counterparty: 'Studio Rossi', remittance: 'acquisto coupon', valueDate: '2026-09-02' })], known, new Set()), [{ kind: 'new' }], 'another value date');
    assert.deepEqual(judgeMovements([line({ remittance: 'acquisto coupon', account: 'IT02A0300203280000400162854' })], [{ ...known[0], account: 'IT60X0542811101000000123456' }], new Set()), [{ kind: 'new' }], 'another account');
    assert.deepEqual(judgeMovements([line({ amountCents: 12_300, remittance: 'acquisto coupon' })], known, new Set()), [{ kind: 'new' }], 'another amount');
  });

  it('pairs counts: three identical transfers against two stored → two duplicates and one held for a person', () => {
    const same = { counterparty: 'Rossi Mario', remittance: 'saldo fattura 12' };
    const verdicts = judgeMovements([line(same), line(same), line(same)], [stored(7, same), stored(8, same)], new Set());
    assert.deepEqual(verdicts.map((v) => v.kind), ['duplicate', 'duplicate', 'held']);
    assert.deepEqual(new Set(verdicts.slice(0, 2).map((v) => (v as { of: number }).of)), new Set([7, 8]));
  });

  it('a stored line already standing for an exact duplicate of the file is not paired again', () => {
    const same = { counterparty: 'Rossi Mario', remittance: 'saldo fattura 12' };
    assert.deepEqual(judgeMovements([line(same)], [stored(7, same)], new Set([7])), [{ kind: 'held', like: 7 }]);
  });

  it('gives each payment reference its twin first', () => {
    const a = stored(1, { remittance: 'ordine SP-2K6K-J63M' });
    const b = stored(2, { remittance: 'saldo' });
    const verdicts = judgeMovements([line({ remittance: 'saldo' }), line({ remittance: 'BONIFICO ordine SP2K6KJ63M' })], [a, b], new Set());
    assert.deepEqual(verdicts, [{ kind: 'duplicate', of: 2 }, { kind: 'duplicate', of: 1 }]);
  });
});

describe('payer name in a bank description', () => {
  it('reads the forms Italian banks write, and nothing else', () => {
    const cases: [string, string | null][] = [
      ['BONIFICO A VOSTRO FAVORE DA MARIO ROSSI CAUSALE sp 1234 5678', 'MARIO ROSSI'],
      ['BONIFICO SEPA DA: ROSSI SRL RIF 123', 'ROSSI SRL'],
      ['ORD: STUDIO BIANCHI; saldo fattura', 'STUDIO BIANCHI'],
      ['ORDINANTE BIANCHI ANNA - pagamento', 'BIANCHI ANNA'],
      ['DA: Caffè Nero srl SP-AB12-CD34', 'Caffè Nero srl'],
      ['pagamento da pagare', null],
      ['saldo fattura coupon', null],
    ];
    for (const [text, name] of cases) assert.equal(payerFromDescription(text), name, text);
  });
});
