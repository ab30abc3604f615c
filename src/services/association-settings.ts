// An association's settings for its review process. The seeds set none of
// these numbers, so each has a default an association can change; the
// defaults are the usual practice the issue describes (a month to review, a
// month to answer a request).
import { z } from 'zod';
import { passCombinations } from '../domain/exam.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import { timestamp } from '../db/portable.ts';
import { readAssociationSettings, writeAssociationSetting } from '../db/repositories/settings.ts';
import type { Actor } from '../policies/index.ts';
import type { Services } from './context.ts';
import { AppError } from './errors.ts';
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

/**
 * An association's settings of one group, each unset (or no longer valid) one
 * at its default. Stored one row per setting, keyed by `prefix` + name.
 */
async function settingsOf<T extends Record<string, unknown>>(
  services: Pick<Services, 'db'>,
  associationId: string,
  schema: z.ZodObject,
  defaults: T,
  prefix = '',
): Promise<T> {
  const stored = await readAssociationSettings(services.db.kysely, associationId);
  const entries = Object.keys(defaults).map((key) => {
    const text = stored.get(prefix + key);
    const parsed = text === undefined ? undefined : schema.shape[key]!.safeParse(JSON.parse(text));
    return [key, parsed?.success ? parsed.data : defaults[key]];
  });
  return Object.fromEntries(entries) as T;
}

/** The association's review settings, each unset one at its default. */
export const reviewSettingsOf = (services: Pick<Services, 'db'>, associationId: string) =>
  settingsOf(services, associationId, reviewSettingsSchema, defaultReviewSettings);

export const examSettingsSchema = z.object({
  /** Multiple-choice items on a form (seed-less; the usual 60). */
  mcItems: z.number().int().min(1).max(500),
  /** The multiple-choice part passes at this share right, in percent. */
  mcPassPercent: z.number().min(1).max(100),
  /** The essay part passes at this many rubric points over the vignettes answered. */
  essayPassPoints: z.number().min(0).max(1000),
  /** both: each part must pass; sum: a strong part makes up for a weak one (src/domain/exam.ts). */
  passCombine: z.enum(passCombinations),
  /** Vignettes a form offers, and how many of them the applicant answers. */
  vignettesOffered: z.number().int().min(1).max(10),
  vignettesAnswered: z.number().int().min(1).max(10),
  /** Minutes a sitting runs, before any extra-time accommodation. */
  timeLimitMinutes: z.number().int().min(10).max(600),
  /** Two readers' totals for one essay differing by more than this go to a third reader. */
  readerThreshold: z.number().min(0).max(100),
  /** Retakes: days to wait after a failed sitting, sittings allowed in all, and the fee for each retake. */
  retakeWaitDays: z.number().int().min(0).max(730),
  maxAttempts: z.number().int().min(1).max(10),
  retakeFeeCents: z.number().int().min(0).max(10_000_000),
  /** Reminders this many days before a sitting. */
  sittingReminderDaysBefore: z.array(z.number().int().min(1).max(90)).max(5),
});
export type ExamSettings = z.infer<typeof examSettingsSchema>;

/**
 * The seeds give no numbers for the exam, so these are the usual practice the
 * issue names: 60 items passing at 80%, two of three vignettes, three hours.
 */
export const defaultExamSettings: ExamSettings = {
  mcItems: 60,
  mcPassPercent: 80,
  essayPassPoints: 14,
  passCombine: 'both',
  vignettesOffered: 3,
  vignettesAnswered: 2,
  timeLimitMinutes: 180,
  readerThreshold: 3,
  retakeWaitDays: 90,
  maxAttempts: 3,
  retakeFeeCents: 0,
  sittingReminderDaysBefore: [7, 1],
};

/** The association's exam settings, each unset one at its default (stored as `exam.<name>`). */
export const examSettingsOf = (services: Pick<Services, 'db'>, associationId: string) =>
  settingsOf(services, associationId, examSettingsSchema, defaultExamSettings, examPrefix);
const examPrefix = 'exam.';

const optionalCents = z.number().int().min(0).max(10_000_000).nullable();

export const renewalSettingsSchema = z.object({
  /** When renewal is due each year: the anniversary of the grant, or a fixed day (MM-DD). */
  dueDay: z.union([
    z.literal('anniversary'),
    z
      .string()
      .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, {
        error: 'write a day of the year as MM-DD, such as 12-31',
      })
      .transform((v) => v as `${number}-${number}`),
  ]),
  /** Fees in cents; null: the association charges none (the seeds give no amounts). */
  feeCents: optionalCents,
  lateFeeCents: optionalCents,
  reinstatementFeeCents: optionalCents,
  /** The share of renewals audited at random, in percent. */
  auditPercent: z.number().min(0).max(100),
  /** Reminders this many days before the due date, and after it while renewing is still possible. */
  remindBefore: z.array(z.number().int().min(1).max(365)).max(6),
  remindAfter: z.array(z.number().int().min(1).max(365)).max(6),
  /** Days after the due date in which renewing is still possible, with the late fee. */
  graceDays: z.number().int().min(0).max(365),
  /** The longest inactive pause, in days; null: none allowed. */
  inactiveLimitDays: z.number().int().min(1).max(3650).nullable(),
});
export type RenewalSettings = z.infer<typeof renewalSettingsSchema>;

