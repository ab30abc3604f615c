// Small key/value settings of the installation (e.g. the one-time setup token's hash).
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export async function readSetting(db: Q, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('app_setting').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function writeSetting(db: Q, key: string, value: string): Promise<void> {
  await db
    .insertInto('app_setting')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export async function deleteSetting(db: Q, key: string): Promise<void> {
  await db.deleteFrom('app_setting').where('key', '=', key).execute();
}

/** An association's settings, key → JSON value. */
export async function readAssociationSettings(db: Q, associationId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('association_setting')
    .select(['key', 'value'])
    .where('association_id', '=', associationId)
    .execute();
  return new Map(rows.map((r) => [r.key, r.value]));
}

export async function writeAssociationSetting(
  db: Q,
  associationId: string,
  key: string,
  value: string,
  at: string,
): Promise<void> {
  await db
    .insertInto('association_setting')
    .values({ association_id: associationId, key, value, updated_at: at })
    .onConflict((oc) => oc.columns(['association_id', 'key']).doUpdateSet({ value, updated_at: at }))
    .execute();
}
