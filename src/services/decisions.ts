// Decisions on an application after submission: the coordinator's (decide,
// resume, start the review again), the review's when the reviewers agree
// (src/services/review.ts), and the applicant's own steps (resubmit after a
// request for more information, withdraw). Every one goes through takeStep
// and is recorded as an application_decision row; a decision the applicant
// must hear of is told by a decision letter (the e-mail, and the page
// GET /applications/:id/decision), in the reviewers' and coordinator's words
// and never with the reviewers' names.
import type { Kysely } from 'kysely';
import { getCatalog } from '../catalogs/index.ts';
import { findAssociation } from '../db/repositories/associations.ts';
import { type ApplicationRow } from '../db/repositories/applications.ts';
import { activeAssignmentsOf } from '../db/repositories/assignments.ts';
import { findPersonById } from '../db/repositories/people.ts';
import { decisionsOf, insertDecision, type DecisionRow, reviewsOf } from '../db/repositories/reviews.ts';
import type { Database } from '../db/schema.ts';
import { timestamp } from '../db/portable.ts';
import {
  type ApplicationState,
  checkStep,
  nextForApplicant,
  stateLabels,
  stepTarget,
  type TransitionName,
} from '../domain/application-lifecycle.ts';
import { formatDay, toDay } from '../engine/dates.ts';
import { evaluate, today } from '../index.ts';
import { type Actor, can, type Resource } from '../policies/index.ts';
import { reviewSettingsOf } from './association-settings.ts';
import { scheduleResponseReminders } from './deadlines.ts';
import { applicationPortfolio } from './application-portfolio.ts';
import type { Services } from './context.ts';
import { DomainError, notFound } from './errors.ts';
import { applicationLinks, takeStep } from './lifecycle.ts';
import { authorizeApplication, authorizeFound } from './scope.ts';
import { blockersOf, SubmissionBlockedError } from './submission.ts';

type Tx = Kysely<Database>;

/** The steps that decide (or pause) an application after review: what a decision letter tells. */
export const decisionSteps = ['approve', 'request-information', 'defer', 'hold', 'decline'] as const;
export type DecisionStep = (typeof decisionSteps)[number];
export const isDecisionStep = (step: string): step is DecisionStep =>
  (decisionSteps as readonly string[]).includes(step);

/** `on` plus `days`, as an ISO date. */
export const daysAfter = (on: string, days: number): string => formatDay(toDay(on) + days);

/** When an answer to a request for more information is due by default: the association's response days from `on`. */
export async function defaultResponseDue(services: Services, associationId: string, on: string = today()) {
  return daysAfter(on, (await reviewSettingsOf(services, associationId)).responseDays);
}

export interface Decision {
  application: ApplicationRow;
  step: TransitionName;
  by: 'review' | 'coordinator';
  actorId: string | null;
  /** Why, for the record (the coordinator's words; the review's summary). */
  reason: string | null;
  /** What the applicant is told: what is asked, or the reasons (never who said it). */
  toApplicant: string | null;
  /** For a request for more information. */
  responseDueOn: string | null;
  reviewers?: number;
  at: string;
}

/** Takes a decision's step inside `tx`, records it, and for a decision, e-mails the applicant its letter. */
export async function recordDecision(tx: Tx, services: Services, d: Decision) {
  const letter = isDecisionStep(d.step) ? await letterOf(tx, services, d) : undefined;
  const taken = await takeStep(tx, services, {
    application: d.application,
    step: d.step,
    by: d.by,
    actorId: d.actorId,
    at: d.at,
    facts: {
      ...(d.reason ? { reason: d.reason } : {}),
      ...(d.reviewers !== undefined ? { reviewers: d.reviewers } : {}),
      ...(d.step === 'request-information'
        ? { request: { text: d.toApplicant ?? '', dueOn: d.responseDueOn ?? '' } }
        : {}),
    },
    ...(letter ? { letter } : {}),
    audit: {
      ...(d.toApplicant ? { toApplicant: d.toApplicant } : {}),
      ...(d.responseDueOn ? { responseDueOn: d.responseDueOn } : {}),
    },
  });
  const decisionId = await insertDecision(tx, {
    applicationId: d.application.id,
    round: d.application.round,
    step: d.step,
    decidedAs: d.by,
    decidedBy: d.actorId,
    reason: d.reason,
    toApplicant: d.toApplicant,
    responseDueOn: d.step === 'request-information' ? d.responseDueOn : null,
    decidedAt: d.at,
  });
  if (d.step === 'request-information' && d.responseDueOn)
    await scheduleResponseReminders(
      tx,
      { id: decisionId, responseDueOn: d.responseDueOn },
      await reviewSettingsOf({ db: { ...services.db, kysely: tx } }, d.application.associationId),
      new Date(d.at),
    );
  return taken;
}

/** The words of the round's submitted reviews for the applicant, without who wrote them. */
async function reviewersWords(db: Tx, application: ApplicationRow): Promise<string[]> {
  return (await reviewsOf(db, application.id))
    .filter((r) => r.round === application.round && r.status === 'submitted' && r.toApplicant?.trim())
    .map((r) => r.toApplicant!.trim());
}

