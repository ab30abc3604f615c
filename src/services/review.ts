// A reviewer's review of an application: the form beside the frozen snapshot.
// For every requirement the engine's verdict comes first and the reviewer
// confirms or disputes it; for the clauses the engine cannot check (the
// catalog's reviewer notes) and, at the Mentor level, every competency domain
// of seed 004, the reviewer marks met / not met / not clear. A review is saved
// as a draft as often as the reviewer likes and submitted once per round with
// a recommendation; the submission that settles the round (src/domain/review-outcome.ts)
// takes the lifecycle's step in the same transaction. Reviewers work
// independently: another's review shows only once both have submitted, or in
// two-level review, to a reviewer assigned after it was submitted.
import { z } from 'zod';
import { catalogs } from '../catalogs/index.ts';
import { competencyDomains } from '../catalogs/competencies.ts';
import { activeAssignmentsOf } from '../db/repositories/assignments.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import {
  decisionsOf,
  holdApplicationInState,
  type ReviewRow,
  reviewsOf,
  saveReview,
} from '../db/repositories/reviews.ts';
import { timestamp } from '../db/portable.ts';
import { isRecommendation, type Recommendation, reviewOutcome } from '../domain/review-outcome.ts';
import { stateLabels, stepsFrom } from '../domain/application-lifecycle.ts';
import { textLimits } from '../engine/limits.ts';
import type { PortfolioInput } from '../engine/portfolio.ts';
import { describe, evaluate, today } from '../index.ts';
import { type Actor, can } from '../policies/index.ts';
import { reviewSettingsOf } from './association-settings.ts';
import { judgedPortfolio, portfolioChanges } from './application-portfolio.ts';
import { daysAfter, defaultResponseDue, isDecisionStep, recordDecision } from './decisions.ts';
import { AppError, DomainError, notFound } from './errors.ts';
import type { FileServices } from './files.ts';
import type { Services } from './context.ts';
import { findApplication, findRoundSnapshot } from '../db/repositories/applications.ts';
import { sectionsOfDocument } from './portfolio.ts';
import { readReferenceRatings } from './references.ts';
import { authorizeApplication, type StaffPartOf } from './scope.ts';

const comment = z.string().max(textLimits.description).default('');
export const marks = ['met', 'not-met', 'not-clear'] as const;
const judgement = z.object({ mark: z.enum(marks).nullable().default(null), comment });

/** What a review records, stored as JSON in review.findings. */
export const findingsSchema = z.object({
  /** Per requirement id: whether the reviewer confirms the engine's verdict. */
  requirements: z
    .record(
      z.string(),
      z.object({ verdict: z.enum(['confirmed', 'disputed']).nullable().default(null), comment }),
    )
    .default({}),
  /** Per reviewer note (by its index in the catalog's list). */
  clauses: z.record(z.string(), judgement).default({}),
  /** Per competency domain id (Mentor levels). */
  domains: z.record(z.string(), judgement).default({}),
  /** For a request for more information: when the answer is due. */
  responseDueOn: z.string().nullable().default(null),
  /** For a deferral: what to do before applying again. */
  beforeApplyingAgain: z.string().max(textLimits.description).nullable().default(null),
});
export type Findings = z.infer<typeof findingsSchema>;

export interface ReviewInput {
  findings: Findings;
  recommendation: Recommendation | null;
  toApplicant: string;
  toStaff: string;
}

const emptyFindings = (): Findings => findingsSchema.parse({});
const parseFindings = (text: string | undefined): Findings => {
  if (!text) return emptyFindings();
  const parsed = findingsSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : emptyFindings();
};

/** The reviewer's active assignment to the application, or "not found". */
async function myAssignment(actor: Actor, applicationId: string, services: FileServices) {
  const assignment = (await activeAssignmentsOf(services.db.kysely, applicationId)).find(
    (a) => a.role === 'reviewer' && a.userId === actor.userId,
  );
  if (!assignment) throw notFound('The application');
  return assignment;
}

