// Endorsements granted and their history. Numbers are the association's own,
// sequential and never reused: the next is taken under a lock on the
// association's row, so two finalized at once get two numbers.
import { type Kysely, sql } from 'kysely';
import { fromFlag, newId, toFlag, toNumber } from '../portable.ts';
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

const endorsementRow = (r: EndorsementTable): EndorsementRow => ({
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
    kind: 'granted',
    reason: null,
    actorId: null,
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

/** The person's endorsements, the latest first. */
export async function endorsementsOfPerson(db: Q, userId: string): Promise<EndorsementRow[]> {
  const rows = await db
    .selectFrom('endorsement')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('granted_on', 'desc')
    .orderBy('number', 'desc')
    .execute();
  return rows.map(endorsementRow);
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

/** `text` as a LIKE pattern matching it anywhere, lower-cased, its \, % and _ escaped (both databases read `escape`). */
const containing = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

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
