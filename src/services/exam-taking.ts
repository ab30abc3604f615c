// Taking the exam online. The server
// holds the clock: an attempt starts when the applicant opens it at the
// sitting's time and ends at `ends_at` (the form's time limit, stretched by
// any accommodation); every answer is saved the moment it is given, so a
// closed tab loses nothing, and one given after the end is refused. An
// attempt whose time ran out is submitted as it stands, lazily whenever it is
// touched and by a job queued for its end. The applicant is sent the items
// only while their attempt runs, and never the key: the items are read here
// without it (formItemsToSit).
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { allowedMinutes, optionLetter } from '../domain/exam.ts';
import { type ApplicationRow, findApplication } from '../db/repositories/applications.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import {
  answersOf,
  attemptOfRegistration,
  type AttemptRow,
  attemptsTimedOut,
  essaysOf,
  findAttempt,
  formItemsToSit,
  insertAttempt,
  type ItemToSit,
  lockAttempt,
  saveAnswer,
  saveEssay,
  setVignettesChosen,
  submitAttempt,
} from '../db/repositories/exam-attempts.ts';
import { type ExamFormRow, findForm } from '../db/repositories/exam-bank.ts';
import {
  type Accommodation,
  changeRegistration,
  findAccommodation,
  findSittingById,
  type RegistrationRow,
  registrationsOf,
  type SittingRow,
} from '../db/repositories/exam-sittings.ts';
import { enqueue } from '../db/repositories/jobs.ts';
import { timestamp } from '../db/portable.ts';
import type { Database } from '../db/schema.ts';
import type { Actor } from '../policies/index.ts';
import type { Services } from './context.ts';
import { AppError, DomainError, notFound } from './errors.ts';
import { scoreAttempt, type ScoringState } from './exam-scoring.ts';
import { sittingWhen } from './exam-sittings.ts';
import { authorizeApplication } from './scope.ts';

type Tx = Kysely<Database>;

/** The job that submits an attempt as it stands once its time is up. */
export const EXAM_TIME_OUT_JOB = 'exam-time-out';

/**
 * How long after a sitting starts an applicant may still start: the form's
 * time limit. A late start gets the whole time all the same (the clock starts
 * when they do).
 */
export const startWindowMinutes = (form: Pick<ExamFormRow, 'timeLimitMinutes'>) => form.timeLimitMinutes;

/** The longest essay kept (about 15,000 words). */
export const ESSAY_MAX = 100_000;

export const addMinutes = (iso: string, minutes: number) =>
  new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();

/** The registration the exam page is about: the one waiting to be sat, else the last one sat. */
async function currentRegistration(db: Tx, applicationId: string): Promise<RegistrationRow | undefined> {
  const all = await registrationsOf(db, applicationId);
  return all.find((r) => r.status === 'registered') ?? all.filter((r) => r.status === 'sat').at(-1);
}

interface Sitting {
  registration: RegistrationRow;
  sitting: SittingRow;
  form: ExamFormRow;
  accommodation: Accommodation | undefined;
  attempt: AttemptRow | undefined;
}

async function sittingOf(db: Tx, application: ApplicationRow): Promise<Sitting | undefined> {
  const registration = await currentRegistration(db, application.id);
  if (!registration) return undefined;
  return {
    registration,
    sitting: (await findSittingById(db, registration.sittingId))!,
    form: (await findForm(db, application.associationId, registration.formId))!,
    accommodation: await findAccommodation(db, application.id),
    attempt: await attemptOfRegistration(db, registration.id),
  };
}

/** Submits the attempt as it stands if its time is up; true when it did. */
async function timeOut(tx: Tx, services: Services, attempt: AttemptRow, at: string): Promise<boolean> {
  if (attempt.status !== 'in-progress' || attempt.endsAt > at) return false;
  // Submitted at the moment the time ran out, whenever it is noticed.
  if (!(await submitAttempt(tx, attempt.id, { at: attempt.endsAt, how: 'time-out' }))) return false;
  await auditSubmit(tx, attempt, null, 'time-out');
  await scoreAttempt(tx, services, attempt.id, at);
  return true;
}

