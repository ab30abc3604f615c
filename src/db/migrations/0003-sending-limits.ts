// Limits on what an account can make Endorse do in its name:
// - one open application per account, association and credential, held by a
//   partial unique index (two concurrent starts cannot both win);
// - a daily cap on the e-mail sent for or to an account: each mail job names
//   the account it is charged to, and `mail_quota` holds one row per account
//   that a sender locks (by writing it) while it counts and queues, so two
//   concurrent senders count one after the other.
import { randomUUID } from 'node:crypto';
import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../portable.ts';

/** An open application: neither withdrawn nor endorsed (as in the applications repository). */
const notClosed = sql<boolean>`status not in ('withdrawn', 'endorsed')`;

export function sendingLimits(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withdrawDuplicateApplications(db);
      await db.schema
        .createIndex('application_one_open')
        .on('application')
        .columns(['user_id', 'association_id', 'credential'])
        .unique()
        .where(notClosed)
        .execute();

      await db.schema.alterTable('job').addColumn('account_id', 'text').execute();
      await db.schema
        .createIndex('job_account_id_created_at_idx')
        .on('job')
        .columns(['account_id', 'created_at'])
        .execute();
      await db.schema
        .createTable('mail_quota')
        .addColumn('account_id', 'text', (c) => c.primaryKey())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('mail_quota').execute();
      await db.schema.dropIndex('job_account_id_created_at_idx').execute();
      await db.schema.alterTable('job').dropColumn('account_id').execute();
      await db.schema.dropIndex('application_one_open').execute();
    },
  };
}

/**
 * Before the index: where an account holds several open applications for one
 * credential of one association, the one furthest along (submitted before
 * draft, then the oldest) stays open and the others are withdrawn, audited.
 */
async function withdrawDuplicateApplications(db: Kysely<unknown>) {
  const k = db as Kysely<{
    application: {
      id: string;
      user_id: string;
      association_id: string;
      credential: string;
      status: string;
      created_at: string;
      updated_at: string;
    };
    audit_event: {
      id: string;
      at: string;
      actor_id: string | null;
      association_id: string | null;
      subject_type: string;
      subject_id: string;
      action: string;
      before: string | null;
      after: string | null;
    };
  }>;
  const open = await k
    .selectFrom('application')
    .select(['id', 'user_id', 'association_id', 'credential', 'status', 'created_at'])
    .where(notClosed)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const groups = new Map<string, typeof open>();
  for (const a of open) {
    const key = JSON.stringify([a.user_id, a.association_id, a.credential]);
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  const at = new Date().toISOString();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const keep = group.find((a) => a.status !== 'draft') ?? group[0]!;
    for (const a of group) {
      if (a === keep) continue;
      await k
        .updateTable('application')
        .set({ status: 'withdrawn', updated_at: at })
        .where('id', '=', a.id)
        .execute();
      await k
        .insertInto('audit_event')
        .values({
          id: randomUUID(),
          at,
          actor_id: null,
          association_id: a.association_id,
          subject_type: 'application',
          subject_id: a.id,
          action: 'application.withdraw',
          before: JSON.stringify({ status: a.status }),
          after: JSON.stringify({
            status: 'withdrawn',
            reason: `another open ${a.credential} application (${keep.id}) stays open`,
          }),
        })
        .execute();
    }
  }
}
