// The JSON API's requests and responses for the application's process:
// advisors, reviewers, decisions, fee waivers and the reviewer's own review.
// The same schemas validate requests, check responses and write the OpenAPI document.
import { z } from 'zod';
import { applicationStates, transitionNames } from '../../domain/application-lifecycle.ts';
import { recommendations } from '../../domain/review-outcome.ts';
import { refusals } from '../../domain/reviewer-eligibility.ts';
import { textLimits } from '../../engine/limits.ts';
import { decisionSteps } from '../../services/decisions.ts';
import { findingsSchema, marks } from '../../services/review.ts';
import { idParams, slug } from './common.ts';

const id = z.string().min(1).max(100);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const words = (label: string, max: number = textLimits.description) =>
  z.string().max(max, `${label} must be at most ${max} characters`);
const state = z.enum(applicationStates);

export const assignmentParams = idParams.extend({ assignmentId: id });
export const feeDueParams = idParams.extend({ feeDueId: id });
export const reviewParams = z.object({ applicationId: id });

const personRef = z.object({ id: z.string(), name: z.string(), email: z.string() });

/** Where the application stands after a step. */
export const stepTaken = z
  .object({
    state,
    stateLabel: z.string(),
    next: z.string().describe('What happens next, as the applicant is told'),
  })
  .meta({ id: 'StepTaken' });

export const advisorRequest = z.object({
  advisor: id.describe('The person to advise the application: one of the association’s advisors'),
});
export const advisorAssigned = z
  .object({
    advisor: personRef,
    replaced: z.string().nullable().describe('The name of the advisor replaced, if there was one'),
  })
  .meta({ id: 'AdvisorAssigned' });
export const advisorRemoved = z
  .object({ removed: z.object({ name: z.string() }) })
  .meta({ id: 'AdvisorRemoved' });

/** An application's reviewer assignment, as staff see it. */
export const reviewerAssignment = z
  .object({
    assignmentId: z.string(),
    reviewer: personRef,
    status: z.enum(['active', 'declined', 'removed']),
    assignedAt: z.string(),
    dueOn: z.string().nullable().describe('When the review is due (YYYY-MM-DD)'),
    reviewed: z.boolean().describe('Has submitted the review of the current round'),
    endReason: z.string().nullable().describe('Why a reviewer declined'),
  })
  .meta({ id: 'ReviewerAssignment' });

const suggestion = z.object({
  id: z.string(),
  name: z.string(),
  load: z.number().describe('Reviews on hand (active, on applications not yet decided)'),
  qualifiedBy: z.string().nullable().describe('The endorsement that makes them eligible'),
  refusals: z.array(z.enum(refusals)).describe('Why they may not review it (conflicts, no endorsement)'),
  warnings: z
    .array(z.object({ as: z.enum(['rsc-provider', 'supervisor']), name: z.string() }))
    .describe('The portfolio names someone of their name: assign with `anyway` once judged'),
});

export const applicationReviewersBody = z
  .object({
    assigned: z.array(reviewerAssignment),
    eligible: z.array(suggestion).describe('Who may review it, least loaded first'),
    ineligible: z.array(suggestion).describe('The others, each with why not'),
    mayAssign: z.boolean(),
  })
  .meta({ id: 'ApplicationReviewers' });

export const reviewersRequest = z.object({
  reviewers: z
    .array(id)
    .min(1, 'choose one or two reviewers')
    .max(2, 'choose one or two reviewers')
    .describe('One or two reviewers of the association'),
  anyway: z
    .boolean()
    .default(false)
    .describe('Assign even though the portfolio names someone of their name (a warning)'),
});
export const reviewersAssigned = z
  .object({
    assigned: z.array(z.object({ id: z.string(), name: z.string() })),
    dueOn: z.string(),
    state,
  })
  .meta({ id: 'ReviewersAssigned' });
export const reviewerRemoved = z.object({ removed: z.object({ id: z.string(), name: z.string() }) });

export const decisionRequest = z.object({
  step: z.enum(decisionSteps, { error: `step must be one of ${decisionSteps.join(', ')}` }),
  reason: words('reason').trim().min(1, 'give the reason for the decision'),
  responseDueOn: day
    .optional()
    .describe("For request-information: when the answer is due; default: the association's days"),
});

export const waiverRequest = z.object({ reason: words('reason').describe('Why the fee is waived') });
export const feeWaived = z
  .object({ fee: z.object({ id: z.string(), kind: z.string(), waivedAt: z.string() }) })
  .meta({ id: 'FeeWaived' });

// ---------------------------------------------------------------------------
// The reviewer's side.

export const myReview = z
  .object({
    applicationId: z.string(),
    association: z.object({ slug, name: z.string() }),
    credential: z.string(),
    credentialName: z.string(),
    applicantName: z.string(),
    status: state,
    assignedAt: z.string(),
    dueOn: z.string().nullable(),
    overdue: z.boolean(),
    mayDecline: z.boolean(),
  })
  .meta({ id: 'MyReviewAssignment' });

