// Applications: one person may hold several, for several credentials and associations, but
// only one open application per association and credential (index `application_one_open`).
import { type Kysely, sql } from 'kysely';
import { newId, timestamp } from '../portable.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export const applicationStatuses = [
  'draft',
  'submitted',
  'in-review',
  'exam',
  'endorsed',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

/** A closed application takes no more references and does not stop another one being started. */
export const closedApplicationStatuses: readonly ApplicationStatus[] = ['withdrawn', 'endorsed'];
export const isClosedApplication = (status: string): boolean =>
  (closedApplicationStatuses as readonly string[]).includes(status);
// The same condition as the partial unique index `application_one_open`, written out so that
// the database can match the ON CONFLICT target to that index.
const isOpen = sql<boolean>`status not in ('withdrawn', 'endorsed')`;

export interface ApplicationRow {
  id: string;
  userId: string;
  associationId: string;
  credential: string;
  status: string;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
}

const columns = [
  'application.id',
  'application.user_id as userId',
  'application.association_id as associationId',
  'application.credential',
  'application.status',
  'application.created_at as createdAt',
  'application.updated_at as updatedAt',
  'application.submitted_at as submittedAt',
] as const;

/**
 * Starts an application unless the person already has an open one for the
 * credential at the association; returns undefined then. Held by the partial
 * unique index, so of two concurrent starts only one inserts.
 */
export async function insertApplication(
  db: Q,
  values: { userId: string; associationId: string; credential: string },
): Promise<ApplicationRow | undefined> {
  const now = timestamp();
  const row = {
    id: newId(),
    user_id: values.userId,
    association_id: values.associationId,
    credential: values.credential,
    status: 'draft',
    created_at: now,
    updated_at: now,
    submitted_at: null,
    snapshot: null,
    snapshot_catalog_version: null,
  };
  const inserted = await db
    .insertInto('application')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'association_id', 'credential']).where(isOpen).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted && findApplication(db, inserted.id);
}

/** The person's open application for the credential at the association, if any. */
export async function findOpenApplication(
  db: Q,
  values: { userId: string; associationId: string; credential: string },
): Promise<ApplicationRow | undefined> {
  return db
    .selectFrom('application')
    .select(columns)
    .where('user_id', '=', values.userId)
    .where('association_id', '=', values.associationId)
    .where('credential', '=', values.credential)
    .where(isOpen)
    .executeTakeFirst();
}

export async function findApplication(db: Q, id: string): Promise<ApplicationRow | undefined> {
  return db.selectFrom('application').select(columns).where('id', '=', id).executeTakeFirst();
}

export async function applicationsOfPerson(db: Q, userId: string): Promise<ApplicationRow[]> {
  return db
    .selectFrom('application')
    .select(columns)
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

/** An association's applications with each applicant's name and e-mail, newest activity first. */
export async function applicationsOfAssociation(db: Q, associationId: string) {
  return db
    .selectFrom('application')
    .innerJoin('user', 'user.id', 'application.user_id')
    .select([...columns, 'user.name as applicantName', 'user.email as applicantEmail'])
    .where('application.association_id', '=', associationId)
    .orderBy('application.updated_at', 'desc')
    .execute();
}

/** Association ids where the person has an application (for staff access to their portfolio). */
export async function associationsAppliedTo(db: Q, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('application')
    .select('association_id')
    .distinct()
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => r.association_id);
}

export async function updateApplicationStatus(db: Q, id: string, status: ApplicationStatus): Promise<void> {
  await db.updateTable('application').set({ status, updated_at: timestamp() }).where('id', '=', id).execute();
}

/**
 * Submits a draft: freezes its portfolio snapshot (interchange JSON) with the
 * catalog version it was judged against, and sets submitted_at and the status,
 * only if it is still an unsubmitted draft. Returns whether it did (false:
 * submitted already, by this or another request).
 */
export async function markSubmitted(
  db: Q,
  id: string,
  snapshot: { document: string; catalogVersion: string },
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('application')
    .set({
      status: 'submitted',
      submitted_at: at,
      snapshot: snapshot.document,
      snapshot_catalog_version: snapshot.catalogVersion,
      updated_at: at,
    })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .where('submitted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The portfolio as submitted (interchange JSON), or null before submission. */
export async function findSnapshot(db: Q, id: string): Promise<string | null> {
  return (await findSubmission(db, id))?.snapshot ?? null;
}

/** The snapshot of a submitted application with the catalog version it was judged against. */
export async function findSubmission(
  db: Q,
  id: string,
): Promise<{ snapshot: string; catalogVersion: string | null } | undefined> {
  const row = await db
    .selectFrom('application')
    .select(['snapshot', 'snapshot_catalog_version as catalogVersion'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.snapshot ? { snapshot: row.snapshot, catalogVersion: row.catalogVersion } : undefined;
}

/**
 * Whether one of the person's submitted snapshots refers to the file: such a
 * file is kept for the staff who judge the application, whatever the applicant
 * does to their portfolio afterwards. File ids are UUIDs, so a match of the
 * quoted id in the snapshot's JSON is a reference to it.
 */
export async function isFileInSnapshot(db: Q, userId: string, fileId: string): Promise<boolean> {
  const row = await db
    .selectFrom('application')
    .select('id')
    .where('user_id', '=', userId)
    .where('snapshot', 'is not', null)
    .where('snapshot', 'like', `%${JSON.stringify(fileId)}%`)
    .executeTakeFirst();
  return !!row;
}
