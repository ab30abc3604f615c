// The `reference-reminder` job: 7 and 14 days after a rater's link was sent,
// e-mail the rater again if they have not answered. The handler checks the
// request again when it runs and does nothing for a request that was
// submitted, revoked, has expired or was re-sent since (the re-sending
// scheduled reminders of its own).
import { z } from 'zod';
import { REFERENCE_REMINDER_JOB, sendReferenceReminder } from '../services/references.ts';
import type { Services } from '../services/context.ts';
import type { JobRunner } from './queue.ts';

const payloadSchema = z.object({
  requestId: z.string().min(1),
  sentAt: z.string().min(1),
  n: z.number().int().min(1),
  sealed: z.string().min(1),
});

/** Lets `runner` send reference reminders; `now` is the clock the handler judges expiry by (tests move it). */
export function registerReferenceReminderHandler(
  runner: JobRunner,
  services: Services,
  options: { now?: () => Date } = {},
): void {
  runner.handle(REFERENCE_REMINDER_JOB, async (payload) => {
    await sendReferenceReminder(payloadSchema.parse(payload), services, options.now?.() ?? new Date());
  });
}
