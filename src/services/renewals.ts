// The endorsee's renewal and the coordinator's part in it:
// - submitRenewal: when the checklist is met, the endorsee attests and
//   submits; the fees are recorded as due (as for applications). Unless the
//   renewal is drawn for audit, it is renewed at once: the due date moves a
//   year and a new credential is issued with the new validUntil;
// - completeRenewal: what renewing does, also when an audit passes;
// - pauseEndorsement: inactive status (leave, illness) up to the
//   association's limit, no renewal due meanwhile;
// - requestReinstatement / approveReinstatement: a lapsed or inactive
//   endorsee makes up the years missed and pays the reinstatement fee; the
//   coordinator reinstates, and the credential's status is restored;
// - grantExtension: one due date moved on for one endorsee, with why.
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { findAssociation } from '../db/repositories/associations.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import { type EndorsementRow, insertEndorsementEvent } from '../db/repositories/endorsements.ts';
import { scheduledFee } from '../db/repositories/fees.ts';
import { listEntries } from '../db/repositories/portfolio.ts';
import {
  completeRenewal as completeRenewalRow,
  endPause,
  extensionsOf,
  insertAuditEntries,
  insertPause,
  insertRenewal,
  moveRenewalDueOn,
  openPausesOf,
  type RenewalRow,
  renewalsOf,
  saveExtension,
} from '../db/repositories/renewals.ts';
import { timestamp } from '../db/portable.ts';
import type { Database } from '../db/schema.ts';
import { endorseePaths } from '../domain/endorsement.ts';
import { formatMoney } from '../domain/fees.ts';
import { longDate } from '../domain/references.ts';
import {
  addDays,
  drawnForAudit,
  inactivePauseRefusal,
  isDay,
  nextDueAfter,
  nextDueOn,
  type RenewalKind,
} from '../domain/renewal.ts';
import type { RenewalResult } from '../engine/evaluate.ts';
import { type Action, type Actor, can } from '../policies/index.ts';
import type { Services } from './context.ts';
import { credentialAddresses, issueCredential } from './credentials.ts';
import { credentialName, mailEndorsee, recordStatusChange } from './endorsement-status.ts';
import { RequirementsUnmetError } from './endorsements.ts';
import { AppError, DomainError } from './errors.ts';
import { dayOf, type EndorsementRenewal, judgeRenewals, renewalFees } from './renewal-checklist.ts';
import { authorizeEndorsement, endorsementResource } from './scope.ts';

type Tx = Kysely<Database>;

/** The endorsement's renewal as judged on `now`'s day, with its records. */
export async function judgeEndorsementRenewal(
  services: Services,
  endorsement: EndorsementRow,
  now: Date,
): Promise<EndorsementRenewal> {
  const db = services.db.kysely;
  const ids = [endorsement.id];
  const [judged] = await judgeRenewals(
    services,
    endorsement.userId,
    [endorsement],
    {
      renewals: await renewalsOf(db, ids),
      extensions: await extensionsOf(db, ids),
      pauses: await openPausesOf(db, ids),
    },
    dayOf(now),
  );
  return judged!;
}

/**
 * The endorsement, if the actor may `read` its renewal (in `associationId`);
 * not found otherwise, and a state error when `step` is not allowed now.
 */
async function authorizeStep(
  actor: Actor | undefined,
  endorsementId: string,
  read: Action,
  step: Action,
  forbidden: (status: string) => string,
  services: Services,
  associationId?: string,
) {
  const found = await authorizeEndorsement(actor, endorsementId, read, services, associationId);
  if (!can(found.actor, step, endorsementResource(found.endorsement)))
    throw new DomainError('ENDORSEMENT_STATE_FORBIDS', forbidden(found.endorsement.status), 'form');
  return found;
}

/** The endorsee's own step. */
const endorseeStep = (
  actor: Actor | undefined,
  endorsementId: string,
  step: Action,
  forbidden: (status: string) => string,
  services: Services,
) => authorizeStep(actor, endorsementId, 'renewal.read', step, forbidden, services);

const attested = (attest: boolean) => {
  if (!attest)
    throw new AppError(
      'invalid',
      'Tick the box to attest that what your portfolio says of this year is true',
      'attest',
    );
};

/** The currency the association's fee schedule uses (US dollars where it has none). */
async function currencyOf(tx: Tx, endorsement: EndorsementRow): Promise<string> {
  return (await scheduledFee(tx, endorsement.associationId, endorsement.credential))?.currency ?? 'USD';
}

