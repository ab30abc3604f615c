// The coordinator's list of applications: an association's applications by latest change, the
// list's first order, read a page at a time without sorting them all.
import type { Kysely, Migration } from 'kysely';

export const applicationList: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('application_association_id_updated_at_idx')
      .on('application')
      .columns(['association_id', 'updated_at', 'id'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('application_association_id_updated_at_idx').execute();
  },
};
