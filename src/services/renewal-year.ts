// The coordinator's renewal year: every endorsement of the association due
// in the calendar year, each judged (the person's portfolio read once for
// all their endorsements) and placed in its standing, counted, searchable,
// in pages and as CSV; and one endorsee's renewal with what the coordinator
// may do about it (extend, reinstate, decide audited entries).
import { findAssociation } from '../db/repositories/associations.ts';
import { endorsementEvents, type EndorsementRow, findEndorsement } from '../db/repositories/endorsements.ts';
import { findPersonById, namesOf } from '../db/repositories/people.ts';
import {
  auditEntriesOf,
  endorsementsOfRenewalYear,
  extensionsOf,
  findAuditEntry,
  findRenewal,
  openPausesOf,
  type RenewalRow,
  renewalsOf,
} from '../db/repositories/renewals.ts';
import { type RenewalStanding, renewalStandings } from '../domain/renewal.ts';
import { type Actor, authorize, can } from '../policies/index.ts';
import type { Services } from './context.ts';
import { credentialName } from './endorsement-status.ts';
import {
  dayOf,
  type EndorsementRenewal,
  judgeRenewals,
  settingsCache,
  standingOf,
} from './renewal-checklist.ts';
import { feesText, judgeEndorsementRenewal } from './renewals.ts';
import { authorizeEndorsement, authorizeFound, endorsementResource } from './scope.ts';

export const renewalsPerPage = 25;

export interface RenewalYearRow {
  endorsementId: string;
  number: number;
  credential: string;
  status: string;
  personName: string;
  personEmail: string;
  standing: RenewalStanding;
  dueOn: string;
  effectiveDueOn: string;
  /** What the checklist still misses, in the engine's words (none once renewed). */
  missing: string[];
  /** The fees recorded on the year's renewal, in words. */
  fees: string | undefined;
  audited: boolean;
}

export interface RenewalYearQuery {
  year: number;
  standing?: RenewalStanding | undefined;
  q?: string | undefined;
  page?: number | undefined;
}

/** The renewal record of a due date in the year, if the endorsee renewed (or is audited) for it. */
const yearRenewalOf = (records: readonly RenewalRow[], e: EndorsementRow, from: string, to: string) =>
  records.find((r) => r.endorsementId === e.id && r.kind === 'renewal' && r.dueOn >= from && r.dueOn <= to);

/** Every endorsement of the year, judged and placed, in number order. */
async function yearRows(
  associationId: string,
  year: number,
  services: Services,
  now: Date,
): Promise<RenewalYearRow[]> {
  const db = services.db.kysely;
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const endorsements = await endorsementsOfRenewalYear(db, associationId, { from, to });
  const ids = endorsements.map((e) => e.id);
  const [renewals, extensions, pauses, people] = await Promise.all([
    renewalsOf(db, ids),
    extensionsOf(db, ids),
    openPausesOf(db, ids),
    namesOf(db, [...new Set(endorsements.map((e) => e.userId))]),
  ]);
  // A renewed endorsement's due date has moved on: it is judged as it stood on the year's due date.
  const placed = endorsements.map((e) => {
    const record = yearRenewalOf(renewals, e, from, to);
    return record ? { ...e, renewalDueOn: record.dueOn } : e;
  });
  const byPerson = new Map<string, EndorsementRow[]>();
  for (const e of placed) byPerson.set(e.userId, [...(byPerson.get(e.userId) ?? []), e]);
  const settingsOf = settingsCache(services);
  const judged = new Map<string, EndorsementRenewal>();
  for (const [userId, held] of byPerson)
    for (const j of await judgeRenewals(
      services,
      userId,
      held,
      { renewals, extensions, pauses },
      dayOf(now),
      settingsOf,
    ))
      judged.set(j.endorsement.id, j);
  const rows: RenewalYearRow[] = [];
  for (const e of placed) {
    const j = judged.get(e.id)!;
    const standing = standingOf(j);
    if (!standing) continue;
    const person = people.get(e.userId);
    rows.push({
      endorsementId: e.id,
      number: e.number,
      credential: e.credential,
      status: e.status,
      personName: person?.name ?? '',
      personEmail: person?.email ?? '',
      standing,
      dueOn: j.position.dueOn,
      effectiveDueOn: j.position.effectiveDueOn,
      missing: standing === 'renewed' || standing === 'audited' ? [] : j.checklist.unmet,
      fees: j.renewal && feesText(j.renewal),
      audited: !!j.renewal?.audited,
    });
  }
  return rows;
}

