/**
 * The embedded stand-in for the accounting platform: after a configurable delay (the real platform
 * takes "pochi minuti") it creates the company's account record. The unique index on company_id
 * makes a second call return the first account instead of creating another. Suspending and
 * reactivating set or clear the account's `suspended_at`: doing either twice changes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { CompanyProvisioner } from '../../companies/provisioner.js';
import type { Db } from '../../db/database.js';

export function builtinProvisioner(db: Db, delayMs: number): CompanyProvisioner {
  return {
    async provision(company) {
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      const existing = await db.models.CompanyAccount.findOne({ where: { companyId: company.id } });
      if (existing) return { externalAccountId: existing.externalId };
      try {
        const row = await db.models.CompanyAccount.create({ companyId: company.id, externalId: `kc-${randomUUID()}` });
        return { externalAccountId: row.externalId };
      } catch (e: any) {
        if (e?.name !== 'SequelizeUniqueConstraintError') throw e;
        const row = (await db.models.CompanyAccount.findOne({ where: { companyId: company.id } }))!;
        return { externalAccountId: row.externalId };
      }
    },
    async suspend(company) {
      await db.models.CompanyAccount.update({ suspendedAt: new Date() }, { where: { companyId: company.id, suspendedAt: null } });
    },
    async reactivate(company) {
      await db.models.CompanyAccount.update({ suspendedAt: null }, { where: { companyId: company.id } });
    },
  };
}