/** Each training and RSC entry the checklist counted, as it stands now: what an audit asks proof of. */
async function claimedEntries(tx: Tx, userId: string, results: readonly RenewalResult[]) {
  const paths = new Set(
    results
      .flatMap((r) => r.requirements.flatMap((q) => q.evidence))
      .filter((p) => /^(training|rsc)\[\d+\]$/.test(p)),
  );
  const claimed: { section: string; entryId: string; entry: unknown }[] = [];
  for (const section of ['training', 'rsc'] as const) {
    const entries = await listEntries(tx, userId, section);
    entries.forEach((e, i) => {
      if (paths.has(`${section}[${i}]`)) claimed.push({ section, entryId: e.id, entry: e.data });
    });
  }
  return claimed;
}

/** The fees recorded on a renewal, in words ("Renewal fee $75.00, late fee $25.00"), or undefined for none. */
export function feesText(
  r: Pick<RenewalRow, 'feeCents' | 'lateFeeCents' | 'currency' | 'kind'>,
): string | undefined {
  const parts = [
    r.feeCents
      ? `${r.kind === 'reinstatement' ? 'reinstatement' : 'renewal'} fee ${formatMoney(r.feeCents, r.currency)}`
      : undefined,
    r.lateFeeCents ? `late fee ${formatMoney(r.lateFeeCents, r.currency)}` : undefined,
  ].filter((p): p is string => !!p);
  return parts.length ? parts.join(', ') : undefined;
}

/**
 * Renews an endorsement whose renewal record is `renewed`: its due date a
 * year on (only if no one moved it meanwhile), a new credential with the new
 * validUntil, the history, the audit log, and the endorsee told.
 */
export async function completeRenewal(
  tx: Tx,
  services: Services,
  endorsement: EndorsementRow,
  renewal: RenewalRow,
  actorId: string | null,
  now: Date,
): Promise<EndorsementRow> {
  const at = timestamp(now);
  const dueOn = nextDueOn(renewal.dueOn);
  if (!(await moveRenewalDueOn(tx, endorsement.id, renewal.dueOn, dueOn, at)))
    throw new DomainError(
      'ENDORSEMENT_STATUS_CHANGED',
      'someone else changed this endorsement meanwhile: look at it again before you act',
      'form',
    );
  const renewed = { ...endorsement, renewalDueOn: dueOn, updatedAt: at };
  await insertEndorsementEvent(tx, {
    endorsementId: endorsement.id,
    kind: 'renewed',
    reason: null,
    actorId,
    at,
  });
  const issued = await issueCredential(tx, services, renewed, now);
  await appendAudit(tx, {
    actorId,
    associationId: endorsement.associationId,
    subjectType: 'endorsement',
    subjectId: endorsement.id,
    action: 'renewal.complete',
    before: { renewalDueOn: renewal.dueOn },
    after: { renewalDueOn: dueOn, renewal: renewal.id, issuedCredential: issued.id },
  });
  const association = (await findAssociation(tx, endorsement.associationId))!;
  const name = credentialName(association.slug, endorsement.credential);
  const fees = feesText(renewal);
  await mailEndorsee(tx, services, renewed, {
    subject: `Your ${name} endorsement is renewed`,
    lines: [
      `${association.name} has renewed your ${name} endorsement (number ${endorsement.number}). Your next renewal is due on ${longDate(dueOn)}.`,
      '',
      `Your new credential, valid until ${longDate(String(issued.document.validUntil))}: ${services.config.baseUrl}${endorseePaths(endorsement.id).credential}`,
      ...(fees ? ['', `Recorded as due: ${fees}. Pay it as the association asks.`] : []),
      '',
      `What a verifier sees: ${credentialAddresses(services).verification(endorsement.id)}`,
    ],
  });
  return renewed;
}

/** When renewing opens for a due date: with the first reminder (or on the due date where none is set). */
export const renewingOpensOn = (judged: EndorsementRenewal): string =>
  addDays(judged.position.effectiveDueOn, -Math.max(0, ...judged.settings.remindBefore));

