// Exam sittings and registration: the coordinator schedules sittings and
// registers approved applicants, or an applicant chooses a sitting; a failed
// exam may be retaken within the association's retake rules. Registering
// takes the lifecycle's step (approved → awaiting exam, or exam failed →
// awaiting exam for a retake) in the same transaction as the seat, so a seat
// and the application's state never disagree.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { catalogs } from '../catalogs/index.ts';
import { examFor, examNames, retakeBlocker } from '../domain/exam.ts';
import { formatMoney } from '../domain/fees.ts';
import { type ApplicationRow, findApplication } from '../db/repositories/applications.ts';
import { findAssociation } from '../db/repositories/associations.ts';
import { type ExamFormRow, findForm } from '../db/repositories/exam-bank.ts';
import {
  changeRegistration,
  findAccommodation,
  findRegistration,
  findSitting,
  findSittingById,
  insertRegistration,
  insertSitting,
  liveRegistration,
  lockSitting,
  registrationsOf,
  rosterOf,
  seatsTaken,
  type SittingRow,
  updateSitting,
} from '../db/repositories/exam-sittings.ts';
import { attemptOfRegistration, lastAttemptOf } from '../db/repositories/exam-attempts.ts';
import { insertFeeDue, scheduledFee } from '../db/repositories/fees.ts';
import { findPersonById } from '../db/repositories/people.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import { timestamp } from '../db/portable.ts';
import type { Database } from '../db/schema.ts';
import { enqueueMail } from '../mail/mailer.ts';
import { type Actor, can } from '../policies/index.ts';
import { examSettingsOf } from './association-settings.ts';
import type { Services } from './context.ts';
import { AppError, DomainError, notFound } from './errors.ts';
import { applicationLinks, takeStep } from './lifecycle.ts';
import { authorizeApplication, authorizeFound } from './scope.ts';

type Tx = Kysely<Database>;

export const sittingInput = z.object({
  exam: z.enum(examNames),
  /** When it starts, ISO-8601 with its offset (e.g. 2027-03-06T09:00:00-05:00). */
  startsAt: z.iso.datetime({ offset: true, message: 'give the date and time it starts' }),
  mode: z.enum(['online', 'in-person']),
  place: z.string().trim().max(500).default(''),
  capacity: z.number().int().min(1, 'a sitting has at least one seat').max(10_000),
  /** The ready forms sat here, one per essay category. */
  formIds: z.array(z.string()).min(1, 'choose the exam forms sat at this sitting').max(3),
});
export type SittingInput = z.input<typeof sittingInput>;

export function parseSitting(input: unknown): z.output<typeof sittingInput> {
  const parsed = sittingInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('invalid', issue.message, issue.path.join('.') || 'form');
  }
  const v = parsed.data;
  if (v.mode === 'in-person' && !v.place)
    throw new AppError('invalid', 'say where the sitting is held', 'place');
  return v;
}

/** Checks the forms: ready, of the sitting's exam, at most one per category. */
async function sittingForms(
  tx: Tx,
  associationId: string,
  exam: string,
  formIds: string[],
): Promise<ExamFormRow[]> {
  const forms: ExamFormRow[] = [];
  for (const id of formIds) {
    const form = await findForm(tx, associationId, id);
    if (!form) throw new AppError('invalid', 'choose one of the association’s exam forms', 'formIds');
    if (form.status !== 'ready')
      throw new AppError('invalid', `the form “${form.name}” is not ready to be sat`, 'formIds');
    if (form.exam !== exam)
      throw new AppError('invalid', `the form “${form.name}” is for the other exam`, 'formIds');
    if (forms.some((f) => f.category === form.category))
      throw new AppError('invalid', `two forms for the ${form.category} essays: choose one`, 'formIds');
    forms.push(form);
  }
  return forms;
}

