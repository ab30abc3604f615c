// Endorsements granted and their history. Numbers are the association's own,
// sequential and never reused: the next is taken under a lock on the
// association's row, so two finalized at once get two numbers.
import type { Kysely } from 'kysely';
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

/** The endorsement granted on an application, once it has been. */
export async function endorsementOfApplication(
  db: Q,
  applicationId: string,
): Promise<EndorsementRow | undefined> {
  const row = await db
    .selectFrom('endorsement')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('number')
    .executeTakeFirst();
  return row && endorsementRow(row);
}

/** An endorsement with who holds it (their e-mail address) and the association's slug. */
export interface HeldEndorsementRow extends EndorsementRow {
  email: string;
  slug: string;
}

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
  const rows = await db
    .selectFrom('endorsement')
    .innerJoin('user', 'user.id', 'endorsement.user_id')
    .innerJoin('organization', 'organization.id', 'endorsement.association_id')
    .selectAll('endorsement')
    .select(['user.email as email', 'organization.slug as slug'])
    .where((eb) =>
      eb.or([
        ...(who.userIds.length ? [eb('endorsement.user_id', 'in', [...who.userIds])] : []),
        ...(emails.length ? [eb('user.email', 'in', emails)] : []),
      ]),
    )
    .orderBy('endorsement.granted_on')
    .orderBy('endorsement.number')
    .execute();
  return rows.map((r) => ({ ...endorsementRow(r), email: r.email, slug: r.slug }));
}

/** Moves the endorsement from `from` to `to`; false when it was no longer in `from` (someone else moved it). */
export async function setEndorsementStatus(
  db: Q,
  id: string,
  change: { from: string; to: string; at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('endorsement')
    .set({ status: change.to, updated_at: change.at })
    .where('id', '=', id)
    .where('status', '=', change.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
