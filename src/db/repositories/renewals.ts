// Renewal records, the reminders sent, audited entries, extensions and
// inactive pauses. Inserts that may race (a renewal submitted twice, a
// reminder claimed by two servers) do nothing on conflict and say so; moves
// are compare-and-set on the value read.
import type { Kysely } from 'kysely';
import { fromFlag, newId, toFlag, toNumber } from '../portable.ts';
import type { Database, RenewalAuditEntryTable, RenewalTable } from '../schema.ts';
import { type EndorsementRow, endorsementRow } from './endorsements.ts';

type Q = Kysely<Database>;

export interface RenewalRow {
  id: string;
  endorsementId: string;
  kind: string;
  dueOn: string;
  status: string;
  late: boolean;
  audited: boolean;
  feeCents: number | null;
  lateFeeCents: number | null;
  currency: string;
  checklist: unknown;
  submittedAt: string;
  completedAt: string | null;
  completedBy: string | null;
}

const renewalRow = (r: RenewalTable): RenewalRow => ({
  id: r.id,
  endorsementId: r.endorsement_id,
  kind: r.kind,
  dueOn: r.due_on,
  status: r.status,
  late: fromFlag(r.late),
  audited: fromFlag(r.audited),
  feeCents: r.fee_cents === null ? null : toNumber(r.fee_cents),
  lateFeeCents: r.late_fee_cents === null ? null : toNumber(r.late_fee_cents),
  currency: r.currency,
  checklist: JSON.parse(r.checklist),
  submittedAt: r.submitted_at,
  completedAt: r.completed_at,
  completedBy: r.completed_by,
});

/** Records a renewal (or reinstatement request); undefined when one for this due date exists already. */
export async function insertRenewal(
  db: Q,
  v: Omit<RenewalRow, 'id' | 'completedAt' | 'completedBy'>,
): Promise<RenewalRow | undefined> {
  const row: RenewalTable = {
    id: newId(),
    endorsement_id: v.endorsementId,
    kind: v.kind,
    due_on: v.dueOn,
    status: v.status,
    late: toFlag(v.late),
    audited: toFlag(v.audited),
    fee_cents: v.feeCents,
    late_fee_cents: v.lateFeeCents,
    currency: v.currency,
    checklist: JSON.stringify(v.checklist),
    submitted_at: v.submittedAt,
    completed_at: v.status === 'renewed' ? v.submittedAt : null,
    completed_by: null,
  };
  const done = await db
    .insertInto('renewal')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(done.numInsertedOrUpdatedRows ?? 0) === 1 ? renewalRow(row) : undefined;
}

export async function findRenewal(db: Q, id: string): Promise<RenewalRow | undefined> {
  const row = await db.selectFrom('renewal').selectAll().where('id', '=', id).executeTakeFirst();
  return row && renewalRow(row);
}

/** The renewal records of these endorsements, the latest due date first. */
export async function renewalsOf(db: Q, endorsementIds: readonly string[]): Promise<RenewalRow[]> {
  if (endorsementIds.length === 0) return [];
  const rows = await db
    .selectFrom('renewal')
    .selectAll()
    .where('endorsement_id', 'in', endorsementIds)
    .orderBy('due_on', 'desc')
    .execute();
  return rows.map(renewalRow);
}

