// A submitted application records the catalog version its snapshot was judged
// against, so that staff know which requirement tables the judgement used even
// after the association's catalog changes. Applications submitted before this
// column existed leave it empty (the version is not known for them).
import type { Kysely, Migration } from 'kysely';

export const snapshotCatalog: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('application').addColumn('snapshot_catalog_version', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('application').dropColumn('snapshot_catalog_version').execute();
  },
};