const judgement = z.object({ mark: z.enum(marks).nullable(), comment: z.string() });
const findings = z
  .object({
    requirements: z.record(
      z.string(),
      z.object({ verdict: z.enum(['confirmed', 'disputed']).nullable(), comment: z.string() }),
    ),
    clauses: z.record(z.string(), judgement),
    domains: z.record(z.string(), judgement),
    responseDueOn: z.string().nullable(),
    beforeApplyingAgain: z.string().nullable(),
  })
  .meta({ id: 'ReviewFindings' });

export const reviewDetail = z
  .object({
    applicationId: z.string(),
    association: z.object({ slug, name: z.string() }),
    credential: z.string(),
    credentialName: z.string(),
    state,
    round: z.number(),
    dueOn: z.string().nullable(),
    requirements: z
      .array(
        z.object({
          id: z.string(),
          kind: z.string(),
          text: z.string(),
          status: z.enum(['met', 'unmet']).describe("The engine's verdict"),
          summary: z.string().describe('What the engine counted, e.g. 52 of 50 hours'),
        }),
      )
      .describe("The engine's verdict on every requirement, to confirm or dispute"),
    clauses: z
      .array(z.object({ key: z.string(), text: z.string() }))
      .describe('What the engine cannot check (the catalog’s reviewer notes): mark each by its key'),
    domains: z
      .array(z.object({ key: z.string(), name: z.string() }))
      .describe('The competency domains to mark (Mentor levels)'),
    ratings: z
      .array(
        z.object({
          raterName: z.string(),
          raterEmail: z.string(),
          relationship: z.string(),
          rating: z.record(z.string(), z.unknown()).nullable().describe('The rating as the rater gave it'),
        }),
      )
      .describe("The references received, with the raters' e-mails and ratings"),
    review: z
      .object({
        status: z.enum(['draft', 'submitted']),
        findings,
        recommendation: z.enum(recommendations).nullable(),
        toApplicant: z.string(),
        toStaff: z.string(),
        submittedAt: z.string().nullable(),
      })
      .nullable()
      .describe('My review of this round, once saved'),
    others: z
      .array(
        z.object({
          recommendation: z.enum(recommendations).nullable(),
          toApplicant: z.string().nullable(),
          toStaff: z.string().nullable(),
          submittedAt: z.string().nullable(),
        }),
      )
      .describe('The other reviews, once mine is submitted (or, in two-level review, the first level’s)'),
    changedSince: z
      .array(z.string())
      .nullable()
      .describe('What the applicant changed since my review of an earlier round'),
    defaultResponseDue: z.string(),
    may: z.object({ save: z.boolean(), submit: z.boolean() }),
  })
  .meta({ id: 'Review' });

export const reviewRequest = z.object({
  action: z
    .enum(['save', 'submit'], { error: 'action must be save or submit' })
    .default('save')
    .describe('save: keep as a draft; submit: hand it in (refused, and kept as a draft, while incomplete)'),
  findings: findingsSchema.default(findingsSchema.parse({})),
  recommendation: z
    .enum(recommendations, { error: `recommendation must be one of ${recommendations.join(', ')}` })
    .nullable()
    .default(null),
  toApplicant: words('toApplicant').default('').describe('Words for the applicant (not signed)'),
  toStaff: words('toStaff').default('').describe('A note for the association'),
});

export const reviewSaved = z
  .object({
    status: z.enum(['draft', 'submitted']),
    outcome: z
      .enum(['pending', 'decided', 'disagreement'])
      .nullable()
      .describe(
        'Once submitted: decided (the reviews agree), disagreement (the coordinator decides), or pending',
      ),
    state,
  })
  .meta({ id: 'ReviewSaved' });

/** What the caller may do next with the application, from the policies and the lifecycle. */
export const applicationMay = z
  .object({
    steps: z
      .array(z.enum(transitionNames))
      .describe('The lifecycle steps the caller may take now (POST …/decision, …/resume, …/start-review)'),
    assignAdvisor: z.boolean(),
    assignReviewers: z.boolean(),
    recordPayment: z.boolean(),
    waiveFee: z.boolean(),
    readRatings: z.boolean(),
  })
  .meta({ id: 'ApplicationMay' });

/** What the one-application answer adds about the process. */
export const applicationProcess = {
  stateLabel: z.string(),
  next: z.string().describe('What happens next, as the applicant is told'),
  advisor: personRef.extend({ assignedAt: z.string() }).nullable(),
  reviewers: z.array(reviewerAssignment).describe('Every reviewer assignment, ended ones too'),
  decisions: z.array(
    z.object({
      round: z.number(),
      step: z.string(),
      decidedAs: z.enum(['review', 'coordinator']),
      decidedBy: z.string().nullable().describe('The coordinator’s name; null for the reviews’ decision'),
      reason: z.string().nullable(),
      toApplicant: z.string().nullable(),
      responseDueOn: z.string().nullable(),
      decidedAt: z.string(),
    }),
  ),
  fees: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      amountCents: z.number(),
      paidCents: z.number(),
      currency: z.string(),
      waivedAt: z.string().nullable(),
    }),
  ),
  may: applicationMay,
};
