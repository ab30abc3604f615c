// The endorsement itself (issue 11):
// - an endorsed application is closed like a withdrawn one (the one-open
//   index is built again from the closed states);
// - endorsement: the credential granted, numbered per association, with its
//   status and renewal date; endorsement_event: its history;
// - association_key: an association's signing keys (the secret half sealed
//   with ENDORSE_SECRET), kept after rotation so earlier credentials verify;
// - status_list and status_entry: the Bitstring Status Lists an association
//   signs (revocation, suspension) and each endorsement's random position;
// - issued_credential: every signed credential issued for an endorsement.
import { type ColumnDefinitionBuilder, type Kysely, type Migration, sql } from 'kysely';

/** As `closedStates` in src/domain/application-lifecycle.ts, frozen for this migration. */
const closedBefore = sql<boolean>`status not in ('deferred', 'declined', 'withdrawn')`;
const closedAfter = sql<boolean>`status not in ('endorsed', 'deferred', 'declined', 'withdrawn')`;

async function openIndex(db: Kysely<unknown>, where: typeof closedBefore) {
  await db.schema.dropIndex('application_one_open').execute();
  await db.schema
    .createIndex('application_one_open')
    .on('application')
    .columns(['user_id', 'association_id', 'credential'])
    .unique()
    .where(where)
    .execute();
}

export const endorsement: Migration = {
  async up(db: Kysely<unknown>) {
    const association = (c: ColumnDefinitionBuilder) =>
      c.notNull().references('organization.id').onDelete('cascade');
    const endorsementRef = (c: ColumnDefinitionBuilder) =>
      c.notNull().references('endorsement.id').onDelete('cascade');
    await openIndex(db, closedAfter);

    await db.schema
      .createTable('endorsement')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('association_id', 'text', association)
      .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
      // The application finalized (null for one accepted from another association).
      .addColumn('application_id', 'text', (c) => c.references('application.id').onDelete('set null'))
      .addColumn('credential', 'text', (c) => c.notNull())
      .addColumn('category', 'text')
      // The association's number: sequential, never reused.
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('granted_on', 'text', (c) => c.notNull())
      .addColumn('renewal_due_on', 'text', (c) => c.notNull())
      // active | suspended | revoked | lapsed | inactive | transferred
      .addColumn('status', 'text', (c) => c.notNull())
      // Whether the endorsee is listed in the public registry (they may choose not to be).
      .addColumn('listed', 'integer', (c) => c.notNull())
      // The endorsement this one was transferred from (reciprocity), if any.
      .addColumn('transferred_from', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('endorsement_number', ['association_id', 'number'])
      .execute();
    await db.schema
      .createIndex('endorsement_person_idx')
      .on('endorsement')
      .columns(['user_id', 'status'])
      .execute();
    await db.schema
      .createIndex('endorsement_registry_idx')
      .on('endorsement')
      .columns(['status', 'listed', 'association_id'])
      .execute();

    await db.schema
      .createTable('endorsement_event')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('endorsement_id', 'text', endorsementRef)
      // granted | suspended | reinstated | revoked | lapsed | transferred | renewed | …
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('actor_id', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('endorsement_event_idx')
      .on('endorsement_event')
      .columns(['endorsement_id', 'at'])
      .execute();

    await db.schema
      .createTable('association_key')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('association_id', 'text', association)
      .addColumn('public_key_multibase', 'text', (c) => c.notNull())
      .addColumn('sealed_secret', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      // Retired keys sign nothing new; they stay in the DID document.
      .addColumn('retired_at', 'text')
      .execute();
    await db.schema
      .createIndex('association_key_idx')
      .on('association_key')
      .column('association_id')
      .execute();

    await db.schema
      .createTable('status_list')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('association_id', 'text', association)
      // revocation | suspension
      .addColumn('purpose', 'text', (c) => c.notNull())
      // The list's number within the association and purpose (1, 2, …): its address.
      .addColumn('n', 'integer', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      // The signed status list credential as served, made again when a bit changes.
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('status_list_n', ['association_id', 'purpose', 'n'])
      .execute();
    await db.schema
      .createTable('status_entry')
      .addColumn('endorsement_id', 'text', endorsementRef)
      .addColumn('list_id', 'text', (c) => c.notNull().references('status_list.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      // Whether the bit is set (revoked, or suspended now).
      .addColumn('set', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('status_entry_pk', ['endorsement_id', 'list_id'])
      .addUniqueConstraint('status_entry_position', ['list_id', 'position'])
      .execute();

    await db.schema
      .createTable('issued_credential')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('endorsement_id', 'text', endorsementRef)
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('valid_until', 'text', (c) => c.notNull())
      .addColumn('issued_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('issued_credential_idx')
      .on('issued_credential')
      .columns(['endorsement_id', 'issued_at'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'issued_credential',
      'status_entry',
      'status_list',
      'association_key',
      'endorsement_event',
      'endorsement',
    ])
      await db.schema.dropTable(table).execute();
    await openIndex(db, closedBefore);
  },
};
