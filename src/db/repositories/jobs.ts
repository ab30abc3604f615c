// The job table: background work (e-mail, reminders) that any server process
// may pick up. A job is claimed by setting `locked_by`/`locked_until` (a lease);
// it is pending while `done_at` is null, done when `done_at` is set and
// `last_error` is null, and failed (given up) when `done_at` is set and
// `last_error` holds the last error. All state lives here, none in a process,
// so several processes sharing one database never run one job twice (as long
// as a job finishes within its lease).
import { Kysely, type Selectable } from 'kysely';
import { type Db, lockUntilCommit } from '../database.ts';
import { fromJson, newId, timestamp, toJson, toNumber } from '../portable.ts';
import type { Database, JobTable } from '../schema.ts';

export interface Job<P = unknown> {
  id: string;
  kind: string;
  payload: P;
  runAt: string;
  /** Failed runs so far (a run that succeeds does not count). */
  attempts: number;
  lastError: string | null;
  lockedBy: string | null;
  lockedUntil: string | null;
  doneAt: string | null;
  createdAt: string;
}

export type JobState = 'pending' | 'done' | 'failed';

/** A Db, or a Kysely instance or transaction (so a job can be enqueued in the same transaction as the change it follows). */
export type Executor = Db | Kysely<Database>;

const kysely = (db: Executor): Kysely<Database> => (db instanceof Kysely ? db : db.kysely);

const iso = (value: Date | string): string => timestamp(typeof value === 'string' ? new Date(value) : value);

function toJob(row: Selectable<JobTable>): Job {
  return {
    id: row.id,
    kind: row.kind,
    payload: fromJson<unknown>(row.payload),
    runAt: row.run_at,
    attempts: toNumber(row.attempts),
    lastError: row.last_error,
    lockedBy: row.locked_by,
    lockedUntil: row.locked_until,
    doneAt: row.done_at,
    createdAt: row.created_at,
  };
}

export function jobState(job: Pick<Job, 'doneAt' | 'lastError'>): JobState {
  if (job.doneAt === null) return 'pending';
  return job.lastError === null ? 'done' : 'failed';
}

/** Adds a job to run at `runAt` (default now), counted against `accountId` if given; returns its id. */
export async function enqueue(
  db: Executor,
  kind: string,
  payload: unknown,
  runAt: Date | string = new Date(),
  accountId: string | null = null,
): Promise<string> {
  const id = newId();
  await kysely(db)
    .insertInto('job')
    .values({
      id,
      kind,
      payload: toJson(payload ?? null),
      run_at: iso(runAt),
      attempts: 0,
      last_error: null,
      locked_by: null,
      locked_until: null,
      done_at: null,
      created_at: timestamp(),
      account_id: accountId,
    })
    .execute();
  return id;
}

/**
 * Adds a job of `kind` unless one is pending, as one step; says whether it
 * added one. A lock on the kind makes concurrent callers (servers starting at
 * once) wait for each other, so that two of them cannot both find none and
 * both add one.
 */
export async function enqueueUnlessPending(
  db: Db,
  kind: string,
  payload: unknown,
  runAt: Date,
): Promise<boolean> {
  return db.kysely.transaction().execute(async (tx) => {
    await lockUntilCommit(tx, db.dialect, `job:${kind}`);
    const pending = await tx
      .selectFrom('job')
      .select('id')
      .where('kind', '=', kind)
      .where('done_at', 'is', null)
      .limit(1)
      .executeTakeFirst();
    if (pending) return false;
    await enqueue(tx, kind, payload, runAt);
    return true;
  });
}

/**
 * Holds the account's mail quota row until the transaction `db` ends: on
 * PostgreSQL the write locks it, so a second sender for the same account waits
 * here and then counts the first one's mail; SQLite has one writer at a time.
 */
export async function lockMailQuota(db: Kysely<Database>, accountId: string, now: Date): Promise<void> {
  await db
    .insertInto('mail_quota')
    .values({ account_id: accountId, updated_at: timestamp(now) })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ updated_at: timestamp(now) }))
    .execute();
}

/** When the latest `limit` jobs of `kind` counted against the account since `since` were queued, newest first. */
export async function chargedJobTimes(
  db: Kysely<Database>,
  kind: string,
  accountId: string,
  since: Date,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('job')
    .select('created_at')
    .where('account_id', '=', accountId)
    .where('kind', '=', kind)
    .where('created_at', '>', timestamp(since))
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.created_at);
}

/**
 * Claims up to `limit` jobs that are due at `now`, not done, and not locked (or
 * whose lock has expired), locking them for `lockMs` to `workerId`; returns
 * them oldest first. Only jobs of `kinds` when given.
 *
 * One UPDATE … WHERE id IN (SELECT …) RETURNING on both databases. On
 * PostgreSQL the inner SELECT takes row locks with FOR UPDATE SKIP LOCKED, so
 * concurrent claimers skip each other's rows instead of waiting, and a row
 * another claimer has just taken fails the re-check of the WHERE clause. On
 * SQLite a write statement takes the database's single write lock before it
 * reads (waiting up to busy_timeout), so the statement is its own
 * serialised transaction.
 */