async function auditSubmit(tx: Tx, attempt: AttemptRow, actorId: string | null, how: string) {
  const application = (await findApplication(tx, attempt.applicationId))!;
  await appendAudit(tx, {
    actorId,
    associationId: application.associationId,
    subjectType: 'application',
    subjectId: application.id,
    action: 'exam-attempt.submit',
    after: { attemptId: attempt.id, how },
  });
}

/** The application's sitting with the clock settled: an attempt past its end is submitted first. */
async function settledSitting(
  services: Services,
  application: ApplicationRow,
  now: Date,
): Promise<Sitting | undefined> {
  const db = services.db.kysely;
  const found = await sittingOf(db, application);
  const attempt = found?.attempt;
  if (!attempt || attempt.status !== 'in-progress' || attempt.endsAt > timestamp(now)) return found;
  await db.transaction().execute((tx) => timeOut(tx, services, attempt, timestamp(now)));
  return sittingOf(db, application);
}

/** Every attempt whose time is up, submitted as it stands (the job at an attempt's end; any late one too). */
export async function submitTimedOut(services: Services, now: Date = new Date()): Promise<number> {
  const db = services.db.kysely;
  let submitted = 0;
  for (const attempt of await attemptsTimedOut(db, timestamp(now)))
    if (await db.transaction().execute((tx) => timeOut(tx, services, attempt, timestamp(now)))) submitted++;
  return submitted;
}

/**
 * The applicant's own sitting, the clock settled. Only the owner learns
 * anything of it; that their exam was submitted they learn even once the
 * result has moved the application on (then `exam.take` no longer holds).
 */
async function ownSitting(actor: Actor | undefined, applicationId: string, services: Services, now: Date) {
  const { application } = await authorizeApplication(actor, applicationId, 'application.track', services);
  const found = await settledSitting(services, application, now);
  if (!found) throw notFound('The exam');
  return { application, found };
}

/** The application (as it stands now, after any time-out) may be taken by the actor: else "not found". */
async function mayTake(actor: Actor | undefined, applicationId: string, services: Services): Promise<void> {
  await authorizeApplication(actor, applicationId, 'exam.take', services);
}

export type ExamPhase =
  /** Not registered for a sitting. */
  | 'none'
  /** Registered for an in-person sitting: the exam is on paper. */
  | 'paper'
  | 'before'
  /** The sitting has started: the applicant may start. */
  | 'open'
  /** The sitting's start window passed without a start. */
  | 'missed'
  | 'during'
  | 'after';

export interface ExamPage {
  application: Pick<ApplicationRow, 'id' | 'credential' | 'status'>;
  phase: ExamPhase;
  sitting?: { startsAt: string; mode: SittingRow['mode']; place: string; when: string };
  form?: { mcItems: number; vignettesOffered: number; vignettesAnswered: number; timeLimitMinutes: number };
  accommodation?: Pick<Accommodation, 'extraTime' | 'breakMinutes' | 'largeText' | 'paper'>;
  /** The minutes the applicant's attempt runs (with any accommodation). */
  minutes?: number;
  opensAt?: string;
  closesAt?: string;
  attempt?: Pick<
    AttemptRow,
    'startedAt' | 'endsAt' | 'submittedAt' | 'submittedHow' | 'status' | 'result'
  > & {
    secondsLeft: number;
  };
  /** During the attempt: each multiple-choice item, answered or not. */
  items: Array<{ n: number; answered: boolean }>;
  /** During the attempt: the vignettes offered, chosen and written or not. */
  vignettes: Array<{ n: number; chosen: boolean; written: boolean }>;
  largeText: boolean;
}

const secondsLeft = (attempt: AttemptRow, now: Date) =>
  Math.max(0, Math.floor((new Date(attempt.endsAt).getTime() - now.getTime()) / 1000));

