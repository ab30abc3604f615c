// Readers' blind scores of essay responses, and the items discounted for a sitting.
import type { Kysely } from 'kysely';
import { fromJson, newId, toJson, toNumber } from '../portable.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export interface EssayReadRow {
  id: string;
  responseId: string;
  readerId: string;
  slot: 1 | 2 | 3;
  /** Points per rubric criterion, in the rubric's order. */
  scores: number[];
  total: number;
  comment: string | null;
  submittedAt: string;
}

/**
 * Inserts a read; undefined when the slot is taken or the reader has read the
 * response already (the unique constraints decide, so two at once cannot both win).
 */
export async function insertRead(
  db: Q,
  v: {
    responseId: string;
    readerId: string;
    slot: 1 | 2 | 3;
    scores: number[];
    comment: string | null;
    at: string;
  },
): Promise<EssayReadRow | undefined> {
  const row = {
    id: newId(),
    response_id: v.responseId,
    reader_id: v.readerId,
    slot: v.slot,
    scores: toJson(v.scores),
    total: v.scores.reduce((a, b) => a + b, 0),
    comment: v.comment,
    submitted_at: v.at,
  };
  const done = await db
    .insertInto('exam_essay_read')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(done.numInsertedOrUpdatedRows ?? 0) === 1 ? toRead(row) : undefined;
}

const toRead = (r: {
  id: string;
  response_id: string;
  reader_id: string;
  slot: number;
  scores: string;
  total: number;
  comment: string | null;
  submitted_at: string;
}): EssayReadRow => ({
  id: r.id,
  responseId: r.response_id,
  readerId: r.reader_id,
  slot: toNumber(r.slot) as 1 | 2 | 3,
  scores: fromJson<number[]>(r.scores) ?? [],
  total: toNumber(r.total),
  comment: r.comment,
  submittedAt: r.submitted_at,
});

/** The reads of the responses, by response id. */
export async function readsOf(db: Q, responseIds: readonly string[]): Promise<Map<string, EssayReadRow[]>> {
  const byResponse = new Map<string, EssayReadRow[]>(responseIds.map((id) => [id, []]));
  if (!responseIds.length) return byResponse;
  const rows = await db
    .selectFrom('exam_essay_read')
    .selectAll()
    .where('response_id', 'in', [...responseIds])
    .orderBy('slot')
    .execute();
  for (const row of rows) byResponse.get(row.response_id)!.push(toRead(row));
  return byResponse;
}

/** The items discounted for the sitting. */
export async function discountsOf(db: Q, sittingId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('exam_item_discount')
    .select('item_id')
    .where('sitting_id', '=', sittingId)
    .execute();
  return new Set(rows.map((r) => r.item_id));
}

/** Discounts the item for the sitting; false when it was discounted already. */
export async function insertDiscount(
  db: Q,
  v: { sittingId: string; itemId: string; reason: string; by: string | null; at: string },
): Promise<boolean> {
  const done = await db
    .insertInto('exam_item_discount')
    .values({
      sitting_id: v.sittingId,
      item_id: v.itemId,
      reason: v.reason,
      discounted_by: v.by,
      discounted_at: v.at,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(done.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** An essay response as its readers know it: the blind code, the vignette, never whose it is. */
export interface BlindResponse {
  id: string;
  blindCode: string;
  text: string;
  vignetteId: string;
  attemptId: string;
  submittedAt: string;
  submittedHow: 'applicant' | 'time-out' | 'paper-entry';
}

/**
 * The essay responses of the association's submitted attempts that count (the
 * vignettes chosen, up to the number the form has answered), oldest first.
 */
export async function responsesToRead(
  db: Q,
  associationId: string,
  blindCode?: string,
): Promise<BlindResponse[]> {
  let query = db
    .selectFrom('exam_essay_response as r')
    .innerJoin('exam_attempt as a', 'a.id', 'r.attempt_id')
    .innerJoin('application as p', 'p.id', 'a.application_id')
    .innerJoin('exam_form as f', 'f.id', 'a.form_id')
    .select([
      'r.id',
      'r.blind_code',
      'r.text',
      'r.vignette_id',
      'a.id as attempt_id',
      'a.submitted_at',
      'a.submitted_how',
      'a.vignettes_chosen',
      'f.vignettes_answered',
    ])
    .where('p.association_id', '=', associationId)
    .where('a.status', 'in', ['submitted', 'scored']);
  if (blindCode !== undefined) query = query.where('r.blind_code', '=', blindCode);
  const rows = await query.orderBy('a.submitted_at').orderBy('r.blind_code').execute();
  return rows
    .filter((r) =>
      (fromJson<string[]>(r.vignettes_chosen) ?? [])
        .slice(0, toNumber(r.vignettes_answered))
        .includes(r.vignette_id),
    )
    .map((r) => ({
      id: r.id,
      blindCode: r.blind_code,
      text: r.text,
      vignetteId: r.vignette_id,
      attemptId: r.attempt_id,
      submittedAt: r.submitted_at ?? '',
      submittedHow: (r.submitted_how ?? 'applicant') as BlindResponse['submittedHow'],
    }));
}

/**
 * Holds the attempt's row until the transaction ends, so reads of its essays
 * are taken and scored one at a time: two readers finishing at once both see
 * each other's read, and the result is recorded by whichever is second.
 */
export async function lockAttempt(db: Q, attemptId: string): Promise<void> {
  await db
    .updateTable('exam_attempt')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('id', '=', attemptId)
    .execute();
}

/** The sitting's attempts that were submitted, with each one's multiple-choice answers. */
export async function sittingAnswers(
  db: Q,
  sittingId: string,
): Promise<Array<{ attemptId: string; formId: string; answers: Map<string, number | null> }>> {
  const attempts = await db
    .selectFrom('exam_attempt as a')
    .innerJoin('exam_registration as g', 'g.id', 'a.registration_id')
    .select(['a.id', 'a.form_id'])
    .where('g.sitting_id', '=', sittingId)
    .where('a.status', 'in', ['submitted', 'scored'])
    .orderBy('a.id')
    .execute();
  const byAttempt = new Map(
    attempts.map((a) => [
      a.id,
      { attemptId: a.id, formId: a.form_id, answers: new Map<string, number | null>() },
    ]),
  );
  if (attempts.length) {
    const answers = await db
      .selectFrom('exam_answer')
      .select(['attempt_id', 'item_id', 'choice'])
      .where('attempt_id', 'in', [...byAttempt.keys()])
      .execute();
    for (const a of answers)
      byAttempt.get(a.attempt_id)!.answers.set(a.item_id, a.choice === null ? null : toNumber(a.choice));
  }
  return [...byAttempt.values()];
}

/** The items discounted for the sitting, with why and when. */
export async function discountsWithReasons(
  db: Q,
  sittingId: string,
): Promise<Array<{ itemId: string; reason: string; at: string }>> {
  const rows = await db
    .selectFrom('exam_item_discount')
    .select(['item_id', 'reason', 'discounted_at'])
    .where('sitting_id', '=', sittingId)
    .orderBy('discounted_at')
    .execute();
  return rows.map((r) => ({ itemId: r.item_id, reason: r.reason, at: r.discounted_at }));
}