/** Schedules a sitting of the association's exam. */
export async function scheduleSitting(
  actor: Actor | undefined,
  associationId: string,
  input: SittingInput,
  services: Services,
  now: Date = new Date(),
): Promise<SittingRow> {
  authorizeFound(actor, 'examSitting.schedule', { associationId }, 'The association');
  const v = parseSitting(input);
  return services.db.kysely.transaction().execute(async (tx) => {
    await sittingForms(tx, associationId, v.exam, v.formIds);
    const sitting = await insertSitting(tx, {
      associationId,
      exam: v.exam,
      startsAt: new Date(v.startsAt).toISOString(),
      mode: v.mode,
      place: v.place,
      capacity: v.capacity,
      formIds: v.formIds,
      createdBy: actor.userId,
      at: timestamp(now),
    });
    await appendAudit(tx, {
      actorId: actor.userId,
      associationId,
      subjectType: 'exam-sitting',
      subjectId: sitting.id,
      action: 'exam-sitting.schedule',
      after: {
        startsAt: sitting.startsAt,
        mode: sitting.mode,
        place: sitting.place,
        capacity: sitting.capacity,
      },
    });
    return sitting;
  });
}

/** The exam and essay category the application's credential sits, or undefined when it has no exam. */
export function examOfApplication(
  association: { slug: string },
  application: Pick<ApplicationRow, 'credential'>,
) {
  const credential = catalogs()
    .get(association.slug)
    ?.credentials.find((c) => c.id === application.credential);
  if (!credential || !credential.requirements.some((r) => r.kind === 'exam')) return undefined;
  return examFor(credential);
}

/** A seat for the application at the sitting, checked under the sitting's lock: the sitting and the form sat there. */
async function seatAt(
  tx: Tx,
  application: ApplicationRow,
  exam: ReturnType<typeof examOfApplication>,
  sittingId: string,
  at: string,
  /** Runs once the sitting is known to be open to the application, before its forms and seats are checked. */
  then?: (sitting: SittingRow) => Promise<void>,
): Promise<{ sitting: SittingRow; form: ExamFormRow }> {
  await lockSitting(tx, sittingId);
  const sitting = await findSitting(tx, application.associationId, sittingId);
  if (!sitting || sitting.status !== 'scheduled')
    throw new AppError('invalid', 'choose one of the sittings listed', 'sitting');
  if (sitting.startsAt <= at)
    throw new AppError('invalid', 'this sitting has started already: choose a later one', 'sitting');
  if (exam && sitting.exam !== exam.exam)
    throw new AppError('invalid', 'this sitting is for the other exam: choose one of your exam', 'sitting');
  const accommodation = await findAccommodation(tx, application.id);
  if (accommodation?.paper && sitting.mode === 'online')
    throw new AppError(
      'invalid',
      'this applicant sits the exam on paper (an accommodation): choose an in-person sitting',
      'sitting',
    );
  await then?.(sitting);
  const forms = await sittingForms(tx, application.associationId, sitting.exam, sitting.formIds);
  const form = forms.find((f) => f.category === exam?.category);
  if (!form)
    throw new AppError('invalid', `this sitting has no essays for your category: choose another`, 'sitting');
  if ((await seatsTaken(tx, sitting.id)) >= sitting.capacity)
    throw new DomainError('SITTING_FULL', 'this sitting is full: choose another', 'sitting');
  return { sitting, form };
}

/** Whether the actor acts as the application's applicant (choosing their own sitting) or as its coordination. */
async function actingOn(
  actor: Actor | undefined,
  applicationId: string,
  staffAction: 'exam.register' | 'exam.reschedule',
  services: Services,
  associationId?: string,
) {
  const { application, resource } = await authorizeApplication(
    actor,
    applicationId,
    'application.read',
    services,
    associationId,
  );
  const asApplicant =
    actor!.userId === application.userId && can(actor, 'exam.chooseSitting', resource) && !associationId;
  if (!asApplicant) authorizeFound(actor, staffAction, resource, 'The application');
  const association = (await findAssociation(services.db.kysely, application.associationId))!;
  return {
    actor: actor!,
    application,
    asApplicant,
    association,
    exam: examOfApplication(association, application),
  };
}