/** The applicant's exam page: before the sitting, during their attempt, after it. */
export async function examPage(
  actor: Actor | undefined,
  applicationId: string,
  services: Services,
  now: Date = new Date(),
): Promise<ExamPage> {
  const { application } = await authorizeApplication(actor, applicationId, 'application.track', services);
  const found = await settledSitting(services, application, now);
  const base = {
    application: { id: application.id, credential: application.credential, status: application.status },
    items: [],
    vignettes: [],
    largeText: false,
  };
  if (!found) return { ...base, phase: 'none' };
  const { sitting, form, accommodation, attempt } = found;
  const items = await formItemsToSit(services.db.kysely, form.id);
  const mc = items.filter((i) => i.kind === 'multiple-choice');
  const offered = items.filter((i) => i.kind === 'vignette');
  const at = timestamp(now);
  const opensAt = sitting.startsAt;
  const closesAt = addMinutes(sitting.startsAt, startWindowMinutes(form));
  const phase: ExamPhase = attempt
    ? attempt.status === 'in-progress'
      ? 'during'
      : 'after'
    : sitting.mode === 'in-person'
      ? 'paper'
      : at < opensAt
        ? 'before'
        : at < closesAt
          ? 'open'
          : 'missed';
  const page: ExamPage = {
    ...base,
    phase,
    sitting: {
      startsAt: sitting.startsAt,
      mode: sitting.mode,
      place: sitting.place,
      when: sittingWhen(sitting),
    },
    form: {
      mcItems: mc.length,
      vignettesOffered: offered.length,
      vignettesAnswered: form.vignettesAnswered,
      timeLimitMinutes: form.timeLimitMinutes,
    },
    ...(accommodation
      ? {
          accommodation: {
            extraTime: accommodation.extraTime,
            breakMinutes: accommodation.breakMinutes,
            largeText: accommodation.largeText,
            paper: accommodation.paper,
          },
        }
      : {}),
    minutes: allowedMinutes(form.timeLimitMinutes, accommodation),
    opensAt,
    closesAt,
    largeText: accommodation?.largeText ?? false,
  };
  if (!attempt) return page;
  page.attempt = {
    startedAt: attempt.startedAt,
    endsAt: attempt.endsAt,
    submittedAt: attempt.submittedAt,
    submittedHow: attempt.submittedHow,
    status: attempt.status,
    result: attempt.result,
    secondsLeft: secondsLeft(attempt, now),
  };
  if (phase !== 'during') return page;
  const answers = await answersOf(services.db.kysely, attempt.id);
  const written = new Set(
    (await essaysOf(services.db.kysely, attempt.id)).filter((e) => e.text.trim()).map((e) => e.vignetteId),
  );
  page.items = mc.map((item, i) => ({ n: i + 1, answered: (answers.get(item.id) ?? null) !== null }));
  page.vignettes = offered.map((v, i) => ({
    n: i + 1,
    chosen: attempt.vignettesChosen.includes(v.id),
    written: written.has(v.id),
  }));
  return page;
}

/**
 * Starts the applicant's attempt at their online sitting, from its start time
 * until the start window closes; opening it again once started resumes the
 * same attempt. Starting marks the registration sat and queues the time-out.
 */
