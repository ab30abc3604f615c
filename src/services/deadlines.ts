// Deadlines and their reminders. A review is due `reviewDays` after the
// reviewer is assigned (application_assignment.due_on); an answer to a request
// for more information `responseDays` after the request (the decision's
// response_due_on). Reminders go out `reminderDaysBefore` days before the date
// and once the day after it passes, through the job queue: to the reviewer for
// a review, to the applicant for an answer, and the coordinators are told when
// something is overdue. Each reminder checks again when it runs and does
// nothing once the review is in, the assignment ended, the applicant answered
// or the application moved on; each is sent once (the audit log keeps which).
import type { Kysely } from 'kysely';
import {
  findResponseDeadline,
  findReviewDeadline,
  openResponseDeadlines,
  openReviewDeadlines,
  pendingPayloads,
  type ResponseDeadline,
  type ReviewDeadline,
  sentReminders,
} from '../db/repositories/deadlines.ts';
import { enqueue, enqueueUnlessPending } from '../db/repositories/jobs.ts';
import { findApplication } from '../db/repositories/applications.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import { findAssociation } from '../db/repositories/associations.ts';
import { findPersonById, peopleOfAssociation } from '../db/repositories/people.ts';
import type { Database } from '../db/schema.ts';
import { enqueueMail, type MailMessage } from '../mail/mailer.ts';
import { parseRoles } from '../policies/index.ts';
import { reviewSettingsOf, type ReviewSettings } from './association-settings.ts';
import type { Services } from './context.ts';
import { applicationLinks } from './lifecycle.ts';

type Tx = Kysely<Database>;

export const REVIEW_REMINDER_JOB = 'review-reminder';
export const RESPONSE_REMINDER_JOB = 'response-reminder';
export const DEADLINE_SWEEP_JOB = 'deadline-sweep';

/** A review is waited for only while the application is in review: before, the reviewers cannot submit; after, it is decided. */
export const reviewWaitedIn: readonly string[] = ['in-review'];

/** `before-N`: N days before the due date; `overdue`: the day after it. */
export type ReminderKey = `before-${number}` | 'overdue';
export interface ReminderPayload {
  /** The assignment (review) or the request-information decision (response). */
  subjectId: string;
  dueOn: string;
  key: ReminderKey;
}

const DAY = 86_400_000;
const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const startOf = (day: string) => new Date(`${day}T00:00:00.000Z`);
/** The day `days` after `day` (ISO dates). */
export const addDaysTo = (day: string, days: number): string =>
  dayOf(new Date(startOf(day).getTime() + days * DAY));
/** The day something given `days` to do from `now` is due. */
export const dueOnAfter = (now: Date, days: number): string => addDaysTo(dayOf(now), days);

/** When each reminder of a due date goes out: the reminders before it that are still ahead, and the overdue one. */
export function reminderTimes(
  dueOn: string,
  settings: ReviewSettings,
  now: Date,
): { key: ReminderKey; at: Date }[] {
  const before = [...new Set(settings.reminderDaysBefore)]
    .map((days) => ({ key: `before-${days}` as ReminderKey, at: startOf(addDaysTo(dueOn, -days)) }))
    .filter((r) => r.at.getTime() > now.getTime());
  return [...before, { key: 'overdue', at: startOf(addDaysTo(dueOn, 1)) }];
}

async function schedule(
  tx: Tx,
  kind: string,
  subjectId: string,
  dueOn: string,
  settings: ReviewSettings,
  now: Date,
  skip: (key: ReminderKey) => boolean = () => false,
): Promise<number> {
  let scheduled = 0;
  for (const { key, at } of reminderTimes(dueOn, settings, now)) {
    if (skip(key)) continue;
    const payload: ReminderPayload = { subjectId, dueOn, key };
    await enqueue(tx, kind, payload, at);
    scheduled++;
  }
  return scheduled;
}

/**
 * Schedules the reminders of a reviewer's due date; call it in the
 * transaction that sets `application_assignment.due_on` (assigning, or moving
 * the date: reminders of an earlier date then do nothing).
 */
export function scheduleReviewReminders(
  tx: Tx,
  assignment: { id: string; dueOn: string },
  settings: ReviewSettings,
  now: Date,
): Promise<number> {
  return schedule(tx, REVIEW_REMINDER_JOB, assignment.id, assignment.dueOn, settings, now);
}

/**
 * Schedules the reminders of the answer to a request for more information;
 * call it in the transaction that records the request-information decision.
 */
