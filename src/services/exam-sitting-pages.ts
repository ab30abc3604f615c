// What the sittings pages show: the coordinator's list of sittings and one
// sitting with its roster; the staff's exam page of one application; the
// applicant's choice of a sitting and the "Your exam" part of their
// application page. Read only; the changes are in exam-sittings.ts.
import { catalogs } from '../catalogs/index.ts';
import { examFor, type ExamName, retakeBlocker } from '../domain/exam.ts';
import type { ApplicationRow } from '../db/repositories/applications.ts';
import { findAssociation } from '../db/repositories/associations.ts';
import { formsOf } from '../db/repositories/exam-bank.ts';
import { attemptOfRegistration, lastAttemptOf } from '../db/repositories/exam-attempts.ts';
import {
  type Accommodation,
  applicationsToRegister,
  findAccommodation,
  findSitting,
  findSittingById,
  registrationsOf,
  rosterOf,
  type SittingRow,
  sittingsOf,
} from '../db/repositories/exam-sittings.ts';
import { findPersonById } from '../db/repositories/people.ts';
import { timestamp } from '../db/portable.ts';
import { type Actor, can, type Resource } from '../policies/index.ts';
import { examSettingsOf } from './association-settings.ts';
import type { Services } from './context.ts';
import { notFound } from './errors.ts';
import { examOfApplication } from './exam-sittings.ts';
import { authorizeApplication, authorizeFound } from './scope.ts';

/** The states in which an application has an exam to register for, sit or look back on. */
const examStates = ['approved', 'awaiting-exam', 'exam-failed', 'exam-passed'];

/** The credentials of the association whose applicants sit `exam`. */
function credentialsSitting(slug: string, exam: ExamName): string[] {
  return (catalogs().get(slug)?.credentials ?? [])
    .filter((c) => c.requirements.some((r) => r.kind === 'exam') && examFor(c).exam === exam)
    .map((c) => c.id);
}

/** The coordinator's sittings: those ahead (soonest first) and those past (latest first), with seats taken. */
export async function sittingsOverview(
  actor: Actor | undefined,
  associationId: string,
  services: Services,
  now: Date = new Date(),
) {
  authorizeFound(actor, 'examSitting.schedule', { associationId }, 'The association');
  const db = services.db.kysely;
  const at = timestamp(now);
  const all = await sittingsOf(db, associationId);
  const forms = (await formsOf(db, associationId)).filter((f) => f.status === 'ready');
  return {
    upcoming: all.filter((s) => s.startsAt > at),
    past: all.filter((s) => s.startsAt <= at).reverse(),
    readyForms: forms.map((f) => ({ id: f.id, name: f.name, exam: f.exam, category: f.category })),
  };
}

/** One sitting: its roster with accommodations, and the applications a coordinator may register for it. */
export async function sittingDetail(
  actor: Actor | undefined,
  associationId: string,
  sittingId: string,
  services: Services,
  now: Date = new Date(),
) {
  authorizeFound(actor, 'examSitting.schedule', { associationId }, 'The association');
  const db = services.db.kysely;
  const sitting = await findSitting(db, associationId, sittingId);
  if (!sitting) throw notFound('The sitting');
  const association = (await findAssociation(db, associationId))!;
  const roster = await Promise.all(
    (await rosterOf(db, sittingId)).map(async (r) => ({
      ...r,
      accommodation: await findAccommodation(db, r.applicationId),
      started: !!(await attemptOfRegistration(db, r.id)),
    })),
  );
  const forms = await formsOf(db, associationId);
  return {
    sitting,
    started: sitting.startsAt <= timestamp(now),
    forms: forms
      .filter((f) => sitting.formIds.includes(f.id))
      .map((f) => ({ name: f.name, category: f.category })),
    roster,
    seatsTaken: roster.filter((r) => r.status === 'registered' || r.status === 'sat').length,
    toRegister: await applicationsToRegister(
      db,
      associationId,
      credentialsSitting(association.slug, sitting.exam),
      ['approved', 'awaiting-exam', 'exam-failed'],
    ),
  };
}

/** The application's registrations, the latest first, each with its sitting. */
async function registrationHistory(services: Services, applicationId: string) {
  const db = services.db.kysely;
  const registrations = await registrationsOf(db, applicationId);
  return Promise.all(
    registrations.reverse().map(async (r) => ({ ...r, sitting: (await findSittingById(db, r.sittingId))! })),
  );
}

