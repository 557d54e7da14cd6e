import assert from 'node:assert/strict';
import { Op } from 'sequelize';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createPartnerWithUser } from '../../test/fixtures.js';
import { makeCompany, movableClock, renewByPartner } from '../../test/renewals.js';
import { addRomeDays, romeDay, romeDayStart } from '../shared/rome-date.js';
import type { Worker } from '../worker/worker.js';

/** Noon in Rome on a day (the middle of the day, far from any midnight). */
const noon = (day: string) => new Date(romeDayStart(day).getTime() + 12 * 3_600_000);

describe('renewals: reminders, grace, suspension (integration)', function () {
  this.timeout(60_000);
  let app: TestApp;
  let workers: Worker[];
  const clock = movableClock(noon('2027-01-01'));
  before(async () => {
    app = await createTestApp({ overrides: { clock } });
    workers = [1, 2, 3].map((i) => app.createWorker({ workerId: `w${i}`, concurrency: 2 }));
  });
  after(async () => app?.dispose());
  const m = () => app.db.models;

  /** The day as three workers would run it: each queues today's scan, all drain the outbox at once. */
  async function runDay(at: Date) {
    clock.set(at);
    await Promise.all([1, 2, 3].map(() => app.useCases.queueRenewalScan()));
    await Promise.all(workers.map((w) => w.drain()));
  }
  const jobsOf = async (kind: string) => (await m().OutboxJob.findAll({ where: { kind }, order: [['id', 'ASC']] })).map((j) => j.payload as any);
  const emailsTo = async (to: string, template: string) => m().Email.count({ where: { toAddress: to, template } });
  const notes = async (event: string) => (await jobsOf('notify')).filter((p) => p.event === event);

  it('reminds each company once per threshold (60, 30, 7, on the day), with three workers running every day', async () => {
    const { partner } = await createPartnerWithUser(app, 'Studio Promemoria');
    // Expires on 15 March 2027 (Rome), at 10:00.
    const expiry = new Date(romeDayStart('2027-03-15').getTime() + 10 * 3_600_000);
    const own1 = await makeCompany(app, partner.id, expiry, { legalName: 'Alfa S.r.l.' });
    const own2 = await makeCompany(app, partner.id, expiry, { legalName: 'Beta S.r.l.' });
    const client = await makeCompany(app, partner.id, expiry, { payer: 'client', legalName: 'Gamma S.r.l.', email: 'gamma@example.test' });
    // Every day from 60 days before to the expiry day, scanned by three workers; and each day twice.
    for (let day = addRomeDays('2027-03-15', -61); day <= '2027-03-15'; day = addRomeDays(day, 1)) {
      await runDay(noon(day));
      await runDay(noon(day));
    }
    const digests = (await jobsOf('renewal_digest')).filter((p) => p.partnerId === partner.id);
    assert.deepEqual(digests.map((d) => d.threshold), [60, 30, 7, 0]);
    assert.deepEqual(digests[0].companyIds.sort(), [own1.id, own2.id].sort());
    const reminders = (await jobsOf('renewal_reminder')).filter((p) => p.companyId === client.id);
    assert.deepEqual(reminders.map((r) => r.threshold), [60, 30, 7, 0]);
    assert.equal(await emailsTo(partner.billingEmail, 'renewal_due_partner'), 4);
    assert.equal(await emailsTo('gamma@example.test', 'renewal_due_client'), 4);
    assert.equal((await notes('renewals_due')).length, 4);
    assert.equal((await notes('renewal_client_reminded')).length, 4);
    assert.equal(await m().RenewalLink.count({ where: { companyId: client.id } }), 4);
    const sixty = (await notes('renewals_due'))[0];
    assert.deepEqual(sixty.params.companies.map((c: any) => c.legalName), ['Alfa S.r.l.', 'Beta S.r.l.']);
    assert.equal(sixty.params.expiresOn, '2027-03-15');
    // On its expiry day the company enters grace, still working.
    assert.equal((await m().Company.findByPk(own1.id))!.subscriptionState, 'grace');
  });

  it('a reminder job run again (a crash after it sent) sends nothing twice', async () => {
    const { partner } = await createPartnerWithUser(app);
    const client = await makeCompany(app, partner.id, noon('2027-06-30'), { payer: 'client', email: 'twice@example.test' });
    await runDay(noon('2027-05-31'));
    const job = (await m().OutboxJob.findAll({ where: { kind: 'renewal_reminder' } })).find((j) => (j.payload as any).companyId === client.id)!;
    assert.equal(job.status, 'done');
    await m().OutboxJob.update({ status: 'pending', doneAt: null }, { where: { id: job.id } });
    await Promise.all(workers.map((w) => w.drain()));
    assert.equal(await emailsTo('twice@example.test', 'renewal_due_client'), 1);
  });

  it('days missed are caught up: the nearest threshold only, once', async () => {
    const { partner } = await createPartnerWithUser(app);
    await runDay(noon('2027-08-01'));
    const c = await makeCompany(app, partner.id, noon('2027-08-10'), { payer: 'client', email: 'late@example.test' });
    // No worker ran from 2 to 5 August; the 7-day threshold (3 August) passed meanwhile.
    await runDay(noon('2027-08-06'));
    const r = (await jobsOf('renewal_reminder')).filter((p) => p.companyId === c.id);
    assert.deepEqual(r.map((x) => x.threshold), [7]);
  });

  it('counts Rome days across the spring daylight-saving change', async () => {
    const { partner } = await createPartnerWithUser(app);
    // Expires at 00:30 on 1 April 2027 in Rome (31 March 22:30 UTC); the 7-day reminder is due on 25 March, in winter time.
    const c = await makeCompany(app, partner.id, new Date('2027-03-31T22:30:00Z'), { payer: 'client', email: 'dst@example.test' });
    assert.equal(romeDay(c.subscriptionExpiresAt), '2027-04-01');
    await runDay(new Date('2027-03-24T22:59:00Z')); // 23:59 on 24 March in Rome
    assert.equal((await jobsOf('renewal_reminder')).filter((p) => p.companyId === c.id).length, 0);
    await runDay(new Date('2027-03-24T23:01:00Z')); // 00:01 on 25 March in Rome
    assert.deepEqual((await jobsOf('renewal_reminder')).filter((p) => p.companyId === c.id).map((p) => [p.threshold, p.expiresOn]), [[7, '2027-04-01']]);
    // On the expiry day, in summer time: 00:10 on 1 April in Rome is 31 March 22:10 UTC.
    await runDay(new Date('2027-03-31T22:40:00Z'));
    assert.deepEqual((await jobsOf('renewal_reminder')).filter((p) => p.companyId === c.id).map((p) => p.threshold), [7, 0]);
  });

  it('29 February: reminded 30 days before on 30 January, renewed to 28 February next year', async () => {
    const { partner, actor } = await createPartnerWithUser(app);
    const c = await makeCompany(app, partner.id, noon('2028-02-29'));
    await runDay(noon('2028-01-30'));
    const d = (await jobsOf('renewal_digest')).filter((p) => p.companyIds.includes(c.id));
    assert.deepEqual(d.map((x) => [x.threshold, x.expiresOn]), [[30, '2028-02-29']]);
    await renewByPartner(app, partner.id, actor, [c.id]);
    const renewed = (await m().Company.findByPk(c.id))!;
    assert.equal(romeDay(renewed.subscriptionExpiresAt), '2029-02-28');
  });

  it('a renewal paid before expiry runs from the old expiry and stops the reminders; one waiting for its transfer says so', async () => {
    const { partner, actor } = await createPartnerWithUser(app);
    const paid = await makeCompany(app, partner.id, noon('2027-11-20'), { legalName: 'Pagata S.r.l.' });
    const waiting = await makeCompany(app, partner.id, noon('2027-11-20'), { legalName: 'Attesa S.r.l.' });
    clock.set(noon('2027-10-01'));
    await renewByPartner(app, partner.id, actor, [paid.id]);
    const order = await renewByPartner(app, partner.id, actor, [waiting.id], { pay: false });
    assert.equal(romeDay((await m().Company.findByPk(paid.id))!.subscriptionExpiresAt), '2028-11-20');
    await runDay(noon('2027-10-21')); // 30 days before 20 November
    const d = (await notes('renewals_due')).filter((n) => n.params.expiresOn === '2027-11-20');
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].params.companies.map((c: any) => [c.legalName, c.awaitingOrderNumber]), [['Attesa S.r.l.', order.number]]);
  });

  it('after the grace the company is suspended through the provisioner; a renewal then runs from the payment and reactivates it', async () => {
    const { partner, actor } = await createPartnerWithUser(app);
    const c = await makeCompany(app, partner.id, noon('2027-12-01'), { payer: 'partner', legalName: 'Sospesa S.r.l.' });
    await runDay(noon('2027-12-01'));
    assert.equal((await m().Company.findByPk(c.id))!.subscriptionState, 'grace');
    await runDay(noon('2027-12-16')); // the last day of grace (15 days)
    assert.equal((await m().Company.findByPk(c.id))!.subscriptionState, 'grace');
    await runDay(noon('2027-12-17'));
    const suspended = (await m().Company.findByPk(c.id))!;
    assert.equal(suspended.subscriptionState, 'suspended');
    assert.ok((await m().CompanyAccount.findOne({ where: { companyId: c.id } }))!.suspendedAt, 'the platform account is suspended');
    assert.equal((await notes('company_suspended')).filter((n) => n.params.companyId === c.id).length, 1);
    assert.equal(await m().AuditLog.count({ where: { action: 'company.suspended', entityId: String(c.id) } }), 1);
    // Paid on 10 January 2028: a year from the payment, not from the old expiry.
    clock.set(noon('2028-01-10'));
    await renewByPartner(app, partner.id, actor, [c.id]);
    await Promise.all(workers.map((w) => w.drain()));
    const back = (await m().Company.findByPk(c.id))!;
    assert.equal(back.subscriptionState, 'active');
    assert.equal(romeDay(back.subscriptionExpiresAt), '2029-01-10');
    assert.equal((await m().CompanyAccount.findOne({ where: { companyId: c.id } }))!.suspendedAt, null);
    assert.equal((await notes('company_reactivated')).filter((n) => n.params.companyId === c.id).length, 1);
    // Later scans leave it alone.
    await runDay(noon('2028-01-20'));
    assert.equal(await m().OutboxJob.count({ where: { kind: 'suspend_company', dedupKey: { [Op.like]: `suspend-company-${c.id}-%` } } }), 1);
  });

  it('paid during the grace: from the old expiry, never suspended', async () => {
    const { partner, actor } = await createPartnerWithUser(app);
    const c = await makeCompany(app, partner.id, noon('2028-03-01'));
    await runDay(noon('2028-03-05'));
    assert.equal((await m().Company.findByPk(c.id))!.subscriptionState, 'grace');
    await renewByPartner(app, partner.id, actor, [c.id]);
    const back = (await m().Company.findByPk(c.id))!;
    assert.equal(back.subscriptionState, 'active');
    assert.equal(romeDay(back.subscriptionExpiresAt), '2029-03-01');
    await runDay(noon('2028-03-20'));
    assert.equal((await m().Company.findByPk(c.id))!.subscriptionState, 'active');
  });
});
