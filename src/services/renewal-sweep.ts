// The daily renewal sweep: time passing for every active or inactive
// endorsement. Before and after the due date the endorsee is reminded of what
// is still missing (each reminder once: inserting its row is the claim); past
// the grace period, or when an inactive pause runs out, the endorsement lapses
// (a compare-and-set on its status), its credential's suspension bit is set,
// and the endorsee and the coordinators are told. Running it again, or on two
// servers at once, sends and lapses nothing more.
import type { Kysely } from 'kysely';
import { findAssociation } from '../db/repositories/associations.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import type { EndorsementRow } from '../db/repositories/endorsements.ts';
import { scheduledFee } from '../db/repositories/fees.ts';
import { enqueue, enqueueUnlessPending } from '../db/repositories/jobs.ts';
import { findPersonById, peopleOfAssociation } from '../db/repositories/people.ts';
import {
  claimRenewalReminder,
  countEndorsementsToSweep,
  endorsementsToSweep,
  endPause,
  extensionsOf,
  openPausesOf,
  type PauseRow,
  remindersSent,
  renewalsOf,
} from '../db/repositories/renewals.ts';
import { timestamp } from '../db/portable.ts';
import type { Database } from '../db/schema.ts';
import { formatMoney } from '../domain/fees.ts';
import { longDate } from '../domain/references.ts';
import { addDays, remindersOwed } from '../domain/renewal.ts';
import { enqueueMail } from '../mail/mailer.ts';
import { parseRoles } from '../policies/index.ts';
import type { RenewalSettings } from './association-settings.ts';
import type { Services } from './context.ts';
import { credentialName, mailEndorsee, recordStatusChange } from './endorsement-status.ts';
import { type ListsToSign, signStatusListsAgain } from './credentials.ts';
import { DomainError } from './errors.ts';
import {
  dayOf,
  type EndorsementRenewal,
  judgeRenewals,
  renewalPosition,
  type RenewalPosition,
  settingsCache,
} from './renewal-checklist.ts';

type Tx = Kysely<Database>;

export const RENEWAL_SWEEP_JOB = 'renewal-sweep';

/** What one sweep did, in the words of its summary. */
export interface RenewalSweepSummary {
  /** The day swept. */
  on: string;
  /** Active and inactive endorsements looked at. */
  walked: number;
  /** Reminders sent (one per endorsement at most). */
  reminded: number;
  /** Active endorsements lapsed: not renewed by the end of the grace period. */
  lapsed: number;
  /** Inactive endorsements lapsed: their pause ran out. */
  pausesEnded: number;
  /** Renewals past their grace period kept active because their audit is still open. */
  heldByAudit: number;
  /** Reminders or lapses another sweep running at the same time did first. */
  doneElsewhere: number;
}

export interface RenewalSweepOptions {
  onProgress?: (done: number, total: number) => void;
  /** Endorsements read per page (1000 unless told). */
  batchSize?: number;
}

interface Owed {
  endorsement: EndorsementRow;
  position: RenewalPosition;
  offset: number;
}

/** What each association's mails need, read once per sweep. */
function associationCache(services: Services) {
  const db = services.db.kysely;
  const cache = new Map<
    string,
    Promise<{ slug: string; name: string; coordinators: { name: string; email: string }[] }>
  >();
  return (associationId: string) => {
    if (!cache.has(associationId))
      cache.set(
        associationId,
        (async () => {
          const association = (await findAssociation(db, associationId))!;
          const coordinators = (await peopleOfAssociation(db, associationId)).filter((p) =>
            parseRoles(p.role).includes('coordinator'),
          );
          return { slug: association.slug, name: association.name, coordinators };
        })(),
      );
    return cache.get(associationId)!;
  };
}

