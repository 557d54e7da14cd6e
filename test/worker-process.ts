/**
 * A worker in its own OS process, for the multi-process tests and benchmark. It drains the outbox of
 * DATABASE_URL with the core handlers plus `test_effect` (records which process ran which job).
 * Exits when the outbox stays empty for IDLE_EXIT_MS (unless 0).
 */
import { QueryTypes } from 'sequelize';
import { loadConfig } from '../core/config.js';
import { createApp } from '../core/app.js';

const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' });
const app = await createApp(config);
const idleExitMs = Number(process.env.IDLE_EXIT_MS ?? 1500);
const handlers = {
  ...app.jobHandlers(),
  test_effect: {
    async run(payload: { n: number }, job: { id: number }) {
      await app.db.sequelize.query('INSERT INTO test_effects (job_id, n, pid) VALUES (:id, :n, :pid)', {
        replacements: { id: job.id, n: payload.n, pid: process.pid },
        type: QueryTypes.INSERT,
      });
    },
  },
};
const worker = app.createWorker({ handlers, pollMs: 50, batch: Number(process.env.WORKER_BATCH ?? 10), periodic: undefined });
process.send?.({ ready: true });
let idleSince = Date.now();
for (;;) {
  const n = await worker.runOnce();
  if (n) idleSince = Date.now();
  else if (idleExitMs && Date.now() - idleSince > idleExitMs) break;
  else await new Promise((r) => setTimeout(r, 50));
}
await app.close();
process.exit(0);
