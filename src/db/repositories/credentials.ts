// What an association has signed: its status lists (each endorsement's
// random position in them, and whether the bit is set) and every credential
// issued for an endorsement.
import type { Kysely } from 'kysely';
import { fromFlag, newId, toFlag, toNumber } from '../portable.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export interface StatusListRow {
  id: string;
  associationId: string;
  purpose: string;
  n: number;
  size: number;
  document: string;
  updatedAt: string;
}

const listColumns = [
  'id',
  'association_id as associationId',
  'purpose',
  'n',
  'size',
  'document',
  'updated_at as updatedAt',
] as const;

const listRow = (r: { n: number | string; size: number | string } & Omit<StatusListRow, 'n' | 'size'>) => ({
  ...r,
  n: toNumber(r.n),
  size: toNumber(r.size),
});

/** The association's latest list for `purpose` (the one new entries go into). */
export async function latestStatusList(
  db: Q,
  associationId: string,
  purpose: string,
): Promise<StatusListRow | undefined> {
  const row = await db
    .selectFrom('status_list')
    .select(listColumns)
    .where('association_id', '=', associationId)
    .where('purpose', '=', purpose)
    .orderBy('n', 'desc')
    .executeTakeFirst();
  return row && listRow(row);
}

export async function findStatusList(
  db: Q,
  associationId: string,
  purpose: string,
  n: number,
): Promise<StatusListRow | undefined> {
  const row = await db
    .selectFrom('status_list')
    .select(listColumns)
    .where('association_id', '=', associationId)
    .where('purpose', '=', purpose)
    .where('n', '=', n)
    .executeTakeFirst();
  return row && listRow(row);
}

export async function insertStatusList(
  db: Q,
  v: { associationId: string; purpose: string; n: number; size: number; document: string; at: string },
): Promise<StatusListRow> {
  const row = {
    id: newId(),
    association_id: v.associationId,
    purpose: v.purpose,
    n: v.n,
    size: v.size,
    document: v.document,
    updated_at: v.at,
  };
  await db.insertInto('status_list').values(row).execute();
  return {
    id: row.id,
    associationId: v.associationId,
    purpose: v.purpose,
    n: v.n,
    size: v.size,
    document: v.document,
    updatedAt: v.at,
  };
}

export async function updateStatusListDocument(db: Q, listId: string, document: string, at: string) {
  await db.updateTable('status_list').set({ document, updated_at: at }).where('id', '=', listId).execute();
}

/** How many positions of the list are taken. */
export async function entriesInList(db: Q, listId: string): Promise<number> {
  const row = await db
    .selectFrom('status_entry')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('list_id', '=', listId)
    .executeTakeFirst();
  return toNumber(row?.n ?? 0);
}

export async function positionTaken(db: Q, listId: string, position: number): Promise<boolean> {
  const row = await db
    .selectFrom('status_entry')
    .select('position')
    .where('list_id', '=', listId)
    .where('position', '=', position)
    .executeTakeFirst();
  return !!row;
}

/** The positions of the list whose bit is set. */
export async function setPositions(db: Q, listId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('status_entry')
    .select('position')
    .where('list_id', '=', listId)
    .where('set', '=', toFlag(true))
    .execute();
  return rows.map((r) => toNumber(r.position));
}

export async function insertStatusEntry(
  db: Q,
  v: { endorsementId: string; listId: string; position: number },
): Promise<void> {
  await db
    .insertInto('status_entry')
    .values({ endorsement_id: v.endorsementId, list_id: v.listId, position: v.position, set: toFlag(false) })
    .execute();
}

export interface StatusEntryRow {
  listId: string;
  purpose: string;
  n: number;
  position: number;
  set: boolean;
}

/** The endorsement's entries, one per purpose. */
export async function statusEntriesOf(db: Q, endorsementId: string): Promise<StatusEntryRow[]> {
  const rows = await db
    .selectFrom('status_entry')
    .innerJoin('status_list', 'status_list.id', 'status_entry.list_id')
    .select([
      'status_entry.list_id as listId',
      'status_list.purpose as purpose',
      'status_list.n as n',
      'status_entry.position as position',
      'status_entry.set as set',
    ])
    .where('status_entry.endorsement_id', '=', endorsementId)
    .orderBy('status_list.purpose')
    .execute();
  return rows.map((r) => ({
    listId: r.listId,
    purpose: r.purpose,
    n: toNumber(r.n),
    position: toNumber(r.position),
    set: fromFlag(r.set),
  }));
}

export async function setStatusBit(
  db: Q,
  endorsementId: string,
  listId: string,
  set: boolean,
): Promise<void> {
  await db
    .updateTable('status_entry')
    .set({ set: toFlag(set) })
    .where('endorsement_id', '=', endorsementId)
    .where('list_id', '=', listId)
    .execute();
}

export interface IssuedCredentialRow {
  id: string;
  endorsementId: string;
  document: string;
  validUntil: string;
  issuedAt: string;
}

export async function insertIssuedCredential(
  db: Q,
  v: { id: string; endorsementId: string; document: string; validUntil: string; at: string },
): Promise<void> {
  await db
    .insertInto('issued_credential')
    .values({
      id: v.id,
      endorsement_id: v.endorsementId,
      document: v.document,
      valid_until: v.validUntil,
      issued_at: v.at,
    })
    .execute();
}

/** The credential issued last for the endorsement (a renewal issues a new one). */
export async function latestIssuedCredential(
  db: Q,
  endorsementId: string,
): Promise<IssuedCredentialRow | undefined> {
  return db
    .selectFrom('issued_credential')
    .select([
      'id',
      'endorsement_id as endorsementId',
      'document',
      'valid_until as validUntil',
      'issued_at as issuedAt',
    ])
    .where('endorsement_id', '=', endorsementId)
    .orderBy('issued_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** An issued credential by its own id (the uuid of its `urn:uuid:` id). */
export async function findIssuedCredential(db: Q, id: string): Promise<IssuedCredentialRow | undefined> {
  return db
    .selectFrom('issued_credential')
    .select([
      'id',
      'endorsement_id as endorsementId',
      'document',
      'valid_until as validUntil',
      'issued_at as issuedAt',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}