/** Whether a row answers the search: a name or e-mail containing it, or the number (with or without #). */
function matches(row: RenewalYearRow, q: string | undefined): boolean {
  const search = q?.trim().replace(/^#/, '').toLowerCase();
  if (!search) return true;
  return (
    row.personName.toLowerCase().includes(search) ||
    row.personEmail.toLowerCase().includes(search) ||
    String(row.number) === search
  );
}

async function filteredYear(
  actor: Actor | undefined,
  associationId: string,
  query: RenewalYearQuery,
  services: Services,
  now: Date,
) {
  authorize(actor, 'renewal.list', { associationId });
  const rows = await yearRows(associationId, query.year, services, now);
  const counts = Object.fromEntries(renewalStandings.map((s) => [s, 0])) as Record<RenewalStanding, number>;
  for (const r of rows) counts[r.standing]++;
  const listed = rows.filter(
    (r) => (!query.standing || r.standing === query.standing) && matches(r, query.q),
  );
  return { counts, total: rows.length, listed };
}

/** The association's renewal year: counts by standing, and the list (filtered, searched, in pages of 25). */
export async function renewalYear(
  actor: Actor | undefined,
  associationId: string,
  query: RenewalYearQuery,
  services: Services,
  now: Date = new Date(),
) {
  const { counts, total, listed } = await filteredYear(actor, associationId, query, services, now);
  const pages = Math.max(1, Math.ceil(listed.length / renewalsPerPage));
  const page = Math.min(Math.max(1, query.page ?? 1), pages);
  return {
    year: query.year,
    counts,
    /** Every endorsement of the year, whatever the filters. */
    total,
    /** How many the filters keep. */
    matching: listed.length,
    rows: listed.slice((page - 1) * renewalsPerPage, page * renewalsPerPage),
    page,
    pages,
  };
}
export type RenewalYear = Awaited<ReturnType<typeof renewalYear>>;

/** Every row the filters keep, for the CSV export (no pages). */
export async function renewalYearCsv(
  actor: Actor | undefined,
  associationId: string,
  query: RenewalYearQuery,
  services: Services,
  now: Date = new Date(),
): Promise<RenewalYearRow[]> {
  return (await filteredYear(actor, associationId, query, services, now)).listed;
}

/** One endorsee's renewal as the coordinator sees it: the checklist, the records, the audit, and what may be done. */
export async function endorseeRenewal(
  actor: Actor | undefined,
  endorsementId: string,
  associationId: string,
  services: Services,
  now: Date = new Date(),
) {
  const { actor: coordinator, endorsement } = await authorizeEndorsement(
    actor,
    endorsementId,
    'renewal.list',
    services,
    associationId,
  );
  const db = services.db.kysely;
  const judged = await judgeEndorsementRenewal(services, endorsement, now);
  const association = (await findAssociation(db, associationId))!;
  const person = (await findPersonById(db, endorsement.userId))!;
  const records = await renewalsOf(db, [endorsement.id]);
  // The record of the current due date, else the latest (a renewal done, the next one not begun).
  const renewal = judged.renewal ?? records[0];
  const entries = renewal ? await auditEntriesOf(db, [renewal.id]) : [];
  const resource = endorsementResource(endorsement);
  const mayDecide = can(coordinator, 'renewal.decideAudit', resource) && renewal?.status === 'audit';
  const standing = standingOf(judged);
  return {
    endorsement,
    person: { name: person.name, email: person.email },
    credentialName: credentialName(association.slug, endorsement.credential),
    standing,
    position: judged.position,
    checklist: judged.checklist,
    settings: { graceDays: judged.settings.graceDays },
    renewal: renewal && { ...renewal, fees: feesText(renewal) },
    renewals: records.map((r) => ({ ...r, fees: feesText(r) })),
    auditEntries: entries.map((e) => ({
      id: e.id,
      section: e.section,
      title: typeof e.entry.title === 'string' ? e.entry.title : e.section,
      date: typeof e.entry.date === 'string' ? e.entry.date : undefined,
      hours: typeof e.entry.hours === 'number' ? e.entry.hours : undefined,
      proofUploaded: !!e.fileId,
      decision: e.decision,
      reason: e.reason,
      decidedAt: e.decidedAt,
      mayDecide: mayDecide && !!e.fileId && e.decision === 'pending',
    })),
    extension: judged.position.extension,
    pause: judged.pause,
    history: await endorsementEvents(db, endorsement.id),
    may: {
      extend: can(coordinator, 'renewal.extend', resource),
      reinstate:
        can(coordinator, 'renewal.reinstate', resource) &&
        judged.renewal?.kind === 'reinstatement' &&
        judged.renewal.status === 'requested',
    },
  };
}
export type EndorseeRenewal = Awaited<ReturnType<typeof endorseeRenewal>>;

/** The endorsement an audited entry belongs to, if the actor may decide it (in `associationId`); else not found. */
export async function auditedEndorsement(
  actor: Actor | undefined,
  entryId: string,
  associationId: string,
  services: Services,
): Promise<string> {
  const db = services.db.kysely;
  const entry = await findAuditEntry(db, entryId);
  const renewal = entry && (await findRenewal(db, entry.renewalId));
  const found = renewal && (await findEndorsement(db, renewal.endorsementId));
  const endorsement = found?.associationId === associationId ? found : undefined;
  authorizeFound(
    actor,
    'renewal.decideAudit',
    endorsement && endorsementResource(endorsement),
    'The audited entry',
  );
  return endorsement!.id;
}
