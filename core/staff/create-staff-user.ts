/** Create a back-office user; passwords are hashed with argon2id and never stored or logged in clear. */
import { z } from 'zod';
import argon2 from 'argon2';
import type { Ctx } from '../shared/context.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../shared/input.js';
import { recordAudit } from '../audit/record-audit.js';
import { staffRoles } from '../shared/types.js';

const schema = z.object({
  email: z.string().trim().toLowerCase().email('Indirizzo email non valido'),
  name: z.string().trim().min(1).max(200),
  password: z.string().min(12, 'La password deve avere almeno 12 caratteri').max(200),
  role: z.enum(staffRoles),
});

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });
export const verifyPassword = (hash: string, password: string) => argon2.verify(hash, password).catch(() => false);

export function createStaffUser(ctx: Ctx) {
  const m = ctx.db.models;
  return async (raw: z.input<typeof schema>, actor: Actor) => {
    const input = parseInput(schema, raw);
    if (actor.type === 'staff' && actor.role !== 'admin') throw new DomainError('forbidden', 'Solo un amministratore può creare utenti');
    const passwordHash = await hashPassword(input.password);
    return ctx.db.tx(async (t) => {
      if (await m.StaffUser.count({ where: { email: input.email }, transaction: t })) throw new DomainError('conflict', 'Esiste già un utente con questa email');
      const user = await m.StaffUser.create({ email: input.email, name: input.name, passwordHash, role: input.role, lastLoginAt: null }, { transaction: t });
      await recordAudit(m, t, actor, { action: 'staff_user.created', entityType: 'staff_user', entityId: user.id, after: { email: user.email, role: user.role } });
      return user;
    });
  };
}
