/** Packs: the price per coupon beside each offer, and the cheaper pack offered when single coupons add up to one. */
import { strict as assert } from 'node:assert';
import { startHarness, type Harness } from './testing.js';

describe('bot: the cheaper pack', function () {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.stop());

  it('1 coupon LITE × 5 → the 5-pack is offered for less, one tap takes it', async () => {
    const { u, welcome } = await h.linkedUser();
    let r = await h.tap(u, welcome, 'Acquista coupon');
    r = await h.tap(u, r, 'LITE');
    assert.match(r.text!, /5 coupon LITE — 445,00 € \(89,00 € a coupon\)/);
    r = await h.tap(u, r, '1 coupon LITE');
    r = await h.tap(u, r, '5');
    assert.match(r.text!, /💡 Il pacchetto «5 coupon LITE» costa 445,00 € invece di 495,00 €/);
    r = await h.tap(u, r, 'Prendi 5 coupon LITE');
    assert.match(r.text!, /Imponibile: 445,00 €/);
    assert.doesNotMatch(r.text!, /💡/);
    r = await h.tap(u, r, 'Bonifico');
    const order = (await h.app.db.models.Order.findOne({ order: [['id', 'DESC']], include: ['lines'] as any }))!;
    assert.equal(order.netCents, 44_500);
  });

  it('no hint when no single pack matches (1 coupon × 2)', async () => {
    const { u, welcome } = await h.linkedUser();
    let r = await h.tap(u, welcome, 'Acquista coupon');
    r = await h.tap(u, r, 'LITE');
    r = await h.tap(u, r, '1 coupon LITE');
    r = await h.tap(u, r, '2');
    assert.doesNotMatch(r.text!, /💡/);
  });
});
