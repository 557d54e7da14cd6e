/**
 * The back-office's invoices: the list through AdminJS's API, the resend action (accounting may, support
 * may not), one document's XML and courtesy copy, and a year's ZIP with every XML — behind the login.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { unzipSync, strFromU8 } from 'fflate';
import { startBackOffice, type BackOffice } from '../test/back-office.js';
import { createPartnerWithUser } from '../test/fixtures.js';
import { billedPartner, partnerPaidOrder, sendInvoices } from '../test/invoicing/invoicing-fixtures.js';
import type { StaffRole } from '../core/shared/types.js';

describe('back-office: invoices', function () {
  this.timeout(60_000);
  let bo: BackOffice;
  const cookies = {} as Record<StaffRole, string>;
  before(async () => {
    bo = await startBackOffice();
    for (const role of ['admin', 'accounting', 'support'] as const) cookies[role] = await bo.login(role);
  });
  after(async () => {
    await bo?.close();
  });
  const get = (role: StaffRole | null, path: string) => fetch(`${bo.base}/admin${path}`, { headers: role ? { cookie: cookies[role] } : {}, redirect: 'manual' });
  const post = (role: StaffRole, path: string, fields: Record<string, string>) => {
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    return fetch(`${bo.base}/admin/api${path}`, { method: 'POST', headers: { cookie: cookies[role] }, body, redirect: 'manual' });
  };

  it('lists invoices, downloads XML and copy (HTML and PDF), exports the year as a ZIP; resend after the data are completed', async () => {
    const app = bo.app;
    const { partner, actor } = await billedPartner(app);
    const a = await partnerPaidOrder(app, partner.id, actor, [{ sku: 'coupon-lite-1' }]);
    const waiting = await createPartnerWithUser(app);
    const b = await partnerPaidOrder(app, waiting.partner.id, waiting.actor, [{ sku: 'coupon-lite-5' }]);
    await sendInvoices(app);
    const inv = (await app.db.models.Invoice.findByPk(a.invoiceId!))!;

    const list = await (await get('support', '/api/resources/invoices/actions/list')).json();
    assert.ok(list.records.some((r: any) => r.params.number === inv.number));

    const xml = await get('support', `/fatture/${inv.id}/xml`);
    assert.equal(xml.status, 200);
    assert.equal(await xml.text(), inv.xml);
    const copy = await get('support', `/fatture/${inv.id}/copia`);
    assert.match(await copy.text(), /Copia di cortesia, non valida ai fini fiscali/);
    const pdf = await get('support', `/fatture/${inv.id}/pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal((await get(null, `/fatture/${inv.id}/xml`)).status, 302);
    assert.equal((await get(null, `/fatture/${inv.id}/pdf`)).status, 302);

    assert.equal((await get('support', `/fatture/anno/${inv.year}`)).status, 403);
    const zip = await get('accounting', `/fatture/anno/${inv.year}`);
    assert.equal(zip.status, 200);
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    assert.equal(strFromU8(files[inv.fileName!]!), inv.xml);
    assert.equal(Object.keys(files).length, 1, 'the waiting invoice has no XML yet');

    // The waiting one: billing data completed by staff in the partner's form (support may not), it leaves.
    const fields = { address: 'Via Po 3', cap: '10123', city: 'Torino', province: 'TO', sdiCode: 'KRRH6B9' };
    assert.equal((await post('support', `/resources/partners/records/${waiting.partner.id}/billing`, { idempotencyKey: randomBytes(8).toString('hex'), ...fields })).status, 403);
    const saved = await (await post('accounting', `/resources/partners/records/${waiting.partner.id}/billing`, { idempotencyKey: randomBytes(8).toString('hex'), ...fields })).json();
    assert.equal(saved.result?.type, 'success', JSON.stringify(saved));
    assert.match(saved.result.lines.join(' '), /rimesse in coda: 1/);
    await sendInvoices(app);
    assert.equal((await app.db.models.Invoice.findByPk(b.invoiceId!))!.state, 'sent');
    const rejected = (await app.db.models.Invoice.findByPk(b.invoiceId!))!;
    await app.db.models.Invoice.update({ state: 'rejected', rejectedAt: new Date() }, { where: { id: rejected.id } });
    const key = randomBytes(8).toString('hex');
    assert.equal((await post('support', `/resources/invoices/records/${rejected.id}/resend`, { idempotencyKey: key })).status, 403);
    const r = await post('accounting', `/resources/invoices/records/${rejected.id}/resend`, { idempotencyKey: key });
    assert.equal(r.status, 200);
    assert.equal((await r.json()).result?.type, 'success');
    assert.equal((await app.db.models.Invoice.findByPk(rejected.id))!.state, 'ready');
  });
});
