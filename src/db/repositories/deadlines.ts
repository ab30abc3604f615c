// What is due when: reviews (a reviewer's assignment's due_on) and responses
// to requests for more information (the latest request's response_due_on),
// the reminders already sent for them (in the audit log, action
// `deadline.remind`) and those waiting in the job queue.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { fromJson, toNumber } from '../portable.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

/** A reviewer's review still to come for the application's current round. */
export interface ReviewDeadline {
  assignmentId: string;
  applicationId: string;
  associationId: string;
  status: string;
  round: number;
  reviewerId: string;
  reviewerName: string;
  reviewerEmail: string;
  dueOn: string;
  /** Whether the reviewer has submitted their review of the current round. */
  submitted: boolean;
  active: boolean;
}

/** A request for more information and when the answer is due. */
export interface ResponseDeadline {
  decisionId: string;
  applicationId: string;
  associationId: string;
  status: string;
  round: number;
  /** The latest request-information decision of the application (a newer one replaces it). */
  latest: boolean;
  dueOn: string;
}

const reviewSubmitted = sql<number>`(select count(*) from review
  where review.assignment_id = application_assignment.id
    and review.round = application.round
    and review.status = 'submitted')`;

const reviewDeadlines = (db: Q) =>
  db
    .selectFrom('application_assignment')
    .innerJoin('application', 'application.id', 'application_assignment.application_id')
    .innerJoin('user', 'user.id', 'application_assignment.user_id')
    .select([
      'application_assignment.id as assignmentId',
      'application.id as applicationId',
      'application.association_id as associationId',
      'application.status',
      'application.round',
      'application_assignment.user_id as reviewerId',
      'user.name as reviewerName',
      'user.email as reviewerEmail',
      'application_assignment.due_on as dueOn',
      'application_assignment.status as assignmentStatus',
      reviewSubmitted.as('submittedCount'),
    ])
    .where('application_assignment.role', '=', 'reviewer')
    .where('application_assignment.due_on', 'is not', null);

type ReviewRow = Awaited<ReturnType<ReturnType<typeof reviewDeadlines>['execute']>>[number];
const toReview = (r: ReviewRow): ReviewDeadline => ({
  assignmentId: r.assignmentId,
  applicationId: r.applicationId,
  associationId: r.associationId,
  status: r.status,
  round: toNumber(r.round),
  reviewerId: r.reviewerId,
  reviewerName: r.reviewerName,
  reviewerEmail: r.reviewerEmail,
  dueOn: r.dueOn!,
  submitted: toNumber(r.submittedCount) > 0,
  active: r.assignmentStatus === 'active',
});

export async function findReviewDeadline(db: Q, assignmentId: string): Promise<ReviewDeadline | undefined> {
  const row = await reviewDeadlines(db)
    .where('application_assignment.id', '=', assignmentId)
    .executeTakeFirst();
  return row && toReview(row);
}

/** Active reviewer assignments with a due date, on applications in `states`, not yet reviewed this round. */
export async function openReviewDeadlines(db: Q, states: readonly string[]): Promise<ReviewDeadline[]> {
  const rows = await reviewDeadlines(db)
    .where('application_assignment.status', '=', 'active')
    .where('application.status', 'in', [...states])
    .execute();
  return rows.map(toReview).filter((r) => !r.submitted);
}

const latestRequest = sql<string>`(select d2.id from application_decision d2
  where d2.application_id = application_decision.application_id and d2.step = 'request-information'
  order by d2.decided_at desc, d2.id desc limit 1)`;

const responseDeadlines = (db: Q) =>
  db
    .selectFrom('application_decision')
    .innerJoin('application', 'application.id', 'application_decision.application_id')
    .select([
      'application_decision.id as decisionId',
      'application.id as applicationId',
      'application.association_id as associationId',
      'application.status',
      'application.round',
      'application_decision.response_due_on as dueOn',
      latestRequest.as('latestId'),
    ])
    .where('application_decision.step', '=', 'request-information')
    .where('application_decision.response_due_on', 'is not', null);

type ResponseRow = Awaited<ReturnType<ReturnType<typeof responseDeadlines>['execute']>>[number];
const toResponse = (r: ResponseRow): ResponseDeadline => ({
  decisionId: r.decisionId,
  applicationId: r.applicationId,
  associationId: r.associationId,
  status: r.status,
  round: toNumber(r.round),
  latest: r.latestId === r.decisionId,
  dueOn: r.dueOn!,
});

export async function findResponseDeadline(db: Q, decisionId: string): Promise<ResponseDeadline | undefined> {
  const row = await responseDeadlines(db)
    .where('application_decision.id', '=', decisionId)
    .executeTakeFirst();
  return row && toResponse(row);
}

/** The latest request of each application waiting for the applicant's answer. */
export async function openResponseDeadlines(db: Q): Promise<ResponseDeadline[]> {
  const rows = await responseDeadlines(db)
    .where('application.status', '=', 'more-information-requested')
    .execute();
  return rows.map(toResponse).filter((r) => r.latest);
}

/** The reminders sent (`subjectId dueOn key`), for the subjects given, or for all. */
export async function sentReminders(db: Q, subjectIds?: readonly string[]): Promise<Set<string>> {
  let query = db
    .selectFrom('audit_event')
    .select(['subject_id', 'after'])
    .where('action', '=', 'deadline.remind');
  if (subjectIds) {
    if (subjectIds.length === 0) return new Set();
    query = query.where('subject_id', 'in', [...subjectIds]);
  }
  const rows = await query.execute();
  return new Set(
    rows.map((r) => {
      const after = fromJson<{ key: string; dueOn: string }>(r.after);
      return `${r.subject_id} ${after?.dueOn ?? ''} ${after?.key ?? ''}`;
    }),
  );
}

/** The payloads of the pending jobs of `kinds`. */
export async function pendingPayloads(db: Q, kinds: readonly string[]): Promise<unknown[]> {
  const rows = await db
    .selectFrom('job')
    .select('payload')
    .where('kind', 'in', [...kinds])
    .where('done_at', 'is', null)
    .execute();
  return rows.map((r) => fromJson<unknown>(r.payload));
}
