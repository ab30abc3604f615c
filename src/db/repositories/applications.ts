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

/** How a list of applications is ordered: by latest change, or by when it came in (submitted, else started). */
export const applicationSorts = ['latest', 'newest', 'oldest'] as const;
export type ApplicationSort = (typeof applicationSorts)[number];

/** What a coordinator's list shows: drafts only when asked for by status. */
export interface ApplicationFilter {
  associationId: string;
  /** Part of the applicant's name or e-mail, any case. */
  search?: string | undefined;
  /** Only these statuses; undefined: every status but draft. */
  statuses?: readonly string[] | undefined;
  credential?: string | undefined;
  sort: ApplicationSort;
  /** The sort key and id of the last row of the previous page: the list goes on after it. */
  after?: { key: string; id: string } | undefined;
  /** At most this many rows; undefined: all of them. */
  limit?: number | undefined;
}

export interface ListedApplication extends ApplicationRow {
  applicantName: string;
  applicantEmail: string;
  /** The value the list is sorted by (with the id, what a cursor holds). */
  sortKey: string;
}

const received = sql<string>`coalesce(application.submitted_at, application.created_at)`;
const sortKeys = {
  latest: { key: sql<string>`application.updated_at`, direction: 'desc' },
  newest: { key: received, direction: 'desc' },
  oldest: { key: received, direction: 'asc' },
} as const;

/** A LIKE pattern matching `text` anywhere, its own % _ and \ taken literally. */
const containing = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * An association's applications with each applicant's name and e-mail, filtered and in a
 * stable order (sort key, then id), from where the previous page ended.
 */
export async function searchApplications(db: Q, filter: ApplicationFilter): Promise<ListedApplication[]> {
  const { key, direction } = sortKeys[filter.sort];
  const after = direction === 'desc' ? '<' : '>';
  let query = db
    .selectFrom('application')
    .innerJoin('user', 'user.id', 'application.user_id')
    .select([...columns, 'user.name as applicantName', 'user.email as applicantEmail', key.as('sortKey')])
    .where('application.association_id', '=', filter.associationId);
  if (filter.statuses) query = query.where('application.status', 'in', [...filter.statuses]);
  else query = query.where('application.status', '<>', 'draft');
  if (filter.credential) query = query.where('application.credential', '=', filter.credential);
  if (filter.search) {
    const pattern = containing(filter.search);
    query = query.where(
      sql<boolean>`(lower(${sql.ref('user.name')}) like ${pattern} escape '\\' or lower(${sql.ref('user.email')}) like ${pattern} escape '\\')`,
    );
  }
  if (filter.after) {
    const { key: k, id } = filter.after;
    query = query.where(
      sql<boolean>`(${key} ${sql.raw(after)} ${k} or (${key} = ${k} and application.id ${sql.raw(after)} ${id}))`,
    );
  }
  query = query.orderBy(key, direction).orderBy('application.id', direction);
  if (filter.limit !== undefined) query = query.limit(filter.limit);
  return query.execute();
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
