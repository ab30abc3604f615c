// An association's signing keys: the public half in the clear (it is in the
// DID document), the secret half sealed with ENDORSE_SECRET. A retired key
// signs nothing new and stays listed, so earlier credentials still verify.
import type { Kysely } from 'kysely';
import { newId } from '../portable.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export interface AssociationKeyRow {
  id: string;
  associationId: string;
  publicKeyMultibase: string;
  sealedSecret: string;
  createdAt: string;
  retiredAt: string | null;
}

const columns = [
  'id',
  'association_id as associationId',
  'public_key_multibase as publicKeyMultibase',
  'sealed_secret as sealedSecret',
  'created_at as createdAt',
  'retired_at as retiredAt',
] as const;

/** Every key the association has had, the oldest first. */
export async function keysOf(db: Q, associationId: string): Promise<AssociationKeyRow[]> {
  return db
    .selectFrom('association_key')
    .select(columns)
    .where('association_id', '=', associationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertKey(
  db: Q,
  v: { associationId: string; publicKeyMultibase: string; sealedSecret: string; at: string },
): Promise<AssociationKeyRow> {
  const row = {
    id: newId(),
    association_id: v.associationId,
    public_key_multibase: v.publicKeyMultibase,
    sealed_secret: v.sealedSecret,
    created_at: v.at,
    retired_at: null,
  };
  await db.insertInto('association_key').values(row).execute();
  return { ...v, id: row.id, createdAt: v.at, retiredAt: null };
}

/** Retires every key of the association still in use (before a new one is added). */
export async function retireKeys(db: Q, associationId: string, at: string): Promise<void> {
  await db
    .updateTable('association_key')
    .set({ retired_at: at })
    .where('association_id', '=', associationId)
    .where('retired_at', 'is', null)
    .execute();
}
