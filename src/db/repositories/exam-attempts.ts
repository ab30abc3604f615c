// Attempts at the exam and what was answered in them: one attempt per
// registration, its clock (started, ends) held here; each answer and each
// essay saved the moment it is given; the result once scored.
import type { Kysely } from 'kysely';
import type { DomainPerformance, EssayCategory } from '../../domain/exam.ts';
import type { ItemKind } from './exam-bank.ts';
import { fromJson, newId, toJson, toNumber } from '../portable.ts';
import { prepared } from '../prepared.ts';
import type { Database, ExamAttemptTable } from '../schema.ts';

type Q = Kysely<Database>;

export type AttemptStatus = 'in-progress' | 'submitted' | 'scored';

export interface AttemptRow {
  id: string;
  registrationId: string;
  applicationId: string;
  formId: string;
  mode: 'online' | 'paper';
  startedAt: string;
  endsAt: string;
  submittedAt: string | null;
  submittedHow: 'applicant' | 'time-out' | 'paper-entry' | null;
  vignettesChosen: string[];
  status: AttemptStatus;
  mcCorrect: number | null;
  mcCounted: number | null;
  essayPoints: number | null;
  result: 'passed' | 'failed' | null;
  byDomain: DomainPerformance[];
  scoredAt: string | null;
}

const attemptRow = (r: ExamAttemptTable): AttemptRow => ({
  id: r.id,
  registrationId: r.registration_id,
  applicationId: r.application_id,
  formId: r.form_id,
  mode: r.mode as AttemptRow['mode'],
  startedAt: r.started_at,
  endsAt: r.ends_at,
  submittedAt: r.submitted_at,
  submittedHow: r.submitted_how as AttemptRow['submittedHow'],
  vignettesChosen: fromJson<string[]>(r.vignettes_chosen) ?? [],
  status: r.status as AttemptStatus,
  mcCorrect: r.mc_correct === null ? null : toNumber(r.mc_correct),
  mcCounted: r.mc_counted === null ? null : toNumber(r.mc_counted),
  essayPoints: r.essay_points === null ? null : toNumber(r.essay_points),
  result: r.result as AttemptRow['result'],
  byDomain: fromJson<DomainPerformance[]>(r.by_domain) ?? [],
  scoredAt: r.scored_at,
});

export async function insertAttempt(
  db: Q,
  v: {
    registrationId: string;
    applicationId: string;
    formId: string;
    mode: AttemptRow['mode'];
    startedAt: string;
    endsAt: string;
  },
): Promise<AttemptRow> {
  const row: ExamAttemptTable = {
    id: newId(),
    registration_id: v.registrationId,
    application_id: v.applicationId,
    form_id: v.formId,
    mode: v.mode,
    started_at: v.startedAt,
    ends_at: v.endsAt,
    submitted_at: null,
    submitted_how: null,
    vignettes_chosen: '[]',
    status: 'in-progress',
    mc_correct: null,
    mc_counted: null,
    essay_points: null,
    result: null,
    by_domain: null,
    scored_at: null,
  };
  await db.insertInto('exam_attempt').values(row).execute();
  return attemptRow(row);
}

export async function findAttempt(db: Q, id: string): Promise<AttemptRow | undefined> {
  const row = await db.selectFrom('exam_attempt').selectAll().where('id', '=', id).executeTakeFirst();
  return row && attemptRow(row);
}

export async function attemptOfRegistration(db: Q, registrationId: string): Promise<AttemptRow | undefined> {
  const row = await db
    .selectFrom('exam_attempt')
    .selectAll()
    .where('registration_id', '=', registrationId)
    .executeTakeFirst();
  return row && attemptRow(row);
}

/** The application's attempts, the first first. */
const attemptsOfApplication = prepared((db, { applicationId }: { applicationId: string }) =>
  db
    .selectFrom('exam_attempt')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('started_at')
    .orderBy('id'),
);

export async function attemptsOf(db: Q, applicationId: string): Promise<AttemptRow[]> {
  return (await attemptsOfApplication(db, { applicationId })).map(attemptRow);
}

export async function lastAttemptOf(db: Q, applicationId: string): Promise<AttemptRow | undefined> {
  return (await attemptsOf(db, applicationId)).at(-1);
}

/** Saves one multiple-choice answer (null clears it); the service has checked the clock. */
export async function saveAnswer(
  db: Q,
  v: { attemptId: string; itemId: string; choice: number | null; at: string },
): Promise<void> {
  await db
    .insertInto('exam_answer')
    .values({ attempt_id: v.attemptId, item_id: v.itemId, choice: v.choice, answered_at: v.at })
    .onConflict((oc) =>
      oc.columns(['attempt_id', 'item_id']).doUpdateSet({ choice: v.choice, answered_at: v.at }),
    )
    .execute();
}

/** The attempt's multiple-choice answers, item id → choice. */
export async function answersOf(db: Q, attemptId: string): Promise<Map<string, number | null>> {
  const rows = await db
    .selectFrom('exam_answer')
    .select(['item_id', 'choice'])
    .where('attempt_id', '=', attemptId)
    .execute();
  return new Map(rows.map((r) => [r.item_id, r.choice === null ? null : toNumber(r.choice)]));
}

