// Applications for the coordinator's list, written straight to the database:
// the list's tests and benchmark need many, in chosen states and at chosen
// times, which the real services would take minutes to make.
import type { Db } from '../../src/db/database.ts';
import { authDate, authFlag, newId } from '../../src/db/portable.ts';

export interface QueuedApplication {
  name: string;
  email: string;
  credential: string;
  status: string;
  /** ISO timestamps; submittedAt null for a draft. */
  createdAt: string;
  submittedAt: string | null;
  updatedAt: string;
}

/** Adds an applicant and one application of theirs per entry; returns the application ids, in order. */
export async function queueApplications(
  db: Db,
  associationId: string,
  applications: readonly QueuedApplication[],
): Promise<string[]> {
  const ids: string[] = [];
  const BATCH = 500;
  for (let i = 0; i < applications.length; i += BATCH) {
    const batch = applications.slice(i, i + BATCH).map((a) => ({ ...a, userId: newId(), id: newId() }));
    await db.kysely
      .insertInto('user')
      .values(
        batch.map((a) => ({
          id: a.userId,
          name: a.name,
          email: a.email,
          emailVerified: authFlag(db.dialect, true),
          image: null,
          createdAt: authDate(db.dialect, new Date(a.createdAt)),
          updatedAt: authDate(db.dialect, new Date(a.createdAt)),
          isSiteAdmin: authFlag(db.dialect, false),
        })),
      )
      .execute();
    await db.kysely
      .insertInto('application')
      .values(
        batch.map((a) => ({
          id: a.id,
          user_id: a.userId,
          association_id: associationId,
          credential: a.credential,
          status: a.status,
          created_at: a.createdAt,
          updated_at: a.updatedAt,
          submitted_at: a.submittedAt,
          snapshot: null,
        })),
      )
      .execute();
    ids.push(...batch.map((a) => a.id));
  }
  return ids;
}