export async function submitRenewal(
  actor: Actor | undefined,
  endorsementId: string,
  input: { attest: boolean },
  services: Services,
  now: Date = new Date(),
): Promise<{ renewal: RenewalRow; endorsement: EndorsementRow }> {
  const { actor: endorsee, endorsement } = await endorseeStep(
    actor,
    endorsementId,
    'renewal.submit',
    (status) =>
      status === 'lapsed' || status === 'inactive'
        ? `this endorsement is ${status}: ask to be reinstated instead`
        : `only an active endorsement is renewed; this one is ${status}`,
    services,
  );
  const judged = await judgeEndorsementRenewal(services, endorsement, now);
  if (judged.renewal)
    throw new DomainError(
      'RENEWAL_ALREADY_SUBMITTED',
      `this renewal was submitted on ${longDate(judged.renewal.submittedAt.slice(0, 10))}`,
      'form',
    );
  if (judged.position.phase === 'not-due')
    throw new DomainError(
      'RENEWAL_NOT_OPEN',
      `renewing opens on ${longDate(renewingOpensOn(judged))}`,
      'form',
    );
  if (judged.position.phase === 'lapsed')
    throw new DomainError(
      'RENEWAL_NOT_OPEN',
      `renewing closed on ${longDate(addDays(judged.position.lapsesOn, -1))}: the endorsement lapses; ask to be reinstated`,
      'form',
    );
  attested(input.attest);
  unmetRefusal(judged, 'renewal');
  const kind: RenewalKind = 'renewal';
  const audited = drawnForAudit(judged.settings.auditPercent, randomInt(1_000_000) / 1_000_000);
  const at = timestamp(now);
  return services.db.kysely.transaction().execute(async (tx) => {
    const renewal = await insertRenewal(tx, {
      endorsementId: endorsement.id,
      kind,
      dueOn: endorsement.renewalDueOn,
      status: audited ? 'audit' : 'renewed',
      late: judged.position.late,
      audited,
      ...renewalFees(judged.settings, kind, judged.position.late),
      currency: await currencyOf(tx, endorsement),
      checklist: judged.checklist.results,
      submittedAt: at,
    });
    if (!renewal)
      throw new DomainError('RENEWAL_ALREADY_SUBMITTED', 'this renewal was submitted already', 'form');
    await appendAudit(tx, {
      actorId: endorsee.userId,
      associationId: endorsement.associationId,
      subjectType: 'endorsement',
      subjectId: endorsement.id,
      action: 'renewal.submit',
      after: {
        renewal: renewal.id,
        dueOn: renewal.dueOn,
        late: renewal.late,
        audited,
        fees: feesText(renewal) ?? null,
      },
    });
    if (!audited)
      return {
        renewal,
        endorsement: await completeRenewal(tx, services, endorsement, renewal, endorsee.userId, now),
      };
    await insertAuditEntries(
      tx,
      renewal.id,
      await claimedEntries(tx, endorsement.userId, judged.checklist.results),
    );
    const name = credentialName(judged.association.slug, endorsement.credential);
    await mailEndorsee(tx, services, endorsement, {
      subject: `Your ${name} renewal is chosen for audit`,
      lines: [
        `${judged.association.name} audits a share of renewals chosen at random, and your ${name} renewal (number ${endorsement.number}) is one of them.`,
        '',
        'Upload proof (a certificate of attendance, a supervisor’s log) for each training and RSC entry you claimed, on your renewal page. A coordinator accepts or rejects each. Your endorsement stays active meanwhile, and does not lapse while the audit is open.',
        '',
        `Your renewal page: ${services.config.baseUrl}/renewals`,
      ],
    });
    return { renewal, endorsement };
  });
}

/** Refuses when the checklist is not met, with every requirement still unmet. */
function unmetRefusal(judged: EndorsementRenewal, kind: RenewalKind) {
  if (judged.checklist.problems.length)
    throw new AppError(
      'invalid',
      `your portfolio has an entry Endorse cannot read (${judged.checklist.problems[0]!.path}: ${judged.checklist.problems[0]!.message}): correct it first`,
      'form',
    );
  if (judged.checklist.met) return;
  const [only, ...more] = judged.position.years;
  // The checklist names each year only when there are several: a single year missed is named here.
  const lead =
    kind === 'renewal'
      ? 'the renewal checklist is not met yet'
      : only && !more.length
        ? `the year missed, ${longDate(only.from)} to ${longDate(only.to)}, is not made up yet`
        : 'the years missed are not made up yet';
  throw new RequirementsUnmetError(
    `${lead}: ${judged.checklist.unmet.join('; ')}`,
    judged.checklist.unmet,
    'RENEWAL_REQUIREMENTS_UNMET',
  );
}