/** What a decision letter says: the outcome, the reasons where it is not an approval, what happens next. */
export interface Letter {
  state: ApplicationState;
  outcome: string;
  /** The decision's words for the applicant, then the reviewers', each once. */
  words: string[];
  responseDueOn: string | null;
  next: string;
}

async function lettersWords(db: Tx, d: Pick<Decision, 'application' | 'step' | 'toApplicant'>) {
  if (d.step === 'approve') return [];
  const own = d.toApplicant?.trim() ?? '';
  // The reviewers' words once: a review's decision already quotes them.
  const theirs = (await reviewersWords(db, d.application)).filter((w) => !own.includes(w));
  return [...new Set([own, ...theirs].filter(Boolean))];
}

async function letterOf(tx: Tx, services: Services, d: Decision): Promise<{ subject: string; text: string }> {
  const association = await findAssociation(tx, d.application.associationId);
  const applicant = await findPersonById(tx, d.application.userId);
  const state = stepTarget(d.step);
  const words = await lettersWords(tx, d);
  const link = `${applicationLinks(services, d.application, association!).applicant}/decision`;
  const lines = [
    `Dear ${applicant?.name ?? ''},`,
    '',
    `${association?.name} has decided on your ${d.application.credential} application: ${stateLabels[state].toLowerCase()}.`,
  ];
  if (words.length)
    lines.push('', d.step === 'request-information' ? 'What you are asked:' : 'The reasons:', ...words);
  if (d.step === 'request-information' && d.responseDueOn)
    lines.push('', `Please answer by ${d.responseDueOn}.`);
  lines.push('', `What happens next: ${nextForApplicant[state]}`, '', `The decision letter: ${link}`);
  return {
    subject: `Decision on your ${d.application.credential} application to ${association?.name}: ${stateLabels[state].toLowerCase()}`,
    text: lines.join('\n'),
  };
}

// ---------------------------------------------------------------------------
// The coordinator.

export interface CoordinatorDecision {
  step: DecisionStep;
  /** Why: told to the applicant as the reasons (or, for a request, what is asked). */
  reason: string;
  responseDueOn?: string | undefined;
}

/** The step each coordinator action takes (decide: any of the decisions; approve stands for them). */
const actionSteps = {
  'application.decide': 'approve',
  'application.resume': 'resume',
  'application.startReview': 'start-review',
} as const;

async function coordinatorStep(
  actor: Actor | undefined,
  applicationId: string,
  associationId: string,
  action: 'application.decide' | 'application.resume' | 'application.startReview',
  services: Services,
  make: (application: ApplicationRow, reader: Actor) => Promise<Omit<Decision, 'application' | 'at'>>,
  now: Date,
) {
  // Staff who may see the application are told when its state forbids the step (someone decided first).
  const {
    application,
    actor: reader,
    resource,
  } = await authorizeApplication(actor, applicationId, 'application.history', services, associationId);
  if (!can(reader, action, resource)) {
    const check = checkStep(actionSteps[action], application.status, 'coordinator');
    throw new DomainError(
      'APPLICATION_STATE_FORBIDS',
      check.ok ? 'that is not possible for this application now' : check.message,
      'form',
    );
  }
  const decision = { application, at: timestamp(now), ...(await make(application, reader)) };
  return services.db.kysely.transaction().execute((tx) => recordDecision(tx, services, decision));
}

/** A coordinator's decision, with the reason the applicant is told. */
export function decideApplication(
  actor: Actor | undefined,
  applicationId: string,
  associationId: string,
  input: CoordinatorDecision,
  services: Services,
  now: Date = new Date(),
) {
  return coordinatorStep(
    actor,
    applicationId,
    associationId,
    'application.decide',
    services,
    async (a, r) => ({
      step: input.step,
      by: 'coordinator',
      actorId: r.userId,
      reason: input.reason.trim() || null,
      toApplicant: input.reason.trim() || null,
      responseDueOn:
        input.step === 'request-information'
          ? input.responseDueOn ||
            (await defaultResponseDue(services, a.associationId, timestamp(now).slice(0, 10)))
          : null,
    }),
    now,
  );
}

/** Resumes the review of an application on hold. */
export function resumeApplication(
  actor: Actor | undefined,
  applicationId: string,
  associationId: string,
  services: Services,
  now: Date = new Date(),
) {
  return coordinatorStep(
    actor,
    applicationId,
    associationId,
    'application.resume',
    services,
    async (_a, r) => ({
      step: 'resume',
      by: 'coordinator',
      actorId: r.userId,
      reason: null,
      toApplicant: null,
      responseDueOn: null,
    }),
    now,
  );
}

/**
 * Starts the review (again, for a resubmitted application): two active
 * reviewers are needed; each then reviews the new round's snapshot.
 */
