/**
 * Exactly one bot process drains the webhook inbox, or one chat's updates could run in two processes
 * at once. The process that drains holds a lease row and renews it well before it expires; a second
 * bot process waits, and takes over only once the holder has stopped renewing (crashed or stopped).
 * Long polling needs no lease: Telegram serves getUpdates to one poller only.
 */
import { Op, UniqueConstraintError } from 'sequelize';
import type { Ctx } from '../shared/context.js';

const LEASE = 'bot-updates';

export function botLease(ctx: Ctx) {
  const { BotLease } = ctx.db.models;
  return {
    /** Takes or renews the lease for `holder` for `ttlMs`; false while another holder's lease runs. */
    async acquire(holder: string, ttlMs: number): Promise<boolean> {
      const now = ctx.clock.now();
      const expiresAt = new Date(now.getTime() + ttlMs);
      const [renewed] = await BotLease.update(
        { holder, expiresAt },
        { where: { name: LEASE, [Op.or]: [{ holder }, { expiresAt: { [Op.lt]: now } }] } },
      );
      if (renewed === 1) return true;
      try {
        await BotLease.create({ name: LEASE, holder, expiresAt });
        return true;
      } catch (e) {
        if (!(e instanceof UniqueConstraintError)) throw e;
        // Held by another process — or by us, renewed within the same millisecond (MySQL then counts no changed row).
        return (await BotLease.findByPk(LEASE))?.holder === holder;
      }
    },
    /** Gives the lease up at once (a clean stop), so a successor need not wait for it to expire. */
    async release(holder: string): Promise<void> {
      await BotLease.destroy({ where: { name: LEASE, holder } });
    },
  };
}
export type BotLeaseApi = ReturnType<typeof botLease>;
