// The append-only audit log: rows are inserted, never updated or deleted.
import type { Kysely } from 'kysely';
import { fromJson, newId, timestamp, toJson } from '../portable.ts';
import type { Database } from '../schema.ts';
import type { AuditAction } from '../../domain/audit-actions.ts';

type Q = Kysely<Database>;

export interface AuditEvent {
  actorId: string | null;
  associationId: string | null;
  subjectType: string;
  subjectId: string;
  action: AuditAction;
  before?: unknown;
  after?: unknown;
}

export async function appendAudit(db: Q, event: AuditEvent): Promise<void> {
  await appendAudits(db, [event]);
}

/**
 * Events are read in the order of their time, then their id: an id that
 * starts with this server's running count keeps two events of the same
 * millisecond in the order they were appended.
 */
let appended = 0;
const auditId = () => `${(appended++).toString(36).padStart(7, '0')}-${newId()}`;

/** Rows per INSERT: well under either database's limit on bound values. */
const BATCH = 500;

/** Appends many events at once (an import audits every entry it adds). */
export async function appendAudits(db: Q, events: readonly AuditEvent[]): Promise<void> {
  const at = timestamp();
  const rows = events.map((event) => ({
    id: auditId(),
    at,
    actor_id: event.actorId,
    association_id: event.associationId,
    subject_type: event.subjectType,
    subject_id: event.subjectId,
    action: event.action,
    before: event.before === undefined ? null : toJson(event.before),
    after: event.after === undefined ? null : toJson(event.after),
  }));
  for (let i = 0; i < rows.length; i += BATCH)
    await db
      .insertInto('audit_event')
      .values(rows.slice(i, i + BATCH))
      .execute();
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
}

const select = (db: Q) =>
  db
    .selectFrom('audit_event')
    .leftJoin('user', 'user.id', 'audit_event.actor_id')
    .select([
      'audit_event.id',
      'audit_event.at',
      'audit_event.actor_id',
      'user.name as actor_name',
      'audit_event.action',
      'audit_event.subject_type',
      'audit_event.subject_id',
      'audit_event.before',
      'audit_event.after',
    ]);

const toEntry = (r: Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number]): AuditEntry => ({
  id: r.id,
  at: r.at,
  actorId: r.actor_id,
  actorName: r.actor_name,
  action: r.action,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  before: fromJson(r.before),
  after: fromJson(r.after),
});

/** The history of one subject (an application, a person…), oldest first. */
export async function auditOf(
  db: Q,
  subjectType: string,
  subjectIds: readonly string[],
): Promise<AuditEntry[]> {
  if (!subjectIds.length) return [];
  const rows = await select(db)
    .where('audit_event.subject_type', '=', subjectType)
    .where('audit_event.subject_id', 'in', [...subjectIds])
    .orderBy('audit_event.at')
    .orderBy('audit_event.id')
    .execute();
  return rows.map(toEntry);
}

export async function auditOfAssociation(db: Q, associationId: string, limit = 200): Promise<AuditEntry[]> {
  const rows = await select(db)
    .where('audit_event.association_id', '=', associationId)
    .orderBy('audit_event.at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toEntry);
}
