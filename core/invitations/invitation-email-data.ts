/** What the invitation emails show. */
import type { Invitation, Partner } from '../db/models.js';

export function invitationEmailData(inv: Invitation, partner: Partner, link: string): Record<string, unknown> {
  return {
    invitationId: inv.id,
    clientName: inv.clientName,
    partnerName: partner.legalName,
    partnerEmail: partner.billingEmail,
    tier: inv.tier,
    link,
    expiresAt: inv.expiresAt.toISOString(),
  };
}