export async function pauseEndorsement(
  actor: Actor | undefined,
  endorsementId: string,
  input: { untilOn: string; reason: string },
  services: Services,
  now: Date = new Date(),
): Promise<EndorsementRow> {
  const { actor: endorsee, endorsement } = await endorseeStep(
    actor,
    endorsementId,
    'renewal.pause',
    (status) => `only an active endorsement can be paused; this one is ${status}`,
    services,
  );
  const reason = input.reason.trim();
  if (!reason) throw new AppError('invalid', 'Say why (leave, illness…): the association reads it', 'reason');
  // Days compare as text: anything else would slip past the limit.
  if (!isDay(input.untilOn))
    throw new AppError(
      'invalid',
      'Enter the last day of the pause as a day of the calendar (YYYY-MM-DD)',
      'untilOn',
    );
  const settings = (await judgeEndorsementRenewal(services, endorsement, now)).settings;
  const from = dayOf(now);
  const refusal = inactivePauseRefusal(
    { inactiveLimitDays: settings.inactiveLimitDays ?? undefined },
    from,
    input.untilOn,
  );
  if (refusal)
    throw new AppError(
      'invalid',
      {
        'not-allowed': 'this association does not offer inactive status',
        'ends-before-it-starts': `the pause cannot end before it starts (${longDate(from)})`,
        'too-long': `a pause can last at most ${settings.inactiveLimitDays} days, until ${longDate(addDays(from, (settings.inactiveLimitDays ?? 1) - 1))}`,
      }[refusal],
      refusal === 'not-allowed' ? 'form' : 'untilOn',
    );
  return services.db.kysely.transaction().execute(async (tx) => {
    await recordStatusChange(tx, services, {
      endorsement,
      to: 'inactive',
      event: 'paused',
      reason,
      actorId: endorsee.userId,
      // Inactive endorsements do not verify as valid: the suspension bit says so.
      bit: { purpose: 'suspension', set: true },
      audit: { action: 'renewal.pause', after: { from, until: input.untilOn } },
      now,
    });
    await insertPause(tx, {
      endorsementId: endorsement.id,
      fromOn: from,
      untilOn: input.untilOn,
      reason,
      requestedAt: timestamp(now),
    });
    return { ...endorsement, status: 'inactive', updatedAt: timestamp(now) };
  });
}

export async function requestReinstatement(
  actor: Actor | undefined,
  endorsementId: string,
  input: { attest: boolean },
  services: Services,
  now: Date = new Date(),
): Promise<RenewalRow> {
  const { actor: endorsee, endorsement } = await endorseeStep(
    actor,
    endorsementId,
    'renewal.requestReinstatement',
    (status) => `only a lapsed or inactive endorsement is reinstated; this one is ${status}`,
    services,
  );
  const judged = await judgeEndorsementRenewal(services, endorsement, now);
  if (judged.renewal)
    throw new DomainError(
      'RENEWAL_ALREADY_SUBMITTED',
      `you asked on ${longDate(judged.renewal.submittedAt.slice(0, 10))}: the association will reinstate you`,
      'form',
    );
  attested(input.attest);
  unmetRefusal(judged, 'reinstatement');
  const kind: RenewalKind = 'reinstatement';
  const at = timestamp(now);
  return services.db.kysely.transaction().execute(async (tx) => {
    const renewal = await insertRenewal(tx, {
      endorsementId: endorsement.id,
      kind,
      dueOn: endorsement.renewalDueOn,
      status: 'requested',
      late: false,
      audited: false,
      ...renewalFees(judged.settings, kind, false),
      currency: await currencyOf(tx, endorsement),
      checklist: judged.checklist.results,
      submittedAt: at,
    });
    if (!renewal) throw new DomainError('RENEWAL_ALREADY_SUBMITTED', 'you asked already', 'form');
    await appendAudit(tx, {
      actorId: endorsee.userId,
      associationId: endorsement.associationId,
      subjectType: 'endorsement',
      subjectId: endorsement.id,
      action: 'renewal.request-reinstatement',
      after: { renewal: renewal.id, years: judged.position.years.length, fees: feesText(renewal) ?? null },
    });
    return renewal;
  });
}

