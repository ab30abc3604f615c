// The written examination (Levels III and IV):
// - exam_item: the item bank, multiple-choice items and essay vignettes, each
//   version a row (an item in use is never edited in place: a change makes
//   the next version under the same code);
// - exam_form: a fixed selection of items and vignettes with its pass rule
//   and time limit; exam_form_item: what it holds, in order;
// - exam_sitting: a date, time, mode (online or in person), place and capacity;
// - exam_registration: an application registered for a sitting, with the
//   form it sits and what became of it (sat, rescheduled, no-show…);
// - exam_accommodation: what the coordinator granted an application (extra
//   time, breaks, larger text, a paper sitting);
// - exam_attempt: one sitting of the exam, its clock held by the server and
//   its result; exam_answer and exam_essay_response: what was answered;
// - exam_essay_read: one reader's blind scores of one essay response;
// - exam_item_discount: an item discounted for a sitting (rescored without it).
import { type ColumnDefinitionBuilder, type Kysely, type Migration, sql } from 'kysely';

export const exam: Migration = {
  async up(db: Kysely<unknown>) {
    const association = (c: ColumnDefinitionBuilder) =>
      c.notNull().references('organization.id').onDelete('cascade');
    const application = (c: ColumnDefinitionBuilder) =>
      c.notNull().references('application.id').onDelete('cascade');
    const item = (c: ColumnDefinitionBuilder) => c.notNull().references('exam_item.id').onDelete('cascade');

    await db.schema
      .createTable('exam_item')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('association_id', 'text', association)
      // The item's code in the bank (e.g. MC-0042), the same for all its versions.
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      // multiple-choice | vignette
      .addColumn('kind', 'text', (c) => c.notNull())
      // imh | ecmh
      .addColumn('exam', 'text', (c) => c.notNull())
      // draft | active | retired
      .addColumn('status', 'text', (c) => c.notNull())
      // The stem of an item, the text of a vignette.
      .addColumn('text', 'text', (c) => c.notNull())
      // Multiple choice: JSON array of option texts, and the index of the right one.
      .addColumn('options', 'text')
      .addColumn('answer_key', 'integer')
      // JSON array of competency domain ids (src/catalogs/competencies.ts).
      .addColumn('domains', 'text', (c) => c.notNull())
      // Vignette: clinical | policy | research-faculty, and its rubric (JSON [{criterion, points}]).
      .addColumn('category', 'text')
      .addColumn('rubric', 'text')
      // Lowercased text for search (stem, options, code).
      .addColumn('search_text', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('exam_item_version', ['association_id', 'code', 'version'])
      .execute();
    await db.schema
      .createIndex('exam_item_bank_idx')
      .on('exam_item')
      .columns(['association_id', 'kind', 'status'])
      .execute();

    await db.schema
      .createTable('exam_form')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('association_id', 'text', association)
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('exam', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      // draft | ready | retired: a ready form is fixed (it can be sat).
      .addColumn('status', 'text', (c) => c.notNull())
      // The applicant answers this many of the vignettes offered.
      .addColumn('vignettes_answered', 'integer', (c) => c.notNull())
      // JSON PassRule (src/domain/exam.ts).
      .addColumn('pass_rule', 'text', (c) => c.notNull())
      .addColumn('time_limit_minutes', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('exam_form_item')
      .addColumn('form_id', 'text', (c) => c.notNull().references('exam_form.id').onDelete('cascade'))
      .addColumn('item_id', 'text', item)
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('exam_form_item_pk', ['form_id', 'item_id'])
      .execute();
    await db.schema.createIndex('exam_form_item_item_idx').on('exam_form_item').column('item_id').execute();

    await db.schema
      .createTable('exam_sitting')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('association_id', 'text', association)
      .addColumn('exam', 'text', (c) => c.notNull())
      // When it starts (ISO-8601 UTC); online attempts may open from then.
      .addColumn('starts_at', 'text', (c) => c.notNull())
      // online | in-person
      .addColumn('mode', 'text', (c) => c.notNull())
      .addColumn('place', 'text', (c) => c.notNull())
      .addColumn('capacity', 'integer', (c) => c.notNull())
      // scheduled | cancelled
      .addColumn('status', 'text', (c) => c.notNull())
      // JSON array of the form ids sat here, one per essay category.
      .addColumn('form_ids', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('exam_sitting_idx')
      .on('exam_sitting')
      .columns(['association_id', 'starts_at'])
      .execute();

    await db.schema
      .createTable('exam_registration')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('sitting_id', 'text', (c) => c.notNull().references('exam_sitting.id').onDelete('cascade'))
      .addColumn('application_id', 'text', application)
      .addColumn('form_id', 'text', (c) => c.notNull().references('exam_form.id'))
      // Which attempt of the application this is (1 for the first sitting).
      .addColumn('attempt', 'integer', (c) => c.notNull())
      // registered (waiting to be sat) | sat (an attempt was made) | rescheduled | no-show | cancelled
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('registered_by', 'text')
      .addColumn('registered_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text')
      .addColumn('end_reason', 'text')
      .execute();
    // One registration waiting to be sat per application: two coordinators registering at once cannot both insert.
    await db.schema
      .createIndex('exam_registration_one_live')
      .on('exam_registration')
      .column('application_id')
      .unique()
      .where(sql.ref('status'), '=', 'registered')
      .execute();
    await db.schema
      .createIndex('exam_registration_sitting_idx')
      .on('exam_registration')
      .columns(['sitting_id', 'status'])
      .execute();

    await db.schema
      .createTable('exam_accommodation')
      .addColumn('application_id', 'text', (c) =>
        c.primaryKey().references('application.id').onDelete('cascade'),
      )
      // 1.5 for time and a half; 1 for none.
      .addColumn('extra_time', 'real', (c) => c.notNull())
      .addColumn('break_minutes', 'integer', (c) => c.notNull())
      .addColumn('large_text', 'integer', (c) => c.notNull())
      .addColumn('paper', 'integer', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('granted_by', 'text')
      .addColumn('granted_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('exam_attempt')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('registration_id', 'text', (c) =>
        c.notNull().unique().references('exam_registration.id').onDelete('cascade'),
      )
      .addColumn('application_id', 'text', application)
      .addColumn('form_id', 'text', (c) => c.notNull().references('exam_form.id'))
      // online | paper
      .addColumn('mode', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      // The server's clock: answers are refused after this moment and the attempt is submitted as it stands.
      .addColumn('ends_at', 'text', (c) => c.notNull())
      .addColumn('submitted_at', 'text')
      // applicant | time-out | paper-entry
      .addColumn('submitted_how', 'text')
      // The vignettes the applicant chose to answer (JSON array of item ids).
      .addColumn('vignettes_chosen', 'text', (c) => c.notNull())
      // in-progress | submitted | scored
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('mc_correct', 'integer')
      .addColumn('mc_counted', 'integer')
      .addColumn('essay_points', 'real')
      // passed | failed (null until scored)
      .addColumn('result', 'text')
      // JSON DomainPerformance[] (src/domain/exam.ts).
      .addColumn('by_domain', 'text')
      .addColumn('scored_at', 'text')
      .execute();
    await db.schema
      .createIndex('exam_attempt_application_idx')
      .on('exam_attempt')
      .columns(['application_id', 'status'])
      .execute();
    await db.schema
      .createIndex('exam_attempt_ends_idx')
      .on('exam_attempt')
      .columns(['status', 'ends_at'])
      .execute();

    await db.schema
      .createTable('exam_answer')
      .addColumn('attempt_id', 'text', (c) => c.notNull().references('exam_attempt.id').onDelete('cascade'))
      .addColumn('item_id', 'text', item)
      // The option chosen (0-based); null when cleared.
      .addColumn('choice', 'integer')
      .addColumn('answered_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('exam_answer_pk', ['attempt_id', 'item_id'])
      .execute();

    await db.schema
      .createTable('exam_essay_response')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('attempt_id', 'text', (c) => c.notNull().references('exam_attempt.id').onDelete('cascade'))
      .addColumn('vignette_id', 'text', item)
      .addColumn('text', 'text', (c) => c.notNull())
      // What readers see instead of a name (e.g. R-7F3K2Q).
      .addColumn('blind_code', 'text', (c) => c.notNull().unique())
      .addColumn('saved_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('exam_essay_response_one', ['attempt_id', 'vignette_id'])
      .execute();

    await db.schema
      .createTable('exam_essay_read')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('response_id', 'text', (c) =>
        c.notNull().references('exam_essay_response.id').onDelete('cascade'),
      )
      .addColumn('reader_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
      // 1, 2: the blind readers; 3: the third reader when they differ by more than the threshold.
      .addColumn('slot', 'integer', (c) => c.notNull())
      // JSON array of points, one per rubric criterion, in the rubric's order.
      .addColumn('scores', 'text', (c) => c.notNull())
      .addColumn('total', 'real', (c) => c.notNull())
      .addColumn('comment', 'text')
      .addColumn('submitted_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('exam_essay_read_slot', ['response_id', 'slot'])
      .addUniqueConstraint('exam_essay_read_reader', ['response_id', 'reader_id'])
      .execute();

    await db.schema
      .createTable('exam_item_discount')
      .addColumn('sitting_id', 'text', (c) => c.notNull().references('exam_sitting.id').onDelete('cascade'))
      .addColumn('item_id', 'text', item)
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('discounted_by', 'text')
      .addColumn('discounted_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('exam_item_discount_pk', ['sitting_id', 'item_id'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'exam_item_discount',
      'exam_essay_read',
      'exam_essay_response',
      'exam_answer',
      'exam_attempt',
      'exam_accommodation',
      'exam_registration',
      'exam_sitting',
      'exam_form_item',
      'exam_form',
      'exam_item',
    ])
      await db.schema.dropTable(table).execute();
  },
};