export function startReview(
  actor: Actor | undefined,
  applicationId: string,
  associationId: string,
  services: Services,
  now: Date = new Date(),
) {
  return coordinatorStep(
    actor,
    applicationId,
    associationId,
    'application.startReview',
    services,
    async (a, r) => ({
      step: 'start-review',
      by: 'coordinator',
      actorId: r.userId,
      reason: null,
      toApplicant: null,
      responseDueOn: null,
      reviewers: (await activeAssignmentsOf(services.db.kysely, a.id)).filter((x) => x.role === 'reviewer')
        .length,
    }),
    now,
  );
}

// ---------------------------------------------------------------------------
// The applicant.

/**
 * Resubmits the applicant's amended portfolio after a request for more
 * information: refused while a requirement is unmet, as at submission; the
 * portfolio as it stands is frozen as the next round's snapshot.
 */
export async function resubmitApplication(
  actor: Actor | undefined,
  applicationId: string,
  services: Services,
  on: string = today(),
  now: Date = new Date(),
) {
  const { application: own, actor: applicant } = await authorizeApplication(
    actor,
    applicationId,
    'application.resubmit',
    services,
  );
  const { association, portfolio } = await applicationPortfolio(own, services);
  const result = evaluate(portfolio, { association: association.slug, credential: own.credential, on });
  const blockers = blockersOf(result.requirements);
  if (blockers.length) throw new SubmissionBlockedError(blockers);
  return services.db.kysely.transaction().execute((tx) =>
    takeStep(tx, services, {
      application: own,
      step: 'resubmit',
      by: 'applicant',
      actorId: applicant.userId,
      facts: { blockers: 0 },
      at: timestamp(now),
      freeze: { document: JSON.stringify(portfolio), catalogVersion: getCatalog(association.slug).version },
    }),
  );
}

/** The applicant withdraws their application (any state before a decision). */
export async function withdrawApplication(
  actor: Actor | undefined,
  applicationId: string,
  services: Services,
  now: Date = new Date(),
) {
  const { application, actor: applicant } = await authorizeApplication(
    actor,
    applicationId,
    'application.withdraw',
    services,
  );
  return services.db.kysely.transaction().execute((tx) =>
    takeStep(tx, services, {
      application,
      step: 'withdraw',
      by: 'applicant',
      actorId: applicant.userId,
      at: timestamp(now),
    }),
  );
}

/** What the applicant reads of the decisions on their application. */
export interface ApplicantDecisions {
  /** The latest decision, as its letter says it; undefined before any. */
  letter: (Letter & { decidedAt: string }) | undefined;
  /** An open request for more information: what is asked and by when. */
  request: { words: string[]; dueOn: string | null } | undefined;
}

/** The decision letter and any open request, for the applicant (no reviewer's name in it). */
export async function applicantDecisions(
  actor: Actor | undefined,
  applicationId: string,
  services: Services,
): Promise<{ application: ApplicationRow } & ApplicantDecisions> {
  const { application } = await authorizeApplication(actor, applicationId, 'application.track', services);
  return { application, ...(await decisionsForApplicant(application, services)) };
}

/** The latest decision's letter, and what it asks of the applicant, for an application already authorized. */
async function decisionsForApplicant(
  application: ApplicationRow,
  services: Services,
): Promise<ApplicantDecisions> {
  const db = services.db.kysely;
  const latest = (await decisionsOf(db, application.id)).filter((d) => isDecisionStep(d.step)).at(-1);
  if (!latest) return { letter: undefined, request: undefined };
  const letter = await letterOfRow(db, application, latest);
  return {
    letter,
    request:
      application.status === 'more-information-requested' && latest.step === 'request-information'
        ? { words: letter.words, dueOn: latest.responseDueOn }
        : undefined,
  };
}

async function letterOfRow(db: Tx, application: ApplicationRow, d: DecisionRow) {
  const state = stepTarget(d.step as DecisionStep);
  // The reviewers' words of the round decided, whatever round the application is in now.
  const words = await lettersWords(db, {
    application: { ...application, round: d.round },
    step: d.step as DecisionStep,
    toApplicant: d.toApplicant,
  });
  return {
    state,
    outcome: stateLabels[state],
    words,
    responseDueOn: d.responseDueOn,
    next: nextForApplicant[state],
    decidedAt: d.decidedAt,
  };
}

/** The decision letter page (before any decision: what happens next). */
export async function decisionLetter(actor: Actor | undefined, applicationId: string, services: Services) {
  const found = await applicantDecisions(actor, applicationId, services);
  const association = await findAssociation(services.db.kysely, found.application.associationId);
  if (!association) throw notFound('The association');
  return { ...found, associationName: association.name };
}

/**
 * The applicant's part of their application page, for the application and
 * what the policies see of it as the page found them: the request or letter,
 * and what they may do.
 */
export async function applicantDecisionPart(
  actor: Actor,
  application: ApplicationRow,
  resource: Resource,
  services: Services,
) {
  authorizeFound(actor, 'application.track', resource, 'The application');
  return {
    application,
    ...(await decisionsForApplicant(application, services)),
    may: {
      resubmit: can(actor, 'application.resubmit', resource),
      withdraw: can(actor, 'application.withdraw', resource),
    },
  };
}
