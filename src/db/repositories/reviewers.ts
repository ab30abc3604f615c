// Reviewers: the endorsements they hold as recorded by staff (a removed one
// keeps its row, with when it was removed), how many reviews each has on
// hand, and their assignments with the applications they are on.
import type { Kysely } from 'kysely';
import { newId } from '../portable.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export interface QualificationRow {
  id: string;
  associationId: string;
  userId: string;
  credential: string;
  field: string;
  level: number;
  evidence: string;
  recordedBy: string | null;
  recordedAt: string;
}

const qualificationColumns = [
  'id',
  'association_id as associationId',
  'user_id as userId',
  'credential',
  'field',
  'level',
  'evidence',
  'recorded_by as recordedBy',
  'recorded_at as recordedAt',
] as const;

export async function insertQualification(db: Q, values: Omit<QualificationRow, 'id'>): Promise<string> {
  const id = newId();
  await db
    .insertInto('reviewer_qualification')
    .values({
      id,
      association_id: values.associationId,
      user_id: values.userId,
      credential: values.credential,
      field: values.field,
      level: values.level,
      evidence: values.evidence,
      recorded_by: values.recordedBy,
      recorded_at: values.recordedAt,
      removed_at: null,
    })
    .execute();
  return id;
}

/** The qualifications in force (not removed) of the association's reviewers, oldest first. */
export async function qualificationsOf(db: Q, associationId: string): Promise<QualificationRow[]> {
  return db
    .selectFrom('reviewer_qualification')
    .select(qualificationColumns)
    .where('association_id', '=', associationId)
    .where('removed_at', 'is', null)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
}

export async function findQualification(db: Q, id: string): Promise<QualificationRow | undefined> {
  return db
    .selectFrom('reviewer_qualification')
    .select(qualificationColumns)
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

/** Marks a qualification removed; returns whether it was in force. */
export async function removeQualification(db: Q, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('reviewer_qualification')
    .set({ removed_at: at })
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Active reviewer assignments per person on applications in none of
 * `settledStates` (decided or closed): a reviewer's load.
 */
export async function reviewerLoads(
  db: Q,
  userIds: readonly string[],
  settledStates: readonly string[],
): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('application_assignment')
    .innerJoin('application', 'application.id', 'application_assignment.application_id')
    .select(['application_assignment.user_id as userId', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('application_assignment.user_id', 'in', [...userIds])
    .where('application_assignment.role', '=', 'reviewer')
    .where('application_assignment.status', '=', 'active')
    .where('application.status', 'not in', [...settledStates])
    .groupBy('application_assignment.user_id')
    .execute();
  return new Map(rows.map((r) => [r.userId, Number(r.n)]));
}

/** Whether the reviewer of the assignment has submitted their review of `round`. */
export async function hasSubmittedReview(db: Q, assignmentId: string, round: number): Promise<boolean> {
  const row = await db
    .selectFrom('review')
    .select('id')
    .where('assignment_id', '=', assignmentId)
    .where('round', '=', round)
    .where('status', '=', 'submitted')
    .executeTakeFirst();
  return !!row;
}

export interface ReviewerAssignmentRow {
  assignmentId: string;
  applicationId: string;
  applicantName: string;
  credential: string;
  status: string;
  associationId: string;
  associationName: string;
  associationSlug: string;
  assignedAt: string;
  dueOn: string | null;
}

/** A person's active reviewer assignments, with the application each is on. */
export async function activeReviewsOfPerson(db: Q, userId: string): Promise<ReviewerAssignmentRow[]> {
  return db
    .selectFrom('application_assignment')
    .innerJoin('application', 'application.id', 'application_assignment.application_id')
    .innerJoin('user', 'user.id', 'application.user_id')
    .innerJoin('organization', 'organization.id', 'application.association_id')
    .select([
      'application_assignment.id as assignmentId',
      'application.id as applicationId',
      'user.name as applicantName',
      'application.credential',
      'application.status',
      'organization.id as associationId',
      'organization.name as associationName',
      'organization.slug as associationSlug',
      'application_assignment.assigned_at as assignedAt',
      'application_assignment.due_on as dueOn',
    ])
    .where('application_assignment.user_id', '=', userId)
    .where('application_assignment.role', '=', 'reviewer')
    .where('application_assignment.status', '=', 'active')
    .execute();
}
