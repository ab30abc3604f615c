// The advisor and reviewers assigned to applications. An assignment ends by
// the reviewer declining it (with a reason) or a coordinator removing it; it
// is never deleted, so the application's history keeps who was assigned.
import type { Kysely } from 'kysely';
import { newId } from '../portable.ts';
import { prepared } from '../prepared.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export const assignmentRoles = ['advisor', 'reviewer'] as const;
export type AssignmentRole = (typeof assignmentRoles)[number];

export interface AssignmentRow {
  id: string;
  applicationId: string;
  userId: string;
  name: string;
  email: string;
  role: AssignmentRole;
  status: 'active' | 'declined' | 'removed';
  assignedAt: string;
  assignedBy: string | null;
  dueOn: string | null;
  endedAt: string | null;
  endReason: string | null;
}

const select = (db: Q) =>
  db
    .selectFrom('application_assignment')
    .innerJoin('user', 'user.id', 'application_assignment.user_id')
    .select([
      'application_assignment.id',
      'application_assignment.application_id as applicationId',
      'application_assignment.user_id as userId',
      'user.name',
      'user.email',
      'application_assignment.role',
      'application_assignment.status',
      'application_assignment.assigned_at as assignedAt',
      'application_assignment.assigned_by as assignedBy',
      'application_assignment.due_on as dueOn',
      'application_assignment.ended_at as endedAt',
      'application_assignment.end_reason as endReason',
    ]);
const toRow = (r: Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number]) => r as AssignmentRow;

/**
 * Assigns a person; returns the new assignment's id, or undefined when the
 * person (or, for an advisor, anyone) is already actively assigned so.
 */
export async function insertAssignment(
  db: Q,
  values: {
    applicationId: string;
    userId: string;
    role: AssignmentRole;
    assignedBy: string | null;
    at: string;
    dueOn?: string | null;
  },
): Promise<string | undefined> {
  const id = newId();
  const inserted = await db
    .insertInto('application_assignment')
    .values({
      id,
      application_id: values.applicationId,
      user_id: values.userId,
      role: values.role,
      status: 'active',
      assigned_by: values.assignedBy,
      assigned_at: values.at,
      due_on: values.dueOn ?? null,
      ended_at: null,
      end_reason: null,
    })
    // Held by the indexes of migration 0007: one active advisor, one active assignment per person and role.
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

const ofApplication = prepared((db, { applicationId }: { applicationId: string }) =>
  select(db)
    .where('application_assignment.application_id', '=', applicationId)
    // Assigned at the same moment: by name, so every list reads the same.
    .orderBy('application_assignment.assigned_at')
    .orderBy('user.name')
    .orderBy('application_assignment.id'),
);

/** Every assignment of an application, ended ones too, oldest first. */
export async function assignmentsOf(db: Q, applicationId: string): Promise<AssignmentRow[]> {
  return (await ofApplication(db, { applicationId })).map(toRow);
}

/** The active assignments of an application (what the policies see). */
export async function activeAssignmentsOf(db: Q, applicationId: string): Promise<AssignmentRow[]> {
  return (await assignmentsOf(db, applicationId)).filter((a) => a.status === 'active');
}

/** A person's active assignments in one role, across every application. */
export async function activeAssignmentsOfPerson(
  db: Q,
  userId: string,
  role: AssignmentRole,
): Promise<AssignmentRow[]> {
  const rows = await select(db)
    .where('application_assignment.user_id', '=', userId)
    .where('application_assignment.role', '=', role)
    .where('application_assignment.status', '=', 'active')
    .orderBy('application_assignment.assigned_at')
    .orderBy('application_assignment.id')
    .execute();
  return rows.map(toRow);
}

/** Ends an active assignment; returns whether it was active (of two ends at once, one wins). */
export async function endAssignment(
  db: Q,
  id: string,
  end: { status: 'declined' | 'removed'; at: string; reason: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('application_assignment')
    .set({ status: end.status, ended_at: end.at, end_reason: end.reason })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The ids of people with an active assignment to any application of the
 * person, by role (an advisor or reviewer reads the portfolio's files).
 */
export async function assignedToPerson(db: Q, ownerId: string): Promise<{ userId: string; role: string }[]> {
  return db
    .selectFrom('application_assignment')
    .innerJoin('application', 'application.id', 'application_assignment.application_id')
    .select(['application_assignment.user_id as userId', 'application_assignment.role'])
    .where('application.user_id', '=', ownerId)
    .where('application_assignment.status', '=', 'active')
    .execute();
}
