// Annual renewal (issue 12):
// - renewal: an endorsee's renewal of one due date (or request to be
//   reinstated after a lapse or a pause), with the fees recorded as due, the
//   checklist as judged when submitted, and whether it was drawn for audit;
//   one per endorsement and due date, so a second submission finds the first;
// - renewal_reminder: each reminder sent, keyed by endorsement, due date and
//   offset: inserting the row is the claim, so two servers send it once;
// - renewal_audit_entry: each training or RSC entry claimed in an audited
//   renewal, as it stood, with its proof and the coordinator's decision;
// - endorsement_extension: a coordinator's extension of one due date, with why;
// - inactive_pause: an endorsee's pause (leave, illness), no renewal due meanwhile.
import { type ColumnDefinitionBuilder, type Kysely, type Migration } from 'kysely';

export const renewal: Migration = {
  async up(db: Kysely<unknown>) {
    const endorsementRef = (c: ColumnDefinitionBuilder) =>
      c.notNull().references('endorsement.id').onDelete('cascade');

    await db.schema
      .createTable('renewal')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('endorsement_id', 'text', endorsementRef)
      // renewal | reinstatement (src/domain/renewal.ts)
      .addColumn('kind', 'text', (c) => c.notNull())
      // The due date renewed (for a reinstatement: the one missed).
      .addColumn('due_on', 'text', (c) => c.notNull())
      // audit | requested | renewed
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('late', 'integer', (c) => c.notNull())
      .addColumn('audited', 'integer', (c) => c.notNull())
      // Fees recorded as due (null: the association charges none).
      .addColumn('fee_cents', 'integer')
      .addColumn('late_fee_cents', 'integer')
      .addColumn('currency', 'text', (c) => c.notNull())
      // The checklist as judged when submitted (JSON), for the record.
      .addColumn('checklist', 'text', (c) => c.notNull())
      .addColumn('submitted_at', 'text', (c) => c.notNull())
      .addColumn('completed_at', 'text')
      .addColumn('completed_by', 'text')
      .addUniqueConstraint('renewal_once', ['endorsement_id', 'due_on'])
      .execute();
    await db.schema.createIndex('renewal_due_idx').on('renewal').columns(['due_on', 'status']).execute();

    await db.schema
      .createTable('renewal_reminder')
      .addColumn('endorsement_id', 'text', endorsementRef)
      .addColumn('due_on', 'text', (c) => c.notNull())
      // Days from the due date: -60 is 60 days before, 7 a week after.
      .addColumn('offset_days', 'integer', (c) => c.notNull())
      .addColumn('sent_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('renewal_reminder_pk', ['endorsement_id', 'due_on', 'offset_days'])
      .execute();

    await db.schema
      .createTable('renewal_audit_entry')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('renewal_id', 'text', (c) => c.notNull().references('renewal.id').onDelete('cascade'))
      // training | rsc
      .addColumn('section', 'text', (c) => c.notNull())
      .addColumn('entry_id', 'text', (c) => c.notNull())
      // The entry as claimed (JSON): a later change to the portfolio does not change the audit.
      .addColumn('entry', 'text', (c) => c.notNull())
      .addColumn('file_id', 'text', (c) => c.references('file.id').onDelete('set null'))
      // pending | accepted | rejected
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'text')
      .execute();
    await db.schema
      .createIndex('renewal_audit_entry_idx')
      .on('renewal_audit_entry')
      .column('renewal_id')
      .execute();

    await db.schema
      .createTable('endorsement_extension')
      .addColumn('endorsement_id', 'text', endorsementRef)
      .addColumn('due_on', 'text', (c) => c.notNull())
      .addColumn('until_on', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('granted_by', 'text', (c) => c.notNull())
      .addColumn('granted_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('endorsement_extension_pk', ['endorsement_id', 'due_on'])
      .execute();

    await db.schema
      .createTable('inactive_pause')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('endorsement_id', 'text', endorsementRef)
      .addColumn('from_on', 'text', (c) => c.notNull())
      .addColumn('until_on', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('requested_at', 'text', (c) => c.notNull())
      // Set when the endorsement left inactive status (reinstated, or lapsed when the pause ran out).
      .addColumn('ended_at', 'text')
      .execute();
    await db.schema
      .createIndex('inactive_pause_idx')
      .on('inactive_pause')
      .columns(['endorsement_id', 'ended_at'])
      .execute();

    // The daily sweep walks the endorsements that can come due or lapse.
    await db.schema
      .createIndex('endorsement_sweep_idx')
      .on('endorsement')
      .columns(['status', 'id'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('endorsement_sweep_idx').execute();
    for (const table of [
      'inactive_pause',
      'endorsement_extension',
      'renewal_audit_entry',
      'renewal_reminder',
      'renewal',
    ])
      await db.schema.dropTable(table).execute();
  },
};
