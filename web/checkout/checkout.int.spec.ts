import assert from 'node:assert/strict';
import { staffActor, validCompanyData } from '../../test/fixtures.js';
import { browserLike, csrfOf, startCheckoutServer, type CheckoutServer } from './checkout-server.test-helper.js';
import { mountPayments } from '../payments/mount-payments.js';
import { formatEuro } from '../../core/shared/money.js';
import { formatPaymentReference } from '../../core/orders/payment-reference.js';
import { EXPIRE_CHECKOUT_SESSION_JOB } from '../../core/payments/expire-checkout-session.js';

const formOf = (page: string, data: Record<string, unknown>, extra: Record<string, string> = {}) => {
  const form: Record<string, string> = { csrf: csrfOf(page), paymentMethod: 'sandbox', billingEmail: 'amministrazione@cliente.test' };
  for (const [k, v] of Object.entries(data)) form[k] = v == null ? '' : String(v);
  return { ...form, ...extra };
};

describe('client checkout pages (HTTP)', () => {
  let s: CheckoutServer;
  beforeEach(async () => {
    s = await startCheckoutServer({ limits: { perToken: { limit: 8, windowMs: 60_000 } } });
  });
  afterEach(() => s.close());

  it('shows the inviting partner, the edition and the price with VAT; opening notifies the partner once', async () => {
    const inv = await s.invite({ partnerName: 'Studio <b>Bianchi</b> & Figli', tier: 'ordinary' });
    const get = browserLike(s.base);
    const { res, text } = await get(inv.path);
    assert.equal(res.status, 200);
    assert.ok(text.includes('Studio &lt;b&gt;Bianchi&lt;/b&gt; &amp; Figli ti invita'), 'partner named, escaped');
    assert.ok(!text.includes('<b>Bianchi'));
    assert.match(text, /<html lang="it"/);
    assert.match(text, /Ordinaria/);
    assert.match(text, /IVA 22 %/);
    assert.match(text, /\d+,\d\d €/);
    assert.match(text, /<label for="f-vatNumber">Partita IVA \*/);
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'nonce-/);
    assert.match(res.headers.get('set-cookie') ?? '', /sportello_csrf=.*HttpOnly; SameSite=Lax/);
    await get(inv.path);
    const invitation = await s.app.db.models.Invitation.findByPk(inv.invitationId);
    assert.equal(invitation!.status, 'opened');
    const notes = await s.app.db.models.OutboxJob.findAll({ where: { kind: 'notify' } });
    assert.equal(notes.filter((j) => (j.payload as { event?: string }).event === 'invitation_opened').length, 1);
  });

  it('English with ?lang=en', async () => {
    const inv = await s.invite();
    const { text } = await browserLike(s.base)(`${inv.path}?lang=en`);
    assert.match(text, /<html lang="en"/);
    assert.match(text, /Buy your KeyContabilità account/);
    assert.match(text, /VAT number \(Partita IVA\) \*/);
    assert.match(text, /€\d+\.\d\d/);
  });

  it('refuses a POST without the CSRF token (or from another site); nothing is ordered', async () => {
    const inv = await s.invite();
    const get = browserLike(s.base);
    const page = (await get(inv.path)).text;
    const noToken = await get(inv.path, { form: { ...formOf(page, validCompanyData()), csrf: '' } });
    assert.equal(noToken.res.status, 403);
    const otherBrowser = await browserLike(s.base)(inv.path, { form: formOf(page, validCompanyData()) });
    assert.equal(otherBrowser.res.status, 403, 'token bound to this browser’s cookie');
    const crossSite = await get(inv.path, { form: formOf(page, validCompanyData()), headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(crossSite.res.status, 403);
    assert.equal(await s.app.db.models.Order.count(), 0);
  });

  it('wrong data: 422, a message per field, every value kept as typed; then the fixed form goes to the pay link', async () => {
    const inv = await s.invite();
    const get = browserLike(s.base);
    const page = (await get(inv.path)).text;
    const bad = validCompanyData({ legalName: 'Rossi & <script>alert(1)</script> S.r.l.', vatNumber: '12345678901', cap: '2012', sdiCode: '' , pec: '' });
    const r1 = await get(inv.path, { form: formOf(page, bad, { billingEmail: 'not-an-email' }) });
    assert.equal(r1.res.status, 422);
    assert.match(r1.text, /role="alert"/);
    assert.match(r1.text, /id="err-vatNumber" role="status">[^<]+Partita IVA|id="err-vatNumber" role="status">[^<]*(controllo|cifr)/i);
    assert.match(r1.text, /id="err-cap" role="status">[^<]+/);
    assert.match(r1.text, /id="err-billingEmail" role="status">[^<]+/);
    assert.match(r1.text, /id="err-sdiCode" role="status">[^<]+/);
    assert.match(r1.text, /id="f-vatNumber"[^>]*value="12345678901"[^>]*aria-invalid="true"/);
    assert.ok(r1.text.includes('value="Rossi &amp; &lt;script&gt;alert(1)&lt;/script&gt; S.r.l."'), 'typed value kept, escaped');
    assert.ok(!r1.text.includes('<script>alert'));
    assert.match(r1.text, /value="not-an-email"/);
    assert.equal(await s.app.db.models.Order.count(), 0);

    const good = validCompanyData();
    const r2 = await get(inv.path, { form: formOf(r1.text, good) });
    assert.equal(r2.res.status, 303);
    assert.match(r2.res.headers.get('location') ?? '', /^\/pay\/[0-9a-z]+\.[A-Za-z0-9_-]+$/);
    const order = (await s.app.db.models.Order.findOne())!;
    assert.equal(order.buyerType, 'client');
    assert.equal(order.invitationId, inv.invitationId);
    assert.equal(order.paymentMethod, 'sandbox');
    assert.equal(order.buyerEmail, 'amministrazione@cliente.test');
  });

  it('bank transfer: the order status page shows the transfer instructions; again from the status link', async () => {
    const inv = await s.invite({ language: 'en' });
    const get = browserLike(s.base);
    const page = (await get(inv.path)).text;
    const r = await get(`${inv.path}?lang=en`, { form: formOf(page, validCompanyData(), { paymentMethod: 'bank_transfer', lang: 'en' }) });
    assert.equal(r.res.status, 303);
    const location = r.res.headers.get('location')!;
    assert.match(location, /^\/ordine\/.+placed=1/);
    const status = await get(location);
    assert.equal(status.res.status, 200);
    const order = (await s.app.db.models.Order.findOne())!;
    assert.match(status.text, /Bank transfer instructions/);
    assert.ok(status.text.includes('IT60 X054 2811 1010 0000 0123 456'));
    assert.match(status.text, /data-testid="causale">[A-Z0-9-]+</);
    assert.ok(status.text.includes(order.number!));
    assert.match(status.text, /Awaiting payment/);
    const it = await get(location.replace('lang=en', 'lang=it'));
    assert.match(it.text, /Istruzioni per il bonifico/);
    assert.match(it.text, /Causale/);
    // Paid → the page says so and the bank details go away.
    await s.app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'bank_transfer' }, staffActor);
    const after = await get(location.split('?')[0]!);
    assert.match(after.text, /Paid and fulfilled/);
    assert.doesNotMatch(after.text, /Bank transfer instructions/);
    assert.match(after.text, /data-testid="company-state"/);
  });

  it('an unknown or tampered order link is a 404 page', async () => {
    const r = await browserLike(s.base)('/ordine/1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    assert.equal(r.res.status, 404);
  });

  it('expired, cancelled, used and unknown links show a clear page offering to contact the partner', async () => {
    const get = browserLike(s.base);
    const expired = await s.invite({ partnerName: 'Studio Verdi' });
    const cancelled = await s.invite({ partnerName: 'Studio Neri' });
    await s.app.useCases.cancelInvitation(cancelled.invitationId, staffActor);
    const c = await get(cancelled.path);
    assert.equal(c.res.status, 410);
    assert.match(c.text, /annullato/);
    assert.match(c.text, /contatta Studio Neri:.*mailto:billing/s);
    s.clock.shift(31);
    const e = await get(expired.path);
    assert.equal(e.res.status, 410);
    assert.match(e.text, /scaduto/);
    assert.match(e.text, /Studio Verdi/);
    const u = await get('/invito/' + 'x'.repeat(43));
    assert.equal(u.res.status, 404);
    assert.doesNotMatch(u.text, /<form/);
  });

  it('a used link (order fulfilled) is refused, GET and POST', async () => {
    const inv = await s.invite();
    const get = browserLike(s.base);
    const page = (await get(inv.path)).text;
    await get(inv.path, { form: formOf(page, validCompanyData()) });
    const order = (await s.app.db.models.Order.findOne())!;
    await s.app.useCases.markOrderPaid({ orderId: order.id, amountCents: order.grossCents, source: 'sandbox' }, staffActor);
    const again = await get(inv.path);
    assert.equal(again.res.status, 410);
    assert.match(again.text, /già stato usato/);
    const post = await get(inv.path, { form: formOf(page, validCompanyData()) });
    assert.equal(post.res.status, 410);
    assert.equal(await s.app.db.models.Order.count(), 1);
  });

  it('rate-limits one link (429 with Retry-After)', async () => {
    const inv = await s.invite();
    const get = browserLike(s.base);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await get(inv.path)).res.status);
    assert.deepEqual(statuses.slice(0, 8), Array(8).fill(200));
    const limited = await get(inv.path);
    assert.equal(limited.res.status, 429);
    assert.ok(Number(limited.res.headers.get('retry-after')) > 0);
    // Another link from the same IP still works (the per-IP budget is larger).
    const other = await s.invite();
    assert.equal((await get(other.path)).res.status, 200);
  });
});

