// The deadline jobs: `review-reminder` (a reviewer's due date),
// `response-reminder` (an applicant's answer to a request for more
// information) and the daily `deadline-sweep`, which schedules any reminder
// that is missing. The handlers check again when they run (src/services/deadlines.ts).
import { z } from 'zod';
import type { Services } from '../services/context.ts';
import {
  DEADLINE_SWEEP_JOB,
  RESPONSE_REMINDER_JOB,
  REVIEW_REMINDER_JOB,
  type ReminderPayload,
  runDeadlineSweep,
  sendResponseReminder,
  sendReviewReminder,
} from '../services/deadlines.ts';
import type { JobRunner } from './queue.ts';

const payloadSchema = z.object({
  subjectId: z.string().min(1),
  dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  key: z.string().regex(/^(before-\d+|overdue)$/),
});
const parse = (payload: unknown) => payloadSchema.parse(payload) as ReminderPayload;

/** Lets `runner` send review and response reminders and sweep deadlines; `now` is the sweep's clock (tests move it). */
export function registerDeadlineHandlers(
  runner: JobRunner,
  services: Services,
  options: { now?: () => Date } = {},
): void {
  runner.handle(REVIEW_REMINDER_JOB, async (payload) => {
    await sendReviewReminder(parse(payload), services);
  });
  runner.handle(RESPONSE_REMINDER_JOB, async (payload) => {
    await sendResponseReminder(parse(payload), services);
  });
  runner.handle(DEADLINE_SWEEP_JOB, async () => {
    await runDeadlineSweep(services, options.now?.() ?? new Date());
  });
}