/**
 * Registers the application for a sitting: a coordinator registering an
 * approved applicant (or one retaking), or the applicant choosing a sitting.
 * An application awaiting the exam with no registration (its sitting was
 * cancelled, or it did not show) is registered again without a step: its
 * state is already right. The seat is checked under a lock on the sitting, so
 * two registering for the last seat cannot both have it.
 */
export async function registerForSitting(
  actor: Actor | undefined,
  applicationId: string,
  sittingId: string,
  services: Services,
  now: Date = new Date(),
  associationId?: string,
): Promise<{ registrationId: string }> {
  const who = await actingOn(actor, applicationId, 'exam.register', services, associationId);
  const found = who.application;
  const at = timestamp(now);
  return services.db.kysely.transaction().execute(async (tx) => {
    if (await liveRegistration(tx, found.id))
      throw new AppError(
        'invalid',
        'this application is registered for a sitting already: change that registration instead',
        'sitting',
      );
    const settings = await examSettingsOf({ db: { ...services.db, kysely: tx } }, found.associationId);
    const previous = (await registrationsOf(tx, found.id)).filter((r) => r.status === 'sat');
    const step =
      found.status === 'exam-failed'
        ? 'retake-exam'
        : found.status === 'awaiting-exam'
          ? undefined
          : 'register-exam';
    const { sitting, form } = await seatAt(tx, found, who.exam, sittingId, at, async (sitting) => {
      if (!step) return;
      const last = await lastAttemptOf(tx, found.id);
      await takeStep(tx, services, {
        application: found,
        step,
        by: who.asApplicant ? 'applicant' : 'coordinator',
        actorId: who.actor.userId,
        at,
        facts: {
          examRequired: !!who.exam,
          ...(step === 'retake-exam'
            ? {
                retakeBlocker: retakeBlocker(
                  { waitDays: settings.retakeWaitDays, maxAttempts: settings.maxAttempts },
                  {
                    attempts: previous.length,
                    lastFailedOn: (last?.scoredAt ?? last?.submittedAt ?? at).slice(0, 10),
                    sittingDay: sitting.startsAt.slice(0, 10),
                  },
                ),
              }
            : {}),
        },
        audit: { sittingId: sitting.id },
      });
    });
    const registration = await insertRegistration(tx, {
      sittingId: sitting.id,
      applicationId: found.id,
      formId: form.id,
      attempt: previous.length + 1,
      by: who.actor.userId,
      at,
    });
    const currency = (await scheduledFee(tx, found.associationId, found.credential))?.currency ?? 'USD';
    const retakeFee = step === 'retake-exam' ? settings.retakeFeeCents : 0;
    if (retakeFee > 0)
      await insertFeeDue(tx, {
        applicationId: found.id,
        kind: 'exam-retake',
        amountCents: retakeFee,
        currency,
      });
    await appendAudit(tx, {
      actorId: who.actor.userId,
      associationId: found.associationId,
      subjectType: 'application',
      subjectId: found.id,
      action: 'exam-registration.create',
      after: { registrationId: registration.id, sittingId: sitting.id, attempt: registration.attempt },
    });
    await mailApplicant(tx, services, found, {
      subject: `Your written examination: ${sitting.startsAt.slice(0, 10)}`,
      lines: [
        `You are registered for the written examination for your ${found.credential} application: ${sittingWhen(sitting)}.`,
        ...sittingInstructions(sitting),
        ...(retakeFee > 0 ? ['', `A retake fee of ${formatMoney(retakeFee, currency)} is due.`] : []),
      ],
    });
    return { registrationId: registration.id };
  });
}

/**
 * Moves the application's registration to another sitting: the old one ends
 * `rescheduled`, a new one is `registered` for the same attempt (a seat
 * checked under the new sitting's lock). The coordinator may move it at any
 * time before an attempt starts; the applicant only before their sitting starts.
 */