/** The currency of each association's fee schedule for a credential, read once per sweep. */
function currencyCache(services: Services) {
  const cache = new Map<string, Promise<string>>();
  return (e: EndorsementRow) => {
    const key = `${e.associationId} ${e.credential}`;
    if (!cache.has(key))
      cache.set(
        key,
        scheduledFee(services.db.kysely, e.associationId, e.credential).then((f) => f?.currency ?? 'USD'),
      );
    return cache.get(key)!;
  };
}

/** Sweeps every active or inactive endorsement as of `now`'s day. */
export async function runRenewalSweep(
  services: Services,
  now: Date,
  options: RenewalSweepOptions = {},
): Promise<RenewalSweepSummary> {
  const db = services.db.kysely;
  const day = dayOf(now);
  const batchSize = options.batchSize ?? 1000;
  const settingsOf = settingsCache(services);
  const associationOf = associationCache(services);
  const currencyOf = currencyCache(services);
  const sweep: Sweep = { services, now, associationOf, currencyOf };
  const summary: RenewalSweepSummary = {
    on: day,
    walked: 0,
    reminded: 0,
    lapsed: 0,
    pausesEnded: 0,
    heldByAudit: 0,
    doneElsewhere: 0,
  };
  const total = await countEndorsementsToSweep(db);
  options.onProgress?.(0, total);
  let after = '';
  for (;;) {
    const page = await endorsementsToSweep(db, after, batchSize);
    if (page.length === 0) break;
    after = page.at(-1)!.id;
    const ids = page.map((e) => e.id);
    const [renewals, extensions, sent, pauses] = await Promise.all([
      renewalsOf(db, ids),
      extensionsOf(db, ids),
      remindersSent(db, ids),
      openPausesOf(db, ids),
    ]);
    const recordOf = new Map(renewals.map((r) => [`${r.endorsementId} ${r.dueOn}`, r]));
    const owed: Owed[] = [];
    const lapsing: Lapsing[] = [];
    for (const endorsement of page) {
      summary.walked++;
      const settings = await settingsOf(endorsement.associationId);
      if (endorsement.status === 'inactive') {
        const pause = pauses.get(endorsement.id);
        if (pause && pause.untilOn < day) lapsing.push({ endorsement, settings, cause: { pause } });
        continue;
      }
      const record = recordOf.get(`${endorsement.id} ${endorsement.renewalDueOn}`);
      const position = renewalPosition(
        endorsement,
        settings,
        extensions.get(`${endorsement.id} ${endorsement.renewalDueOn}`),
        day,
      );
      if (position.phase === 'lapsed') {
        // A renewal submitted (under audit) keeps the endorsement active until the audit is decided.
        if (record) {
          summary.heldByAudit++;
          continue;
        }
        lapsing.push({ endorsement, settings, cause: { position } });
        continue;
      }
      if (record) continue;
      const offsets = (sent.get(endorsement.id) ?? [])
        .filter((s) => s.dueOn === endorsement.renewalDueOn)
        .map((s) => s.offset);
      for (const offset of remindersOwed(settings, position.effectiveDueOn, day, offsets))
        owed.push({ endorsement, position, offset });
    }
    for (const [cause, done] of await lapseAll(sweep, lapsing))
      if (!done) summary.doneElsewhere++;
      else if ('pause' in cause) summary.pausesEnded++;
      else summary.lapsed++;
    // Checklists are judged only for the reminders owed, once per person for all their endorsements.
    const byPerson = new Map<string, Owed[]>();
    for (const o of owed)
      byPerson.set(o.endorsement.userId, [...(byPerson.get(o.endorsement.userId) ?? []), o]);
    const reminders: { o: Owed; judged: EndorsementRenewal; currency: string }[] = [];
    for (const [userId, theirs] of byPerson) {
      const judged = await judgeRenewals(
        services,
        userId,
        theirs.map((o) => o.endorsement),
        { renewals, extensions, pauses },
        day,
        settingsOf,
      );
      for (const [i, o] of theirs.entries())
        reminders.push({ o, judged: judged[i]!, currency: await currencyOf(o.endorsement) });
    }
    // The page's reminders in one transaction: one commit rather than one each.
    await db.transaction().execute(async (tx) => {
      for (const r of reminders)
        if (await remind(tx, services, r.o, r.judged, r.currency, now)) summary.reminded++;
        else summary.doneElsewhere++;
    });
    options.onProgress?.(summary.walked, Math.max(total, summary.walked));
  }
  return summary;
}

