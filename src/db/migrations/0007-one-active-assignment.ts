// An application has at most one active advisor, and a person at most one
// active assignment per role on an application: held by partial unique
// indexes, so two coordinators assigning at once cannot both insert. Any
// duplicate already there (none is expected) is ended as removed first,
// the earliest assignment kept.
// An application's decisions are numbered in the order they were taken
// (`seq`): two taken in the same millisecond still read in their order.
import { type Kysely, type Migration, sql } from 'kysely';

export const oneActiveAssignment: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`update application_assignment set status = 'removed', end_reason = 'a duplicate of an earlier assignment'
      where status = 'active' and exists (
        select 1 from application_assignment earlier
        where earlier.status = 'active' and earlier.application_id = application_assignment.application_id
          and earlier.role = application_assignment.role
          and (earlier.user_id = application_assignment.user_id or application_assignment.role = 'advisor')
          and (earlier.assigned_at < application_assignment.assigned_at
            or (earlier.assigned_at = application_assignment.assigned_at and earlier.id < application_assignment.id)))`.execute(
      db,
    );
    await db.schema
      .createIndex('application_assignment_one_active')
      .on('application_assignment')
      .columns(['application_id', 'user_id', 'role'])
      .unique()
      .where(sql.ref('status'), '=', 'active')
      .execute();
    await db.schema
      .createIndex('application_assignment_one_advisor')
      .on('application_assignment')
      .column('application_id')
      .unique()
      .where(sql<boolean>`role = 'advisor' and status = 'active'`)
      .execute();

    await db.schema
      .alterTable('application_decision')
      .addColumn('seq', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await sql`update application_decision set seq = (
        select count(*) from application_decision earlier
        where earlier.application_id = application_decision.application_id
          and (earlier.decided_at < application_decision.decided_at
            or (earlier.decided_at = application_decision.decided_at and earlier.id <= application_decision.id)))`.execute(
      db,
    );
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('application_decision').dropColumn('seq').execute();
    await db.schema.dropIndex('application_assignment_one_advisor').execute();
    await db.schema.dropIndex('application_assignment_one_active').execute();
  },
};
