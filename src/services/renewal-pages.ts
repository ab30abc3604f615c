// What the endorsee reads on their renewal page: every endorsement they hold,
// where it stands in its renewal year, the live checklist (their portfolio
// judged once for all of them, so hours entered once count for each), the
// fees renewing would record now, the record of this year (renewed, under
// audit with each entry claimed, reinstatement requested), a pause, an
// extension, and what they may do now.
import { endorsementsOfPerson, holdsAnyEndorsement } from '../db/repositories/endorsements.ts';
import { scheduledFee } from '../db/repositories/fees.ts';
import {
  auditEntriesOf,
  extensionsOf,
  openPausesOf,
  type RenewalRow,
  renewalsOf,
} from '../db/repositories/renewals.ts';
import { addDays, type RenewalKind } from '../domain/renewal.ts';
import { type Actor, can } from '../policies/index.ts';
import type { Services } from './context.ts';
import { credentialName } from './endorsement-status.ts';
import { dayOf, judgeRenewals, renewalFees } from './renewal-checklist.ts';
import { feesText, renewingOpensOn } from './renewals.ts';
import { authorizeEndorsement, endorsementResource } from './scope.ts';

/** Statuses whose endorsement has a renewal year (suspended, revoked and transferred ones have none). */
const renewing = new Set(['active', 'inactive', 'lapsed']);

export async function myRenewals(actor: Actor, services: Services, now: Date = new Date()) {
  const db = services.db.kysely;
  const on = dayOf(now);
  const held = await endorsementsOfPerson(db, actor.userId);
  const ids = held.map((e) => e.id);
  const renewals = await renewalsOf(db, ids);
  const judged = await judgeRenewals(
    services,
    actor.userId,
    held,
    { renewals, extensions: await extensionsOf(db, ids), pauses: await openPausesOf(db, ids) },
    on,
  );
  const entries = await auditEntriesOf(
    db,
    judged.flatMap((j) => (j.renewal?.status === 'audit' ? [j.renewal.id] : [])),
  );
  const out = [];
  for (const j of judged) {
    const { endorsement: e, renewal, settings, position } = j;
    const resource = endorsementResource(e);
    const kind: RenewalKind = e.status === 'active' ? 'renewal' : 'reinstatement';
    const currency = (await scheduledFee(db, e.associationId, e.credential))?.currency ?? 'USD';
    // The renewal just done moved the due date on: its record is of the due date before.
    const lastRenewed = renewals.find(
      (r: RenewalRow) => r.endorsementId === e.id && r.dueOn < e.renewalDueOn && r.status === 'renewed',
    );
    const audit = renewal?.status === 'audit' ? entries.filter((x) => x.renewalId === renewal.id) : [];
    out.push({
      id: e.id,
      credential: e.credential,
      credentialName: credentialName(j.association.slug, e.credential),
      associationName: j.association.name,
      number: e.number,
      status: e.status,
      renewing: renewing.has(e.status),
      position,
      opensOn: renewingOpensOn(j),
      checklist: j.checklist,
      fees: feesText({ ...renewalFees(settings, kind, kind === 'renewal' && position.late), currency, kind }),
      renewal: renewal && {
        kind: renewal.kind,
        status: renewal.status,
        submittedAt: renewal.submittedAt,
        completedAt: renewal.completedAt,
        fees: feesText(renewal),
      },
      lastRenewed: lastRenewed && {
        kind: lastRenewed.kind,
        completedAt: lastRenewed.completedAt,
        fees: feesText(lastRenewed),
      },
      audit: audit.map((x) => ({
        id: x.id,
        section: x.section,
        title: typeof x.entry.title === 'string' ? x.entry.title : undefined,
        date: typeof x.entry.date === 'string' ? x.entry.date : undefined,
        hours: typeof x.entry.hours === 'number' ? x.entry.hours : undefined,
        proved: x.fileId !== null,
        decision: x.decision,
        reason: x.reason,
        mayUpload: x.decision !== 'accepted',
      })),
      pause: j.pause && { fromOn: j.pause.fromOn, untilOn: j.pause.untilOn, reason: j.pause.reason },
      // The last day a pause asked for today may run to.
      pauseUntilLatest:
        settings.inactiveLimitDays === null ? undefined : addDays(on, settings.inactiveLimitDays - 1),
      may: {
        renew:
          can(actor, 'renewal.submit', resource) &&
          (position.phase === 'due' || position.phase === 'grace') &&
          !renewal,
        pause: can(actor, 'renewal.pause', resource) && settings.inactiveLimitDays !== null && !renewal,
        requestReinstatement: can(actor, 'renewal.requestReinstatement', resource) && !renewal,
      },
    });
  }
  return out;
}
export type MyRenewal = Awaited<ReturnType<typeof myRenewals>>[number];

/** The endorsement, if it is the actor's to renew; not found otherwise (a form refused before its service is asked). */
export async function ownRenewal(actor: Actor | undefined, endorsementId: string, services: Services) {
  await authorizeEndorsement(actor, endorsementId, 'renewal.read', services);
}

/** Whether the person holds any endorsement: the navigation then leads to renewal. */
export async function holdsEndorsement(actor: Actor, services: Services): Promise<boolean> {
  return holdsAnyEndorsement(services.db.kysely, actor.userId);
}
