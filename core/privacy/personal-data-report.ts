/**
 * Access (GDPR art. 15): everything held about a person, what each row is for and what an erasure
 * would do to it, with the purposes, recipients and retention of the record of processing. Admin only;
 * each report is audited with the staff user and the request's reference — never with the person's
 * identifier, which would make the audit log one more place that holds it.
 */
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { collectFindings, type Finding } from './collect-findings.js';
import { parsePersonQuery, type PersonKind } from './person-query.js';
import { processingActivities, recipients, controllerOf, type ProcessingActivity, type Recipient } from './processing-record.js';
import { LEGALLY_KEPT, retentionRules, type RetentionRule } from './retention-policy.js';

export interface PersonalDataReport {
  request: { kind: PersonKind; reference: string; generatedAt: string; by: string };
  controller: ReturnType<typeof controllerOf>;
  findings: Finding[];
  processing: ProcessingActivity[];
  recipients: Recipient[];
  retention: RetentionRule[];
  legallyKept: typeof LEGALLY_KEPT;
}

export function assertPrivacyOfficer(actor: Actor) {
  if (actor.type !== 'staff' || actor.role !== 'admin') throw new DomainError('forbidden', 'Solo un amministratore può consultare o cancellare i dati di una persona');
}

export function personalDataReport(ctx: Ctx) {
  return async function execute(raw: { kind?: unknown; value?: unknown; requestRef?: unknown }, actor: Actor): Promise<PersonalDataReport> {
    assertPrivacyOfficer(actor);
    const q = parsePersonQuery(raw);
    const findings = await collectFindings(ctx.db, q);
    const now = ctx.clock.now();
    await ctx.db.tx((t) =>
      recordAudit(ctx.db.models, t, actor, {
        action: 'privacy.access_report', entityType: 'privacy_request', entityId: q.requestRef.slice(0, 64),
        after: { kind: q.kind, rows: findings.length, tables: [...new Set(findings.map((f) => f.table))] },
      }),
    );
    return {
      request: { kind: q.kind, reference: q.requestRef, generatedAt: now.toISOString(), by: actor.label },
      controller: controllerOf(ctx.config),
      findings,
      processing: processingActivities(ctx.config),
      recipients: recipients,
      retention: retentionRules(ctx.config),
      legallyKept: LEGALLY_KEPT,
    };
  };
}
