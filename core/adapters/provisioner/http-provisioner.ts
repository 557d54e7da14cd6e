/**
 * Posts the company to the accounting platform. The Idempotency-Key is derived from the company id,
 * so a retried or duplicated job never creates a second account on the platform's side. Suspension
 * and reactivation are POSTs to `<PROVISIONER_URL>/suspend` and `/reactivate` naming the account,
 * keyed by the company and the expiry they follow, so a retried job is one operation for the platform.
 */
import type { Company } from '../../db/models.js';
import type { CompanyProvisioner } from '../../companies/provisioner.js';

export class ProvisioningRejected extends Error {
  readonly permanent = true;
}

export function httpProvisioner(url: string, opts: { timeoutMs?: number; authToken?: string } = {}): CompanyProvisioner {
  async function accountOperation(op: 'suspend' | 'reactivate', company: Company, key: string) {
    const res = await fetch(`${url.replace(/\/$/, '')}/${op}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `sportello-${key}`,
        ...(opts.authToken ? { authorization: `Bearer ${opts.authToken}` } : {}),
      },
      body: JSON.stringify({ reference: `company-${company.id}`, accountId: company.externalAccountId }),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
    });
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    const verb = op === 'suspend' ? 'la sospensione' : 'la riattivazione';
    if (res.status >= 400 && res.status < 500 && res.status !== 429) throw new ProvisioningRejected(`la piattaforma ha rifiutato ${verb} (${res.status}): ${body.error ?? ''}`.trim());
    if (!res.ok) throw new Error(`la piattaforma non risponde (${res.status})`);
  }
  return {
    suspend: (company, key) => accountOperation('suspend', company, key),
    reactivate: (company, key) => accountOperation('reactivate', company, key),
    async provision(company) {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `sportello-company-${company.id}`,
          ...(opts.authToken ? { authorization: `Bearer ${opts.authToken}` } : {}),
        },
        body: JSON.stringify({
          reference: `company-${company.id}`,
          tier: company.tier,
          legalName: company.legalName,
          legalForm: company.legalForm,
          vatNumber: company.vatNumber,
          taxCode: company.taxCode,
          address: { street: company.address, cap: company.cap, city: company.city, province: company.province },
          legalRepresentative: { firstName: company.repFirstName, lastName: company.repLastName, taxCode: company.repTaxCode },
          atecoCode: company.atecoCode,
          pec: company.pec,
          sdiCode: company.sdiCode,
          email: company.email,
          phone: company.phone,
        }),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
      });
      const body = (await res.json().catch(() => ({}))) as { accountId?: string; id?: string; error?: string };
      if (res.status >= 400 && res.status < 500 && res.status !== 429) {
        throw new ProvisioningRejected(`la piattaforma ha rifiutato l'azienda (${res.status}): ${body.error ?? ''}`.trim());
      }
      if (!res.ok) throw new Error(`la piattaforma non risponde (${res.status})`);
      const id = body.accountId ?? body.id;
      if (!id) throw new Error('risposta della piattaforma senza accountId');
      return { externalAccountId: String(id) };
    },
  };
}
