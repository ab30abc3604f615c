// The JSON API under /api/v1, for staff and programs (API tokens). Documented
// from its schemas at /api/docs. A route that changes data is not reachable
// with the session cookie alone: a signed-in caller sends the CSRF token of
// GET /api/v1/me in an x-csrf-token header (app.ts), since cookies ride along
// with cross-site requests. The process's actions are in api-process.ts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { describeActor } from '../../services/actors.ts';
import { UsageError, describe } from '../../index.ts';
import { SignInRequiredError } from '../../policies/index.ts';
import { listApplications } from '../../services/applications.ts';
import { getAssociation } from '../../services/associations.ts';
import { AppError } from '../../services/errors.ts';
import { listPeople } from '../../services/people.ts';
import { route } from '../route-table.ts';
import { staffApplicationPage } from '../../services/application-page.ts';
import { idParams } from '../schemas/common.ts';
import {
  applicationPage,
  applicationsQuery,
  applicationDetail,
  associationParams,
  catalogParams,
  catalogQuery,
  describedCredential,
  errorResponses,
  me,
  person,
} from '../schemas/api.ts';
import { z } from 'zod';
import { nextForApplicant, stateLabels, stepsFrom } from '../../domain/application-lifecycle.ts';
import { isDecisionStep } from '../../services/decisions.ts';
import type { ReviewersPanelModel } from '../../services/reviewer-assignment.ts';
import { csrfToken } from '../render.tsx';

const security: Array<Record<string, string[]>> = [{ apiToken: [] }, { session: [] }];

/** An application as the API shows it, in the list and on its own. */
const applicationOf = (
  a: {
    id: string;
    credential: string;
    status: string;
    createdAt: string;
    updatedAt: string;
    submittedAt: string | null;
    userId: string;
  },
  applicant: { name: string; email: string },
) => ({
  id: a.id,
  credential: a.credential,
  status: a.status,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
  submittedAt: a.submittedAt,
  applicant: { id: a.userId, ...applicant },
});

/** A reviewer assignment as the API shows it to staff. */
export const reviewerAssignmentOf = (a: ReviewersPanelModel['assigned'][number]) => ({
  assignmentId: a.id,
  reviewer: { id: a.userId, name: a.name, email: a.email },
  status: a.status,
  assignedAt: a.assignedAt,
  dueOn: a.dueOn,
  reviewed: a.reviewed,
  endReason: a.endReason,
});

