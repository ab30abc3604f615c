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

/** Inserts a read; the unique slot and reader constraints refuse a second read of either. */
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
): Promise<EssayReadRow> {
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
  await db.insertInto('exam_essay_read').values(row).execute();
  return { ...toRead(row) };
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

export async function insertDiscount(
  db: Q,
  v: { sittingId: string; itemId: string; reason: string; by: string | null; at: string },
): Promise<void> {
  await db
    .insertInto('exam_item_discount')
    .values({
      sitting_id: v.sittingId,
      item_id: v.itemId,
      reason: v.reason,
      discounted_by: v.by,
      discounted_at: v.at,
    })
    .execute();
}