export async function startAttempt(
  actor: Actor | undefined,
  applicationId: string,
  services: Services,
  now: Date = new Date(),
): Promise<AttemptRow> {
  const { application, found } = await ownSitting(actor, applicationId, services, now);
  if (found.attempt) return found.attempt;
  await mayTake(actor, application.id, services);
  const { registration, sitting, form, accommodation } = found;
  if (sitting.status !== 'scheduled')
    throw new DomainError('EXAM_NOT_OPEN', 'this sitting was cancelled: ask the coordinator about another');
  if (sitting.mode !== 'online')
    throw new DomainError('EXAM_NOT_OPEN', `this sitting is on paper: ${sittingWhen(sitting)}`);
  const at = timestamp(now);
  if (at < sitting.startsAt)
    throw new DomainError('EXAM_NOT_OPEN', `the exam opens at ${sittingWhen(sitting)}`);
  const closesAt = addMinutes(sitting.startsAt, startWindowMinutes(form));
  if (at >= closesAt)
    throw new DomainError(
      'EXAM_NOT_OPEN',
      `the exam could be started until ${closesAt.slice(11, 16)} UTC: ask the coordinator about another sitting`,
    );
  return services.db.kysely.transaction().execute(async (tx) => {
    if (!(await changeRegistration(tx, registration.id, { from: 'registered', to: 'sat', at }))) {
      // Started a moment ago in another tab: that attempt it is.
      const started = await attemptOfRegistration(tx, registration.id);
      if (started) return started;
      throw notFound('The exam');
    }
    const attempt = await insertAttempt(tx, {
      registrationId: registration.id,
      applicationId: application.id,
      formId: form.id,
      mode: 'online',
      startedAt: at,
      endsAt: addMinutes(at, allowedMinutes(form.timeLimitMinutes, accommodation)),
    });
    await enqueue(tx, EXAM_TIME_OUT_JOB, { attemptId: attempt.id }, attempt.endsAt);
    await appendAudit(tx, {
      actorId: actor!.userId,
      associationId: application.associationId,
      subjectType: 'application',
      subjectId: application.id,
      action: 'exam-attempt.start',
      after: { attemptId: attempt.id, sittingId: sitting.id, endsAt: attempt.endsAt },
    });
    return attempt;
  });
}

/** What an attempt in progress puts before the applicant (never a key). */
interface Running {
  application: ApplicationRow;
  attempt: AttemptRow;
  form: ExamFormRow;
  mc: ItemToSit[];
  vignettes: ItemToSit[];
  largeText: boolean;
}

/** The applicant's attempt in progress, its time not up: otherwise EXAM_TIME_UP (or EXAM_NOT_OPEN before it starts). */
async function running(
  actor: Actor | undefined,
  applicationId: string,
  services: Services,
  now: Date,
): Promise<Running> {
  const { application, found } = await ownSitting(actor, applicationId, services, now);
  const { attempt, form } = found;
  if (attempt && attempt.status !== 'in-progress')
    throw new DomainError('EXAM_TIME_UP', 'the exam has been submitted: nothing more can be changed');
  await mayTake(actor, application.id, services);
  if (!attempt) throw new DomainError('EXAM_NOT_OPEN', 'the exam has not been started');
  const items = await formItemsToSit(services.db.kysely, form.id);
  return {
    application,
    attempt,
    form,
    mc: items.filter((i) => i.kind === 'multiple-choice'),
    vignettes: items.filter((i) => i.kind === 'vignette'),
    largeText: found.accommodation?.largeText ?? false,
  };
}

/** Runs a save under the attempt's lock, refused once the time is up or the attempt submitted. */
async function whileRunning<T>(
  services: Services,
  attemptId: string,
  now: Date,
  save: (tx: Tx, at: string) => Promise<T>,
): Promise<T> {
  return services.db.kysely.transaction().execute(async (tx) => {
    await lockAttempt(tx, attemptId);
    const attempt = (await findAttempt(tx, attemptId))!;
    const at = timestamp(now);
    if (attempt.status !== 'in-progress' || attempt.endsAt <= at)
      throw new DomainError('EXAM_TIME_UP', 'the time is up: this answer was not saved; the others are');
    return save(tx, at);
  });
}

export interface Clock {
  endsAt: string;
  secondsLeft: number;
}

export interface ItemPage extends Clock {
  applicationId: string;
  n: number;
  total: number;
  text: string;
  options: Array<{ index: number; letter: string; text: string }>;
  choice: number | null;
  largeText: boolean;
}

const itemAt = (list: ItemToSit[], n: number, what: string) => {
  const item = Number.isInteger(n) && n >= 1 ? list[n - 1] : undefined;
  if (!item) throw notFound(what);
  return item;
};