export async function approveReinstatement(
  actor: Actor | undefined,
  endorsementId: string,
  associationId: string,
  services: Services,
  now: Date = new Date(),
): Promise<EndorsementRow> {
  const { actor: coordinator, endorsement } = await authorizeStep(
    actor,
    endorsementId,
    'renewal.list',
    'renewal.reinstate',
    (status) => `only a lapsed or inactive endorsement is reinstated; this one is ${status}`,
    services,
    associationId,
  );
  const judged = await judgeEndorsementRenewal(services, endorsement, now);
  const request = judged.renewal?.kind === 'reinstatement' ? judged.renewal : undefined;
  if (!request)
    throw new DomainError(
      'RENEWAL_REQUIREMENTS_UNMET',
      'the endorsee has not asked to be reinstated: they make up the years missed and ask on their renewal page',
      'form',
    );
  const at = timestamp(now);
  const dueOn = nextDueAfter(endorsement.renewalDueOn, dayOf(now));
  return services.db.kysely.transaction().execute(async (tx) => {
    if (!(await completeRenewalRow(tx, request.id, 'requested', coordinator.userId, at)))
      throw new DomainError(
        'ENDORSEMENT_STATUS_CHANGED',
        'this endorsement was reinstated meanwhile',
        'form',
      );
    await recordStatusChange(tx, services, {
      endorsement,
      to: 'active',
      event: 'reinstated',
      reason: null,
      actorId: coordinator.userId,
      bit: { purpose: 'suspension', set: false },
      audit: { action: 'renewal.reinstate', after: { renewalDueOn: dueOn, renewal: request.id } },
      now,
    });
    await endPause(tx, endorsement.id, at);
    await moveRenewalDueOn(tx, endorsement.id, endorsement.renewalDueOn, dueOn, at);
    const reinstated = { ...endorsement, status: 'active', renewalDueOn: dueOn, updatedAt: at };
    await issueCredential(tx, services, reinstated, now);
    const name = credentialName(judged.association.slug, endorsement.credential);
    await mailEndorsee(tx, services, reinstated, {
      subject: `Your ${name} endorsement is reinstated`,
      lines: [
        `${judged.association.name} has reinstated your ${name} endorsement (number ${endorsement.number}): it is active again, and your next renewal is due on ${longDate(dueOn)}.`,
        '',
        `Your new credential: ${services.config.baseUrl}${endorseePaths(endorsement.id).credential}`,
      ],
    });
    return reinstated;
  });
}

export async function grantExtension(
  actor: Actor | undefined,
  endorsementId: string,
  associationId: string,
  input: { untilOn: string; reason: string },
  services: Services,
  now: Date = new Date(),
): Promise<void> {
  const { actor: coordinator, endorsement } = await authorizeStep(
    actor,
    endorsementId,
    'renewal.list',
    'renewal.extend',
    (status) => `only an active endorsement's renewal can be extended; this one is ${status}`,
    services,
    associationId,
  );
  const reason = input.reason.trim();
  if (!reason) throw new AppError('invalid', 'Enter the reason: the endorsee is told it', 'reason');
  if (!isDay(input.untilOn) || input.untilOn <= endorsement.renewalDueOn)
    throw new AppError(
      'invalid',
      `an extension ends after the due date (${longDate(endorsement.renewalDueOn)})`,
      'untilOn',
    );
  if (input.untilOn > addDays(endorsement.renewalDueOn, 366))
    throw new AppError('invalid', 'an extension lasts at most a year after the due date', 'untilOn');
  const at = timestamp(now);
  await services.db.kysely.transaction().execute(async (tx) => {
    await saveExtension(tx, {
      endorsementId: endorsement.id,
      dueOn: endorsement.renewalDueOn,
      untilOn: input.untilOn,
      reason,
      grantedBy: coordinator.userId,
      grantedAt: at,
    });
    await insertEndorsementEvent(tx, {
      endorsementId: endorsement.id,
      kind: 'extended',
      reason: `until ${input.untilOn}: ${reason}`,
      actorId: coordinator.userId,
      at,
    });
    await appendAudit(tx, {
      actorId: coordinator.userId,
      associationId,
      subjectType: 'endorsement',
      subjectId: endorsement.id,
      action: 'renewal.extend',
      after: { dueOn: endorsement.renewalDueOn, until: input.untilOn, reason },
    });
    const association = (await findAssociation(tx, associationId))!;
    const name = credentialName(association.slug, endorsement.credential);
    await mailEndorsee(tx, services, endorsement, {
      subject: `Your ${name} renewal: extended to ${longDate(input.untilOn)}`,
      lines: [
        `${association.name} has extended the renewal of your ${name} endorsement (number ${endorsement.number}), due on ${longDate(endorsement.renewalDueOn)}, to ${longDate(input.untilOn)}.`,
        '',
        `The reason given: ${reason}`,
        '',
        `Your renewal page: ${services.config.baseUrl}/renewals`,
      ],
    });
  });
}