describe('client checkout pages: per-IP limit', () => {
  let s: CheckoutServer;
  before(async () => {
    s = await startCheckoutServer({ limits: { perIp: { limit: 3, windowMs: 60_000 } } });
  });
  after(() => s.close());

  it('429 past the per-IP budget, whatever the link', async () => {
    const get = browserLike(s.base);
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await get('/invito/' + String(i).repeat(30))).res.status);
    assert.deepEqual(codes, [404, 404, 404, 429]);
  });
});

describe('client checkout pages: coming back with an order still unpaid (HTTP)', () => {
  let s: CheckoutServer;
  beforeEach(async () => {
    s = await startCheckoutServer({ extraMounts: [mountPayments] });
  });
  afterEach(() => s.close());

  // Greedy: the section nests the bank instructions' own <section>; the form page has no other.
  const pendingSection = (page: string) => /<section class="pending"[\s\S]*<\/section>/.exec(page)?.[0] ?? '';
  const hrefOf = (section: string, testid: string) => new RegExp(`href="([^"]+)" data-testid="${testid}"`).exec(section)?.[1] ?? '';

  it('card/sandbox: the unpaid order is shown above the form with its amount, method and pay link; submitting again replaces it and closes its session', async () => {
    const inv = await s.invite();
    const get = browserLike(s.base);
    const first = (await get(inv.path)).text;
    assert.doesNotMatch(first, /data-testid="pending-order"/, 'nothing pending on a first visit');
    const placed = await get(inv.path, { form: formOf(first, validCompanyData()) });
    assert.equal(placed.res.status, 303);
    const payPath = placed.res.headers.get('location')!;
    const order = (await s.app.db.models.Order.findOne())!;
    // The client opens the pay link (a sandbox session is created), then leaves without paying.
    const pay = await get(payPath);
    assert.equal(pay.res.status, 303);
    const sessionId = pay.res.headers.get('location')!.split('/').pop()!;

    const back = await get(inv.path);
    assert.equal(back.res.status, 200);
    const section = pendingSection(back.text);
    assert.ok(section, 'pending order shown');
    assert.ok(back.text.indexOf('data-testid="pending-order"') < back.text.indexOf('<form'), 'above the form');
    assert.match(section, /Hai già un ordine in attesa di pagamento/);
    assert.ok(section.includes(order.number!));
    assert.ok(section.includes(`data-testid="pending-amount">${formatEuro(order.grossCents, 'it')}<`));
    assert.match(section, /data-testid="pending-method">pagamento di prova \(sandbox\)</);
    assert.equal(hrefOf(section, 'pending-pay'), payPath);
    assert.match(section, /verrà annullato e sostituito/);
    // Its links work: the pay link reuses the open session, the status page shows the order.
    assert.equal((await get(hrefOf(section, 'pending-pay'))).res.headers.get('location')!.split('/').pop(), sessionId);
    const status = await get(hrefOf(section, 'pending-status').replaceAll('&amp;', '&'));
    assert.equal(status.res.status, 200);
    assert.match(status.text, /In attesa di pagamento/);
    assert.ok(status.text.includes(order.number!));

    // Submitting again still replaces the order, as the core does, and the old session is closed.
    const again = await get(inv.path, { form: formOf(back.text, validCompanyData()) });
    assert.equal(again.res.status, 303);
    await order.reload();
    assert.equal(order.status, 'cancelled');
    const jobs = await s.app.db.models.OutboxJob.findAll({ where: { kind: EXPIRE_CHECKOUT_SESSION_JOB } });
    assert.deepEqual(jobs.map((j) => j.payload), [{ orderId: order.id, sessionId }]);
    await s.app.createWorker({ periodic: undefined }).drain();
    assert.equal((await s.app.db.models.SandboxCheckoutSession.findByPk(sessionId))!.status, 'expired');
    const newest = (await s.app.db.models.Order.findOne({ where: { status: 'pending_payment' } }))!;
    const third = pendingSection((await get(inv.path)).text);
    assert.ok(third.includes(newest.number!));
    assert.ok(!third.includes(order.number!), 'the replaced order is not offered any more');
  });

  it('bank transfer: the bank instructions of the unpaid order are shown again (English too); an order past its date is not offered', async () => {
    const inv = await s.invite({ language: 'en' });
    const get = browserLike(s.base);
    const first = (await get(inv.path)).text;
    const placed = await get(`${inv.path}?lang=en`, { form: formOf(first, validCompanyData(), { paymentMethod: 'bank_transfer', lang: 'en' }) });
    assert.equal(placed.res.status, 303);
    const order = (await s.app.db.models.Order.findOne())!;

    const en = pendingSection((await get(`${inv.path}?lang=en`)).text);
    assert.match(en, /You already have an order awaiting payment/);
    assert.ok(en.includes(`data-testid="pending-amount">${formatEuro(order.grossCents, 'en')}<`));
    assert.match(en, /data-testid="pending-method">bank transfer</);
    assert.match(en, /Bank transfer instructions/);
    assert.ok(en.includes('IT60 X054 2811 1010 0000 0123 456'));
    assert.ok(en.includes(`data-testid="causale">${formatPaymentReference(order.paymentReference)}<`));
    assert.match(en, /do not send the form again/);
    assert.doesNotMatch(en, /data-testid="pending-pay"/);
    assert.match(hrefOf(en, 'pending-status'), /^\/ordine\/.+lang=en$/);
    const it = pendingSection((await get(`${inv.path}?lang=it`)).text);
    assert.match(it, /Istruzioni per il bonifico/);
    assert.match(it, /non inviare di nuovo il modulo/);

    // An order past its expiry date is not offered, even before the worker has expired it.
    s.clock.shift(31);
    await s.app.db.models.Invitation.update({ expiresAt: new Date(Date.now() + 60 * 86_400_000) }, { where: { id: inv.invitationId } });
    assert.doesNotMatch((await get(inv.path)).text, /data-testid="pending-order"/);
  });
});
