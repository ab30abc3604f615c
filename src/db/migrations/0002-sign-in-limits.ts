// Sign-in attempts counted in the database, so that every server process
// sharing it enforces one limit: per key (a client address or an account), the
// attempts in the window that began with the first of them.
import type { Kysely, Migration } from 'kysely';

export const signInLimits: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('sign_in_count')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('window_end', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sign_in_count_window_end_idx')
      .on('sign_in_count')
      .column('window_end')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('sign_in_count').execute();
  },
};
