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
import type { ApplicationRow } from '../db/repositories/applications.ts';
import { findAssociation } from '../db/repositories/associations.ts';
import { type ExamFormRow, findForm } from '../db/repositories/exam-bank.ts';
import {
  findSitting,
  insertRegistration,
  insertSitting,
  liveRegistration,
  lockSitting,
  registrationsOf,
  seatsTaken,
  type SittingRow,
} from '../db/repositories/exam-sittings.ts';
import { lastAttemptOf } from '../db/repositories/exam-attempts.ts';
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
import { applicationResource, authorizeApplication, authorizeFound } from './scope.ts';

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

/**
 * Registers the application for a sitting: a coordinator registering an
 * approved applicant (or one retaking), or the applicant choosing a sitting.
 * The seat is checked under a lock on the sitting, so two registering for the
 * last seat cannot both have it.
 */
export async function registerForSitting(
  actor: Actor | undefined,
  applicationId: string,
  sittingId: string,
  services: Services,
  now: Date = new Date(),
): Promise<{ registrationId: string }> {
  const db = services.db.kysely;
  const { application: found } = await authorizeApplication(
    actor,
    applicationId,
    'application.read',
    services,
  );
  const resource = await applicationResource(services, found);
  const asApplicant = actor!.userId === found.userId && can(actor, 'exam.chooseSitting', resource);
  if (!asApplicant) authorizeFound(actor, 'exam.register', resource, 'The application');
  const association = (await findAssociation(db, found.associationId))!;
  const exam = examOfApplication(association, found);
  const at = timestamp(now);
  return db.transaction().execute(async (tx) => {
    await lockSitting(tx, sittingId);
    const sitting = await findSitting(tx, found.associationId, sittingId);
    if (!sitting || sitting.status !== 'scheduled') throw notFound('The sitting');
    if (sitting.startsAt <= at)
      throw new AppError('invalid', 'this sitting has started already: choose a later one', 'sitting');
    if (exam && sitting.exam !== exam.exam)
      throw new AppError('invalid', 'this sitting is for the other exam: choose one of your exam', 'sitting');
    const settings = await examSettingsOf({ db: { ...services.db, kysely: tx } }, found.associationId);
    const previous = (await registrationsOf(tx, found.id)).filter((r) => r.status === 'sat');
    const last = await lastAttemptOf(tx, found.id);
    const step = found.status === 'exam-failed' ? 'retake-exam' : 'register-exam';
    await takeStep(tx, services, {
      application: found,
      step,
      by: asApplicant ? 'applicant' : 'coordinator',
      actorId: actor!.userId,
      at,
      facts: {
        examRequired: !!exam,
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
    const forms = await sittingForms(tx, found.associationId, sitting.exam, sitting.formIds);
    const form = forms.find((f) => f.category === exam?.category);
    if (!form)
      throw new AppError(
        'invalid',
        `this sitting has no essays for your category: choose another`,
        'sitting',
      );
    if ((await seatsTaken(tx, sitting.id)) >= sitting.capacity)
      throw new DomainError('SITTING_FULL', 'this sitting is full: choose another', 'sitting');
    if (await liveRegistration(tx, found.id))
      throw new AppError(
        'invalid',
        'this application is registered for a sitting already: change that registration instead',
        'sitting',
      );
    const registration = await insertRegistration(tx, {
      sittingId: sitting.id,
      applicationId: found.id,
      formId: form.id,
      attempt: previous.length + 1,
      by: actor!.userId,
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
      actorId: actor!.userId,
      associationId: found.associationId,
      subjectType: 'application',
      subjectId: found.id,
      action: 'exam-registration.create',
      after: { registrationId: registration.id, sittingId: sitting.id, attempt: registration.attempt },
    });
    await confirmRegistration(
      tx,
      services,
      found,
      sitting,
      retakeFee > 0 ? formatMoney(retakeFee, currency) : undefined,
    );
    return { registrationId: registration.id };
  });
}

/** When and where, as the applicant reads it (UTC: the sitting page shows local time). */
export const sittingWhen = (s: Pick<SittingRow, 'startsAt' | 'mode' | 'place'>) =>
  `${s.startsAt.slice(0, 10)} at ${s.startsAt.slice(11, 16)} UTC, ${s.mode === 'online' ? `online${s.place ? ` (${s.place})` : ''}` : s.place}`;

async function confirmRegistration(
  tx: Tx,
  services: Services,
  application: ApplicationRow,
  sitting: SittingRow,
  retakeFee: string | undefined,
): Promise<void> {
  const association = (await findAssociation(tx, application.associationId))!;
  const applicant = (await findPersonById(tx, application.userId))!;
  await enqueueMail(
    tx,
    {
      to: applicant.email,
      subject: `Your written examination with ${association.name}: ${sitting.startsAt.slice(0, 10)}`,
      text: [
        `Dear ${applicant.name},`,
        '',
        `You are registered for the written examination for your ${application.credential} application: ${sittingWhen(sitting)}.`,
        sitting.mode === 'online'
          ? 'Open your application at that time and choose "Start the exam". The clock starts when you do; every answer is saved as you give it.'
          : 'Bring identification. The exam is on paper; your answers are entered by the association.',
        ...(retakeFee ? ['', `A retake fee of ${retakeFee} is due.`] : []),
        '',
        `Your application: ${applicationLinks(services, application, association).applicant}`,
      ].join('\n'),
    },
    { account: null, dailyLimit: services.config.mailDailyLimit },
  );
}