/** What the review page shows to an assigned reviewer. */
export async function reviewPage(
  actor: Actor | undefined,
  applicationId: string,
  services: FileServices,
  on: string = today(),
) {
  const db = services.db.kysely;
  const {
    actor: reader,
    application: found,
    resource,
  } = await authorizeApplication(actor, applicationId, 'application.read', services);
  const assignment = await myAssignment(reader, applicationId, services);
  const judged = await judgedPortfolio(found, services);
  const { application, association } = judged;
  const ctx = { association: association.slug, credential: application.credential, on: judged.on };
  const result = evaluate(judged.portfolio, ctx);
  const texts = new Map(describe(ctx).requirements.map((r) => [r.id, r.text]));
  const credential = catalogs()
    .get(association.slug)
    ?.credentials.find((c) => c.id === application.credential);
  const reviews = await reviewsOf(db, application.id);
  const mine = reviews.find((r) => r.assignmentId === assignment.id && r.round === application.round);
  const settings = await reviewSettingsOf(services, association.id);
  // Another reviewer's review of this round: once both are in, or for the second level of two-level review.
  const visible = (r: ReviewRow) =>
    r.status === 'submitted' &&
    (mine?.status === 'submitted' ||
      (settings.reviewMode === 'two-level' && !!r.submittedAt && r.submittedAt < assignment.assignedAt));
  const others = reviews.filter(
    (r) => r.round === application.round && r.assignmentId !== assignment.id && visible(r),
  );
  // What changed since this reviewer's last review of an earlier round.
  const previous = reviews
    .filter((r) => r.reviewerId === reader.userId && r.round < application.round && r.status === 'submitted')
    .at(-1);
  const before = previous && (await findRoundSnapshot(db, application.id, previous.round));
  const ratings = await readReferenceRatings(reader, application.id, services);
  const save = can(reader, 'review.submit', resource);
  return {
    application,
    association,
    credentialName: credential?.name ?? application.credential,
    assignment,
    submittedOn: application.submittedAt,
    requirements: result.requirements.map((r) => ({ ...r, text: texts.get(r.id) ?? r.summary })),
    ...reviewItems(credential),
    names: findingNames(association.slug, application.credential, judged.on),
    sections: await sectionsOfDocument(application.userId, judged.portfolio, services),
    ratings: ratings.requests.filter((r) => r.status === 'submitted'),
    review: mine
      ? {
          status: mine.status,
          findings: parseFindings(mine.findings),
          recommendation: mine.recommendation,
          toApplicant: mine.toApplicant ?? '',
          toStaff: mine.toStaff ?? '',
          submittedAt: mine.submittedAt,
        }
      : undefined,
    others: others.map((r) => ({
      reviewerName: r.reviewerName,
      recommendation: r.recommendation,
      toApplicant: r.toApplicant,
      toStaff: r.toStaff,
      findings: parseFindings(r.findings),
      submittedAt: r.submittedAt,
    })),
    changes:
      previous && before
        ? {
            round: previous.round,
            list: portfolioChanges(JSON.parse(before.document) as PortfolioInput, judged.portfolio),
          }
        : undefined,
    defaultResponseDue: daysAfter(on, settings.responseDays),
    may: { save, submit: save && mine?.status !== 'submitted' },
  };
}
export type ReviewPageModel = Awaited<ReturnType<typeof reviewPage>>;

/** A review that cannot be submitted as it is: every field at fault, the draft kept. */
export class ReviewIncompleteError extends AppError {
  override name = 'ReviewIncompleteError';
  constructor(readonly problems: { field: string; message: string }[]) {
    super(
      'invalid',
      `${problems.length === 1 ? 'one thing is' : `${problems.length} things are`} missing from the review`,
      'form',
    );
  }
}