export async function rescheduleRegistration(
  actor: Actor | undefined,
  applicationId: string,
  sittingId: string,
  services: Services,
  now: Date = new Date(),
  associationId?: string,
): Promise<{ registrationId: string }> {
  const who = await actingOn(actor, applicationId, 'exam.reschedule', services, associationId);
  const found = who.application;
  const at = timestamp(now);
  return services.db.kysely.transaction().execute(async (tx) => {
    const live = await liveRegistration(tx, found.id);
    if (!live)
      throw new AppError(
        'invalid',
        'this application is not registered for a sitting: register it',
        'sitting',
      );
    if (live.sittingId === sittingId)
      throw new AppError('invalid', 'this is the sitting registered for already: choose another', 'sitting');
    const old = (await findSittingById(tx, live.sittingId))!;
    if (who.asApplicant && old.startsAt <= at)
      throw new AppError(
        'invalid',
        'your sitting has started: ask the association’s coordinator to change it',
        'sitting',
      );
    if (await attemptOfRegistration(tx, live.id))
      throw new AppError('invalid', 'the exam was started at this sitting: it cannot be moved', 'sitting');
    const { sitting, form } = await seatAt(tx, found, who.exam, sittingId, at);
    if (
      !(await changeRegistration(tx, live.id, {
        from: 'registered',
        to: 'rescheduled',
        at,
        reason: sitting.id,
      }))
    )
      throw new DomainError('REGISTRATION_CHANGED', 'the registration changed meanwhile: look again');
    const registration = await insertRegistration(tx, {
      sittingId: sitting.id,
      applicationId: found.id,
      formId: form.id,
      attempt: live.attempt,
      by: who.actor.userId,
      at,
    });
    await appendAudit(tx, {
      actorId: who.actor.userId,
      associationId: found.associationId,
      subjectType: 'application',
      subjectId: found.id,
      action: 'exam-registration.reschedule',
      before: { registrationId: live.id, sittingId: old.id },
      after: { registrationId: registration.id, sittingId: sitting.id, attempt: registration.attempt },
    });
    await mailApplicant(tx, services, found, {
      subject: `Your written examination has moved: ${sitting.startsAt.slice(0, 10)}`,
      lines: [
        `Your written examination for your ${found.credential} application has moved from ${sittingWhen(old)} to ${sittingWhen(sitting)}.`,
        ...sittingInstructions(sitting),
      ],
    });
    return { registrationId: registration.id };
  });
}

/** Registers the application, or moves its registration when it holds one already (one form for both). */
export async function chooseSitting(
  actor: Actor | undefined,
  applicationId: string,
  sittingId: string,
  services: Services,
  now: Date = new Date(),
  associationId?: string,
): Promise<{ registrationId: string; moved: boolean }> {
  const live = await liveRegistration(services.db.kysely, applicationId);
  if (live)
    return {
      ...(await rescheduleRegistration(actor, applicationId, sittingId, services, now, associationId)),
      moved: true,
    };
  return {
    ...(await registerForSitting(actor, applicationId, sittingId, services, now, associationId)),
    moved: false,
  };
}

/**
 * Records that the applicant did not come: once the sitting has started, a
 * registration with no attempt ends `no-show`. The application stays awaiting
 * the exam and may be registered again; a no-show is not an attempt.
 */
export async function markNoShow(
  actor: Actor | undefined,
  associationId: string,
  applicationId: string,
  registrationId: string,
  services: Services,
  now: Date = new Date(),
): Promise<void> {
  const { application } = await authorizeApplication(
    actor,
    applicationId,
    'exam.markNoShow',
    services,
    associationId,
  );
  const at = timestamp(now);
  await services.db.kysely.transaction().execute(async (tx) => {
    const registration = await findRegistration(tx, registrationId);
    if (!registration || registration.applicationId !== application.id) throw notFound('The registration');
    if (registration.status !== 'registered')
      throw new AppError('invalid', 'this registration is no longer waiting to be sat', 'registration');
    const sitting = (await findSittingById(tx, registration.sittingId))!;
    if (sitting.startsAt > at)
      throw new AppError(
        'invalid',
        'the sitting has not started yet: a no-show is recorded once it has',
        'registration',
      );
    if (await attemptOfRegistration(tx, registration.id))
      throw new AppError('invalid', 'the applicant started the exam: this is not a no-show', 'registration');
    if (!(await changeRegistration(tx, registration.id, { from: 'registered', to: 'no-show', at })))
      throw new DomainError('REGISTRATION_CHANGED', 'the registration changed meanwhile: look again');
    await appendAudit(tx, {
      actorId: actor!.userId,
      associationId,
      subjectType: 'application',
      subjectId: application.id,
      action: 'exam-registration.no-show',
      after: { registrationId: registration.id, sittingId: sitting.id },
    });
  });
}

