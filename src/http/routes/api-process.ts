// The application's process through the JSON API, for integrations: the
// coordinator's actions (advisor, reviewers, decisions, fee waivers) and the
// reviewer's own review. Each calls the same service as its staff page; what
// the service refuses comes back as the JSON error body with its code.
// A signed-in caller sends the CSRF token (GET /api/v1/me) in an x-csrf-token
// header with every POST (app.ts); an API token needs none.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  type ApplicationState,
  nextForApplicant,
  stateLabels,
  stepTarget,
} from '../../domain/application-lifecycle.ts';
import { isRecommendation } from '../../domain/review-outcome.ts';
import { type Actor, ForbiddenError, SignInRequiredError } from '../../policies/index.ts';
import { assignAdvisor, removeAdvisor } from '../../services/advising.ts';
import { getAssociation } from '../../services/associations.ts';
import { decideApplication, resumeApplication, startReview } from '../../services/decisions.ts';
import { waiveFee } from '../../services/payments.ts';
import { ReviewIncompleteError, reviewPage, saveMyReview } from '../../services/review.ts';
import {
  applicationReviewers,
  assignReviewers,
  myReviewAssignments,
  removeReviewer,
} from '../../services/reviewer-assignment.ts';
import { route } from '../route-table.ts';
import { errorBody, errorResponses } from '../schemas/api.ts';
import {
  advisorAssigned,
  advisorRemoved,
  advisorRequest,
  applicationReviewersBody,
  assignmentParams,
  decisionRequest,
  feeDueParams,
  feeWaived,
  myReview,
  reviewDetail,
  reviewerRemoved,
  reviewersAssigned,
  reviewersRequest,
  reviewParams,
  reviewRequest,
  reviewSaved,
  stepTaken,
  waiverRequest,
} from '../schemas/api-process.ts';
import { idParams } from '../schemas/common.ts';
import { reviewerAssignmentOf } from './api.ts';

const security: Array<Record<string, string[]>> = [{ apiToken: [] }, { session: [] }];
const sessionSecurity: Array<Record<string, string[]>> = [{ session: [] }];

const stepOf = (state: ApplicationState) => ({
  state,
  stateLabel: stateLabels[state],
  next: nextForApplicant[state],
});

/** The reviewer's own work is theirs: an API token acts for the admin who made it, never as a reviewer. */
function reviewerSelf(request: FastifyRequest): Actor {
  const { actor } = request;
  if (!actor) throw new SignInRequiredError();
  if (actor.tokenAssociationId) throw new ForbiddenError('review.submit');
  return actor;
}

/** The page's names of a review's fields (req.<id>.verdict…) as the paths of the JSON request. */
const reviewField = (field: string) =>
  field
    .replace(/^req\./, 'findings.requirements.')
    .replace(/^clause\./, 'findings.clauses.')
    .replace(/^domain\./, 'findings.domains.')
    .replace(/^(responseDueOn|beforeApplyingAgain)$/, 'findings.$1');

const recommendationOf = (text: string | null) => (isRecommendation(text) ? text : null);

const reviewIncomplete = errorBody
  .extend({
    problems: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .describe('Submitting: every field still missing (the draft is saved)'),
  })
  .meta({ id: 'ReviewIncomplete' });

