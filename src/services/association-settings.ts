// An association's settings for its review process. The seeds set none of
// these numbers, so each has a default an association can change; the
// defaults are the usual practice the issue describes (a month to review, a
// month to answer a request).
import { z } from 'zod';
import { appendAudit } from '../db/repositories/audit.ts';
import { timestamp } from '../db/portable.ts';
import { readAssociationSettings, writeAssociationSetting } from '../db/repositories/settings.ts';
import type { Actor } from '../policies/index.ts';
import type { Services } from './context.ts';
import { authorizeFound } from './scope.ts';

export const reviewModes = ['independent', 'two-level'] as const;
export type ReviewMode = (typeof reviewModes)[number];

export const reviewSettingsSchema = z.object({
  /** A review is due this many days after the reviewer is assigned. */
  reviewDays: z.number().int().min(1).max(365),
  /** An answer to a request for more information is due this many days after the request. */
  responseDays: z.number().int().min(1).max(365),
  /**
   * independent: neither reviewer sees the other's review until both have submitted;
   * two-level (seed 001's "two-level review"): the second reviewer sees the first's.
   */
  reviewMode: z.enum(reviewModes),
  /** Reminders this many days before a due date (and one the day after it passes). */
  reminderDaysBefore: z.array(z.number().int().min(1).max(90)).max(5),
});
export type ReviewSettings = z.infer<typeof reviewSettingsSchema>;

export const defaultReviewSettings: ReviewSettings = {
  reviewDays: 30,
  responseDays: 30,
  reviewMode: 'independent',
  reminderDaysBefore: [7, 1],
};

/** The association's review settings, each unset one at its default. */
export async function reviewSettingsOf(
  services: Pick<Services, 'db'>,
  associationId: string,
): Promise<ReviewSettings> {
  const stored = await readAssociationSettings(services.db.kysely, associationId);
  const value = (key: keyof ReviewSettings) => {
    const text = stored.get(key);
    const parsed =
      text === undefined ? undefined : reviewSettingsSchema.shape[key].safeParse(JSON.parse(text));
    return parsed?.success ? parsed.data : defaultReviewSettings[key];
  };
  return {
    reviewDays: value('reviewDays') as number,
    responseDays: value('responseDays') as number,
    reviewMode: value('reviewMode') as ReviewMode,
    reminderDaysBefore: value('reminderDaysBefore') as number[],
  };
}

/** The association's review settings, for its admins to read and change. */
export async function readReviewSettings(
  actor: Actor | undefined,
  associationId: string,
  services: Services,
): Promise<ReviewSettings> {
  authorizeFound(actor, 'associationSettings.update', { associationId }, 'The association');
  return reviewSettingsOf(services, associationId);
}

/** Changes the association's review settings; each change is audited with the value before and after. */
export async function updateReviewSettings(
  actor: Actor | undefined,
  associationId: string,
  input: ReviewSettings,
  services: Services,
  now: Date = new Date(),
): Promise<ReviewSettings> {
  authorizeFound(actor, 'associationSettings.update', { associationId }, 'The association');
  const settings = reviewSettingsSchema.parse({
    ...input,
    reminderDaysBefore: [...new Set(input.reminderDaysBefore)].sort((a, b) => b - a),
  });
  const at = timestamp(now);
  await services.db.kysely.transaction().execute(async (tx) => {
    const before = await reviewSettingsOf({ db: { ...services.db, kysely: tx } }, associationId);
    const changed = (Object.keys(settings) as Array<keyof ReviewSettings>).filter(
      (key) => JSON.stringify(before[key]) !== JSON.stringify(settings[key]),
    );
    for (const key of changed)
      await writeAssociationSetting(tx, associationId, key, JSON.stringify(settings[key]), at);
    if (changed.length)
      await appendAudit(tx, {
        actorId: actor!.userId,
        associationId,
        subjectType: 'association',
        subjectId: associationId,
        action: 'association-setting.update',
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, settings[k]])),
      });
  });
  return settings;
}
