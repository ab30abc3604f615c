// Counts of sign-in attempts per key, in a window that begins with the first
// attempt. Each change is one statement, so that processes sharing the
// database never lose a count.
import type { Kysely } from 'kysely';
import { toNumber } from '../portable.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export interface SignInCount {
  /** Attempts in the window, this one included. */
  count: number;
  /** When the window ends (ISO-8601). */
  windowEnd: string;
}

/**
 * Adds one attempt for `key` at `now`: to the key's window while it lasts,
 * otherwise as the first of a new window ending at `newWindowEnd`.
 */
export async function addSignInAttempt(
  db: Q,
  key: string,
  now: string,
  newWindowEnd: string,
): Promise<SignInCount> {
  const row = await db
    .insertInto('sign_in_count')
    .values({ key, window_end: newWindowEnd, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => {
        const ended = eb('sign_in_count.window_end', '<=', now);
        return {
          count: eb
            .case()
            .when(ended)
            .then(1)
            .else(eb('sign_in_count.count', '+', 1))
            .end(),
          window_end: eb
            .case()
            .when(ended)
            .then(eb.ref('excluded.window_end'))
            .else(eb.ref('sign_in_count.window_end'))
            .end(),
        };
      }),
    )
    .returning(['count', 'window_end'])
    .executeTakeFirstOrThrow();
  return { count: toNumber(row.count), windowEnd: row.window_end };
}

/** Takes one attempt back from the window ending at `windowEnd` (it succeeded, and only failures count). */
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