export async function claimDue(
  db: Db,
  workerId: string,
  now: Date,
  limit: number,
  lockMs: number,
  kinds?: readonly string[],
): Promise<Job[]> {
  if (limit <= 0 || (kinds !== undefined && kinds.length === 0)) return [];
  const at = timestamp(now);
  const until = timestamp(new Date(now.getTime() + lockMs));
  const rows = await db.kysely
    .updateTable('job')
    .set({ locked_by: workerId, locked_until: until })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('job')
        .select('id')
        .where('done_at', 'is', null)
        .where('run_at', '<=', at)
        .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<=', at)]))
        .$if(kinds !== undefined, (q) => q.where('kind', 'in', [...kinds!]))
        .orderBy('run_at')
        .orderBy('id')
        .limit(limit)
        .$if(db.dialect === 'postgres', (q) => q.forUpdate().skipLocked()),
    )
    .returningAll()
    .execute();
  return rows
    .map(toJob)
    .sort((a, b) => (a.runAt < b.runAt ? -1 : a.runAt > b.runAt ? 1 : a.id < b.id ? -1 : 1));
}

/**
 * Marks a job done and releases its lock. With `workerId`, only while that
 * worker still holds the job (its lease was not taken over); returns whether a
 * row changed.
 */
export async function markDone(
  db: Executor,
  id: string,
  workerId?: string,
  now: Date = new Date(),
): Promise<boolean> {
  const result = await kysely(db)
    .updateTable('job')
    .set({ done_at: timestamp(now), last_error: null, locked_by: null, locked_until: null })
    .where('id', '=', id)
    .where('done_at', 'is', null)
    .$if(workerId !== undefined, (q) => q.where('locked_by', '=', workerId!))
    .executeTakeFirst();
  return toNumber(result.numUpdatedRows) > 0;
}

/**
 * Records a failed run: attempts + 1, the error kept in `last_error`, the lock
 * released. With a `retryAt` the job runs again then; with null it is given up
 * (done, with its error). With `workerId`, only while that worker holds the job.
 */
export async function markFailed(
  db: Executor,
  id: string,
  error: string,
  retryAt: Date | null,
  workerId?: string,
  now: Date = new Date(),
): Promise<boolean> {
  const result = await kysely(db)
    .updateTable('job')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: error,
      locked_by: null,
      locked_until: null,
      ...(retryAt === null ? { done_at: timestamp(now) } : { run_at: timestamp(retryAt) }),
    }))
    .where('id', '=', id)
    .where('done_at', 'is', null)
    .$if(workerId !== undefined, (q) => q.where('locked_by', '=', workerId!))
    .executeTakeFirst();
  return toNumber(result.numUpdatedRows) > 0;
}

export async function getJob(db: Executor, id: string): Promise<Job | undefined> {
  const row = await kysely(db).selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toJob(row);
}

/** Jobs not yet done (due or scheduled later, locked or not). */
export async function countPending(db: Executor, kind?: string): Promise<number> {
  const row = await kysely(db)
    .selectFrom('job')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('done_at', 'is', null)
    .$if(kind !== undefined, (q) => q.where('kind', '=', kind!))
    .executeTakeFirstOrThrow();
  return toNumber(row.n);
}

/** Jobs given up after their last attempt. */
export async function countFailed(db: Executor, kind?: string): Promise<number> {
  const row = await kysely(db)
    .selectFrom('job')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('done_at', 'is not', null)
    .where('last_error', 'is not', null)
    .$if(kind !== undefined, (q) => q.where('kind', '=', kind!))
    .executeTakeFirstOrThrow();
  return toNumber(row.n);
}

export interface ListJobsOptions {
  kind?: string;
  state?: JobState;
  limit?: number;
  offset?: number;
}

/** Jobs newest first, for the admin pages and tests. */
export async function listJobs(db: Executor, options: ListJobsOptions = {}): Promise<Job[]> {
  const { kind, state, limit = 100, offset = 0 } = options;
  const rows = await kysely(db)
    .selectFrom('job')
    .selectAll()
    .$if(kind !== undefined, (q) => q.where('kind', '=', kind!))
    .$if(state === 'pending', (q) => q.where('done_at', 'is', null))
    .$if(state === 'done', (q) => q.where('done_at', 'is not', null).where('last_error', 'is', null))
    .$if(state === 'failed', (q) => q.where('done_at', 'is not', null).where('last_error', 'is not', null))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map(toJob);
}

/** Puts a failed (given-up) job back in the queue with its attempts reset, to run at `runAt`. */
export async function retryFailed(db: Executor, id: string, runAt: Date = new Date()): Promise<boolean> {
  const result = await kysely(db)
    .updateTable('job')
    .set({ done_at: null, attempts: 0, run_at: timestamp(runAt), locked_by: null, locked_until: null })
    .where('id', '=', id)
    .where('done_at', 'is not', null)
    .where('last_error', 'is not', null)
    .executeTakeFirst();
  return toNumber(result.numUpdatedRows) > 0;
}

/**
 * Deletes jobs that succeeded before `before` (failed ones are kept for inspection); returns how many.
 * Mail jobs of the last 24 hours are what the daily mail cap counts: keep them.
 */
export async function pruneDone(db: Executor, before: Date): Promise<number> {
  const result = await kysely(db)
    .deleteFrom('job')
    .where('done_at', '<', timestamp(before))
    .where('last_error', 'is', null)
    .executeTakeFirst();
  return toNumber(result.numDeletedRows);
}
