/** Personal data (GDPR): retention, access and erasure use cases (the retention job is wired in core/app.ts). */
import type { Ctx } from '../shared/context.js';
import { applyRetention } from './apply-retention.js';
import { scheduleRetention } from './schedule-retention.js';
import { personalDataReport } from './personal-data-report.js';
import { erasePersonalData } from './erase-personal-data.js';

export function privacyUseCases(ctx: Ctx) {
  return {
    applyRetention: applyRetention(ctx),
    scheduleRetention: scheduleRetention(ctx),
    personalDataReport: personalDataReport(ctx),
    erasePersonalData: erasePersonalData(ctx),
  };
}
