// Associations (better-auth organizations), their catalog versions and fee schedules.
import type { Kysely } from 'kysely';
import { authDate, type Dialect, newId, timestamp } from '../portable.ts';
import { prepared } from '../prepared.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export interface AssociationRow {
  id: string;
  slug: string;
  name: string;
}

export async function listAssociations(db: Q): Promise<AssociationRow[]> {
  return db.selectFrom('organization').select(['id', 'slug', 'name']).orderBy('slug').execute();
}

const byIdOrSlug = prepared((db, { idOrSlug }: { idOrSlug: string }) =>
  db
    .selectFrom('organization')
    .select(['id', 'slug', 'name'])
    .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)])),
);

export async function findAssociation(db: Q, idOrSlug: string): Promise<AssociationRow | undefined> {
  return (await byIdOrSlug(db, { idOrSlug }))[0];
}

export async function insertAssociation(
  db: Q,
  dialect: Dialect,
  values: { slug: string; name: string },
): Promise<AssociationRow> {
  const row = { id: newId(), slug: values.slug, name: values.name };
  await db
    .insertInto('organization')
    .values({ ...row, logo: null, metadata: null, createdAt: authDate(dialect) })
    .execute();
  return row;
}

export async function updateAssociationName(db: Q, id: string, name: string): Promise<void> {
  await db.updateTable('organization').set({ name }).where('id', '=', id).execute();
}

export async function findCatalogVersion(db: Q, associationId: string, version: string) {
  return db
    .selectFrom('catalog_version')
    .selectAll()
    .where('association_id', '=', associationId)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function insertCatalogVersion(db: Q, associationId: string, version: string, data: string) {
  await db
    .insertInto('catalog_version')
    .values({ id: newId(), association_id: associationId, version, data, created_at: timestamp() })
    .execute();
}

export async function latestCatalogVersion(db: Q, associationId: string) {
  return db
    .selectFrom('catalog_version')
    .selectAll()
    .where('association_id', '=', associationId)
    .orderBy('version', 'desc')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

export interface FeeRow {
  credential: string;
  application_cents: number;
  processing_cents: number;
  currency: string;
  source: string;
}

export async function listFees(db: Q, associationId: string): Promise<FeeRow[]> {
  return db
    .selectFrom('fee')
    .select(['credential', 'application_cents', 'processing_cents', 'currency', 'source'])
    .where('association_id', '=', associationId)
    .orderBy('credential')
    .execute();
}

/** Sets one credential's fees, replacing what was there. */
export async function upsertFee(db: Q, associationId: string, fee: FeeRow): Promise<void> {
  await db
    .insertInto('fee')
    .values({ id: newId(), association_id: associationId, ...fee })
    .onConflict((oc) =>
      oc.columns(['association_id', 'credential']).doUpdateSet({
        application_cents: fee.application_cents,
        processing_cents: fee.processing_cents,
        currency: fee.currency,
        source: fee.source,
      }),
    )
    .execute();
}
