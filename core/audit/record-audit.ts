/** The audit trail: written by use cases inside the transaction of the change it describes. */
import type { Transaction } from 'sequelize';
import type { Models } from '../db/models.js';
import { actorId, type Actor } from '../shared/actor.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: number | string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** The row of one entry: who (the actor), what, and the values before and after. */
function auditRow(actor: Actor, entry: AuditEntry) {
  return {
    actorType: actor.type,
    actorId: actorId(actor),
    actorLabel: actor.label.slice(0, 200),
    action: entry.action,
    entityType: entry.entityType,
    entityId: String(entry.entityId),
    before: entry.before ?? null,
    after: entry.after ?? null,
  };
}

export async function recordAudit(models: Models, t: Transaction, actor: Actor, entry: AuditEntry) {
  await models.AuditLog.create(auditRow(actor, entry), { transaction: t });
}

/** Several entries in one statement (a bank import records a thousand matches). */
export async function recordAudits(models: Models, t: Transaction, actor: Actor, entries: AuditEntry[]) {
  if (!entries.length) return;
  await models.AuditLog.bulkCreate(entries.map((entry) => auditRow(actor, entry)), { transaction: t });
}
