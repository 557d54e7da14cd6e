/**
 * Queues an email: a row in `emails` (what, to whom, state — shown and resent from the back-office)
 * and a `send_email` job. Rendering happens in the worker, from the stored template name and data.
 */
import type { Transaction } from 'sequelize';
import type { Models } from '../db/models.js';
import type { Lang } from '../shared/types.js';
import { enqueueJob } from './enqueue-job.js';

export interface EmailRequest {
  template: string;
  language: Lang;
  to: string;
  data: Record<string, unknown>;
  entity?: { type: string; id: number | string };
}

export async function queueEmail(models: Models, t: Transaction, req: EmailRequest) {
  const email = await models.Email.create(
    {
      template: req.template,
      language: req.language,
      toAddress: req.to,
      data: req.data,
      subject: null,
      messageId: null,
      error: null,
      entityType: req.entity?.type ?? null,
      entityId: req.entity ? String(req.entity.id) : null,
      sentAt: null,
    },
    { transaction: t },
  );
  await enqueueJob(models, t, 'send_email', { emailId: email.id });
  return email;
}
