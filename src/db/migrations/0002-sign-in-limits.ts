// Sign-in attempts counted in the database, so that every server process
// sharing it enforces one limit: a count per key (a client address or an
// account) and per fixed time window.
import type { Kysely, Migration } from 'kysely';

export const signInLimits: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('sign_in_count')
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('window_end', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('sign_in_count_pk', ['key', 'window_end'])
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
