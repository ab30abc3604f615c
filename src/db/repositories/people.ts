// People (better-auth users) and their roles in associations (better-auth members).
import type { Kysely } from 'kysely';
import { authDate, authFlag, type Dialect, fromFlag, newId, toNumber } from '../portable.ts';
import { prepared } from '../prepared.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export interface PersonRow {
  id: string;
  name: string;
  email: string;
  isSiteAdmin: boolean;
  /** The address is proven (an e-mailed link was opened, or an operator made the account). */
  emailVerified: boolean;
}

const personColumns = ['id', 'name', 'email', 'isSiteAdmin', 'emailVerified'] as const;
const toPerson = (r: {
  id: string;
  name: string;
  email: string;
  isSiteAdmin: unknown;
  emailVerified: unknown;
}): PersonRow => ({
  id: r.id,
  name: r.name,
  email: r.email,
  isSiteAdmin: fromFlag(r.isSiteAdmin),
  emailVerified: fromFlag(r.emailVerified),
});

const personById = prepared((db, { id }: { id: string }) =>
  db.selectFrom('user').select(personColumns).where('id', '=', id),
);

export async function findPersonById(db: Q, id: string): Promise<PersonRow | undefined> {
  const [row] = await personById(db, { id });
  return row && toPerson(row);
}

export async function findPersonByEmail(db: Q, email: string): Promise<PersonRow | undefined> {
  const row = await db
    .selectFrom('user')
    .select(personColumns)
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  return row && toPerson(row);
}

/** Whether the person has confirmed their e-mail address (better-auth's `emailVerified`). */
export async function isEmailVerified(db: Q, id: string): Promise<boolean> {
  const row = await db.selectFrom('user').select('emailVerified').where('id', '=', id).executeTakeFirst();
  return row?.emailVerified === true || row?.emailVerified === 1;
}

export async function setSiteAdmin(db: Q, dialect: Dialect, userId: string, isSiteAdmin: boolean) {
  await db
    .updateTable('user')
    .set({ isSiteAdmin: authFlag(dialect, isSiteAdmin) })
    .where('id', '=', userId)
    .execute();
}

export async function markEmailVerified(db: Q, dialect: Dialect, userId: string): Promise<void> {
  await db
    .updateTable('user')
    .set({ emailVerified: authFlag(dialect, true) })
    .where('id', '=', userId)
    .execute();
}

/** Whether the person has a password (someone who signs in only by e-mailed link has none). */
export async function hasPassword(db: Q, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('account')
    .select('id')
    .where('userId', '=', userId)
    .where('providerId', '=', 'credential')
    .where('password', 'is not', null)
    .executeTakeFirst();
  return !!row;
}

export async function countSiteAdmins(db: Q, dialect: Dialect): Promise<number> {
  const row = await db
    .selectFrom('user')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('isSiteAdmin', '=', authFlag(dialect, true))
    .executeTakeFirstOrThrow();
  return toNumber(row.n);
}

/** Every membership of a person: association id and the comma-separated roles. */
export async function membershipsOf(db: Q, userId: string) {
  return db
    .selectFrom('member')
    .innerJoin('organization', 'organization.id', 'member.organizationId')
    .select([
      'member.organizationId as associationId',
      'organization.slug',
      'organization.name',
      'member.role',
    ])
    .where('member.userId', '=', userId)
    .orderBy('organization.slug')
    .execute();
}

export async function peopleOfAssociation(db: Q, associationId: string) {
  const rows = await db
    .selectFrom('member')
    .innerJoin('user', 'user.id', 'member.userId')
    .select(['user.id', 'user.name', 'user.email', 'user.isSiteAdmin', 'user.emailVerified', 'member.role'])
    .where('member.organizationId', '=', associationId)
    .orderBy('user.name')
    .execute();
  return rows.map((r) => ({ ...toPerson(r), role: r.role }));
}

export async function findMembership(db: Q, associationId: string, userId: string) {
  return db
    .selectFrom('member')
    .select(['id', 'role'])
    .where('organizationId', '=', associationId)
    .where('userId', '=', userId)
    .executeTakeFirst();
}

/** Sets a person's roles in an association; no roles removes the membership. */
export async function setMembershipRoles(
  db: Q,
  dialect: Dialect,
  associationId: string,
  userId: string,
  roles: string,
): Promise<void> {
  const existing = await findMembership(db, associationId, userId);
  if (!roles) {
    if (existing) await db.deleteFrom('member').where('id', '=', existing.id).execute();
    return;
  }
  if (existing) {
    await db.updateTable('member').set({ role: roles }).where('id', '=', existing.id).execute();
  } else {
    await db
      .insertInto('member')
      .values({
        id: newId(),
        organizationId: associationId,
        userId,
        role: roles,
        createdAt: authDate(dialect),
      })
      .execute();
  }
}

/** The names and e-mail addresses of these people, by id: a list's people in one query. */
export async function namesOf(
  db: Q,
  ids: readonly string[],
): Promise<Map<string, { name: string; email: string }>> {
  const found = new Map<string, { name: string; email: string }>();
  if (ids.length === 0) return found;
  const rows = await db.selectFrom('user').select(['id', 'name', 'email']).where('id', 'in', ids).execute();
  for (const r of rows) found.set(r.id, { name: r.name, email: r.email });
  return found;
}
