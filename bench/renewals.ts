/**
 * `npm run bench -- renewals`: the daily renewal scan on MariaDB (DATABASE_URL, else
 * mysql://root@127.0.0.1:3306/sportello). 100,000 companies, 5,000 of them due today for a reminder
 * (60, 30, 7 days ahead or on the day, half partner-paid, half client-paid), the rest expiring on other
 * days of the coming year or suspended long ago. Timed: one scan of the day, from the use case's call
 * to its commit (reading the due companies, queueing every reminder job, grace and suspensions).
 * Then 100,000 more companies that are not due, and the same scan again: an indexed range read
 * costs the same, a walk of the table twice as much. Best of five runs for each size (the machine is shared: the best run is the one least disturbed).
 */
import { performance } from 'node:perf_hooks';
import { QueryTypes } from 'sequelize';
import { report } from './report.js';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { createPartnerWithUser } from '../test/fixtures.js';
import { companyRow } from '../test/renewals.js';
import { addRomeDays, romeDayStart } from '../core/shared/rome-date.js';

const DAY = '2027-06-15';
const DUE = 5_000;
const PARTNERS = 200;
const RUNS = 5;

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const at = (day: string, rand: () => number) => new Date(romeDayStart(day).getTime() + Math.floor(rand() * 20 * 3_600_000));

async function insertCompanies(app: TestApp, partnerIds: number[], count: number, due: number, seed: number) {
  const rand = rng(seed);
  const thresholds = app.config.renewalReminderDays;
  const dueDays = new Set(thresholds.map((n) => addRomeDays(DAY, n)));
  const notDueDays: string[] = [];
  for (let i = 1; i <= 365; i++) if (!dueDays.has(addRomeDays(DAY, i))) notDueDays.push(addRomeDays(DAY, i));
  for (let i = 0; i < count; i += 2000) {
    const rows = Array.from({ length: Math.min(2000, count - i) }, (_, k) => {
      const n = i + k;
      const partnerId = partnerIds[n % partnerIds.length]!;
      if (n < due) return companyRow(partnerId, at(addRomeDays(DAY, thresholds[n % thresholds.length]!), rand), { payer: n % 2 ? 'client' : 'partner' });
      if (n % 20 === 0) return { ...companyRow(partnerId, at(addRomeDays(DAY, -400 - (n % 300)), rand)), subscriptionState: 'suspended' as const, suspendedAt: new Date() };
      return companyRow(partnerId, at(notDueDays[Math.floor(rand() * notDueDays.length)]!, rand), { payer: n % 3 ? 'partner' : 'client' });
    });
    await app.db.models.Company.bulkCreate(rows, { validate: false, hooks: false });
  }
}

/** Undo a scan (its jobs and its day) so the next run scans the same day afresh. */
async function reset(app: TestApp) {
  await app.db.models.OutboxJob.destroy({ where: {} });
  await app.db.models.RenewalScan.destroy({ where: {} });
  await app.db.models.Company.update({ subscriptionState: 'active' }, { where: { subscriptionState: 'grace' } });
}

async function timeScan(app: TestApp): Promise<{ s: number; reminders: number; jobs: number }> {
  let best = Infinity;
  let reminders = 0;
  let jobs = 0;
  for (let r = 0; r < RUNS; r++) {
    await reset(app);
    const t0 = performance.now();
    const result = await app.useCases.scanRenewals({ day: DAY });
    best = Math.min(best, (performance.now() - t0) / 1000);
    reminders = result.reminders;
    jobs = await app.db.models.OutboxJob.count();
  }
  return { s: best, reminders, jobs };
}

export async function run() {
  process.env.DATABASE_URL ??= 'mysql://root@127.0.0.1:3306/sportello';
  const app = await createTestApp();
  try {
    const partnerIds: number[] = [];
    for (let i = 0; i < PARTNERS; i++) partnerIds.push((await createPartnerWithUser(app, `Studio Bench ${i}`)).partner.id);
    let t0 = performance.now();
    await insertCompanies(app, partnerIds, 100_000, DUE, 1);
    report('renewals.fill_100k_s', (performance.now() - t0) / 1000, 's');
    const a = await timeScan(app);
    if (a.reminders !== DUE) throw new Error(`the scan found ${a.reminders} due companies, not ${DUE}`);
    report('renewals.scan_100k_due', a.reminders, 'companies');
    report('renewals.scan_100k_jobs', a.jobs, 'jobs');
    report('renewals.scan_100k_s', a.s, 's');
    t0 = performance.now();
    await insertCompanies(app, partnerIds, 100_000, 0, 2);
    report('renewals.fill_200k_s', (performance.now() - t0) / 1000, 's');
    const b = await timeScan(app);
    if (b.reminders !== DUE) throw new Error(`the scan found ${b.reminders} due companies, not ${DUE}`);
    report('renewals.scan_200k_s', b.s, 's');
    // How MariaDB reads one threshold's companies: the index on (state, expiry), a range of one day.
    const day = addRomeDays(DAY, 30);
    const [plan] = (await app.db.sequelize.query(
      `EXPLAIN SELECT id, partner_id, payer, subscription_expires_at FROM companies
        WHERE subscription_state IN ('active', 'grace') AND subscription_expires_at >= :from AND subscription_expires_at < :to`,
      { replacements: { from: romeDayStart(day), to: romeDayStart(addRomeDays(day, 1)) }, type: QueryTypes.SELECT },
    )) as { key: string | null; type: string; rows: number }[];
    if (plan?.key !== 'companies_subscription' || plan.type !== 'range') throw new Error(`the scan does not read an index range: ${JSON.stringify(plan)}`);
    report('renewals.scan_threshold_rows_estimate_200k', Number(plan.rows), 'rows');
    report('renewals.scan_scaling_200k_vs_100k', b.s / a.s, 'x');
  } finally {
    await app.dispose();
  }
}