/** The scheduled sittings of the exam still ahead, with seats left. */
async function sittingsAhead(
  services: Services,
  associationId: string,
  exam: ExamName | undefined,
  now: Date,
) {
  const all = await sittingsOf(services.db.kysely, associationId, timestamp(now));
  return all
    .filter((s) => s.status === 'scheduled' && s.exam === exam && s.startsAt > timestamp(now))
    .map((s) => ({ ...s, seatsLeft: Math.max(0, s.capacity - s.registered) }));
}

/** Why a failed applicant may not register for a retake yet (undefined when they may, or it is not a retake). */
async function retakeNote(services: Services, application: ApplicationRow, now: Date) {
  if (application.status !== 'exam-failed') return undefined;
  const db = services.db.kysely;
  const settings = await examSettingsOf(services, application.associationId);
  const sat = (await registrationsOf(db, application.id)).filter((r) => r.status === 'sat').length;
  const last = await lastAttemptOf(db, application.id);
  const day = timestamp(now).slice(0, 10);
  return retakeBlocker(
    { waitDays: settings.retakeWaitDays, maxAttempts: settings.maxAttempts },
    {
      attempts: sat,
      lastFailedOn: (last?.scoredAt ?? last?.submittedAt ?? timestamp(now)).slice(0, 10),
      sittingDay: day,
    },
  )?.replace(/^a retake may be taken from/, 'a retake sitting may be on or after');
}

/** The staff's exam page of one application: registrations, accommodations, what they may do. */
export async function applicationExam(
  actor: Actor | undefined,
  associationId: string,
  applicationId: string,
  services: Services,
  now: Date = new Date(),
) {
  const { application, resource } = await authorizeApplication(
    actor,
    applicationId,
    'application.history',
    services,
    associationId,
  );
  const db = services.db.kysely;
  const association = (await findAssociation(db, associationId))!;
  const exam = examOfApplication(association, application);
  const registrations = await registrationHistory(services, application.id);
  const live = registrations.find((r) => r.status === 'registered');
  return {
    application,
    applicantName: (await findPersonById(db, application.userId))?.name ?? '',
    exam,
    registrations,
    live,
    liveStarted: !!live && live.sitting.startsAt <= timestamp(now),
    accommodation: await findAccommodation(db, application.id),
    sittings: exam ? await sittingsAhead(services, associationId, exam.exam, now) : [],
    retakeNote: await retakeNote(services, application, now),
    may: {
      register: !!exam && !live && can(actor, 'exam.register', resource),
      reschedule: !!exam && !!live && can(actor, 'exam.reschedule', resource),
      markNoShow: !!live && can(actor, 'exam.markNoShow', resource),
      grant: !!exam && can(actor, 'examAccommodation.grant', resource),
    },
  };
}

/** The applicant's choice of a sitting: their registration, accommodations, the sittings they may choose. */
export async function applicantSittings(
  actor: Actor | undefined,
  applicationId: string,
  services: Services,
  now: Date = new Date(),
) {
  const { application } = await authorizeApplication(actor, applicationId, 'exam.chooseSitting', services);
  const association = (await findAssociation(services.db.kysely, application.associationId))!;
  const exam = examOfApplication(association, application);
  if (!exam) throw notFound('The application');
  const registrations = await registrationHistory(services, application.id);
  const live = registrations.find((r) => r.status === 'registered');
  return {
    application,
    association,
    exam,
    registrations,
    live,
    liveStarted: !!live && live.sitting.startsAt <= timestamp(now),
    accommodation: await findAccommodation(services.db.kysely, application.id),
    sittings: await sittingsAhead(services, application.associationId, exam.exam, now),
    retakeNote: await retakeNote(services, application, now),
  };
}

export interface ApplicantExamSummary {
  applicationId: string;
  status: string;
  sitting?: Pick<SittingRow, 'startsAt' | 'mode' | 'place'> | undefined;
  accommodation?: Accommodation | undefined;
  /** The applicant may choose or change their sitting now. */
  mayChoose: boolean;
}

/** The "Your exam" part of the applicant's application page; undefined when the application has no exam (yet). */
export async function applicantExamSummary(
  actor: Actor,
  application: ApplicationRow,
  services: Services,
  resource: Resource,
): Promise<ApplicantExamSummary | undefined> {
  if (!examStates.includes(application.status)) return undefined;
  const db = services.db.kysely;
  const association = (await findAssociation(db, application.associationId))!;
  if (!examOfApplication(association, application)) return undefined;
  const live = (await registrationsOf(db, application.id)).find((r) => r.status === 'registered');
  const sitting = live && (await findSittingById(db, live.sittingId));
  return {
    applicationId: application.id,
    status: application.status,
    sitting,
    accommodation: await findAccommodation(db, application.id),
    mayChoose: can(actor, 'exam.chooseSitting', resource),
  };
}
