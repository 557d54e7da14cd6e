/**
 * "🧾 Fatture" in the bot: the partner's invoices by year, each downloaded as two documents (PDF
 * courtesy copy and FatturaPA XML), another partner's invoice refused; and the billing data — asked
 * for in the buy summary, after the order and by a notice once the invoice waits — collected by the
 * guided form, invalid answers asked again, the waiting invoices sent once saved.
 */
import { strict as assert } from 'node:assert';
import { startHarness, type Harness } from './testing.js';
import type { SentMessage } from '../fakes/telegram-bot-api.js';
import { listButtons } from '../fakes/telegram-bot-api.js';
import type { Actor } from '../core/shared/actor.js';
import { systemActor } from '../core/shared/actor.js';
import { billedPartner, partnerPaidOrder, sendInvoices } from '../test/invoicing/invoicing-fixtures.js';

const romeYear = () => Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric' }).format(new Date()));

describe('bot: 🧾 Fatture and billing data', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.stop());
  const m = () => h.app.db.models;

  async function actorOf(partnerId: number): Promise<Actor> {
    const u = (await m().PartnerUser.findOne({ where: { partnerId } }))!;
    return { type: 'partner_user', id: u.id, partnerId, label: u.displayName };
  }
  const billing = (partnerId: number) =>
    h.app.useCases.updatePartnerBilling({ partnerId, address: 'Via Roma 1', cap: '10121', city: 'Torino', province: 'TO', sdiCode: 'M5UXCR1' }, systemActor('test'));
  const documentsTo = (chatId: number, since: number) => h.fake.sent(chatId).filter((r) => r.method === 'sendDocument' && r.seq > since);

  it('lists the year’s invoices with their state, switches year, and sends PDF and XML as two documents', async () => {
    const { u, partnerId, welcome } = await h.linkedUser();
    await billing(partnerId);
    const actor = await actorOf(partnerId);
    const year = romeYear();
    const a = await partnerPaidOrder(h.app, partnerId, actor, [{ sku: 'coupon-lite-1' }]);
    const b = await partnerPaidOrder(h.app, partnerId, actor, [{ sku: 'coupon-lite-5', quantity: 2 }]);
    const old = await partnerPaidOrder(h.app, partnerId, actor, [{ sku: 'coupon-lite-1' }], { paidAt: new Date(Date.UTC(year - 1, 5, 15, 10)) });
    await sendInvoices(h.app);
    const [ia, ib, io] = await Promise.all([a, b, old].map((x) => m().Invoice.findByPk(x.invoiceId!)));

    let r = await h.tap(u, welcome, '🧾 Fatture');
    assert.match(r.text!, new RegExp(`Fatture ${year}`));
    assert.ok(r.text!.includes(`Fattura ${ia!.number}`) && r.text!.includes(`Fattura ${ib!.number}`), r.text);
    assert.ok(!r.text!.includes(io!.number), 'last year’s invoice is not in this year’s list');
    assert.match(r.text!, /inviata allo SdI/);
    assert.doesNotMatch(r.text!, /mancano alcuni dati/i);

    r = await h.tap(u, r, `📅 ${year - 1}`);
    assert.match(r.text!, new RegExp(`Fatture ${year - 1}`));
    assert.ok(r.text!.includes(io!.number) && !r.text!.includes(ia!.number), r.text);
    r = await h.tap(u, r, `📅 ${year}`);

    // The download answers with documents only (no text to wait for).
    const since = h.fake.cursor();
    const data = listButtons(r).find((x) => x.label === `⬇️ ${ib!.number}`)!.action;
    assert.ok('data' in data);
    h.fake.pressButton(u, { chat_id: r.chat_id, message_id: r.message_id! }, data.data);
    const xml = await h.fake.waitFor((x) => x.chat_id === u.id && x.method === 'sendDocument' && x.seq > since && /\.xml$/.test(x.file_name ?? ''));
    const docs = documentsTo(u.id, since);
    assert.equal(docs.length, 2, docs.map((d) => d.file_name).join(', '));
    const [pdf] = docs;
    assert.equal(pdf!.file_name, `fattura-${ib!.number.replace(/\//g, '-')}.pdf`);
    assert.ok((pdf!.message?.document?.file_size ?? 0) > 1000);
    assert.match(pdf!.caption!, /copia di cortesia in PDF/);
    assert.equal(xml.file_name, ib!.fileName);
    assert.equal(xml.message?.document?.file_size, Buffer.byteLength(ib!.xml!, 'utf8'));
    assert.equal(h.fake.unansweredCallbacks().length, 0);
  });

  it('another partner’s invoice id is refused: “not found”, nothing is sent, the list shows nothing of it', async () => {
    const { u, welcome } = await h.linkedUser();
    const other = await billedPartner(h.app);
    const { invoiceId } = await partnerPaidOrder(h.app, other.partner.id, other.actor, [{ sku: 'coupon-lite-1' }]);
    await sendInvoices(h.app);
    const list = await h.tap(u, welcome, '🧾 Fatture');
    const since = h.fake.cursor();
    // A forged tap: the list never showed this button.
    const tap = h.fake.pressButton(u, { chat_id: list.chat_id, message_id: list.message_id! }, `f:d:${invoiceId}`, { force: true });
    const answer = await h.fake.callbackAnswered(tap.callback_query!.id);
    assert.match(answer.text ?? '', /Non trovato/);
    // the list stays as it was (nothing of the other partner's appears), and no document left
    const inv = (await m().Invoice.findByPk(invoiceId!))!;
    const shown = h.fake.message(list.chat_id, list.message_id!)!;
    assert.match(shown.text!, /Nessuna fattura nel/);
    assert.ok(!shown.text!.includes(inv.number));
    await h.say(u, '/menu'); // a later update: everything of the forged tap has been handled
    assert.equal(documentsTo(u.id, since).length, 0);
  });

  it('missing billing data: noted in the buy summary, a button after the order, a notice once paid; the form asks again after invalid answers; the waiting invoice leaves when saved', async () => {
    const { u, partnerId, welcome } = await h.linkedUser();
    // The buy summary says the data are missing, and buying is not blocked.
    let r = await h.tap(u, welcome, 'Acquista coupon');
    r = await h.tap(u, r, 'LITE');
    r = await h.tap(u, r, '1 coupon LITE');
    r = await h.tap(u, r, '1');
    assert.match(r.text!, /Mancano alcuni tuoi dati di fatturazione/);
    r = await h.tap(u, r, 'Bonifico');
    assert.match(r.text!, /Per intestarti la fattura di questo ordine ci mancano alcuni dati/);
    assert.ok(listButtons(r).some((b) => b.label === '🏷 Dati di fatturazione'));
    const order = (await m().Order.findOne({ where: { partnerId } }))!;

    // Paid: the invoice is numbered and waits, nothing invented; the partner gets a notice with the form's button.
    const paid = await h.app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'bank_transfer' }, systemActor('test'));
    let inv = (await m().Invoice.findByPk(paid.invoiceId!))!;
    assert.equal(inv.state, 'awaiting_data');
    await h.drainJobs();
    const notice = await h.fake.waitFor((x) => x.chat_id === u.id && /ci mancano alcuni tuoi dati di fatturazione/.test(x.text ?? ''));
    assert.ok(notice.text!.includes(inv.number));
    assert.equal((await m().Invoice.findByPk(inv.id))!.state, 'awaiting_data');
    // A second sale while the first invoice waits: numbered and waiting too, but the partner is not asked twice.
    const { productId } = (await m().OrderLine.findOne({ where: { orderId: order.id } }))!;
    const again = await h.app.useCases.placeOrder({ buyer: { kind: 'partner', partnerId }, items: [{ productId, quantity: 1 }], paymentMethod: 'bank_transfer' }, await actorOf(partnerId));
    const second = await h.app.useCases.markOrderPaid({ orderId: again.id, amountCents: again.grossCents, source: 'bank_transfer' }, systemActor('test'));
    assert.equal((await m().Invoice.findByPk(second.invoiceId!))!.state, 'awaiting_data');
    const asks = (await m().OutboxJob.findAll({ where: { kind: 'notify' } })).filter((j) => JSON.stringify(j.payload).includes('invoice_awaiting_data'));
    assert.equal(asks.length, 1, 'asked once while invoices wait');

    // The form, from the notice's button: an invalid answer is asked again with the reason.
    r = await h.tap(u, notice, 'Dati di fatturazione');
    assert.match(r.text!, /Indirizzo della sede legale/);
    r = await h.say(u, 'Via Garibaldi 5');
    assert.match(r.text!, /CAP della sede legale/);
    r = await h.say(u, '2012');
    assert.match(r.text!, /⚠️/);
    assert.match(r.text!, /CAP della sede legale/);
    r = await h.say(u, '20121');
    assert.match(r.text!, /Comune/);
    r = await h.say(u, 'Milano');
    assert.match(r.text!, /Provincia/);
    r = await h.say(u, 'XX');
    assert.match(r.text!, /⚠️ «XX» non è la sigla di una provincia italiana/);
    r = await h.say(u, 'mi');
    assert.match(r.text!, /Codice destinatario SDI/);
    r = await h.say(u, 'ABC');
    assert.match(r.text!, /7 lettere o cifre/);
    r = await h.say(u, 'krrh6b9');
    assert.match(r.text!, /PEC/);
    r = await h.say(u, 'non-una-pec');
    assert.match(r.text!, /⚠️/);
    r = await h.say(u, 'no');
    assert.match(r.text!, /Riepilogo dati di fatturazione/);
    assert.match(r.text!, /Provincia: MI/);
    assert.match(r.text!, /Codice destinatario: KRRH6B9/);
    const saved: SentMessage = await h.tap(u, r, 'Salva');
    assert.match(saved.text!, /Dati di fatturazione salvati\. 2 fatture in attesa sono partite/);

    const p = (await m().Partner.findByPk(partnerId))!;
    assert.deepEqual([p.address, p.billingCap, p.billingCity, p.billingProvince, p.sdiCode], ['Via Garibaldi 5', '20121', 'Milano', 'MI', 'KRRH6B9']);
    inv = (await m().Invoice.findByPk(inv.id))!;
    assert.equal(inv.state, 'ready');
    await sendInvoices(h.app);
    inv = (await m().Invoice.findByPk(inv.id))!;
    assert.equal(inv.state, 'sent', JSON.stringify(inv.problems));
    assert.match(inv.xml!, /<CodiceDestinatario>KRRH6B9<\/CodiceDestinatario>/);
    assert.match(inv.xml!, /<Indirizzo>Via Garibaldi 5<\/Indirizzo>/);
    const audit = await m().AuditLog.findOne({ where: { action: 'partner.billing_updated', entityId: String(partnerId) } });
    assert.equal(audit!.actorType, 'partner_user');

    // Complete now: the list no longer asks, the next summary says nothing about it.
    r = await h.tap(u, saved, '🧾 Fatture');
    assert.doesNotMatch(r.text!, /mancano alcuni dati/i);
    assert.ok(r.text!.includes(inv.number));
    await h.say(u, '/menu'); // handled after the tap's answer (one update of a chat at a time)
    assert.equal(h.fake.unansweredCallbacks().length, 0);
  });
});
