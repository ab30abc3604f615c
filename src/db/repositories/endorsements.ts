// Endorsements granted and their history. Numbers are the association's own,
// sequential and never reused: the next is taken under a lock on the
// association's row, so two finalized at once get two numbers.
import { type Kysely, sql } from 'kysely';
import { containing, fromFlag, newId, toFlag, toNumber } from '../portable.ts';
import { prepared } from '../prepared.ts';
import type { Database, EndorsementTable } from '../schema.ts';

type Q = Kysely<Database>;

export interface EndorsementRow {
  id: string;
  associationId: string;
  userId: string;
  applicationId: string | null;
  credential: string;
  category: string | null;
  number: number;
  grantedOn: string;
  renewalDueOn: string;
  status: string;
  listed: boolean;
  transferredFrom: string | null;
  createdAt: string;
  updatedAt: string;
}

export const endorsementRow = (r: EndorsementTable): EndorsementRow => ({
  id: r.id,
  associationId: r.association_id,
  userId: r.user_id,
  applicationId: r.application_id,
  credential: r.credential,
  category: r.category,
  number: toNumber(r.number),
  grantedOn: r.granted_on,
  renewalDueOn: r.renewal_due_on,
  status: r.status,
  listed: fromFlag(r.listed),
  transferredFrom: r.transferred_from,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * Inserts an active endorsement with the association's next number. The
 * association's row is written first (a write that changes nothing), which
 * holds it until the transaction ends on both databases.
 */
export async function insertEndorsement(
  db: Q,
  v: {
    associationId: string;
    userId: string;
    applicationId: string | null;
    credential: string;
    category: string | null;
    grantedOn: string;
    renewalDueOn: string;
    transferredFrom?: string | null;
    /** The first event of its history (default: granted, by nobody in particular). */
    event?: { kind: string; reason: string | null; actorId: string | null };
    at: string;
  },
): Promise<EndorsementRow> {
  await db
    .updateTable('organization')
    .set((eb) => ({ name: eb.ref('name') }))
    .where('id', '=', v.associationId)
    .execute();
  const last = await db
    .selectFrom('endorsement')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('association_id', '=', v.associationId)
    .executeTakeFirst();
  const row: EndorsementTable = {
    id: newId(),
    association_id: v.associationId,
    user_id: v.userId,
    application_id: v.applicationId,
    credential: v.credential,
    category: v.category,
    number: toNumber(last?.n ?? 0) + 1,
    granted_on: v.grantedOn,
    renewal_due_on: v.renewalDueOn,
    status: 'active',
    listed: toFlag(true),
    transferred_from: v.transferredFrom ?? null,
    created_at: v.at,
    updated_at: v.at,
  };
  await db.insertInto('endorsement').values(row).execute();
  await insertEndorsementEvent(db, {
    endorsementId: row.id,
    ...(v.event ?? { kind: 'granted', reason: null, actorId: null }),
    at: v.at,
  });
  return endorsementRow(row);
}

export async function insertEndorsementEvent(
  db: Q,
  v: { endorsementId: string; kind: string; reason: string | null; actorId: string | null; at: string },
): Promise<void> {
  await db
    .insertInto('endorsement_event')
    .values({
      id: newId(),
      endorsement_id: v.endorsementId,
      kind: v.kind,
      reason: v.reason,
      actor_id: v.actorId,
      at: v.at,
    })
    .execute();
}

export async function findEndorsement(db: Q, id: string): Promise<EndorsementRow | undefined> {
  const row = await db.selectFrom('endorsement').selectAll().where('id', '=', id).executeTakeFirst();
  return row && endorsementRow(row);
}

const endorsementsOfUser = prepared((db, { userId }: { userId: string }) =>
  db
    .selectFrom('endorsement')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('granted_on', 'desc')
    .orderBy('number', 'desc'),
);

/** The person's endorsements, the latest first. */
export async function endorsementsOfPerson(db: Q, userId: string): Promise<EndorsementRow[]> {
  return (await endorsementsOfUser(db, { userId })).map(endorsementRow);
}

/** Whether the person holds any endorsement (of any status): one indexed look, on every page. */
export async function holdsAnyEndorsement(db: Q, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('endorsement')
    .select('id')
    .where('user_id', '=', userId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the public registry may list the endorsement (the endorsee's choice). */
export async function setEndorsementListed(db: Q, id: string, listed: boolean, at: string): Promise<void> {
  await db
    .updateTable('endorsement')
    .set({ listed: toFlag(listed), updated_at: at })
    .where('id', '=', id)
    .execute();
}
/**
 * Moves the endorsement from `from` to `to`, only if it is still `from`:
 * false when someone else changed it first (the row's lock makes the second
 * of two at once wait, then find it changed).
 */
export async function changeEndorsementStatus(
  db: Q,
  id: string,
  from: string,
  to: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('endorsement')
    .set({ status: to, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface EndorsementEventRow {
  id: string;
  kind: string;
  reason: string | null;
  at: string;
  actorName: string | null;
}

/** The endorsement's history, oldest first, with who acted. */
export async function endorsementEvents(db: Q, endorsementId: string): Promise<EndorsementEventRow[]> {
  return db
    .selectFrom('endorsement_event')
    .leftJoin('user', 'user.id', 'endorsement_event.actor_id')
    .select([
      'endorsement_event.id',
      'endorsement_event.kind',
      'endorsement_event.reason',
      'endorsement_event.at',
      'user.name as actorName',
    ])
    .where('endorsement_event.endorsement_id', '=', endorsementId)
    .orderBy('endorsement_event.at')
    .orderBy('endorsement_event.id')
    .execute();
}

/** The endorsement that continues this one in another association, after a transfer. */
export async function transferredTo(db: Q, id: string): Promise<EndorsementRow | undefined> {
  const row = await db
    .selectFrom('endorsement')
    .selectAll()
    .where('transferred_from', '=', id)
    .executeTakeFirst();
  return row && endorsementRow(row);
}

export interface ListedEndorsement extends EndorsementRow {
  personName: string;
  personEmail: string;
}

/**
 * A page of the association's endorsements, the latest number first:
 * `search` matches the endorsee's name or e-mail, or is the number itself.
 */
export async function searchEndorsements(
  db: Q,
  filter: { associationId: string; search?: string; status?: string; limit: number; offset: number },
): Promise<{ rows: ListedEndorsement[]; total: number }> {
  let query = db
    .selectFrom('endorsement')
    .innerJoin('user', 'user.id', 'endorsement.user_id')
    .where('endorsement.association_id', '=', filter.associationId);
  if (filter.status) query = query.where('endorsement.status', '=', filter.status);
  const search = filter.search?.trim().replace(/^#/, '');
  if (search) {
    const pattern = containing(search);
    const byName = sql<boolean>`(lower(${sql.ref('user.name')}) like ${pattern} escape '\\' or lower(${sql.ref('user.email')}) like ${pattern} escape '\\')`;
    query = /^\d{1,9}$/.test(search)
      ? query.where((eb) => eb.or([byName, eb('endorsement.number', '=', Number(search))]))
      : query.where(byName);
  }
  const counted = await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const rows = await query
    .selectAll('endorsement')
    .select(['user.name as personName', 'user.email as personEmail'])
    .orderBy('endorsement.number', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return {
    rows: rows.map((r) => ({ ...endorsementRow(r), personName: r.personName, personEmail: r.personEmail })),
    total: toNumber(counted?.n),
  };
}
/** The endorsement granted on an application, once it has been. */
const endorsementsOfApplication = prepared((db, { applicationId }: { applicationId: string }) =>
  db.selectFrom('endorsement').selectAll().where('application_id', '=', applicationId).orderBy('number'),
);

export async function endorsementOfApplication(
  db: Q,
  applicationId: string,
): Promise<EndorsementRow | undefined> {
  const [row] = await endorsementsOfApplication(db, { applicationId });
  return row && endorsementRow(row);
}

/** An endorsement with who holds it (their e-mail address) and the association's slug. */
export interface HeldEndorsementRow extends EndorsementRow {
  email: string;
  slug: string;
}

const heldBy = (db: Kysely<Database>, userIds: readonly string[], emails: readonly string[]) =>
  db
    .selectFrom('endorsement')
    .innerJoin('user', 'user.id', 'endorsement.user_id')
    .innerJoin('organization', 'organization.id', 'endorsement.association_id')
    .selectAll('endorsement')
    .select(['user.email as email', 'organization.slug as slug'])
    // Both by the endorsee's id, so that the index on it serves each (an address
    // compared across the join would read every endorsement).
    .where((eb) =>
      eb.or([
        ...(userIds.length ? [eb('endorsement.user_id', 'in', [...userIds])] : []),
        ...(emails.length
          ? [
              eb(
                'endorsement.user_id',
                'in',
                eb
                  .selectFrom('user as named')
                  .select('named.id')
                  .where('named.email', 'in', [...emails]),
              ),
            ]
          : []),
      ]),
    )
    .orderBy('endorsement.granted_on')
    .orderBy('endorsement.number');

/**
 * The read kept for lists of up to `users` ids and `emails` addresses (each a
 * power of two): a page names a few people, and a list is filled up with ''
 * (no id and no address) to the size its read was kept for.
 */
const heldByLists = new Map<string, ReturnType<typeof keptHeldBy>>();
const keptHeldBy = (users: number, emails: number) =>
  prepared((db, v: Record<string, string>) =>
    heldBy(
      db,
      Array.from({ length: users }, (_, i) => v[`u${i}`]!),
      Array.from({ length: emails }, (_, i) => v[`e${i}`]!),
    ),
  );
const listSize = (n: number) => (n === 0 ? 0 : 2 ** Math.ceil(Math.log2(n)));
/** Beyond this many in a list, the read is built anew rather than kept. */
const KEPT_LIST_LIMIT = 64;

/**
 * The endorsements of the people with these ids or these e-mail addresses
 * (whatever their status), oldest first.
 */
export async function endorsementsHeldBy(
  db: Q,
  who: { userIds: readonly string[]; emails: readonly string[] },
): Promise<HeldEndorsementRow[]> {
  const emails = [...new Set(who.emails.map((e) => e.trim().toLowerCase()))];
  if (!who.userIds.length && !emails.length) return [];
  const users = listSize(who.userIds.length);
  const addresses = listSize(emails.length);
  let rows;
  if (users > KEPT_LIST_LIMIT || addresses > KEPT_LIST_LIMIT) {
    rows = await heldBy(db, who.userIds, emails).execute();
  } else {
    const key = `${users}:${addresses}`;
    let read = heldByLists.get(key);
    if (!read) heldByLists.set(key, (read = keptHeldBy(users, addresses)));
    const values: Record<string, string> = {};
    for (let i = 0; i < users; i++) values[`u${i}`] = who.userIds[i] ?? '';
    for (let i = 0; i < addresses; i++) values[`e${i}`] = emails[i] ?? '';
    rows = await read(db, values);
  }
  return rows.map((r) => ({ ...endorsementRow(r), email: r.email, slug: r.slug }));
}

// The public side: an endorsement with its endorsee's name and its
// association, as the verification page, the registry and the lookup show it.

export interface PublicEndorsementRow extends EndorsementRow {
  name: string;
  associationSlug: string;
  associationName: string;
}

const publicEndorsements = (db: Q) =>
  db
    .selectFrom('endorsement')
    .innerJoin('user', 'user.id', 'endorsement.user_id')
    .innerJoin('organization', 'organization.id', 'endorsement.association_id')
    .selectAll('endorsement')
    .select(['user.name as name', 'organization.slug as slug', 'organization.name as associationName']);

type PublicSelected = EndorsementTable & { name: string; slug: string; associationName: string };
const publicRow = (r: PublicSelected): PublicEndorsementRow => ({
  ...endorsementRow(r),
  name: r.name,
  associationSlug: r.slug,
  associationName: r.associationName,
});

export async function findPublicEndorsement(db: Q, id: string): Promise<PublicEndorsementRow | undefined> {
  const row = await publicEndorsements(db).where('endorsement.id', '=', id).executeTakeFirst();
  return row && publicRow(row);
}

/** The endorsement an issued credential (by its own id) belongs to. */
export async function endorsementOfCredential(
  db: Q,
  credentialId: string,
): Promise<PublicEndorsementRow | undefined> {
  const row = await publicEndorsements(db)
    .innerJoin('issued_credential', 'issued_credential.endorsement_id', 'endorsement.id')
    .where('issued_credential.id', '=', credentialId)
    .executeTakeFirst();
  return row && publicRow(row);
}

export async function findEndorsementByNumber(
  db: Q,
  associationSlug: string,
  number: number,
): Promise<PublicEndorsementRow | undefined> {
  const row = await publicEndorsements(db)
    .where('organization.slug', '=', associationSlug)
    .where('endorsement.number', '=', number)
    .executeTakeFirst();
  return row && publicRow(row);
}

/**
 * The registry: active endorsements whose endorsee has not chosen to be left
 * out (as `listedInRegistry` says), by name, then association and number.
 * `search` matches the endorsee's name, the credential's code, the
 * association's slug or name, case-insensitively; `credentials` are the codes
 * whose names matched (the names are in the catalogs, not the database).
 */
export async function searchRegistry(
  db: Q,
  filter: { search?: string; credentials?: readonly string[]; limit: number; offset: number },
): Promise<{ rows: PublicEndorsementRow[]; total: number }> {
  let query = publicEndorsements(db)
    .where('endorsement.status', '=', 'active')
    .where('endorsement.listed', '=', toFlag(true));
  if (filter.search) {
    const pattern = containing(filter.search);
    const like = (column: string) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
    query = query.where((eb) =>
      eb.or([
        like('user.name'),
        like('endorsement.credential'),
        like('organization.slug'),
        like('organization.name'),
        ...(filter.credentials?.length ? [eb('endorsement.credential', 'in', [...filter.credentials])] : []),
      ]),
    );
  }
  const counted = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  const rows = await query
    .orderBy(sql`lower(${sql.ref('user.name')})`)
    .orderBy('organization.name')
    .orderBy('endorsement.number')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return { rows: rows.map(publicRow), total: toNumber(counted?.n) };
}
