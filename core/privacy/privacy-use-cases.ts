/** Personal data (GDPR): retention, access and erasure use cases (the retention job is wired in core/app.ts). */
import type { Ctx } from '../shared/context.js';
import { applyRetention } from './apply-retention.js';
import { scheduleRetention } from './schedule-retention.js';

export function privacyUseCases(ctx: Ctx) {
  return {
    applyRetention: applyRetention(ctx),
    scheduleRetention: scheduleRetention(ctx),
  };
}