export async function apiProcessRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['process'];

  r.route({
    ...route('POST /api/v1/associations/:slug/applications/:id/advisor'),
    schema: {
      summary: "Assign or replace an application's endorsement advisor",
      description:
        'Coordinators and admins of the association, or its API tokens, while the application is open. The new advisor and the applicant are e-mailed (and a replaced advisor).',
      tags,
      security,
      params: idParams,
      body: advisorRequest,
      response: { 200: advisorAssigned, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const done = await assignAdvisor(
        request.actor,
        { applicationId: request.params.id, associationId: association.id, advisorId: request.body.advisor },
        services,
        app.now(),
      );
      return {
        advisor: { id: request.body.advisor, ...done.advisor },
        replaced: done.replaced ?? null,
      };
    },
  });

  r.route({
    ...route('POST /api/v1/associations/:slug/applications/:id/advisor/remove'),
    schema: {
      summary: "Remove an application's endorsement advisor",
      description: 'Coordinators and admins of the association, or its API tokens.',
      tags,
      security,
      params: idParams,
      response: { 200: advisorRemoved, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const done = await removeAdvisor(
        request.actor,
        { applicationId: request.params.id, associationId: association.id },
        services,
        app.now(),
      );
      return { removed: { name: done.name } };
    },
  });

  r.route({
    ...route('GET /api/v1/associations/:slug/applications/:id/reviewers'),
    schema: {
      summary: "An application's reviewers: assigned, and who could be, least loaded first",
      description:
        'Coordinators and admins of the association, or its API tokens. Each reviewer of the association is judged: eligible (no conflict, an endorsement at the level or higher in the field), or not, with why; a name the portfolio gives its RSC provider or supervisor is a warning.',
      tags,
      security,
      params: idParams,
      response: { 200: applicationReviewersBody, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const { panel } = await applicationReviewers(
        request.actor,
        request.params.id,
        association.id,
        services,
      );
      const suggestion = (s: (typeof panel.eligible)[number]) => ({
        id: s.candidate.userId,
        name: s.candidate.name,
        load: s.candidate.load,
        qualifiedBy: s.qualifiedBy?.credential ?? null,
        refusals: s.refusals,
        warnings: s.warnings,
      });
      return {
        assigned: panel.assigned.map(reviewerAssignmentOf),
        eligible: panel.eligible.map(suggestion),
        ineligible: panel.ineligible.map(suggestion),
        mayAssign: panel.may.assign,
      };
    },
  });

  r.route({
    ...route('POST /api/v1/associations/:slug/applications/:id/reviewers'),
    schema: {
      summary: 'Assign one or two reviewers (the second starts the review)',
      description:
        "Coordinators and admins of the association, or its API tokens, once submitted. Refused with code ASSIGNEE_NOT_ELIGIBLE (and why), or ASSIGNEE_NEEDS_CONFIRMATION for a name the portfolio gives its RSC provider or supervisor: send `anyway: true` once judged. Each review is due the association's review days after today.",
      tags,
      security,
      params: idParams,
      body: reviewersRequest,
      response: { 200: reviewersAssigned, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const done = await assignReviewers(
        request.actor,
        {
          applicationId: request.params.id,
          associationId: association.id,
          reviewerIds: request.body.reviewers,
          anyway: request.body.anyway,
        },
        services,
        app.now(),
      );
      return {
        assigned: done.assigned.map((c) => ({ id: c.userId, name: c.name })),
        dueOn: done.dueOn,
        state: done.state as ApplicationState,
      };
    },
  });

  r.route({
    ...route('POST /api/v1/associations/:slug/applications/:id/reviewers/:assignmentId/remove'),
    schema: {
      summary: 'Remove a reviewer who has not submitted their review',
      description:
        'Coordinators and admins of the association, or its API tokens. A reviewer who has submitted stays (409, REVIEW_ALREADY_SUBMITTED).',
      tags,
      security,
      params: assignmentParams,
      response: { 200: reviewerRemoved, ...errorResponses },
    },
    handler: async (request) => {
      const { slug, id, assignmentId } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      const removed = await removeReviewer(
        request.actor,
        { applicationId: id, associationId: association.id, assignmentId },
        services,
        app.now(),
      );
      return { removed: { id: removed.userId, name: removed.name } };
    },
  });

  r.route({
    ...route('POST /api/v1/associations/:slug/applications/:id/decision'),
    schema: {
      summary: 'Decide on an application, with a reason',
      description:
        'Coordinators and admins of the association, or its API tokens. The reason is told to the applicant (for request-information: what is asked, due on `responseDueOn`). A state that forbids the step answers 409 with code APPLICATION_STATE_FORBIDS; someone deciding first, APPLICATION_STATE_CHANGED.',
      tags,
      security,
      params: idParams,
      body: decisionRequest,
      response: { 200: stepTaken, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const { step, reason, responseDueOn } = request.body;
      const taken = await decideApplication(
        request.actor,
        request.params.id,
        association.id,
        { step, reason, responseDueOn },
        services,
        app.now(),
      );
      return stepOf(taken.state);
    },
  });

  const coordinatorStep = (
    key:
      | 'POST /api/v1/associations/:slug/applications/:id/resume'
      | 'POST /api/v1/associations/:slug/applications/:id/start-review',
    summary: string,
    take: typeof resumeApplication,
  ) =>
    r.route({
      ...route(key),
      schema: {
        summary,
        description:
          'Coordinators and admins of the association, or its API tokens. A state that forbids the step answers 409 with code APPLICATION_STATE_FORBIDS.',
        tags,
        security,
        params: idParams,
        response: { 200: stepTaken, ...errorResponses },
      },
      handler: async (request) => {
        const association = await getAssociation(request.actor, request.params.slug, services);
        const taken = await take(request.actor, request.params.id, association.id, services, app.now());
        return stepOf(taken.state);
      },
    });
  coordinatorStep(
    'POST /api/v1/associations/:slug/applications/:id/resume',
    'Resume the review of an application on hold',
    resumeApplication,
  );
  coordinatorStep(
    'POST /api/v1/associations/:slug/applications/:id/start-review',
    'Start the review (two reviewers assigned; again, once resubmitted)',
    startReview,
  );

  r.route({
    ...route('POST /api/v1/associations/:slug/applications/:id/fees/:feeDueId/waiver'),
    schema: {
      summary: 'Waive a fee due, with a reason',
      description:
        'Coordinators and admins of the association, or its API tokens. A fee paid or waived already answers 409 with code FEE_SETTLED. The fees due are listed in the application (`fees`).',
      tags,
      security,
      params: feeDueParams,
      body: waiverRequest,
      response: { 200: feeWaived, ...errorResponses },
    },
    handler: async (request) => {
      const { slug, id, feeDueId } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      const { due, at } = await waiveFee(
        request.actor,
        { applicationId: id, associationId: association.id, feeDueId, reason: request.body.reason },
        services,
      );
      return { fee: { id: due.id, kind: due.kind, waivedAt: at } };
    },
  });

  // ---------------------------------------------------------------------------
  // The reviewer's side.

  r.route({
    ...route('GET /api/v1/reviews'),
    schema: {
      summary: 'My reviews: my assignments on applications under way, overdue first',
      description: 'Signed in (session) only: an API token acts for the admin who made it.',
      tags: ['reviews'],
      security: sessionSecurity,
      response: { 200: z.array(myReview), ...errorResponses },
    },
    handler: async (request) => {
      const actor = reviewerSelf(request);
      return (await myReviewAssignments(actor, services, app.now())).map((a) => ({
        applicationId: a.applicationId,
        association: { slug: a.associationSlug, name: a.associationName },
        credential: a.credential,
        credentialName: a.credentialName,
        applicantName: a.applicantName,
        status: a.status as ApplicationState,
        assignedAt: a.assignedAt,
        dueOn: a.dueOn,
        overdue: a.overdue,
        mayDecline: a.mayDecline,
      }));
    },
  });

  r.route({
    ...route('GET /api/v1/reviews/:applicationId'),
    schema: {
      summary: "My review of an application, beside the engine's verdicts",
      description:
        'The reviewer assigned to it, signed in (session) only. The other reviews show once mine is submitted (or, in two-level review, the first level to the second).',
      tags: ['reviews'],
      security: sessionSecurity,
      params: reviewParams,
      response: { 200: reviewDetail, ...errorResponses },
    },
    handler: async (request) => {
      const page = await reviewPage(reviewerSelf(request), request.params.applicationId, services);
      return {
        applicationId: page.application.id,
        association: { slug: page.association.slug, name: page.association.name },
        credential: page.application.credential,
        credentialName: page.credentialName,
        state: page.application.status as ApplicationState,
        round: page.application.round,
        dueOn: page.assignment.dueOn,
        requirements: page.requirements.map((q) => ({
          id: q.id,
          kind: q.kind,
          text: q.text,
          status: q.status,
          summary: q.summary,
        })),
        clauses: page.clauses,
        domains: page.domains,
        ratings: page.ratings.map((x) => ({
          raterName: x.raterName,
          raterEmail: x.raterEmail,
          relationship: x.relationship,
          rating: x.rating as Record<string, unknown> | null,
        })),
        review: page.review
          ? {
              ...page.review,
              status: page.review.status as 'draft' | 'submitted',
              recommendation: recommendationOf(page.review.recommendation),
            }
          : null,
        others: page.others.map((o) => ({
          recommendation: recommendationOf(o.recommendation),
          toApplicant: o.toApplicant,
          toStaff: o.toStaff,
          submittedAt: o.submittedAt,
        })),
        changedSince: page.changes ? page.changes.list.map((c) => c.key) : null,
        defaultResponseDue: page.defaultResponseDue,
        may: page.may,
      };
    },
  });

  r.route({
    ...route('POST /api/v1/reviews/:applicationId'),
    schema: {
      summary: 'Save or submit my review',
      description:
        'The reviewer assigned to it, signed in (session) only, while the application is in review. Submitting what is incomplete saves the draft and answers 400 with every field at fault (`problems`). Once submitted: 409, REVIEW_ALREADY_SUBMITTED; the application decided meanwhile: 409, APPLICATION_STATE_CHANGED. The submission that settles the round decides the application.',
      tags: ['reviews'],
      security: sessionSecurity,
      params: reviewParams,
      body: reviewRequest,
      response: { 200: reviewSaved, ...errorResponses, 400: reviewIncomplete },
    },
    handler: async (request, reply) => {
      const actor = reviewerSelf(request);
      const { action, findings, recommendation, toApplicant, toStaff } = request.body;
      try {
        const saved = await saveMyReview(
          actor,
          request.params.applicationId,
          { findings, recommendation, toApplicant, toStaff },
          action === 'submit',
          services,
          app.now(),
        );
        return {
          status: saved.status as 'draft' | 'submitted',
          outcome: saved.outcome?.kind ?? null,
          state: saved.outcome?.kind === 'decided' ? stepTarget(saved.outcome.step) : ('in-review' as const),
        };
      } catch (e) {
        if (!(e instanceof ReviewIncompleteError)) throw e;
        const problems = e.problems.map((p) => ({ field: reviewField(p.field), message: p.message }));
        return reply.code(400).send({
          error: 'invalid',
          message: `Your draft is saved, but ${e.message}: ${problems.map((p) => p.message).join('; ')}`,
          field: problems[0]?.field ?? 'findings',
          problems,
        });
      }
    },
  });
}