export function scheduleResponseReminders(
  tx: Tx,
  decision: { id: string; responseDueOn: string },
  settings: ReviewSettings,
  now: Date,
): Promise<number> {
  return schedule(tx, RESPONSE_REMINDER_JOB, decision.id, decision.responseDueOn, settings, now);
}

// ---------------------------------------------------------------------------
// Sending (the job handlers in src/jobs/review-reminders.ts call these).

const longDay = (day: string) =>
  startOf(day).toLocaleDateString('en-US', {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });

const stillWaited = (
  review: ReviewDeadline | undefined,
  payload: ReminderPayload,
): review is ReviewDeadline =>
  !!review &&
  review.active &&
  !review.submitted &&
  review.dueOn === payload.dueOn &&
  reviewWaitedIn.includes(review.status);

const answerWaited = (
  request: ResponseDeadline | undefined,
  payload: ReminderPayload,
): request is ResponseDeadline =>
  !!request &&
  request.latest &&
  request.status === 'more-information-requested' &&
  request.dueOn === payload.dueOn;

async function coordinatorsOf(tx: Tx, associationId: string) {
  return (await peopleOfAssociation(tx, associationId)).filter((p) =>
    parseRoles(p.role).includes('coordinator'),
  );
}

/** Sends one reminder if it is still wanted and not sent yet, audited; returns what it did. */
async function remind(
  services: Services,
  payload: ReminderPayload,
  subjectType: 'application-assignment' | 'application-decision',
  find: (tx: Tx) => Promise<{ applicationId: string; associationId: string } | undefined>,
  mails: (tx: Tx, found: { applicationId: string }) => Promise<MailMessage[]>,
): Promise<'sent' | 'skipped'> {
  return services.db.kysely.transaction().execute(async (tx) => {
    const found = await find(tx);
    if (!found) return 'skipped';
    if (
      (await sentReminders(tx, [payload.subjectId])).has(
        `${payload.subjectId} ${payload.dueOn} ${payload.key}`,
      )
    )
      return 'skipped';
    const charge = { account: null, dailyLimit: services.config.mailDailyLimit };
    for (const message of await mails(tx, found)) await enqueueMail(tx, message, charge);
    await appendAudit(tx, {
      actorId: null,
      associationId: found.associationId,
      subjectType,
      subjectId: payload.subjectId,
      action: 'deadline.remind',
      after: { key: payload.key, dueOn: payload.dueOn, applicationId: found.applicationId },
    });
    return 'sent';
  });
}

async function context(tx: Tx, services: Services, applicationId: string) {
  const application = (await findApplication(tx, applicationId))!;
  const association = (await findAssociation(tx, application.associationId))!;
  const applicant = (await findPersonById(tx, application.userId))!;
  return { application, association, applicant, links: applicationLinks(services, application, association) };
}

/** Reminds a reviewer of their review (and tells the coordinators once it is overdue). */
export function sendReviewReminder(
  payload: ReminderPayload,
  services: Services,
): Promise<'sent' | 'skipped'> {
  return remind(
    services,
    payload,
    'application-assignment',
    async (tx) => {
      const review = await findReviewDeadline(tx, payload.subjectId);
      return stillWaited(review, payload) ? review : undefined;
    },
    async (tx, found) => {
      const review = found as ReviewDeadline;
      const { application, association, applicant, links } = await context(
        tx,
        services,
        review.applicationId,
      );
      const what = `${applicant.name}'s ${application.credential} application`;
      const due = longDay(review.dueOn);
      const overdue = payload.key === 'overdue';
      const toReviewer: MailMessage = {
        to: review.reviewerEmail,
        subject: overdue
          ? `Overdue: your review of ${what}`
          : `Reminder: your review of ${what} is due on ${due}`,
        text: [
          `Dear ${review.reviewerName},`,
          '',
          overdue
            ? `Your review of ${what} to ${association.name} was due on ${due}. Please submit it as soon as you can, or decline the assignment if you cannot review it.`
            : `Your review of ${what} to ${association.name} is due on ${due}.`,
          '',
          `Your review: ${links.review}`,
        ].join('\n'),
      };
      if (!overdue) return [toReviewer];
      const staff = (await coordinatorsOf(tx, association.id)).map((p): MailMessage => ({
        to: p.email,
        subject: `Overdue review: ${what}`,
        text: [
          `Dear ${p.name},`,
          '',
          `${review.reviewerName}'s review of ${what} was due on ${due} and has not been submitted. The reviewer has been reminded; you may assign another reviewer.`,
          '',
          links.staff,
        ].join('\n'),
      }));
      return [toReviewer, ...staff];
    },
  );
}