/** One multiple-choice item of the attempt in progress, with the answer saved for it. */
export async function itemToAnswer(
  actor: Actor | undefined,
  applicationId: string,
  n: number,
  services: Services,
  now: Date = new Date(),
): Promise<ItemPage> {
  const r = await running(actor, applicationId, services, now);
  const item = itemAt(r.mc, n, 'The item');
  return {
    applicationId,
    n,
    total: r.mc.length,
    text: item.text,
    options: item.options.map((text, index) => ({ index, letter: optionLetter(index), text })),
    choice: (await answersOf(services.db.kysely, r.attempt.id)).get(item.id) ?? null,
    endsAt: r.attempt.endsAt,
    secondsLeft: secondsLeft(r.attempt, now),
    largeText: r.largeText,
  };
}

/** Saves the answer to item `n` (null clears it). */
export async function answerItem(
  actor: Actor | undefined,
  applicationId: string,
  n: number,
  choice: number | null,
  services: Services,
  now: Date = new Date(),
): Promise<Clock> {
  const r = await running(actor, applicationId, services, now);
  const item = itemAt(r.mc, n, 'The item');
  if (choice !== null && !(Number.isInteger(choice) && choice >= 0 && choice < item.options.length))
    throw new AppError('invalid', `choose one of the options of item ${n}`, 'choice');
  await whileRunning(services, r.attempt.id, now, (tx, at) =>
    saveAnswer(tx, { attemptId: r.attempt.id, itemId: item.id, choice, at }),
  );
  return { endsAt: r.attempt.endsAt, secondsLeft: secondsLeft(r.attempt, now) };
}

export interface EssaysPage extends Clock {
  applicationId: string;
  answered: number;
  vignettes: Array<{ n: number; text: string; chosen: boolean; written: boolean }>;
  largeText: boolean;
}

/** The vignettes offered, which of them are chosen and written. */
export async function vignettesToChoose(
  actor: Actor | undefined,
  applicationId: string,
  services: Services,
  now: Date = new Date(),
): Promise<EssaysPage> {
  const r = await running(actor, applicationId, services, now);
  const written = new Set(
    (await essaysOf(services.db.kysely, r.attempt.id)).filter((e) => e.text.trim()).map((e) => e.vignetteId),
  );
  return {
    applicationId,
    answered: r.form.vignettesAnswered,
    vignettes: r.vignettes.map((v, i) => ({
      n: i + 1,
      text: v.text,
      chosen: r.attempt.vignettesChosen.includes(v.id),
      written: written.has(v.id),
    })),
    endsAt: r.attempt.endsAt,
    secondsLeft: secondsLeft(r.attempt, now),
    largeText: r.largeText,
  };
}

/** Chooses which K of the M vignettes to answer (by their numbers); essays already written are kept. */
export async function chooseVignettes(
  actor: Actor | undefined,
  applicationId: string,
  ns: number[],
  services: Services,
  now: Date = new Date(),
): Promise<Clock> {
  const r = await running(actor, applicationId, services, now);
  const chosen = [...new Set(ns)].sort((a, b) => a - b);
  if (chosen.length !== r.form.vignettesAnswered)
    throw new AppError(
      'invalid',
      `choose ${r.form.vignettesAnswered} of the ${r.vignettes.length} vignettes (you chose ${chosen.length})`,
      'vignettes',
    );
  const ids = chosen.map((n) => itemAt(r.vignettes, n, 'The vignette').id);
  await whileRunning(services, r.attempt.id, now, (tx) => setVignettesChosen(tx, r.attempt.id, ids));
  return { endsAt: r.attempt.endsAt, secondsLeft: secondsLeft(r.attempt, now) };
}

export interface EssayPage extends Clock {
  applicationId: string;
  n: number;
  vignette: string;
  text: string;
  /** The chosen vignettes' numbers, in order (for previous and next). */
  chosen: number[];
  largeText: boolean;
}

/** A chosen vignette with the essay saved for it. */
export async function essayToWrite(
  actor: Actor | undefined,
  applicationId: string,
  n: number,
  services: Services,
  now: Date = new Date(),
): Promise<EssayPage> {
  const r = await running(actor, applicationId, services, now);
  const vignette = chosenVignette(r, n);
  const saved = (await essaysOf(services.db.kysely, r.attempt.id)).find((e) => e.vignetteId === vignette.id);
  return {
    applicationId,
    n,
    vignette: vignette.text,
    text: saved?.text ?? '',
    chosen: r.vignettes.flatMap((v, i) => (r.attempt.vignettesChosen.includes(v.id) ? [i + 1] : [])),
    endsAt: r.attempt.endsAt,
    secondsLeft: secondsLeft(r.attempt, now),
    largeText: r.largeText,
  };
}

