// Reviews (one per reviewer's assignment and round) and the decisions taken on
// applications. A review is saved as a draft any number of times and
// submitted once: both are guarded by its status, so a submitted review is
// never changed, and of two submissions at once one wins.
import type { Kysely } from 'kysely';
import { newId, toNumber } from '../portable.ts';
import { prepared } from '../prepared.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export interface ReviewRow {
  id: string;
  applicationId: string;
  assignmentId: string;
  reviewerId: string;
  reviewerName: string;
  reviewerEmail: string;
  round: number;
  status: 'draft' | 'submitted';
  findings: string;
  recommendation: string | null;
  toApplicant: string | null;
  toStaff: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
}

const select = (db: Q) =>
  db
    .selectFrom('review')
    .innerJoin('user', 'user.id', 'review.reviewer_id')
    .select([
      'review.id',
      'review.application_id as applicationId',
      'review.assignment_id as assignmentId',
      'review.reviewer_id as reviewerId',
      'user.name as reviewerName',
      'user.email as reviewerEmail',
      'review.round',
      'review.status',
      'review.findings',
      'review.recommendation',
      'review.to_applicant as toApplicant',
      'review.to_staff as toStaff',
      'review.created_at as createdAt',
      'review.updated_at as updatedAt',
      'review.submitted_at as submittedAt',
    ]);

/** Every review of an application, by round then when it was started. */
export async function reviewsOf(db: Q, applicationId: string): Promise<ReviewRow[]> {
  const rows = await select(db)
    .where('review.application_id', '=', applicationId)
    .orderBy('review.round')
    .orderBy('review.created_at')
    .orderBy('review.id')
    .execute();
  return rows as ReviewRow[];
}

export interface ReviewContent {
  applicationId: string;
  assignmentId: string;
  reviewerId: string;
  round: number;
  findings: string;
  recommendation: string | null;
  toApplicant: string | null;
  toStaff: string | null;
  at: string;
}

/**
 * Saves the review of an assignment for a round, as a draft or submitted,
 * only while it is a draft (or not started). Returns false when it had been
 * submitted already: nothing is changed then.
 */
export async function saveReview(
  db: Q,
  review: ReviewContent,
  status: 'draft' | 'submitted',
): Promise<boolean> {
  const content = {
    findings: review.findings,
    recommendation: review.recommendation,
    to_applicant: review.toApplicant,
    to_staff: review.toStaff,
    status,
    updated_at: review.at,
    submitted_at: status === 'submitted' ? review.at : null,
  };
  const saved = await db
    .insertInto('review')
    .values({
      id: newId(),
      application_id: review.applicationId,
      assignment_id: review.assignmentId,
      reviewer_id: review.reviewerId,
      round: review.round,
      created_at: review.at,
      ...content,
    })
    .onConflict((oc) =>
      oc.columns(['assignment_id', 'round']).doUpdateSet(content).where('review.status', '=', 'draft'),
    )
    .returning('id')
    .executeTakeFirst();
  return !!saved;
}

/**
 * Holds the application while it is in `state`, for the rest of the
 * transaction: a write that changes nothing, so that on PostgreSQL two
 * reviewers submitting at once, and a coordinator deciding, take their turns
 * and each sees what the one before did. Returns false when the application
 * is no longer in `state`.
 */
export async function holdApplicationInState(db: Q, id: string, state: string): Promise<boolean> {
  const result = await db
    .updateTable('application')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('id', '=', id)
    .where('status', '=', state)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface DecisionRow {
  id: string;
  applicationId: string;
  round: number;
  step: string;
  decidedAs: 'review' | 'coordinator';
  decidedBy: string | null;
  decidedByName: string | null;
  reason: string | null;
  toApplicant: string | null;
  responseDueOn: string | null;
  decidedAt: string;
}

/**
 * Records a decision, numbered after the application's earlier ones (the
 * step that goes with it holds the application's row, so two are never
 * numbered at once).
 */
export async function insertDecision(db: Q, d: Omit<DecisionRow, 'id' | 'decidedByName'>): Promise<string> {
  const id = newId();
  const earlier = await db
    .selectFrom('application_decision')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('application_id', '=', d.applicationId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('application_decision')
    .values({
      id,
      seq: toNumber(earlier.n) + 1,
      application_id: d.applicationId,
      round: d.round,
      step: d.step,
      decided_as: d.decidedAs,
      decided_by: d.decidedBy,
      reason: d.reason,
      to_applicant: d.toApplicant,
      response_due_on: d.responseDueOn,
      decided_at: d.decidedAt,
    })
    .execute();
  return id;
}

/** Every decision on an application, oldest first. */
const decisionsOfApplication = prepared((db, { applicationId }: { applicationId: string }) =>
  db
    .selectFrom('application_decision')
    .leftJoin('user', 'user.id', 'application_decision.decided_by')
    .select([
      'application_decision.id',
      'application_decision.application_id as applicationId',
      'application_decision.round',
      'application_decision.step',
      'application_decision.decided_as as decidedAs',
      'application_decision.decided_by as decidedBy',
      'user.name as decidedByName',
      'application_decision.reason',
      'application_decision.to_applicant as toApplicant',
      'application_decision.response_due_on as responseDueOn',
      'application_decision.decided_at as decidedAt',
    ])
    .where('application_decision.application_id', '=', applicationId)
    .orderBy('application_decision.seq'),
);

export async function decisionsOf(db: Q, applicationId: string): Promise<DecisionRow[]> {
  return (await decisionsOfApplication(db, { applicationId })) as DecisionRow[];
}
