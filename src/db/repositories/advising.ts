// Advising: the applications a person advises, the advisors an application
// has had, and the thread of messages and the advisor's comments on it
// (application_message). Messages are never changed or deleted.
import type { Kysely } from 'kysely';
import { newId } from '../portable.ts';
import { prepared } from '../prepared.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export type MessageKind = 'message' | 'comment';

export interface MessageRow {
  id: string;
  applicationId: string;
  authorId: string;
  authorName: string;
  kind: MessageKind;
  /** For a comment: the portfolio section (its slug) it is about. */
  section: string | null;
  /** For a comment on one entry: the entry's id. */
  entryId: string | null;
  body: string;
  createdAt: string;
}

const selectMessages = (db: Q) =>
  db
    .selectFrom('application_message')
    .innerJoin('user', 'user.id', 'application_message.author_id')
    .select([
      'application_message.id',
      'application_message.application_id as applicationId',
      'application_message.author_id as authorId',
      'user.name as authorName',
      'application_message.kind',
      'application_message.section',
      'application_message.entry_id as entryId',
      'application_message.body',
      'application_message.created_at as createdAt',
    ]);

export async function insertMessage(
  db: Q,
  values: {
    applicationId: string;
    authorId: string;
    kind: MessageKind;
    section?: string | null;
    entryId?: string | null;
    body: string;
    at: string;
  },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('application_message')
    .values({
      id,
      application_id: values.applicationId,
      author_id: values.authorId,
      kind: values.kind,
      section: values.section ?? null,
      entry_id: values.entryId ?? null,
      body: values.body,
      created_at: values.at,
    })
    .execute();
  return id;
}

/** An application's messages, or its comments. */
const messagesOfKind = prepared((db, v: { applicationId: string; kind: MessageKind }) =>
  selectMessages(db)
    .where('application_message.application_id', '=', v.applicationId)
    .where('application_message.kind', '=', v.kind)
    .orderBy('application_message.created_at')
    .orderBy('application_message.id'),
);

/** An application's messages and comments together, oldest first (its page shows both). */
const everyMessage = prepared((db, v: { applicationId: string }) =>
  selectMessages(db)
    .where('application_message.application_id', '=', v.applicationId)
    .orderBy('application_message.created_at')
    .orderBy('application_message.id'),
);

/** An application's messages or comments (or, without `kind`, both), oldest first. */
export async function messagesOf(db: Q, applicationId: string, kind?: MessageKind): Promise<MessageRow[]> {
  return (await (kind
    ? messagesOfKind(db, { applicationId, kind })
    : everyMessage(db, { applicationId }))) as MessageRow[];
}

/** The comments on one section of a person's portfolio, on any of their applications, oldest first. */
export async function commentsOnSection(db: Q, ownerId: string, section: string): Promise<MessageRow[]> {
  const rows = await selectMessages(db)
    .innerJoin('application', 'application.id', 'application_message.application_id')
    .where('application.user_id', '=', ownerId)
    .where('application_message.kind', '=', 'comment')
    .where('application_message.section', '=', section)
    .orderBy('application_message.created_at')
    .orderBy('application_message.id')
    .execute();
  return rows as MessageRow[];
}

/** The latest message of each of the applications (the advisees list shows it). */
export async function latestMessages(
  db: Q,
  applicationIds: readonly string[],
): Promise<Map<string, MessageRow>> {
  if (!applicationIds.length) return new Map();
  const rows = (await selectMessages(db)
    .where('application_message.application_id', 'in', applicationIds)
    .where('application_message.kind', '=', 'message')
    .orderBy('application_message.created_at')
    .orderBy('application_message.id')
    .execute()) as MessageRow[];
  return new Map(rows.map((r) => [r.applicationId, r]));
}

/**
 * Everyone who has advised the application, ended assignments too: an
 * advisor never reviews an application they advised, whenever they did.
 */
export async function advisorsOf(db: Q, applicationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('application_assignment')
    .select('user_id')
    .distinct()
    .where('application_id', '=', applicationId)
    .where('role', '=', 'advisor')
    .execute();
  return rows.map((r) => r.user_id);
}

/** The applications a person advises now, with applicant and association, oldest assignment first. */
export async function adviseesOf(db: Q, advisorId: string) {
  return db
    .selectFrom('application_assignment')
    .innerJoin('application', 'application.id', 'application_assignment.application_id')
    .innerJoin('user', 'user.id', 'application.user_id')
    .innerJoin('organization', 'organization.id', 'application.association_id')
    .select([
      'application.id',
      'application.user_id as userId',
      'application.association_id as associationId',
      'application.credential',
      'application.status',
      'application.created_at as createdAt',
      'application.updated_at as updatedAt',
      'application.submitted_at as submittedAt',
      'application.round',
      'user.name as applicantName',
      'user.email as applicantEmail',
      'organization.slug as associationSlug',
      'organization.name as associationName',
      'application_assignment.assigned_at as assignedAt',
    ])
    .where('application_assignment.user_id', '=', advisorId)
    .where('application_assignment.role', '=', 'advisor')
    .where('application_assignment.status', '=', 'active')
    .orderBy('application_assignment.assigned_at')
    .orderBy('application.id')
    .execute();
}

/**
 * Holds the application's row until the transaction ends, so that two
 * coordinators changing its advisor at once take turns (one active advisor).
 */
export async function lockApplication(db: Q, applicationId: string): Promise<void> {
  await db
    .updateTable('application')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', applicationId)
    .execute();
}