/** Reminds an applicant to answer a request for more information (and tells the coordinators once it is overdue). */
export function sendResponseReminder(
  payload: ReminderPayload,
  services: Services,
): Promise<'sent' | 'skipped'> {
  return remind(
    services,
    payload,
    'application-decision',
    async (tx) => {
      const request = await findResponseDeadline(tx, payload.subjectId);
      return answerWaited(request, payload) ? request : undefined;
    },
    async (tx, found) => {
      const { application, association, applicant, links } = await context(tx, services, found.applicationId);
      const what = `${application.credential} application`;
      const due = longDay(payload.dueOn);
      const overdue = payload.key === 'overdue';
      const toApplicant: MailMessage = {
        to: applicant.email,
        subject: overdue
          ? `Overdue: the more information asked for your ${what}`
          : `Reminder: more information for your ${what} is due on ${due}`,
        text: [
          `Dear ${applicant.name},`,
          '',
          overdue
            ? `${association.name} asked you for more information on your ${what}, due on ${due}. Amend your portfolio as asked and resubmit it as soon as you can, or tell the association if you need more time.`
            : `${association.name} asked you for more information on your ${what}. Amend your portfolio as asked and resubmit it by ${due}.`,
          '',
          `Your application: ${links.applicant}`,
        ].join('\n'),
      };
      if (!overdue) return [toApplicant];
      const staff = (await coordinatorsOf(tx, association.id)).map((p): MailMessage => ({
        to: p.email,
        subject: `Overdue answer: ${applicant.name}'s ${what}`,
        text: [
          `Dear ${p.name},`,
          '',
          `${applicant.name} was asked for more information on their ${what}, due on ${due}, and has not resubmitted. They have been reminded.`,
          '',
          links.staff,
        ].join('\n'),
      }));
      return [toApplicant, ...staff];
    },
  );
}

// ---------------------------------------------------------------------------
// The daily sweep: schedules whatever reminders are missing (due dates set
// before reminders existed, or by a path that did not schedule them).

export async function sweepDeadlines(services: Services, now: Date): Promise<{ scheduled: number }> {
  const db = services.db.kysely;
  const keyOf = (p: ReminderPayload) => `${p.subjectId} ${p.dueOn} ${p.key}`;
  const pending = new Set(
    ((await pendingPayloads(db, [REVIEW_REMINDER_JOB, RESPONSE_REMINDER_JOB])) as ReminderPayload[]).map(
      keyOf,
    ),
  );
  const sent = await sentReminders(db);
  const settings = new Map<string, ReviewSettings>();
  const settingsOf = async (associationId: string) =>
    settings.get(associationId) ??
    settings.set(associationId, await reviewSettingsOf(services, associationId)).get(associationId)!;
  const open: { kind: string; subjectId: string; dueOn: string; associationId: string }[] = [
    ...(await openReviewDeadlines(db, reviewWaitedIn)).map((r) => ({
      kind: REVIEW_REMINDER_JOB,
      subjectId: r.assignmentId,
      dueOn: r.dueOn,
      associationId: r.associationId,
    })),
    ...(await openResponseDeadlines(db)).map((r) => ({
      kind: RESPONSE_REMINDER_JOB,
      subjectId: r.decisionId,
      dueOn: r.dueOn,
      associationId: r.associationId,
    })),
  ];
  let scheduled = 0;
  for (const d of open) {
    const s = await settingsOf(d.associationId);
    scheduled += await db.transaction().execute((tx) =>
      schedule(tx, d.kind, d.subjectId, d.dueOn, s, now, (key) => {
        const k = keyOf({ subjectId: d.subjectId, dueOn: d.dueOn, key });
        return pending.has(k) || sent.has(k);
      }),
    );
  }
  return { scheduled };
}

/** Keeps one sweep waiting in the queue: at start, unless one is already pending (also one another server just queued), one now. */
export async function ensureDeadlineSweep(services: Services, now: Date = new Date()): Promise<void> {
  await enqueueUnlessPending(services.db, DEADLINE_SWEEP_JOB, {}, now);
}

/** The sweep job: sweeps, then waits a day for the next. */
export async function runDeadlineSweep(services: Services, now: Date): Promise<{ scheduled: number }> {
  const result = await sweepDeadlines(services, now);
  await enqueue(services.db, DEADLINE_SWEEP_JOB, {}, new Date(now.getTime() + DAY));
  return result;
}
