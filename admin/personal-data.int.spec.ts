/**
 * The back-office pages for a person's data (GDPR arts. 15 and 17), end to end over HTTP through the real
 * AdminJS API routes: admin only (the other roles get 403 and an `access.denied` entry), the report as a
 * readable page and a JSON export, the erasure with what stays and why, each audited with the staff user
 * and the request reference; the action key keeps the outcome, never the report.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startBackOffice, type BackOffice } from '../test/back-office.js';
import { createPartnerWithUser } from '../test/fixtures.js';
import type { StaffRole } from '../core/shared/types.js';

const EMAIL = 'paolo.conti@cliente.test';

describe('back-office: a person’s data (access report, erasure)', function () {
  this.timeout(120_000);
  let bo: BackOffice;
  const cookies = {} as Record<StaffRole, string>;
  const key = () => randomBytes(16).toString('hex');
  const post = (role: StaffRole, action: string, fields: Record<string, string>) => {
    const body = new FormData();
    for (const [k, v] of Object.entries({ idempotencyKey: key(), ...fields })) body.append(k, v);
    return fetch(`${bo.base}/admin/api/resources/audit_logs/actions/${action}`, { method: 'POST', headers: { cookie: cookies[role] }, body, redirect: 'manual' });
  };

  before(async () => {
    bo = await startBackOffice();
    for (const role of ['admin', 'accounting', 'support'] as const) cookies[role] = await bo.login(role);
    const { partner, actor } = await createPartnerWithUser(bo.app, 'Studio Conti');
    await bo.app.useCases.createInvitation({ partnerId: partner.id, clientName: 'Paolo Conti', clientEmail: EMAIL, tier: 'lite', language: 'it' }, actor);
  });
  after(() => bo?.close());

  it('only an admin sees the form; accounting and support are refused and the refusal is audited', async () => {
    const form = await fetch(`${bo.base}/admin/api/resources/audit_logs/actions/personalDataReport`, { headers: { cookie: cookies.admin } });
    assert.equal(form.status, 200);
    assert.match(JSON.stringify((await form.json()).form), /art\. 15 GDPR/);
    for (const role of ['accounting', 'support'] as const) {
      for (const action of ['personalDataReport', 'personalDataErasure']) {
        const r = await post(role, action, { kind: 'email', value: EMAIL, requestRef: 'PEC 9' });
        assert.equal(r.status, 403, `${role} ${action}`);
        const denied = await bo.app.db.models.AuditLog.findOne({ where: { action: 'access.denied', actorId: String(bo.staff[role].id), entityType: 'audit_logs' }, order: [['id', 'DESC']] });
        assert.equal((denied!.after as any).action, action);
      }
    }
    assert.equal(await bo.app.db.models.AuditLog.count({ where: { action: ['privacy.access_report', 'privacy.erasure'] } }), 0, 'nothing was run');
  });

  it('the admin gets a readable report and a JSON export; the action key keeps only the outcome', async () => {
    const r = await post('admin', 'personalDataReport', { kind: 'email', value: EMAIL, requestRef: 'PEC 2026-12-02 n. 9' });
    assert.equal(r.status, 200);
    const { result } = await r.json();
    assert.equal(result.type, 'success');
    assert.match(result.message, /Trovate \d+ righe/);
    assert.match(result.html, /Dati personali trattati — richiesta PEC 2026-12-02 n\. 9/);
    assert.match(result.html, /Inviti all’acquisto \(1\)[\s\S]*paolo\.conti@cliente\.test[\s\S]*anonimizzato con la cancellazione/);
    assert.match(result.html, /Stripe/);
    const exported = JSON.parse(result.download.content);
    assert.equal(result.download.mime, 'application/json');
    assert.ok(exported.findings.some((f: any) => f.table === 'invitations' && f.data.clientEmail === EMAIL));
    const stored = await bo.app.db.models.AdminActionKey.findAll({ where: { action: 'personalDataReport' } });
    assert.equal(stored.length, 1);
    assert.doesNotMatch(JSON.stringify(stored[0]!.result), /paolo\.conti/);
    const audit = await bo.app.db.models.AuditLog.findOne({ where: { action: 'privacy.access_report' } });
    assert.equal(audit!.actorId, String(bo.staff.admin.id));
    assert.equal(audit!.entityId, 'PEC 2026-12-02 n. 9');
  });

  it('the admin erases: the result says what was anonymised and what stays; a wrong value gets an Italian reason', async () => {
    const bad = await (await post('admin', 'personalDataErasure', { kind: 'email', value: 'non-una-email', requestRef: 'PEC 10' })).json();
    assert.equal(bad.result.type, 'error');
    assert.match(bad.result.message, /Richiesta non valida: value /);
    const r = await (await post('admin', 'personalDataErasure', { kind: 'email', value: EMAIL, requestRef: 'PEC 2026-12-02 n. 10' })).json();
    assert.equal(r.result.type, 'success');
    assert.match(r.result.message, /Dati cancellati per la richiesta PEC 2026-12-02 n\. 10/);
    assert.ok(r.result.lines.some((l: string) => /inviti: 1/.test(l)), JSON.stringify(r.result.lines));
    const audit = await bo.app.db.models.AuditLog.findOne({ where: { action: 'privacy.erasure' } });
    assert.equal(audit!.actorLabel, bo.staff.admin.email);
    assert.equal(audit!.entityId, 'PEC 2026-12-02 n. 10');
    assert.equal(await bo.app.db.models.Invitation.count({ where: { clientEmail: EMAIL } }), 0);
  });
});
