// Reference requests: one per rater, per application. The rater's answers are
// kept in `rating` (JSON) and never shown to the applicant.
import type { Kysely } from 'kysely';
import { fromFlag, fromJson } from '../portable.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

/** What a submitted rating holds that the engine needs. */
export interface RatingForEngine {
  raterEndorsements?: string[];
  raterVetted?: boolean;
  current?: boolean;
  /** False when the rating does not count (e.g. too many "not enough information" answers). */
  counts?: boolean;
}

/**
 * The application's submitted ratings that count, as interchange `references[]`
 * entries: relationship, rater's endorsements and the date submitted.
 */
export async function countedReferenceEntries(db: Q, applicationId: string) {
  const rows = await db
    .selectFrom('reference_request')
    .select(['rater_name', 'relationship', 'submitted_at', 'rating', 'waived'])
    .where('application_id', '=', applicationId)
    .where('status', '=', 'submitted')
    .orderBy('submitted_at')
    .execute();
  return rows
    .map((r) => ({ row: r, rating: fromJson<RatingForEngine>(r.rating) ?? {} }))
    .filter(({ row, rating }) => row.submitted_at && rating.counts !== false)
    .map(({ row, rating }) => ({
      name: row.rater_name,
      relationship: row.relationship,
      current: rating.current ?? true,
      raterEndorsements: rating.raterEndorsements ?? [],
      raterVetted: rating.raterVetted ?? false,
      submitted: row.submitted_at!.slice(0, 10),
      waived: fromFlag(row.waived),
    }));
}