/** Completes a renewal still in `from` (audit, requested): false when someone completed it first. */
export async function completeRenewal(
  db: Q,
  id: string,
  from: string,
  by: string | null,
  at: string,
): Promise<boolean> {
  const done = await db
    .updateTable('renewal')
    .set({ status: 'renewed', completed_at: at, completed_by: by })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

/** Moves the endorsement's due date, only if it is still `from`. */
export async function moveRenewalDueOn(
  db: Q,
  endorsementId: string,
  from: string,
  to: string,
  at: string,
): Promise<boolean> {
  const done = await db
    .updateTable('endorsement')
    .set({ renewal_due_on: to, updated_at: at })
    .where('id', '=', endorsementId)
    .where('renewal_due_on', '=', from)
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------------------
// Reminders

/** Claims a reminder: true for the one process whose insert took it. */
export async function claimRenewalReminder(
  db: Q,
  v: { endorsementId: string; dueOn: string; offset: number; at: string },
): Promise<boolean> {
  const done = await db
    .insertInto('renewal_reminder')
    .values({ endorsement_id: v.endorsementId, due_on: v.dueOn, offset_days: v.offset, sent_at: v.at })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(done.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** The reminders sent for these endorsements, by endorsement: each due date's offsets. */
export async function remindersSent(
  db: Q,
  endorsementIds: readonly string[],
): Promise<Map<string, { dueOn: string; offset: number; sentAt: string }[]>> {
  const sent = new Map<string, { dueOn: string; offset: number; sentAt: string }[]>();
  if (endorsementIds.length === 0) return sent;
  const rows = await db
    .selectFrom('renewal_reminder')
    .selectAll()
    .where('endorsement_id', 'in', endorsementIds)
    .orderBy('sent_at')
    .execute();
  for (const r of rows) {
    const list = sent.get(r.endorsement_id) ?? [];
    list.push({ dueOn: r.due_on, offset: toNumber(r.offset_days), sentAt: r.sent_at });
    sent.set(r.endorsement_id, list);
  }
  return sent;
}

// ---------------------------------------------------------------------------
// Extensions

export interface ExtensionRow {
  endorsementId: string;
  dueOn: string;
  untilOn: string;
  reason: string;
  grantedBy: string;
  grantedAt: string;
}

/** Grants (or changes) the extension of one due date. */
export async function saveExtension(db: Q, v: ExtensionRow): Promise<void> {
  const values = {
    endorsement_id: v.endorsementId,
    due_on: v.dueOn,
    until_on: v.untilOn,
    reason: v.reason,
    granted_by: v.grantedBy,
    granted_at: v.grantedAt,
  };
  await db
    .insertInto('endorsement_extension')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['endorsement_id', 'due_on']).doUpdateSet({
        until_on: v.untilOn,
        reason: v.reason,
        granted_by: v.grantedBy,
        granted_at: v.grantedAt,
      }),
    )
    .execute();
}

/** The extensions of these endorsements, by endorsement and due date (`id dueOn`). */
export async function extensionsOf(
  db: Q,
  endorsementIds: readonly string[],
): Promise<Map<string, ExtensionRow>> {
  const found = new Map<string, ExtensionRow>();
  if (endorsementIds.length === 0) return found;
  const rows = await db
    .selectFrom('endorsement_extension')
    .selectAll()
    .where('endorsement_id', 'in', endorsementIds)
    .execute();
  for (const r of rows)
    found.set(`${r.endorsement_id} ${r.due_on}`, {
      endorsementId: r.endorsement_id,
      dueOn: r.due_on,
      untilOn: r.until_on,
      reason: r.reason,
      grantedBy: r.granted_by,
      grantedAt: r.granted_at,
    });
  return found;
}

// ---------------------------------------------------------------------------
// Inactive pauses

export interface PauseRow {
  id: string;
  endorsementId: string;
  fromOn: string;
  untilOn: string;
  reason: string;
  requestedAt: string;
  endedAt: string | null;
}

export async function insertPause(db: Q, v: Omit<PauseRow, 'id' | 'endedAt'>): Promise<PauseRow> {
  const id = newId();
  await db
    .insertInto('inactive_pause')
    .values({
      id,
      endorsement_id: v.endorsementId,
      from_on: v.fromOn,
      until_on: v.untilOn,
      reason: v.reason,
      requested_at: v.requestedAt,
      ended_at: null,
    })
    .execute();
  return { ...v, id, endedAt: null };
}

/** The pause not yet ended of each of these endorsements. */
export async function openPausesOf(db: Q, endorsementIds: readonly string[]): Promise<Map<string, PauseRow>> {
  const found = new Map<string, PauseRow>();
  if (endorsementIds.length === 0) return found;
  const rows = await db
    .selectFrom('inactive_pause')
    .selectAll()
    .where('endorsement_id', 'in', endorsementIds)
    .where('ended_at', 'is', null)
    .execute();
  for (const r of rows)
    found.set(r.endorsement_id, {
      id: r.id,
      endorsementId: r.endorsement_id,
      fromOn: r.from_on,
      untilOn: r.until_on,
      reason: r.reason,
      requestedAt: r.requested_at,
      endedAt: r.ended_at,
    });
  return found;
}

export async function endPause(db: Q, endorsementId: string, at: string): Promise<void> {
  await db
    .updateTable('inactive_pause')
    .set({ ended_at: at })
    .where('endorsement_id', '=', endorsementId)
    .where('ended_at', 'is', null)
    .execute();
}

// ---------------------------------------------------------------------------
// Audited entries

export interface AuditEntryRow {
  id: string;
  renewalId: string;
  section: string;
  entryId: string;
  entry: Record<string, unknown>;
  fileId: string | null;
  decision: string;
  reason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

const auditEntryRow = (r: RenewalAuditEntryTable): AuditEntryRow => ({
  id: r.id,
  renewalId: r.renewal_id,
  section: r.section,
  entryId: r.entry_id,
  entry: JSON.parse(r.entry) as Record<string, unknown>,
  fileId: r.file_id,
  decision: r.decision,
  reason: r.reason,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
});

export async function insertAuditEntries(
  db: Q,
  renewalId: string,
  entries: readonly { section: string; entryId: string; entry: unknown }[],
): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('renewal_audit_entry')
    .values(
      entries.map((e) => ({
        id: newId(),
        renewal_id: renewalId,
        section: e.section,
        entry_id: e.entryId,
        entry: JSON.stringify(e.entry),
        file_id: null,
        decision: 'pending',
        reason: null,
        decided_by: null,
        decided_at: null,
      })),
    )
    .execute();
}

/** The entries claimed in these renewals, in the order claimed. */
export async function auditEntriesOf(db: Q, renewalIds: readonly string[]): Promise<AuditEntryRow[]> {
  if (renewalIds.length === 0) return [];
  const rows = await db
    .selectFrom('renewal_audit_entry')
    .selectAll()
    .where('renewal_id', 'in', renewalIds)
    .orderBy('section')
    .orderBy('id')
    .execute();
  return rows.map(auditEntryRow);
}

export async function findAuditEntry(db: Q, id: string): Promise<AuditEntryRow | undefined> {
  const row = await db.selectFrom('renewal_audit_entry').selectAll().where('id', '=', id).executeTakeFirst();
  return row && auditEntryRow(row);
}

/** Attaches the endorsee's proof to an entry not yet accepted; it waits for a decision again. */
export async function attachAuditProof(db: Q, id: string, fileId: string): Promise<boolean> {
  const done = await db
    .updateTable('renewal_audit_entry')
    .set({ file_id: fileId, decision: 'pending', reason: null, decided_by: null, decided_at: null })
    .where('id', '=', id)
    .where('decision', '!=', 'accepted')
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

/** Decides an entry still pending: false when someone decided it first. */
export async function decideAuditEntry(
  db: Q,
  v: { id: string; decision: 'accepted' | 'rejected'; reason: string | null; by: string; at: string },
): Promise<boolean> {
  const done = await db
    .updateTable('renewal_audit_entry')
    .set({ decision: v.decision, reason: v.reason, decided_by: v.by, decided_at: v.at })
    .where('id', '=', v.id)
    .where('decision', '=', 'pending')
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------------------
// What the daily sweep and the year page read

/**
 * The next `limit` endorsements after `afterId` that renewal can move
 * (active or inactive), in id order: the sweep pages through them.
 */
export async function endorsementsToSweep(db: Q, afterId: string, limit: number): Promise<EndorsementRow[]> {
  const rows = await db
    .selectFrom('endorsement')
    .selectAll()
    .where('status', 'in', ['active', 'inactive'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(endorsementRow);
}

/** How many endorsements the sweep will walk (for its progress bar). */
export async function countEndorsementsToSweep(db: Q): Promise<number> {
  const row = await db
    .selectFrom('endorsement')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', 'in', ['active', 'inactive'])
    .executeTakeFirst();
  return toNumber(row?.n ?? 0);
}

/**
 * The association's endorsements in a renewal year: those due in it (and
 * not yet renewed), and those renewed or under audit for a due date in it.
 */
export async function endorsementsOfRenewalYear(
  db: Q,
  associationId: string,
  year: { from: string; to: string },
): Promise<EndorsementRow[]> {
  const rows = await db
    .selectFrom('endorsement')
    .selectAll()
    .where('association_id', '=', associationId)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('renewal_due_on', '>=', year.from),
          eb('renewal_due_on', '<=', year.to),
          eb('status', 'in', ['active', 'lapsed', 'inactive']),
        ]),
        eb(
          'id',
          'in',
          eb
            .selectFrom('renewal')
            .select('renewal.endorsement_id')
            .where('renewal.kind', '=', 'renewal')
            .where('renewal.due_on', '>=', year.from)
            .where('renewal.due_on', '<=', year.to),
        ),
      ]),
    )
    .orderBy('number')
    .execute();
  return rows.map(endorsementRow);
}
