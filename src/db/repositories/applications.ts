// Applications: one person may hold several, for several credentials and associations, but
// only one open application per association and credential (index `application_one_open`).
import { type Kysely, sql } from 'kysely';
import { containing, newId, timestamp } from '../portable.ts';
import { prepared } from '../prepared.ts';
import type { Database } from '../schema.ts';
import { closedStates } from '../../domain/application-lifecycle.ts';

type Q = Kysely<Database>;

// The same condition as the partial unique index `application_one_open` (migration 0006),
// written out so that the database can match the ON CONFLICT target to that index.
const isOpen = sql<boolean>`status not in (${sql.join(closedStates.map((s) => sql.lit(s)))})`;

export interface ApplicationRow {
  id: string;
  userId: string;
  associationId: string;
  credential: string;
  status: string;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  /** The review round whose snapshot is current (0 before submission). */
  round: number;
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
  'application.round',
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

const byId = prepared((db, { id }: { id: string }) =>
  db.selectFrom('application').select(columns).where('id', '=', id),
);

export async function findApplication(db: Q, id: string): Promise<ApplicationRow | undefined> {
  return (await byId(db, { id }))[0];
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
  /** Only those with a review or an answer past its due date, judged on `today`. */
  overdueOnly?: boolean | undefined;
  /** Today (YYYY-MM-DD): what "past its due date" is judged by. */
  today: string;
}

export interface ListedApplication extends ApplicationRow {
  applicantName: string;
  applicantEmail: string;
  /** The value the list is sorted by (with the id, what a cursor holds). */
  sortKey: string;
  /** In review: the earliest due date of the reviews still to come this round. */
  reviewDueOn: string | null;
  /** More information requested: when the answer to the latest request is due. */
  responseDueOn: string | null;
}

/** Who is assigned to an application of a list. */
export interface ListedAssignment {
  applicationId: string;
  role: string;
  name: string;
}

const received = sql<string>`coalesce(application.submitted_at, application.created_at)`;
/**
 * What is waited for, and by when: the reviews still to come in review (an
 * active reviewer without a submitted review of this round), and the answer
 * to the latest request for more information. As the reminders judge them
 * (src/services/deadlines.ts).
 */
const reviewDueOn = sql<string | null>`(case when application.status = 'in-review' then
  (select min(aa.due_on) from application_assignment aa
    where aa.application_id = application.id and aa.role = 'reviewer' and aa.status = 'active'
      and aa.due_on is not null
      and not exists (select 1 from review r
        where r.assignment_id = aa.id and r.round = application.round and r.status = 'submitted'))
  end)`;
const responseDueOn = sql<string | null>`(case when application.status = 'more-information-requested' then
  (select d.response_due_on from application_decision d
    where d.application_id = application.id and d.step = 'request-information'
    order by d.decided_at desc, d.id desc limit 1)
  end)`;
const sortKeys = {
  latest: { key: sql<string>`application.updated_at`, direction: 'desc' },
  newest: { key: received, direction: 'desc' },
  oldest: { key: received, direction: 'asc' },
} as const;

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
    .select([
      ...columns,
      'user.name as applicantName',
      'user.email as applicantEmail',
      key.as('sortKey'),
      reviewDueOn.as('reviewDueOn'),
      responseDueOn.as('responseDueOn'),
    ])
    .where('application.association_id', '=', filter.associationId);
  if (filter.overdueOnly)
    query = query.where(
      sql<boolean>`(${reviewDueOn} < ${filter.today} or ${responseDueOn} < ${filter.today})`,
    );
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

/** How many of the association's applications are in each state. */
export async function countApplicationsByState(db: Q, associationId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('application')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('association_id', '=', associationId)
    .groupBy('status')
    .execute();
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

/** The active advisors and reviewers of the applications given (one query per 500 applications). */
export async function assignedToApplications(db: Q, ids: readonly string[]): Promise<ListedAssignment[]> {
  const found: ListedAssignment[] = [];
  for (let i = 0; i < ids.length; i += 500)
    found.push(
      ...(await db
        .selectFrom('application_assignment')
        .innerJoin('user', 'user.id', 'application_assignment.user_id')
        .select([
          'application_assignment.application_id as applicationId',
          'application_assignment.role',
          'user.name',
        ])
        .where('application_assignment.application_id', 'in', ids.slice(i, i + 500))
        .where('application_assignment.status', '=', 'active')
        // Assigned at the same moment: by name, so every list reads the same.
        .orderBy('application_assignment.assigned_at')
        .orderBy('user.name')
        .execute()),
    );
  return found;
}

/** Association ids where the person has an application (for staff access to their portfolio). */
const appliedTo = prepared((db, { userId }: { userId: string }) =>
  db.selectFrom('application').select('association_id').distinct().where('user_id', '=', userId),
);

export async function associationsAppliedTo(db: Q, userId: string): Promise<string[]> {
  return (await appliedTo(db, { userId })).map((r) => r.association_id);
}

/** A step of the application's lifecycle (src/domain/application-lifecycle.ts), as the repository applies it. */
export interface StateChange {
  from: string;
  to: string;
  at: string;
}

/**
 * Moves the application from `change.from` to `change.to`, only if it is
 * still in `from` (compare-and-set): of two people deciding at once, one
 * wins. Returns whether this call did.
 */
export async function changeApplicationState(db: Q, id: string, change: StateChange): Promise<boolean> {
  const result = await db
    .updateTable('application')
    .set({ status: change.to, updated_at: change.at })
    .where('id', '=', id)
    .where('status', '=', change.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * A state change that hands the association a portfolio (submitting, and
 * resubmitting after a request for more information): freezes it as the next
 * round's snapshot with the catalog version it was judged against, only if the
 * application is still in `from`. The first submission's date stays the
 * application's submission date. Returns the round frozen, or undefined when
 * the application had left `from` meanwhile.
 */
export async function freezeSubmission(
  db: Q,
  id: string,
  change: StateChange,
  snapshot: { document: string; catalogVersion: string },
): Promise<number | undefined> {
  const updated = await db
    .updateTable('application')
    .set((eb) => ({
      status: change.to,
      submitted_at: eb.fn.coalesce('submitted_at', eb.val(change.at)),
      snapshot: snapshot.document,
      snapshot_catalog_version: snapshot.catalogVersion,
      round: eb('round', '+', 1),
      updated_at: change.at,
    }))
    .where('id', '=', id)
    .where('status', '=', change.from)
    .returning('round')
    .executeTakeFirst();
  if (!updated) return undefined;
  await db
    .insertInto('application_snapshot')
    .values({
      id: newId(),
      application_id: id,
      round: updated.round,
      document: snapshot.document,
      catalog_version: snapshot.catalogVersion,
      submitted_at: change.at,
    })
    .execute();
  return updated.round;
}

/** The snapshot frozen for a round (for what changed since a reviewer's review). */
export async function findRoundSnapshot(
  db: Q,
  id: string,
  round: number,
): Promise<{ document: string; catalogVersion: string | null; submittedAt: string } | undefined> {
  return db
    .selectFrom('application_snapshot')
    .select(['document', 'catalog_version as catalogVersion', 'submitted_at as submittedAt'])
    .where('application_id', '=', id)
    .where('round', '=', round)
    .executeTakeFirst();
}

/** The portfolio as submitted (interchange JSON), or null before submission. */
export async function findSnapshot(db: Q, id: string): Promise<string | null> {
  return (await findSubmission(db, id))?.snapshot ?? null;
}

/** The snapshot of a submitted application with the catalog version it was judged against. */
const submissionOf = prepared((db, { id }: { id: string }) =>
  db
    .selectFrom('application')
    .select(['snapshot', 'snapshot_catalog_version as catalogVersion'])
    .where('id', '=', id),
);

export async function findSubmission(
  db: Q,
  id: string,
): Promise<{ snapshot: string; catalogVersion: string | null } | undefined> {
  const [row] = await submissionOf(db, { id });
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
