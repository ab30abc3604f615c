// Review: what carries an application from submission to a decision.
// - application_snapshot: every portfolio submitted for it, by round (a
//   resubmission freezes round 2, …), so reviewers see what changed;
// - application_assignment: the advisor and the reviewers assigned to it;
// - review: one reviewer's findings and recommendation for one round;
// - application_decision: every decision taken, by the review or a coordinator;
// - application_message: the applicant and advisor's thread and the advisor's comments;
// - reviewer_qualification: the endorsements a reviewer holds, as recorded by staff;
// - association_setting: an association's settings (review and response days, …);
// - a fee due can be waived, with a reason;
// - deferred and declined applications are closed like withdrawn ones.
import { type ColumnDefinitionBuilder, type Kysely, type Migration, sql } from 'kysely';

const closedBefore = sql<boolean>`status not in ('withdrawn', 'endorsed')`;
/** As `closedStates` in src/domain/application-lifecycle.ts, frozen for this migration. */
const closedAfter = sql<boolean>`status not in ('deferred', 'declined', 'withdrawn')`;

export const review: Migration = {
  async up(db: Kysely<unknown>) {
    const application = (c: ColumnDefinitionBuilder) =>
      c.notNull().references('application.id').onDelete('cascade');
    const person = (c: ColumnDefinitionBuilder) => c.notNull().references('user.id').onDelete('cascade');

    await db.schema.dropIndex('application_one_open').execute();
    await db.schema
      .createIndex('application_one_open')
      .on('application')
      .columns(['user_id', 'association_id', 'credential'])
      .unique()
      .where(closedAfter)
      .execute();
    // The review round whose snapshot is current (0 before submission).
    await db.schema
      .alterTable('application')
      .addColumn('round', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await sql`update application set round = 1 where snapshot is not null`.execute(db);

    await db.schema
      .createTable('application_snapshot')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', application)
      .addColumn('round', 'integer', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('catalog_version', 'text')
      .addColumn('submitted_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('application_snapshot_round', ['application_id', 'round'])
      .execute();
    await sql`insert into application_snapshot (id, application_id, round, document, catalog_version, submitted_at)
      select id, id, 1, snapshot, snapshot_catalog_version, coalesce(submitted_at, updated_at)
      from application where snapshot is not null`.execute(db);

    await db.schema
      .createTable('application_assignment')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', application)
      .addColumn('user_id', 'text', person)
      // advisor | reviewer
      .addColumn('role', 'text', (c) => c.notNull())
      // active | declined | removed
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('assigned_by', 'text')
      .addColumn('assigned_at', 'text', (c) => c.notNull())
      // A reviewer's review is due on this day (ISO date).
      .addColumn('due_on', 'text')
      .addColumn('ended_at', 'text')
      .addColumn('end_reason', 'text')
      .execute();
    await db.schema
      .createIndex('application_assignment_application_idx')
      .on('application_assignment')
      .columns(['application_id', 'role', 'status'])
      .execute();
    await db.schema
      .createIndex('application_assignment_user_idx')
      .on('application_assignment')
      .columns(['user_id', 'role', 'status'])
      .execute();

    await db.schema
      .createTable('review')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', application)
      .addColumn('assignment_id', 'text', (c) =>
        c.notNull().references('application_assignment.id').onDelete('cascade'),
      )
      .addColumn('reviewer_id', 'text', person)
      .addColumn('round', 'integer', (c) => c.notNull())
      // draft | submitted
      .addColumn('status', 'text', (c) => c.notNull())
      // JSON: per requirement, clause and domain, the reviewer's finding and comment.
      .addColumn('findings', 'text', (c) => c.notNull())
      // approve | request-information | defer | hold (null while a draft has none)
      .addColumn('recommendation', 'text')
      // Words for the applicant (what is asked, or the reasons): shown without the reviewer's name.
      .addColumn('to_applicant', 'text')
      // For the association's staff only.
      .addColumn('to_staff', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('submitted_at', 'text')
      .addUniqueConstraint('review_assignment_round', ['assignment_id', 'round'])
      .execute();
    await db.schema
      .createIndex('review_application_idx')
      .on('review')
      .columns(['application_id', 'round'])
      .execute();

    await db.schema
      .createTable('application_decision')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', application)
      .addColumn('round', 'integer', (c) => c.notNull())
      // A step of the lifecycle: approve | request-information | defer | hold | decline
      .addColumn('step', 'text', (c) => c.notNull())
      // review | coordinator
      .addColumn('decided_as', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('reason', 'text')
      .addColumn('to_applicant', 'text')
      .addColumn('response_due_on', 'text')
      .addColumn('decided_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('application_decision_application_idx')
      .on('application_decision')
      .columns(['application_id', 'decided_at'])
      .execute();

    await db.schema
      .createTable('application_message')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', application)
      .addColumn('author_id', 'text', person)
      // message (the thread) | comment (an advisor's note on a section or entry)
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('section', 'text')
      .addColumn('entry_id', 'text')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('application_message_application_idx')
      .on('application_message')
      .columns(['application_id', 'kind', 'created_at'])
      .execute();

    await db.schema
      .createTable('reviewer_qualification')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('association_id', 'text', (c) =>
        c.notNull().references('organization.id').onDelete('cascade'),
      )
      .addColumn('user_id', 'text', person)
      // A credential id of the association's catalog (e.g. IMHM-C), with its field and level.
      .addColumn('credential', 'text', (c) => c.notNull())
      // imh | ecmh
      .addColumn('field', 'text', (c) => c.notNull())
      .addColumn('level', 'integer', (c) => c.notNull())
      // How staff know (e.g. "MI-AIMH endorsement 1234, checked in the registry").
      .addColumn('evidence', 'text', (c) => c.notNull())
      .addColumn('recorded_by', 'text')
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addColumn('removed_at', 'text')
      .execute();
    await db.schema
      .createIndex('reviewer_qualification_idx')
      .on('reviewer_qualification')
      .columns(['association_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('association_setting')
      .addColumn('association_id', 'text', (c) =>
        c.notNull().references('organization.id').onDelete('cascade'),
      )
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('association_setting_pk', ['association_id', 'key'])
      .execute();

    await db.schema.alterTable('fee_due').addColumn('waived_at', 'text').execute();
    await db.schema.alterTable('fee_due').addColumn('waived_by', 'text').execute();
    await db.schema.alterTable('fee_due').addColumn('waive_reason', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('fee_due').dropColumn('waive_reason').execute();
    await db.schema.alterTable('fee_due').dropColumn('waived_by').execute();
    await db.schema.alterTable('fee_due').dropColumn('waived_at').execute();
    for (const table of [
      'association_setting',
      'reviewer_qualification',
      'application_message',
      'application_decision',
      'review',
      'application_assignment',
      'application_snapshot',
    ])
      await db.schema.dropTable(table).execute();
    await db.schema.alterTable('application').dropColumn('round').execute();
    await db.schema.dropIndex('application_one_open').execute();
    await db.schema
      .createIndex('application_one_open')
      .on('application')
      .columns(['user_id', 'association_id', 'credential'])
      .unique()
      .where(closedBefore)
      .execute();
  },
};
