// Accommodations for the written exam, granted per application by the
// association's coordinators: extra time, breaks, larger text, a paper
// sitting, a note. They are stored here and shown to the applicant; the exam's
// clock and pages apply them when the exam is taken.
import { z } from 'zod';
import { appendAudit } from '../db/repositories/audit.ts';
import {
  type Accommodation,
  findAccommodation,
  findSittingById,
  liveRegistration,
  writeAccommodation,
} from '../db/repositories/exam-sittings.ts';
import { timestamp } from '../db/portable.ts';
import type { Actor } from '../policies/index.ts';
import type { Services } from './context.ts';
import { AppError } from './errors.ts';
import { authorizeApplication } from './scope.ts';

export const accommodationInput = z.object({
  /** 1.5 for time and a half; 1 for none. */
  extraTime: z
    .number({ error: 'extra time: a number such as 1.5 (time and a half), or 1 for none' })
    .min(1, 'extra time: at least 1 (none)')
    .max(3, 'extra time: at most 3 (triple time)'),
  breakMinutes: z
    .number({ error: 'breaks: whole minutes, such as 15' })
    .int('breaks: whole minutes, such as 15')
    .min(0, 'breaks: 0 minutes or more')
    .max(240, 'breaks: at most 240 minutes'),
  largeText: z.boolean(),
  paper: z.boolean(),
  note: z.string().trim().max(2000, 'the note: at most 2,000 characters'),
});
export type AccommodationInput = z.input<typeof accommodationInput>;

/** No accommodation: what an application without one sits with. */
export const noAccommodation = { extraTime: 1, breakMinutes: 0, largeText: false, paper: false, note: null };

/**
 * Grants (or changes) the application's accommodations, audited with the
 * values before. A paper sitting granted to an applicant registered online
 * comes back as a warning: the coordinator moves them to an in-person sitting.
 */
export async function grantAccommodation(
  actor: Actor | undefined,
  associationId: string,
  applicationId: string,
  input: AccommodationInput,
  services: Services,
  now: Date = new Date(),
): Promise<{ accommodation: Accommodation; warning?: string }> {
  const { application } = await authorizeApplication(
    actor,
    applicationId,
    'examAccommodation.grant',
    services,
    associationId,
  );
  const parsed = accommodationInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('invalid', issue.message, String(issue.path[0] ?? 'form'));
  }
  const v = parsed.data;
  const accommodation: Accommodation = {
    ...v,
    note: v.note || null,
    grantedBy: actor!.userId,
    grantedAt: timestamp(now),
  };
  return services.db.kysely.transaction().execute(async (tx) => {
    const before = await findAccommodation(tx, application.id);
    await writeAccommodation(tx, application.id, accommodation);
    await appendAudit(tx, {
      actorId: actor!.userId,
      associationId,
      subjectType: 'application',
      subjectId: application.id,
      action: 'exam-accommodation.grant',
      before: before
        ? {
            extraTime: before.extraTime,
            breakMinutes: before.breakMinutes,
            largeText: before.largeText,
            paper: before.paper,
            note: before.note,
          }
        : null,
      after: v,
    });
    const live = await liveRegistration(tx, application.id);
    const sitting = live && (await findSittingById(tx, live.sittingId));
    return {
      accommodation,
      ...(v.paper && sitting?.mode === 'online'
        ? {
            warning:
              'A paper sitting is granted, but the applicant is registered at an online sitting: move them to an in-person sitting.',
          }
        : {}),
    };
  });
}