function chosenVignette(r: Running, n: number): ItemToSit {
  const vignette = itemAt(r.vignettes, n, 'The vignette');
  if (!r.attempt.vignettesChosen.includes(vignette.id))
    throw new AppError(
      'invalid',
      `vignette ${n} is not one you chose to answer: choose it first`,
      'vignettes',
    );
  return vignette;
}

/** What readers see instead of the applicant: a code made once per response. */
export const newBlindCode = () => randomBytes(6).toString('hex').toUpperCase();

export function essayText(text: string, field: string): string {
  if (text.length > ESSAY_MAX)
    throw new AppError(
      'invalid',
      `the essay is longer than ${ESSAY_MAX.toLocaleString('en')} characters`,
      field,
    );
  return text;
}

/** Saves the essay for chosen vignette `n`. */
export async function writeEssay(
  actor: Actor | undefined,
  applicationId: string,
  n: number,
  text: string,
  services: Services,
  now: Date = new Date(),
): Promise<Clock> {
  const r = await running(actor, applicationId, services, now);
  const vignette = chosenVignette(r, n);
  const kept = essayText(text, 'text');
  await whileRunning(services, r.attempt.id, now, (tx, at) =>
    saveEssay(tx, {
      attemptId: r.attempt.id,
      vignetteId: vignette.id,
      text: kept,
      blindCode: newBlindCode(),
      at,
    }),
  );
  return { endsAt: r.attempt.endsAt, secondsLeft: secondsLeft(r.attempt, now) };
}

export interface SubmitPage extends Clock {
  applicationId: string;
  unanswered: number[];
  total: number;
  essaysToWrite: number;
  unwritten: number[];
  largeText: boolean;
}

/** What is still unanswered before the applicant submits. */
export async function beforeSubmitting(
  actor: Actor | undefined,
  applicationId: string,
  services: Services,
  now: Date = new Date(),
): Promise<SubmitPage> {
  const r = await running(actor, applicationId, services, now);
  const answers = await answersOf(services.db.kysely, r.attempt.id);
  const written = new Set(
    (await essaysOf(services.db.kysely, r.attempt.id)).filter((e) => e.text.trim()).map((e) => e.vignetteId),
  );
  return {
    applicationId,
    total: r.mc.length,
    unanswered: r.mc.flatMap((item, i) => ((answers.get(item.id) ?? null) === null ? [i + 1] : [])),
    essaysToWrite: r.form.vignettesAnswered,
    unwritten: r.vignettes.flatMap((v, i) =>
      r.attempt.vignettesChosen.includes(v.id) && !written.has(v.id) ? [i + 1] : [],
    ),
    endsAt: r.attempt.endsAt,
    secondsLeft: secondsLeft(r.attempt, now),
    largeText: r.largeText,
  };
}

/** The applicant submits: the multiple-choice part is scored at once, in the same transaction. */
export async function submitMyAttempt(
  actor: Actor | undefined,
  applicationId: string,
  services: Services,
  now: Date = new Date(),
): Promise<ScoringState> {
  const r = await running(actor, applicationId, services, now);
  const at = timestamp(now);
  const scored = await services.db.kysely.transaction().execute(async (tx) => {
    // The time ran out a moment ago: submitted as it stood then.
    if (await timeOut(tx, services, r.attempt, at)) return undefined;
    if (!(await submitAttempt(tx, r.attempt.id, { at, how: 'applicant' }))) return undefined;
    await auditSubmit(tx, r.attempt, actor!.userId, 'applicant');
    return scoreAttempt(tx, services, r.attempt.id, at);
  });
  if (!scored) throw new DomainError('EXAM_TIME_UP', 'the exam has been submitted already');
  return scored;
}
