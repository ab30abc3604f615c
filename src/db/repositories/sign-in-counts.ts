// Counts of sign-in attempts per key and fixed window. Each change is one
// statement, so that processes sharing the database never lose a count.
import type { Kysely } from 'kysely';
import { toNumber } from '../portable.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

/** Adds one attempt to the key's window ending at `windowEnd`; returns the window's count with it. */
export async function addSignInAttempt(db: Q, key: string, windowEnd: string): Promise<number> {
  const row = await db
    .insertInto('sign_in_count')
    .values({ key, window_end: windowEnd, count: 1 })
    .onConflict((oc) =>
      oc.columns(['key', 'window_end']).doUpdateSet((eb) => ({ count: eb('sign_in_count.count', '+', 1) })),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return toNumber(row.count);
}

/** Takes one attempt back (it succeeded, and only failures count). */
export async function removeSignInAttempt(db: Q, key: string, windowEnd: string): Promise<void> {
  await db
    .updateTable('sign_in_count')
    .set((eb) => ({ count: eb('count', '-', 1) }))
    .where('key', '=', key)
    .where('window_end', '=', windowEnd)
    .where('count', '>', 0)
    .execute();
}

/** Deletes the counts of windows that have ended by `now` (ISO-8601). */
export async function deleteEndedSignInCounts(db: Q, now: string): Promise<void> {
  await db.deleteFrom('sign_in_count').where('window_end', '<=', now).execute();
}