export interface EssayResponseRow {
  id: string;
  attemptId: string;
  vignetteId: string;
  text: string;
  blindCode: string;
  savedAt: string;
}

/** Saves the essay for one vignette (the blind code is made once, with the first save). */
export async function saveEssay(
  db: Q,
  v: { attemptId: string; vignetteId: string; text: string; blindCode: string; at: string },
): Promise<void> {
  await db
    .insertInto('exam_essay_response')
    .values({
      id: newId(),
      attempt_id: v.attemptId,
      vignette_id: v.vignetteId,
      text: v.text,
      blind_code: v.blindCode,
      saved_at: v.at,
    })
    .onConflict((oc) =>
      oc.columns(['attempt_id', 'vignette_id']).doUpdateSet({ text: v.text, saved_at: v.at }),
    )
    .execute();
}

export async function essaysOf(db: Q, attemptId: string): Promise<EssayResponseRow[]> {
  const rows = await db
    .selectFrom('exam_essay_response')
    .selectAll()
    .where('attempt_id', '=', attemptId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    attemptId: r.attempt_id,
    vignetteId: r.vignette_id,
    text: r.text,
    blindCode: r.blind_code,
    savedAt: r.saved_at,
  }));
}

export async function setVignettesChosen(db: Q, attemptId: string, ids: string[]): Promise<void> {
  await db
    .updateTable('exam_attempt')
    .set({ vignettes_chosen: toJson(ids) })
    .where('id', '=', attemptId)
    .execute();
}

/** Submits an attempt in progress with compare-and-set; false when it was submitted already. */
export async function submitAttempt(
  db: Q,
  id: string,
  v: { at: string; how: NonNullable<AttemptRow['submittedHow']> },
): Promise<boolean> {
  const result = await db
    .updateTable('exam_attempt')
    .set({ status: 'submitted', submitted_at: v.at, submitted_how: v.how })
    .where('id', '=', id)
    .where('status', '=', 'in-progress')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records the multiple-choice score (the moment the attempt is submitted, and again when an item is discounted). */
export async function recordMultipleChoice(
  db: Q,
  id: string,
  v: { correct: number; counted: number; byDomain: DomainPerformance[] },
): Promise<void> {
  await db
    .updateTable('exam_attempt')
    .set({ mc_correct: v.correct, mc_counted: v.counted, by_domain: toJson(v.byDomain) })
    .where('id', '=', id)
    .execute();
}

/**
 * Records the result once both parts are scored, with compare-and-set on the
 * attempt's status and result before (`from`): false when someone else
 * recorded it first.
 */
export async function recordResult(
  db: Q,
  id: string,
  from: { status: AttemptStatus; result: AttemptRow['result'] },
  v: { essayPoints: number; result: 'passed' | 'failed'; at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('exam_attempt')
    .set({ status: 'scored', essay_points: v.essayPoints, result: v.result, scored_at: v.at })
    .where('id', '=', id)
    .where('status', '=', from.status)
    .where((eb) => (from.result === null ? eb('result', 'is', null) : eb('result', '=', from.result)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Attempts in progress whose time ran out before `at` (for the sweep that submits them as they stand). */
export async function attemptsTimedOut(db: Q, at: string): Promise<AttemptRow[]> {
  const rows = await db
    .selectFrom('exam_attempt')
    .selectAll()
    .where('status', '=', 'in-progress')
    .where('ends_at', '<=', at)
    .orderBy('ends_at')
    .execute();
  return rows.map(attemptRow);
}

/**
 * Holds the attempt's row until the transaction ends (a write that changes
 * nothing), so an answer and the submission that ends the attempt are taken
 * one after the other: no answer is saved after the attempt was submitted.
 */
export async function lockAttempt(db: Q, id: string): Promise<void> {
  await db
    .updateTable('exam_attempt')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('id', '=', id)
    .execute();
}

/** An item as the applicant sees it while sitting the exam: never the key, the rubric or the domains. */
export interface ItemToSit {
  id: string;
  kind: ItemKind;
  text: string;
  options: string[];
  category: EssayCategory | null;
}

/**
 * The item versions of a form, in order, as they are put to the applicant:
 * the key is not even read (formItems in exam-bank.ts is for scoring and
 * administration).
 */
export async function formItemsToSit(db: Q, formId: string): Promise<ItemToSit[]> {
  const rows = await db
    .selectFrom('exam_form_item')
    .innerJoin('exam_item', 'exam_item.id', 'exam_form_item.item_id')
    .select(['exam_item.id', 'exam_item.kind', 'exam_item.text', 'exam_item.options', 'exam_item.category'])
    .where('exam_form_item.form_id', '=', formId)
    .orderBy('exam_form_item.position')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as ItemKind,
    text: r.text,
    options: fromJson<string[]>(r.options) ?? [],
    category: r.category as EssayCategory | null,
  }));
}
