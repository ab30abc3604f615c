// The daily `sitting-reminder-sweep`: mails applicants a reminder of their exam sitting (src/services/sitting-reminders.ts).
import type { Services } from '../services/context.ts';
import { runSittingReminderSweep, SITTING_REMINDER_SWEEP_JOB } from '../services/sitting-reminders.ts';
import type { JobRunner } from './queue.ts';

/** Lets `runner` sweep the sitting reminders; `now` is the sweep's clock (tests move it). */
export function registerSittingReminderHandler(
  runner: JobRunner,
  services: Services,
  options: { now?: () => Date } = {},
): void {
  runner.handle(SITTING_REMINDER_SWEEP_JOB, async () => {
    await runSittingReminderSweep(services, options.now?.() ?? new Date());
  });
}