/**
 * The seeds say only that endorsees renew every year ("Annual Endorsement
 * Renewal", seed 000): no day, fee, grace period or pause is given, so none
 * is invented. Renewal falls on the anniversary; reminders at 60, 30 and 7
 * days are the issue's example.
 */
export const defaultRenewalSettings: RenewalSettings = {
  dueDay: 'anniversary',
  feeCents: null,
  lateFeeCents: null,
  reinstatementFeeCents: null,
  auditPercent: 0,
  remindBefore: [60, 30, 7],
  remindAfter: [],
  graceDays: 0,
  inactiveLimitDays: null,
};

/** The association's renewal settings, each unset one at its default (stored as `renewal.<name>`). */
export const renewalSettingsOf = (services: Pick<Services, 'db'>, associationId: string) =>
  settingsOf(services, associationId, renewalSettingsSchema, defaultRenewalSettings, renewalPrefix);
const renewalPrefix = 'renewal.';

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
  await saveSettings(actor, associationId, settings, reviewSettingsOf, '', services, now);
  return settings;
}

/** The association's exam settings, for its admins to read and change. */
export async function readExamSettings(
  actor: Actor | undefined,
  associationId: string,
  services: Services,
): Promise<ExamSettings> {
  authorizeFound(actor, 'associationSettings.update', { associationId }, 'The association');
  return examSettingsOf(services, associationId);
}

/** Changes the association's exam settings; audited as the review settings are. Applies to forms composed and sittings registered from now on. */
export async function updateExamSettings(
  actor: Actor | undefined,
  associationId: string,
  input: ExamSettings,
  services: Services,
  now: Date = new Date(),
): Promise<ExamSettings> {
  authorizeFound(actor, 'associationSettings.update', { associationId }, 'The association');
  const parsed = examSettingsSchema.safeParse({
    ...input,
    sittingReminderDaysBefore: [...new Set(input.sittingReminderDaysBefore)].sort((a, b) => b - a),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('invalid', issue.message, String(issue.path[0] ?? 'form'));
  }
  const settings = parsed.data;
  if (settings.vignettesAnswered > settings.vignettesOffered)
    throw new AppError(
      'invalid',
      'the vignettes answered cannot be more than the vignettes offered',
      'vignettesAnswered',
    );
  await saveSettings(actor, associationId, settings, examSettingsOf, examPrefix, services, now);
  return settings;
}

/** The association's renewal settings, for its admins to read and change. */
export async function readRenewalSettings(
  actor: Actor | undefined,
  associationId: string,
  services: Services,
): Promise<RenewalSettings> {
  authorizeFound(actor, 'associationSettings.update', { associationId }, 'The association');
  return renewalSettingsOf(services, associationId);
}

/** Changes the association's renewal settings; audited as the others are. Due dates already set stay as they are. */
export async function updateRenewalSettings(
  actor: Actor | undefined,
  associationId: string,
  input: RenewalSettings,
  services: Services,
  now: Date = new Date(),
): Promise<RenewalSettings> {
  authorizeFound(actor, 'associationSettings.update', { associationId }, 'The association');
  const parsed = renewalSettingsSchema.safeParse({
    ...input,
    remindBefore: [...new Set(input.remindBefore)].sort((a, b) => b - a),
    remindAfter: [...new Set(input.remindAfter)].sort((a, b) => a - b),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('invalid', issue.message, String(issue.path[0] ?? 'form'));
  }
  const settings = parsed.data;
  const beyond = settings.remindAfter.find((d) => d > settings.graceDays);
  if (beyond !== undefined)
    throw new AppError(
      'invalid',
      `a reminder ${beyond} days after the due date comes after the grace period (${settings.graceDays} days): renewing is closed by then`,
      'remindAfter',
    );
  await saveSettings(actor, associationId, settings, renewalSettingsOf, renewalPrefix, services, now);
  return settings;
}

/** Writes the settings that changed (stored under `prefix` + name) and audits them with the values before. */
async function saveSettings<T extends Record<string, unknown>>(
  actor: Actor,
  associationId: string,
  settings: T,
  current: (services: Pick<Services, 'db'>, associationId: string) => Promise<T>,
  prefix: string,
  services: Services,
  now: Date,
): Promise<void> {
  const at = timestamp(now);
  await services.db.kysely.transaction().execute(async (tx) => {
    const before = await current({ db: { ...services.db, kysely: tx } }, associationId);
    const changed = Object.keys(settings).filter(
      (key) => JSON.stringify(before[key]) !== JSON.stringify(settings[key]),
    );
    for (const key of changed)
      await writeAssociationSetting(tx, associationId, prefix + key, JSON.stringify(settings[key]), at);
    if (changed.length)
      await appendAudit(tx, {
        actorId: actor.userId,
        associationId,
        subjectType: 'association',
        subjectId: associationId,
        action: 'association-setting.update',
        before: Object.fromEntries(changed.map((k) => [prefix + k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [prefix + k, settings[k]])),
      });
  });
}