/** What a review needs before it is submitted, field by field. */
function problemsOf(page: ReviewPageModel, input: ReviewInput) {
  const problems: { field: string; message: string }[] = [];
  const f = input.findings;
  for (const r of page.requirements) {
    const found = f.requirements[r.id];
    if (!found?.verdict)
      problems.push({
        field: `req.${r.id}.verdict`,
        message: `Confirm or dispute the automatic check of: ${r.text}`,
      });
    else if (found.verdict === 'disputed' && !found.comment.trim())
      problems.push({
        field: `req.${r.id}.comment`,
        message: `Say why you dispute the automatic check of: ${r.text}`,
      });
  }
  for (const [list, items] of [
    ['clause', page.clauses.map((c) => ({ key: c.key, name: c.text }))],
    ['domain', page.domains],
  ] as const)
    for (const item of items) {
      const found = (list === 'clause' ? f.clauses : f.domains)[item.key];
      if (!found?.mark)
        problems.push({
          field: `${list}.${item.key}.mark`,
          message: `Mark whether this is met: ${item.name}`,
        });
      // What is not met, or not clear, is said in words the applicant and the other reviewer can act on.
      else if (found.mark !== 'met' && !found.comment.trim())
        problems.push({
          field: `${list}.${item.key}.comment`,
          message: `Say what is not met or not clear: ${item.name}`,
        });
    }
  if (!input.recommendation) problems.push({ field: 'recommendation', message: 'Choose a recommendation' });
  if (input.recommendation === 'request-information') {
    if (!input.toApplicant.trim())
      problems.push({ field: 'toApplicant', message: 'Say what the applicant is asked to add or change' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.responseDueOn ?? ''))
      problems.push({ field: 'responseDueOn', message: 'Give the date a response is due (YYYY-MM-DD)' });
  }
  if (input.recommendation === 'defer') {
    if (!input.toApplicant.trim())
      problems.push({ field: 'toApplicant', message: 'Give the reasons for deferring, for the applicant' });
    if (!f.beforeApplyingAgain?.trim())
      problems.push({
        field: 'beforeApplyingAgain',
        message: 'Say what the applicant should do before applying again',
      });
  }
  return problems;
}

/**
 * Saves the reviewer's review of the current round as a draft, or submits it
 * (`submit`): refused with REVIEW_ALREADY_SUBMITTED once submitted; a
 * submission missing something is saved as a draft and refused with every
 * field at fault. The submission that settles the round decides the application.
 */
export async function saveMyReview(
  actor: Actor | undefined,
  applicationId: string,
  input: ReviewInput,
  submit: boolean,
  services: FileServices,
  now: Date = new Date(),
) {
  const db = services.db.kysely;
  // An assigned reviewer is told why their review cannot be saved; anyone else finds nothing here.
  const { actor: reviewer } = await authorizeApplication(actor, applicationId, 'application.read', services);
  const page = await reviewPage(reviewer, applicationId, services);
  const { application, assignment } = page;
  if (page.review?.status === 'submitted') throw alreadySubmitted();
  if (!page.may.save) throw notInReview(application.status);
  const problems = submit ? problemsOf(page, input) : [];
  const status = submit && !problems.length ? 'submitted' : 'draft';
  const at = timestamp(now);
  const content = {
    applicationId: application.id,
    assignmentId: assignment.id,
    reviewerId: reviewer.userId,
    round: application.round,
    findings: JSON.stringify(findingsSchema.parse(input.findings)),
    recommendation: input.recommendation,
    toApplicant: input.toApplicant.trim() || null,
    toStaff: input.toStaff.trim() || null,
    at,
  };
  const outcome = await db.transaction().execute(async (tx) => {
    // Reviews of one round take their turns, so the one that settles it sees the others.
    if (!(await holdApplicationInState(tx, application.id, 'in-review'))) {
      const now = await findApplication(tx, application.id);
      throw notInReview(now?.status ?? 'gone', 'APPLICATION_STATE_CHANGED');
    }
    if (!(await saveReview(tx, content, status))) throw alreadySubmitted();
    await appendAudit(tx, {
      actorId: reviewer.userId,
      associationId: application.associationId,
      subjectType: 'application',
      subjectId: application.id,
      action: status === 'submitted' ? 'review.submit' : 'review.save',
      before: null,
      after: { round: application.round, status, recommendation: input.recommendation },
    });
    return status === 'submitted' ? settleRound(tx, services, application, at) : undefined;
  });
  if (problems.length) throw new ReviewIncompleteError(problems);
  return { status, outcome };
}

const notInReview = (
  state: string,
  code: 'APPLICATION_STATE_FORBIDS' | 'APPLICATION_STATE_CHANGED' = 'APPLICATION_STATE_FORBIDS',
) =>
  new DomainError(
    code,
    `the application is ${(stateLabels as Record<string, string>)[state]?.toLowerCase() ?? state}, not in review, so your review was not saved; reload the page to see what happened`,
    'form',
  );

const alreadySubmitted = () =>
  new DomainError(
    'REVIEW_ALREADY_SUBMITTED',
    'you have submitted your review of this round already: it cannot be changed',
    'form',
  );