export const sittingChangeInput = sittingInput.pick({
  startsAt: true,
  mode: true,
  place: true,
  capacity: true,
});
export type SittingChange = z.input<typeof sittingChangeInput>;

/** A sitting that has not started, locked for a change; refused once it has started or was cancelled. */
async function changeableSitting(tx: Tx, associationId: string, sittingId: string, at: string) {
  await lockSitting(tx, sittingId);
  const sitting = await findSitting(tx, associationId, sittingId);
  if (!sitting) throw notFound('The sitting');
  if (sitting.status !== 'scheduled') throw new AppError('invalid', 'this sitting was cancelled', 'form');
  if (sitting.startsAt <= at)
    throw new AppError('invalid', 'this sitting has started: it can no longer be changed', 'form');
  return sitting;
}

/**
 * Changes a sitting's date and time, mode, place or capacity (never below the
 * seats taken); the applicants registered are told by e-mail when its time or
 * place changed.
 */
export async function changeSitting(
  actor: Actor | undefined,
  associationId: string,
  sittingId: string,
  input: SittingChange,
  services: Services,
  now: Date = new Date(),
): Promise<SittingRow> {
  authorizeFound(actor, 'examSitting.schedule', { associationId }, 'The association');
  const parsed = sittingChangeInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('invalid', issue.message, issue.path.join('.') || 'form');
  }
  const v = parsed.data;
  if (v.mode === 'in-person' && !v.place)
    throw new AppError('invalid', 'say where the sitting is held', 'place');
  const at = timestamp(now);
  const startsAt = new Date(v.startsAt).toISOString();
  if (startsAt <= at) throw new AppError('invalid', 'choose a date and time still ahead', 'startsAt');
  return services.db.kysely.transaction().execute(async (tx) => {
    const before = await changeableSitting(tx, associationId, sittingId, at);
    const taken = await seatsTaken(tx, sittingId);
    if (v.capacity < taken)
      throw new AppError('invalid', `${taken} seats are taken: the capacity cannot be less`, 'capacity');
    const roster = (await rosterOf(tx, sittingId)).filter((r) => r.status === 'registered');
    if (v.mode === 'online')
      for (const r of roster)
        if ((await findAccommodation(tx, r.applicationId))?.paper)
          throw new AppError(
            'invalid',
            `${r.applicantName} sits on paper (an accommodation): move them to an in-person sitting first`,
            'mode',
          );
    await updateSitting(tx, sittingId, { startsAt, mode: v.mode, place: v.place, capacity: v.capacity });
    const after = { ...before, startsAt, mode: v.mode, place: v.place, capacity: v.capacity };
    const fields = ['startsAt', 'mode', 'place', 'capacity'] as const;
    const changed = fields.filter((f) => before[f] !== after[f]);
    if (!changed.length) return after;
    await appendAudit(tx, {
      actorId: actor.userId,
      associationId,
      subjectType: 'exam-sitting',
      subjectId: sittingId,
      action: 'exam-sitting.update',
      before: Object.fromEntries(changed.map((f) => [f, before[f]])),
      after: Object.fromEntries(changed.map((f) => [f, after[f]])),
    });
    if (sittingWhen(before) !== sittingWhen(after))
      for (const r of roster)
        await mailApplicant(tx, services, (await findApplication(tx, r.applicationId))!, {
          subject: `Your written examination has changed: ${after.startsAt.slice(0, 10)}`,
          lines: [
            `The sitting of the written examination you are registered for has changed. It was ${sittingWhen(before)}; it is now ${sittingWhen(after)}.`,
            ...sittingInstructions(after),
            '',
            'If you cannot come at the new time, choose another sitting from your application.',
          ],
        });
    return after;
  });
}

