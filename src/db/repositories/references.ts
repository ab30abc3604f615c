// Reference requests: one per rater, per application. The rater's answers are
// kept in `rating` (JSON) and never shown to the applicant. Only a hash of the
// rater's link token is stored.
//
// `status` holds what happened last: sent → opened → submitted, or revoked.
// "Expired" is not stored: a request still sent or opened whose `expires_at`
// has passed is expired (referenceStatus).
import type { Kysely, Selectable } from 'kysely';
import { credentialIds } from '../../engine/portfolio.ts';
import { fromFlag, fromJson, newId, timestamp, toFlag, toNumber } from '../portable.ts';
import { prepared } from '../prepared.ts';
import type { Database, ReferenceRequestTable } from '../schema.ts';

type Q = Kysely<Database>;

export type StoredReferenceStatus = 'sent' | 'opened' | 'submitted' | 'revoked';
export type ReferenceStatus = StoredReferenceStatus | 'expired';
/** Requests the rater may still answer (unless expired). */
export const openStatuses: readonly StoredReferenceStatus[] = ['sent', 'opened'];

export type ReferenceRequestRow = Selectable<ReferenceRequestTable>;

/** What the applicant and the rater see: the stored status, or expired when the link ran out unanswered. */
export function referenceStatus(
  row: Pick<ReferenceRequestRow, 'status' | 'expires_at'>,
  now: Date,
): ReferenceStatus {
  const status = row.status as StoredReferenceStatus;
  if ((openStatuses as readonly string[]).includes(status) && row.expires_at <= timestamp(now))
    return 'expired';
  return status;
}

export async function insertReferenceRequest(
  db: Q,
  values: {
    applicationId: string;
    raterName: string;
    raterEmail: string;
    relationship: string;
    waived: boolean;
    tokenHash: string;
    sentAt: Date;
    expiresAt: Date;
  },
): Promise<ReferenceRequestRow> {
  const row: ReferenceRequestRow = {
    id: newId(),
    application_id: values.applicationId,
    rater_name: values.raterName,
    rater_email: values.raterEmail,
    relationship: values.relationship,
    waived: toFlag(values.waived),
    token_hash: values.tokenHash,
    status: 'sent',
    expires_at: timestamp(values.expiresAt),
    sent_at: timestamp(values.sentAt),
    opened_at: null,
    submitted_at: null,
    revoked_at: null,
    reminders_sent: 0,
    rating: null,
    created_at: timestamp(values.sentAt),
  };
  await db.insertInto('reference_request').values(row).execute();
  return row;
}

export async function findReferenceRequest(db: Q, id: string): Promise<ReferenceRequestRow | undefined> {
  return db.selectFrom('reference_request').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findReferenceRequestByTokenHash(
  db: Q,
  tokenHash: string,
): Promise<ReferenceRequestRow | undefined> {
  return db
    .selectFrom('reference_request')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** An application's requests, oldest first. */
export async function referenceRequestsOf(db: Q, applicationId: string): Promise<ReferenceRequestRow[]> {
  return db
    .selectFrom('reference_request')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function countReferenceRequests(db: Q, applicationId: string): Promise<number> {
  const row = await db
    .selectFrom('reference_request')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('application_id', '=', applicationId)
    .executeTakeFirstOrThrow();
  return toNumber(row.n);
}

const changed = (result: { numUpdatedRows: bigint | number }) => toNumber(result.numUpdatedRows) > 0;

/** The first opening of a link: sent → opened. Returns whether this call changed it. */
export async function markReferenceOpened(db: Q, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('reference_request')
    .set({ status: 'opened', opened_at: timestamp(now) })
    .where('id', '=', id)
    .where('status', '=', 'sent')
    .where('expires_at', '>', timestamp(now))
    .executeTakeFirst();
  return changed(result);
}

/**
 * Stores the rating, once: only while the request is still open, unexpired and
 * its link is `tokenHash`. Returns whether this call stored it (false: used,
 * revoked, expired or replaced meanwhile).
 */
export async function storeReferenceRating(
  db: Q,
  id: string,
  tokenHash: string,
  rating: unknown,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('reference_request')
    .set({ status: 'submitted', submitted_at: timestamp(now), rating: JSON.stringify(rating) })
    .where('id', '=', id)
    .where('token_hash', '=', tokenHash)
    .where('status', 'in', [...openStatuses])
    .where('expires_at', '>', timestamp(now))
    .executeTakeFirst();
  return changed(result);
}

/** A new link for a request not yet answered: the old one stops working. */
export async function renewReferenceLink(
  db: Q,
  id: string,
  values: { tokenHash: string; sentAt: Date; expiresAt: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('reference_request')
    .set({
      token_hash: values.tokenHash,
      status: 'sent',
      sent_at: timestamp(values.sentAt),
      expires_at: timestamp(values.expiresAt),
      opened_at: null,
      reminders_sent: 0,
    })
    .where('id', '=', id)
    .where('status', 'in', [...openStatuses])
    .executeTakeFirst();
  return changed(result);
}

export async function revokeReferenceRequest(db: Q, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('reference_request')
    .set({ status: 'revoked', revoked_at: timestamp(now) })
    .where('id', '=', id)
    .where('status', 'in', [...openStatuses])
    .executeTakeFirst();
  return changed(result);
}

/** Records that reminder number `n` went out (once: a repeated job run changes nothing). */
export async function markReminderSent(db: Q, id: string, sentAt: string, n: number): Promise<boolean> {
  const result = await db
    .updateTable('reference_request')
    .set({ reminders_sent: n })
    .where('id', '=', id)
    .where('sent_at', '=', sentAt)
    .where('reminders_sent', '<', n)
    .where('status', 'in', [...openStatuses])
    .executeTakeFirst();
  return changed(result);
}

/** What a submitted rating holds that the engine needs. */
export interface RatingForEngine {
  raterEndorsements?: string[];
  raterVetted?: boolean;
  current?: boolean;
  /** False when the rating does not count (e.g. too many "not enough information" answers). */
  counts?: boolean;
}

const knownCredentials: readonly string[] = credentialIds;

const submittedRatings = prepared((db, { applicationId }: { applicationId: string }) =>
  db
    .selectFrom('reference_request')
    .select(['rater_name', 'rater_email', 'relationship', 'submitted_at', 'rating', 'waived'])
    .where('application_id', '=', applicationId)
    .where('status', '=', 'submitted')
    .orderBy('submitted_at'),
);

/**
 * The application's submitted ratings that count, as interchange `references[]`
 * entries: relationship (as the applicant named it), whether the relationship
 * is current, the rater's own endorsements and vetting (as the rater stated
 * them), the date submitted, and the rater's address (so that what Endorse
 * records of them counts too). Ratings marked `counts: false` are left out.
 * With them, whether a rating has come in that the applicant waived the
 * right to see (counted or not).
 */
export async function submittedReferences(db: Q, applicationId: string) {
  const rows = await submittedRatings(db, { applicationId });
  const counted = rows
    .map((r) => ({ row: r, rating: fromJson<RatingForEngine>(r.rating) ?? {} }))
    .filter(({ row, rating }) => row.submitted_at && rating.counts !== false)
    .map(({ row, rating }) => ({
      name: row.rater_name,
      email: row.rater_email,
      relationship: row.relationship,
      current: rating.current ?? true,
      raterEndorsements: (rating.raterEndorsements ?? []).filter((c) => knownCredentials.includes(c)),
      raterVetted: rating.raterVetted ?? false,
      submitted: row.submitted_at!.slice(0, 10),
    }));
  return { counted, waivedRatingIn: rows.some((r) => fromFlag(r.waived)) };
}
