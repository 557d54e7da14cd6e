/** The accounting platform that creates a company's account. Adapters: core/adapters/provisioner/. */
import type { Company } from '../db/models.js';

export interface CompanyProvisioner {
  /** Must be idempotent per company: calling it twice for one company yields the same account. */
  provision(company: Company): Promise<{ externalAccountId: string }>;
}
