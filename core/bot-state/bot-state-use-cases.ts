/** What the bot face needs of the database: its sessions, the webhook inbox and the lease to drain it. */
import type { Ctx } from '../shared/context.js';
import { botSessions } from './bot-sessions.js';
import { updateInbox } from './update-inbox.js';
import { botLease } from './bot-lease.js';

export function botStateUseCases(ctx: Ctx) {
  return {
    botSessions: botSessions<unknown>(ctx),
    botInbox: updateInbox(ctx),
    botLease: botLease(ctx),
  };
}