export async function apiRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.route({
    ...route('GET /api/v1/me'),
    schema: {
      summary: 'Who I am, with my roles',
      tags: ['people'],
      security,
      response: { 200: me, 401: errorResponses[401] },
    },
    handler: async (request, reply) => {
      const actor = request.actor;
      if (!actor) throw new SignInRequiredError();
      const person = await describeActor(actor, services);
      if (!person) throw new SignInRequiredError();
      return {
        id: person.id,
        name: person.name,
        email: person.email,
        isSiteAdmin: actor.isSiteAdmin,
        via: actor.tokenAssociationId ? ('api-token' as const) : ('session' as const),
        associations: person.associations.map(({ slug, name, roles }) => ({ slug, name, roles })),
        ...(actor.tokenAssociationId ? {} : { csrfToken: csrfToken(request, reply) }),
      };
    },
  });

  r.route({
    ...route('GET /api/v1/associations/:slug/applications'),
    schema: {
      summary: "The association's applications: search, filter, sort, one page at a time",
      description:
        'Coordinators and admins of the association, or its API tokens. Drafts are left out unless asked for ' +
        '(`status=draft` or `status=all`). Pages follow each other by cursor: pass the `next` of a page as ' +
        '`cursor`, with the same filters and sort; a cursor that is not one answers 400 with field `cursor`.',
      tags: ['applications'],
      security,
      params: associationParams,
      querystring: applicationsQuery,
      response: { 200: applicationPage, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const page = await listApplications(request.actor, association, request.query, services);
      return {
        applications: page.applications.map((a) => ({
          ...applicationOf(a, { name: a.applicantName, email: a.applicantEmail }),
          advisors: a.advisors,
          reviewers: a.reviewers,
          daysSinceSubmitted: a.daysSinceSubmitted,
          daysInState: a.daysInState,
          reviewDueOn: a.reviewDueOn,
          responseDueOn: a.responseDueOn,
          reviewOverdue: a.reviewOverdue,
          responseOverdue: a.responseOverdue,
        })),
        counts: page.counts,
        next: page.next ?? null,
      };
    },
  });

  r.route({
    ...route('GET /api/v1/associations/:slug/applications/:id'),
    schema: {
      summary:
        'One application: where it stands, who is assigned, the decisions, what the caller may do next, and its checklist and portfolio',
      description:
        'Coordinators and admins of the association, or its API tokens. A submitted application is judged as it was submitted (its snapshot, on the day it was submitted). `may` says what the caller may do now: `steps` are the lifecycle steps open to them (POST …/decision, …/resume, …/start-review).',
      tags: ['applications'],
      security,
      params: idParams,
      response: { 200: applicationDetail, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const page = await staffApplicationPage(request.actor, request.params.id, association.id, services);
      const a = page.application;
      const { result, submitted } = page.checklist;
      const { decisions, reviewers, advising } = page;
      const state = a.status as keyof typeof stateLabels;
      const stepAllowed = {
        'start-review': decisions.may.startReview,
        resume: decisions.may.resume,
      } as Partial<Record<string, boolean>>;
      return {
        ...applicationOf(a, page.applicant),
        stateLabel: stateLabels[state],
        next: nextForApplicant[state],
        advisor: advising.current
          ? {
              id: advising.current.userId,
              name: advising.current.name,
              email: advising.current.email,
              assignedAt: advising.current.assignedAt,
            }
          : null,
        reviewers: reviewers.assigned.map(reviewerAssignmentOf),
        decisions: decisions.decisions.map((d) => ({
          round: d.round,
          step: d.step,
          decidedAs: d.decidedAs,
          decidedBy: d.decidedByName,
          reason: d.reason,
          toApplicant: d.toApplicant,
          responseDueOn: d.responseDueOn,
          decidedAt: d.decidedAt,
        })),
        fees: page.fees.map((f) => ({
          id: f.id,
          kind: f.kind,
          amountCents: f.amountCents,
          paidCents: f.paidCents,
          currency: f.currency,
          waivedAt: f.waivedAt,
        })),
        may: {
          steps: stepsFrom(state, 'coordinator').filter((step) =>
            isDecisionStep(step) ? decisions.may.decide : !!stepAllowed[step],
          ),
          assignAdvisor: advising.mayAssign,
          assignReviewers: reviewers.may.assign,
          ...page.may,
        },
        submission: page.submission
          ? {
              submittedAt: page.submission.at,
              catalogVersion: page.submission.catalogVersion,
              changedSince: page.changes.map((c) => c.key),
            }
          : null,
        checklist: result
          ? {
              on: result.on,
              status: result.status,
              requirements: result.requirements.map((r) => ({
                id: r.id,
                kind: r.kind,
                status:
                  r.status === 'unmet' && submitted?.afterReview.includes(r.id)
                    ? ('after-review' as const)
                    : r.status,
                summary: r.summary,
                missing: r.missing,
              })),
            }
          : null,
        portfolio: page.portfolio as Record<string, unknown>,
      };
    },
  });

  r.route({
    ...route('GET /api/v1/associations/:slug/people'),
    schema: {
      summary: 'People who hold a role in the association',
      description: 'Admins of the association, or its API tokens.',
      tags: ['people'],
      security,
      params: associationParams,
      response: { 200: z.array(person), ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const people = await listPeople(request.actor, association.id, services);
      return people.map((p) => ({ id: p.id, name: p.name, email: p.email, roles: p.roles }));
    },
  });

  r.route({
    ...route('GET /api/v1/associations/:slug/catalog/:credential'),
    schema: {
      summary: "A credential's requirements in force on a date, in plain language with their sources",
      description: 'Public.',
      tags: ['catalog'],
      params: catalogParams,
      querystring: catalogQuery,
      response: { 200: describedCredential, 400: errorResponses[400], 404: errorResponses[404] },
    },
    handler: async (request) => {
      try {
        return describe({
          association: request.params.slug,
          credential: request.params.credential,
          ...(request.query.on ? { on: request.query.on } : {}),
        });
      } catch (e) {
        if (e instanceof UsageError) throw new AppError('not_found', e.message);
        if (e instanceof RangeError) throw new AppError('invalid', e.message, 'on');
        throw e;
      }
    },
  });
}
