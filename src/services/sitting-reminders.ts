// Reminders of an exam sitting: each day, the applicants registered for a
// sitting `sittingReminderDaysBefore` days ahead are mailed, once for each of
// those days (audited `exam-registration.remind`, which is also how a sent
// reminder is known). A reminder whose day came before the registration is
// not sent: the confirmation said it all.
import { enqueue, enqueueUnlessPending } from '../db/repositories/jobs.ts';
import { findApplication } from '../db/repositories/applications.ts';
import { appendAudit, auditOf } from '../db/repositories/audit.ts';
import { registrationsBefore } from '../db/repositories/exam-sittings.ts';
import { timestamp } from '../db/portable.ts';
import { examSettingsOf } from './association-settings.ts';
import type { Services } from './context.ts';
import { mailApplicant, sittingWhen } from './exam-sittings.ts';

export const SITTING_REMINDER_SWEEP_JOB = 'sitting-reminder-sweep';

const DAY = 86_400_000;
const dayOf = (iso: string) => iso.slice(0, 10);
const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`).getTime();

/** Sends the reminders due by `now` that were not sent yet; how many went out. */
export async function sendSittingReminders(services: Services, now: Date): Promise<{ sent: number }> {
  const db = services.db.kysely;
  const at = timestamp(now);
  // Reminders go at most 90 days ahead (the settings' bound), so later sittings need no look.
  const ahead = await registrationsBefore(db, at, new Date(now.getTime() + 91 * DAY).toISOString());
  const sentKeys = new Set(
    (
      await auditOf(
        db,
        'exam-registration',
        ahead.map((a) => a.registration.id),
      )
    )
      .filter((e) => e.action === 'exam-registration.remind')
      .map((e) => `${e.subjectId} ${(e.after as { key?: string } | null)?.key ?? ''}`),
  );
  const settings = new Map<string, number[]>();
  let sent = 0;
  for (const { registration, sitting } of ahead) {
    if (!settings.has(sitting.associationId))
      settings.set(
        sitting.associationId,
        (await examSettingsOf(services, sitting.associationId)).sittingReminderDaysBefore,
      );
    const daysLeft = Math.round((dayStart(dayOf(sitting.startsAt)) - dayStart(dayOf(at))) / DAY);
    // The nearest reminder day reached: 3 days ahead with reminders at 7 and 1 is the 7-day one.
    const due = settings
      .get(sitting.associationId)!
      .filter((d) => d >= daysLeft)
      .sort((a, b) => a - b)[0];
    if (due === undefined) continue;
    const key = `before-${due}`;
    if (sentKeys.has(`${registration.id} ${key}`)) continue;
    if (dayStart(dayOf(sitting.startsAt)) - due * DAY < dayStart(dayOf(registration.registeredAt))) continue;
    await db.transaction().execute(async (tx) => {
      const application = (await findApplication(tx, registration.applicationId))!;
      await appendAudit(tx, {
        actorId: null,
        associationId: sitting.associationId,
        subjectType: 'exam-registration',
        subjectId: registration.id,
        action: 'exam-registration.remind',
        after: { key, sittingId: sitting.id, applicationId: application.id },
      });
      await mailApplicant(tx, services, application, {
        subject: `Reminder: your written examination ${daysLeft === 0 ? 'is today' : daysLeft === 1 ? 'is tomorrow' : `in ${daysLeft} days`}`,
        lines: [
          `A reminder: your written examination for your ${application.credential} application is ${sittingWhen(sitting)}.`,
          sitting.mode === 'online'
            ? 'Open your application at that time and choose "Start the exam".'
            : 'Bring identification.',
          'To change the sitting before it starts, open your application.',
        ],
      });
    });
    sent++;
  }
  return { sent };
}

/** The sweep job: sends, then waits a day for the next. */
export async function runSittingReminderSweep(services: Services, now: Date): Promise<{ sent: number }> {
  const result = await sendSittingReminders(services, now);
  await enqueue(services.db, SITTING_REMINDER_SWEEP_JOB, {}, new Date(now.getTime() + DAY));
  return result;
}

/** Keeps one sweep waiting in the queue: at start, unless one is already pending (also one another server just queued), one now. */
export async function ensureSittingReminderSweep(services: Services, now: Date = new Date()): Promise<void> {
  await enqueueUnlessPending(services.db, SITTING_REMINDER_SWEEP_JOB, {}, now);
}