/** Sends one reminder unless another sweep claimed it first; whether this one sent it. */
async function remind(
  tx: Tx,
  services: Services,
  o: Owed,
  judged: EndorsementRenewal,
  currency: string,
  now: Date,
): Promise<boolean> {
  const { endorsement, position, offset } = o;
  const claimed = await claimRenewalReminder(tx, {
    endorsementId: endorsement.id,
    dueOn: endorsement.renewalDueOn,
    offset,
    at: timestamp(now),
  });
  if (!claimed) return false;
  const name = credentialName(judged.association.slug, endorsement.credential);
  const due = longDate(position.effectiveDueOn);
  const lastDay = longDate(addDays(position.lapsesOn, -1));
  const lateFee = judged.settings.lateFeeCents;
  const { checklist } = judged;
  const overdue = offset > 0 || position.phase === 'grace';
  await mailEndorsee(tx, services, endorsement, {
    subject: overdue
      ? `Your ${name} renewal is overdue: renew by ${lastDay}`
      : `Your ${name} renewal is due on ${due}`,
    lines: [
      overdue
        ? `The renewal of your ${name} endorsement from ${judged.association.name} (number ${endorsement.number}) was due on ${due}. You can still renew until ${lastDay}${lateFee ? `, with the late fee of ${formatMoney(lateFee, currency)}` : ''}; after that the endorsement lapses.`
        : `The renewal of your ${name} endorsement from ${judged.association.name} (number ${endorsement.number}) is due on ${due}.`,
      '',
      ...(checklist.problems.length
        ? [
            `Your portfolio has an entry Endorse cannot read (${checklist.problems[0]!.path}: ${checklist.problems[0]!.message}): correct it, then renew.`,
          ]
        : checklist.met
          ? ['Everything is in: renew now.']
          : ['Still missing:', ...checklist.unmet.map((u) => `- ${u}`)]),
      '',
      `Your renewal page: ${services.config.baseUrl}/renewals`,
    ],
  });
  await appendAudit(tx, {
    actorId: null,
    associationId: endorsement.associationId,
    subjectType: 'endorsement',
    subjectId: endorsement.id,
    action: 'renewal.remind',
    after: { dueOn: endorsement.renewalDueOn, offset, met: checklist.met },
  });
  return true;
}

type LapseCause = { position: RenewalPosition } | { pause: PauseRow };

interface Sweep {
  services: Services;
  now: Date;
  associationOf: ReturnType<typeof associationCache>;
  currencyOf: ReturnType<typeof currencyCache>;
}

interface Lapsing {
  endorsement: EndorsementRow;
  settings: RenewalSettings;
  cause: LapseCause;
}

/**
 * Lapses the page's endorsements in one transaction, each unless another
 * sweep (or anyone) changed it first, and signs each status list touched
 * once at the end; each cause with whether this sweep lapsed it.
 */
