/**
 * Claiming outbox jobs so that several workers never run the same job at once. On MySQL/MariaDB a
 * raw `SELECT … FOR UPDATE SKIP LOCKED` (Sequelize 6 silently drops `skipLocked` there); on SQLite,
 * where one process writes at a time, a conditional UPDATE does the same. A claimed job carries a
 * lease: if its worker dies, the job becomes claimable again when the lease runs out.
 *
 * A worker claims only the kinds it has a handler for: processes with different wiring share one
 * database (the web process without the bot, `npm run bot:console` with it), and a job claimed by a
 * worker that cannot run it would be lost or delayed for the one that can.
 */
import { QueryTypes } from 'sequelize';
import type { Db } from '../db/database.js';
import type { OutboxJob } from '../db/models.js';
// Dates as text: Sequelize's own escaping of a Date in replacements drops the milliseconds on MySQL,
// which makes a job written a moment ago look not yet due.
import { sqlDate } from '../db/sql-date.js';

export async function claimJobs(db: Db, workerId: string, kinds: readonly string[], batch: number, leaseMs: number, at = new Date()): Promise<OutboxJob[]> {
  if (!kinds.length) return [];
  const now = sqlDate(db.dialect, at);
  const lockedUntil = sqlDate(db.dialect, new Date(at.getTime() + leaseMs));
  const ids = await db.tx(async (t) => {
    const candidates = await db.sequelize.query<{ id: number }>(
      `SELECT id FROM outbox_jobs
        WHERE kind IN (:kinds) AND ((status = 'pending' AND run_at <= :now) OR (status = 'running' AND locked_until < :now))
        ORDER BY run_at, id LIMIT :batch ${db.dialect === 'mysql' ? 'FOR UPDATE SKIP LOCKED' : ''}`,
      { replacements: { now, batch, kinds: [...kinds] }, type: QueryTypes.SELECT, transaction: t },
    );
    if (!candidates.length) return [];
    const list = candidates.map((c) => c.id);
    await db.sequelize.query(
      `UPDATE outbox_jobs SET status = 'running', locked_by = :workerId, locked_until = :lockedUntil, attempts = attempts + 1, updated_at = :now
        WHERE id IN (:list) AND ((status = 'pending' AND run_at <= :now) OR (status = 'running' AND locked_until < :now))`,
      { replacements: { workerId, lockedUntil, now, list }, transaction: t },
    );
    return list;
  });
  if (!ids.length) return [];
  return db.models.OutboxJob.findAll({ where: { id: ids, lockedBy: workerId, status: 'running' }, order: [['id', 'ASC']] });
}
