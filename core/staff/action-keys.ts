/**
 * Idempotency keys of the back-office's action forms: a form's key is claimed before its action runs,
 * so a double submit runs it once; the outcome is kept for the late second click ("Già eseguito"),
 * and a key whose action failed is released so that the same form may try again.
 */
import { UniqueConstraintError } from 'sequelize';
import type { Ctx } from '../shared/context.js';

export interface ActionKeyClaim {
  key: string;
  staffId: number;
  action: string;
  entityId: string;
}

export function actionKeys(ctx: Ctx) {
  const m = ctx.db.models;
  return {
    /** true when the key is new (the caller runs the action); false when another submit holds it. */
    async claimActionKey(claim: ActionKeyClaim): Promise<boolean> {
      try {
        await m.AdminActionKey.create({ ...claim, result: null, createdAt: ctx.clock.now() });
        return true;
      } catch (e) {
        if (e instanceof UniqueConstraintError) return false;
        throw e;
      }
    },
    async saveActionOutcome(key: string, result: Record<string, unknown>) {
      await m.AdminActionKey.update({ result }, { where: { key } });
    },
    async releaseActionKey(key: string) {
      await m.AdminActionKey.destroy({ where: { key } });
    },
    /** What the action with this key did, once it ran to the end; null before (or never). */
    async actionOutcome(key: string): Promise<Record<string, unknown> | null> {
      return (await m.AdminActionKey.findByPk(key))?.result ?? null;
    },
  };
}
