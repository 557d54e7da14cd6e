/** Who does something: every use case takes one, and the audit log records it. */
import type { StaffRole } from './types.js';

export type Actor =
  | { type: 'staff'; id: number; label: string; role: StaffRole }
  | { type: 'partner_user'; id: number; partnerId: number; label: string }
  | { type: 'client'; id?: string; label: string }
  | { type: 'system'; label: string };

export const systemActor = (label = 'system'): Actor => ({ type: 'system', label });
export const actorId = (a: Actor): string | null => ('id' in a && a.id != null ? String(a.id) : null);