async function lapseAll(sweep: Sweep, lapsing: readonly Lapsing[]): Promise<[LapseCause, boolean][]> {
  const { services, now } = sweep;
  if (lapsing.length === 0) return [];
  // Read before the transaction: on SQLite a read outside it would wait for it to end.
  const facts = await Promise.all(
    lapsing.map(async (l) => ({
      ...l,
      association: await sweep.associationOf(l.endorsement.associationId),
      currency: await sweep.currencyOf(l.endorsement),
    })),
  );
  return services.db.kysely.transaction().execute(async (tx) => {
    const toSign: ListsToSign = new Map();
    const done: [LapseCause, boolean][] = [];
    for (const { endorsement, settings, cause, association, currency } of facts) {
      try {
        await recordStatusChange(tx, services, {
          endorsement,
          to: 'lapsed',
          event: 'lapsed',
          reason:
            'pause' in cause
              ? `the inactive pause ended on ${cause.pause.untilOn}`
              : `not renewed by ${addDays(cause.position.lapsesOn, -1)}`,
          actorId: null,
          bit: { purpose: 'suspension', set: true },
          audit: {
            action: 'renewal.lapse',
            after:
              'pause' in cause
                ? { pauseUntil: cause.pause.untilOn }
                : { dueOn: endorsement.renewalDueOn, effectiveDueOn: cause.position.effectiveDueOn },
          },
          now,
          toSign,
        });
      } catch (e) {
        // The compare-and-set found it changed: no statement failed, so the transaction goes on.
        if (e instanceof DomainError && e.domainCode === 'ENDORSEMENT_STATUS_CHANGED') {
          done.push([cause, false]);
          continue;
        }
        throw e;
      }
      if ('pause' in cause) await endPause(tx, endorsement.id, timestamp(now));
      await mailLapse(
        tx,
        services,
        endorsement,
        cause,
        association,
        settings.reinstatementFeeCents,
        currency,
      );
      done.push([cause, true]);
    }
    await signStatusListsAgain(tx, services, toSign, now);
    return done;
  });
}

async function mailLapse(
  tx: Tx,
  services: Services,
  endorsement: EndorsementRow,
  cause: LapseCause,
  association: Awaited<ReturnType<ReturnType<typeof associationCache>>>,
  fee: number | null,
  currency: string,
) {
  const name = credentialName(association.slug, endorsement.credential);
  const person = (await findPersonById(tx, endorsement.userId))!;
  const why = (whose: string) =>
    'pause' in cause
      ? `${whose} inactive pause ended on ${longDate(cause.pause.untilOn)} without a reinstatement`
      : `The renewal due on ${longDate(cause.position.effectiveDueOn)} was not made by the end of the grace period, ${longDate(addDays(cause.position.lapsesOn, -1))}`;
  await mailEndorsee(tx, services, endorsement, {
    subject: `Your ${name} endorsement has lapsed`,
    lines: [
      `${why('Your')}, so your ${name} endorsement from ${association.name} (number ${endorsement.number}) has lapsed.`,
      '',
      'While it is lapsed, your credential does not verify as valid and the public registry does not list you.',
      '',
      `To be reinstated: make up the hours of the years missed${fee ? `, pay the reinstatement fee of ${formatMoney(fee, currency)}` : ''}, and ask on your renewal page: ${services.config.baseUrl}/renewals`,
    ],
  });
  for (const c of association.coordinators)
    await enqueueMail(
      tx,
      {
        to: c.email,
        subject: `Lapsed: ${person.name}'s ${name} endorsement`,
        text: [
          `Dear ${c.name},`,
          '',
          `${why(`${person.name}'s`)}, so ${person.name}'s ${name} endorsement (number ${endorsement.number}) has lapsed. Its credential no longer verifies as valid and the registry no longer lists it; ${person.name} has been told how to be reinstated.`,
          '',
          `${services.config.baseUrl}/associations/${association.slug}/renewals/${endorsement.id}`,
        ].join('\n'),
      },
      { account: null, dailyLimit: services.config.mailDailyLimit },
    );
}

/** The sweep job: sweeps today, then waits a day for the next. */
export async function runRenewalSweepJob(services: Services, now: Date): Promise<RenewalSweepSummary> {
  const summary = await runRenewalSweep(services, now);
  await enqueue(services.db, RENEWAL_SWEEP_JOB, {}, new Date(now.getTime() + 86_400_000));
  return summary;
}

/** Keeps one sweep waiting in the queue: at start, unless one is already pending (also one another server just queued), one now. */
export async function ensureRenewalSweep(services: Services, now: Date = new Date()): Promise<void> {
  await enqueueUnlessPending(services.db, RENEWAL_SWEEP_JOB, {}, now);
}
