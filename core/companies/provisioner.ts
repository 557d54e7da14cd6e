/** The accounting platform that creates a company's account. Adapters: core/adapters/provisioner/. */
import type { Company } from '../db/models.js';

export interface CompanyProvisioner {
  /** Must be idempotent per company: calling it twice for one company yields the same account. */
  provision(company: Company): Promise<{ externalAccountId: string }>;
  /**
   * Stops the company's account (its subscription ran out of grace). `key` names this suspension
   * (company and the expiry it follows): the same key twice is one suspension.
   */
  suspend(company: Company, key: string): Promise<void>;
  /** Opens a suspended account again (a renewal was paid); `key` as for `suspend`. */
  reactivate(company: Company, key: string): Promise<void>;
}