/** After a submission: when the round's reviews settle the outcome, the review takes its step. */
async function settleRound(
  tx: Parameters<typeof recordDecision>[0],
  services: FileServices,
  application: ReviewPageModel['application'],
  at: string,
) {
  const active = new Set(
    (await activeAssignmentsOf(tx, application.id)).filter((a) => a.role === 'reviewer').map((a) => a.id),
  );
  const submitted = (await reviewsOf(tx, application.id)).filter(
    (r) => r.round === application.round && r.status === 'submitted' && active.has(r.assignmentId),
  );
  const outcome = reviewOutcome(submitted.map((r) => r.recommendation).filter(isRecommendation), active.size);
  if (outcome.kind !== 'decided') return outcome;
  const agreeing = submitted.filter((r) => r.recommendation === outcome.step);
  const findings = agreeing.map((r) => parseFindings(r.findings));
  const dues = findings
    .map((f) => f.responseDueOn)
    .filter((d): d is string => !!d)
    .sort();
  const before = findings.map((f) => f.beforeApplyingAgain?.trim()).filter(Boolean);
  const words = [
    ...new Set(agreeing.map((r) => r.toApplicant?.trim()).filter((w): w is string => !!w)),
    ...(before.length ? [`Before you apply again: ${[...new Set(before)].join(' ')}`] : []),
  ];
  await recordDecision(tx, services, {
    application: { ...application, status: 'in-review' },
    step: outcome.step,
    by: 'review',
    actorId: null,
    reason: `${agreeing.length} of ${active.size} reviewers recommended this`,
    toApplicant: outcome.step === 'approve' || !words.length ? null : words.join('\n\n'),
    // The later of the dates the reviewers gave.
    responseDueOn: outcome.step === 'request-information' ? (dues.at(-1) ?? null) : null,
    at,
  });
  return outcome;
}

type Credential = NonNullable<ReturnType<ReturnType<typeof catalogs>['get']>>['credentials'][number];

/** What a reviewer marks beyond the requirements: the catalog's reviewer notes, and the competency domains. */
function reviewItems(credential: Credential | undefined) {
  return {
    clauses: (credential?.review ?? []).map((n, i) => ({ key: String(i), text: n.text })),
    // The competency domains of seed 004 are the Mentor levels' (level 4).
    domains:
      credential?.level === 4
        ? competencyDomains.map((d) => ({ key: d.id, name: `${d.number}. ${d.name}` }))
        : [],
  };
}

/** Each finding's subject in words, by its form name's stem: `req.<id>`, `clause.<n>`, `domain.<id>`. */
function findingNames(association: string, credentialId: string, on: string): Record<string, string> {
  const credential = catalogs()
    .get(association)
    ?.credentials.find((c) => c.id === credentialId);
  const { clauses, domains } = reviewItems(credential);
  return Object.fromEntries([
    ...describe({ association, credential: credentialId, on }).requirements.map((r) => [
      `req.${r.id}`,
      r.text,
    ]),
    ...clauses.map((c) => [`clause.${c.key}`, c.text]),
    ...domains.map((d) => [`domain.${d.key}`, d.name]),
  ]);
}

/** The reviews and decisions on the staff's application page: coordinators see every review, drafts too. */
export async function staffDecisions(
  reader: Actor,
  { application, association, resource }: Omit<StaffPartOf, 'assignments'>,
  services: Services,
) {
  const db = services.db.kysely;
  return {
    names: findingNames(association.slug, application.credential, today()),
    reviews: (await reviewsOf(db, application.id)).map((r) => ({
      ...r,
      findings: parseFindings(r.findings),
    })),
    decisions: await decisionsOf(db, application.id),
    reviewers: resource.reviewerIds?.length ?? 0,
    defaultResponseDue: await defaultResponseDue(services, application.associationId),
    /** The decisions the application's state allows (after a failed exam: only declining it). */
    decisionSteps: stepsFrom(application.status, 'coordinator').filter(isDecisionStep),
    may: {
      decide: can(reader, 'application.decide', resource),
      resume: can(reader, 'application.resume', resource),
      startReview: can(reader, 'application.startReview', resource),
    },
  };
}
export type StaffDecisions = Awaited<ReturnType<typeof staffDecisions>>;