/**
 * Cancels a sitting that has not started: every registration waiting to be
 * sat there is cancelled and its applicant told. Their applications stay
 * awaiting the exam, to be registered for another sitting.
 */
export async function cancelSitting(
  actor: Actor | undefined,
  associationId: string,
  sittingId: string,
  services: Services,
  now: Date = new Date(),
): Promise<{ cancelled: number }> {
  authorizeFound(actor, 'examSitting.schedule', { associationId }, 'The association');
  const at = timestamp(now);
  return services.db.kysely.transaction().execute(async (tx) => {
    const sitting = await changeableSitting(tx, associationId, sittingId, at);
    await updateSitting(tx, sittingId, { status: 'cancelled' });
    await appendAudit(tx, {
      actorId: actor.userId,
      associationId,
      subjectType: 'exam-sitting',
      subjectId: sittingId,
      action: 'exam-sitting.cancel',
      before: { status: 'scheduled' },
      after: { status: 'cancelled' },
    });
    let cancelled = 0;
    for (const r of await rosterOf(tx, sittingId)) {
      if (
        !(await changeRegistration(tx, r.id, {
          from: 'registered',
          to: 'cancelled',
          at,
          reason: 'sitting cancelled',
        }))
      )
        continue;
      cancelled++;
      await appendAudit(tx, {
        actorId: actor.userId,
        associationId,
        subjectType: 'application',
        subjectId: r.applicationId,
        action: 'exam-registration.cancel',
        after: { registrationId: r.id, sittingId, reason: 'sitting cancelled' },
      });
      await mailApplicant(tx, services, (await findApplication(tx, r.applicationId))!, {
        subject: 'Your written examination sitting is cancelled',
        lines: [
          `The sitting of the written examination you were registered for, ${sittingWhen(sitting)}, is cancelled.`,
          'Your application still awaits the exam: choose another sitting from your application, or the association will register you for one.',
        ],
      });
    }
    return { cancelled };
  });
}

/** When and where, as the applicant reads it (UTC: the sitting page shows local time). */
export const sittingWhen = (s: Pick<SittingRow, 'startsAt' | 'mode' | 'place'>) =>
  `${s.startsAt.slice(0, 10)} at ${s.startsAt.slice(11, 16)} UTC, ${s.mode === 'online' ? `online${s.place ? ` (${s.place})` : ''}` : s.place}`;

/** What to do on the day, by the sitting's mode. */
const sittingInstructions = (sitting: Pick<SittingRow, 'mode'>) =>
  sitting.mode === 'online'
    ? [
        'Open your application at that time and choose "Start the exam". The clock starts when you do; every answer is saved as you give it.',
      ]
    : ['Bring identification. The exam is on paper; your answers are entered by the association.'];

/** A letter to the application's applicant about their exam, with a link to the application. */
export async function mailApplicant(
  tx: Tx,
  services: Services,
  application: ApplicationRow,
  letter: { subject: string; lines: string[] },
): Promise<void> {
  const association = (await findAssociation(tx, application.associationId))!;
  const applicant = (await findPersonById(tx, application.userId))!;
  await enqueueMail(
    tx,
    {
      to: applicant.email,
      subject: `${letter.subject} (${association.name})`,
      text: [
        `Dear ${applicant.name},`,
        '',
        ...letter.lines,
        '',
        `Your application: ${applicationLinks(services, application, association).applicant}`,
      ].join('\n'),
    },
    { account: null, dailyLimit: services.config.mailDailyLimit },
  );
}
