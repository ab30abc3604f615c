// Reviewers: the association's reviewers and the endorsements they hold; an
// application's reviewers (assign, remove); a reviewer's own list of reviews
// (and declining one).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { getAssociation } from '../../services/associations.ts';
import { AppError } from '../../services/errors.ts';
import {
  applicationReviewers,
  assignReviewers,
  declineReview,
  declineTarget,
  myReviewAssignments,
  recordReviewerQualification,
  removeReviewer,
  removeReviewerQualification,
  reviewersPage,
  reviewersTarget,
} from '../../services/reviewer-assignment.ts';
import {
  ApplicationReviewersPage,
  applicationReviewersPath,
  type FormBack,
  MyReviewsPage,
  ReviewersPage,
} from '../../views/pages/reviewers.tsx';
import { formErrorOf, keptValues, parseForm } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { associationParams, idParams } from '../schemas/common.ts';
import {
  assignForm,
  assignmentParams,
  declineForm,
  qualificationForm,
  qualificationParams,
  reviewParams,
} from '../schemas/reviewers.ts';
import { seeOther } from './helpers.ts';

/** A service's refusal about a field, as the form's errors; anything else goes on to the error page. */
const formBackOf = (e: unknown, body: unknown): FormBack => {
  if (e instanceof AppError && e.field && e.code === 'invalid')
    return { errors: formErrorOf(e), values: keptValues(body) };
  throw e;
};

export async function reviewerRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();

  const associationPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    form?: FormBack,
  ) => {
    const association = await getAssociation(request.actor, slug, services);
    const page = await reviewersPage(request.actor, association, services);
    return sendPage(request, reply, {
      title: `Reviewers: ${association.name}`,
      status: form ? 400 : 200,
      body: <ReviewersPage association={association} {...page} form={form} />,
    });
  };

  r.route({
    ...route('GET /associations/:slug/reviewers'),
    schema: { hide: true, params: associationParams },
    handler: (request, reply) => associationPage(request, reply, request.params.slug),
  });

  r.route({
    ...route('POST /associations/:slug/reviewers'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) => {
      const { slug } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      // Refuse whoever may not record before saying what is wrong with the form.
      await reviewersPage(request.actor, association, services);
      const form = parseForm(qualificationForm, request.body);
      if (!form.ok) return associationPage(request, reply, slug, form);
      try {
        const done = await recordReviewerQualification(
          request.actor,
          {
            association,
            userId: form.data.person,
            credential: form.data.credential,
            evidence: form.data.evidence,
          },
          services,
          app.now(),
        );
        setNotice(reply, `${done.reviewer.name} holds ${done.credential.id}: recorded.`);
      } catch (e) {
        return associationPage(request, reply, slug, formBackOf(e, request.body));
      }
      return seeOther(reply, `/associations/${encodeURIComponent(slug)}/reviewers`);
    },
  });

  r.route({
    ...route('POST /associations/:slug/reviewers/:qualificationId/remove'),
    schema: { hide: true, params: qualificationParams },
    handler: async (request, reply) => {
      const { slug, qualificationId } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      const done = await removeReviewerQualification(
        request.actor,
        { association, qualificationId },
        services,
        app.now(),
      );
      setNotice(reply, `${done.credential} removed from ${done.reviewer?.name ?? 'the reviewer'}.`);
      return seeOther(reply, `/associations/${encodeURIComponent(slug)}/reviewers`);
    },
  });

  const applicationPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    id: string,
    form?: FormBack,
  ) => {
    const association = await getAssociation(request.actor, slug, services);
    const page = await applicationReviewers(request.actor, id, association.id, services);
    return sendPage(request, reply, {
      title: `Reviewers: ${page.applicantName}'s ${page.application.credential} application`,
      status: form ? 400 : 200,
      body: <ApplicationReviewersPage association={association} {...page} form={form} />,
    });
  };

  r.route({
    ...route('GET /associations/:slug/applications/:id/reviewers'),
    schema: { hide: true, params: idParams },
    handler: (request, reply) => applicationPage(request, reply, request.params.slug, request.params.id),
  });

  r.route({
    ...route('POST /associations/:slug/applications/:id/reviewers'),
    schema: { hide: true, params: idParams },
    handler: async (request, reply) => {
      const { slug, id } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      await reviewersTarget(request.actor, id, association.id, services);
      const form = parseForm(assignForm, request.body);
      if (!form.ok) return applicationPage(request, reply, slug, id, form);
      try {
        const done = await assignReviewers(
          request.actor,
          {
            applicationId: id,
            associationId: association.id,
            reviewerIds: form.data.reviewer,
            anyway: form.data.anyway,
          },
          services,
          app.now(),
        );
        setNotice(
          reply,
          `${done.assigned.map((c) => c.name).join(' and ')} assigned, review due ${done.dueOn}.${
            done.state === 'in-review' ? ' The application is in review.' : ''
          }`,
        );
      } catch (e) {
        return applicationPage(request, reply, slug, id, formBackOf(e, request.body));
      }
      return seeOther(reply, applicationReviewersPath(slug, id));
    },
  });

  r.route({
    ...route('POST /associations/:slug/applications/:id/reviewers/:assignmentId/remove'),
    schema: { hide: true, params: assignmentParams },
    handler: async (request, reply) => {
      const { slug, id, assignmentId } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      const removed = await removeReviewer(
        request.actor,
        { applicationId: id, associationId: association.id, assignmentId },
        services,
        app.now(),
      );
      setNotice(reply, `${removed.name} no longer reviews this application.`);
      return seeOther(reply, applicationReviewersPath(slug, id));
    },
  });

  const myReviews = async (
    request: FastifyRequest,
    reply: FastifyReply,
    decline?: FormBack & { applicationId: string },
  ) =>
    sendPage(request, reply, {
      title: 'My reviews',
      status: decline ? 400 : 200,
      body: (
        <MyReviewsPage
          assignments={await myReviewAssignments(request.actor, services, app.now())}
          decline={decline}
        />
      ),
    });

  r.route({
    ...route('GET /reviews'),
    schema: { hide: true },
    handler: (request, reply) => myReviews(request, reply),
  });

  r.route({
    ...route('POST /reviews/:id/decline'),
    schema: { hide: true, params: reviewParams },
    handler: async (request, reply) => {
      const { id } = request.params;
      await declineTarget(request.actor, id, services);
      const form = parseForm(declineForm, request.body);
      if (!form.ok) return myReviews(request, reply, { ...form, applicationId: id });
      try {
        const done = await declineReview(
          request.actor,
          { applicationId: id, reason: form.data.reason },
          services,
          app.now(),
        );
        setNotice(
          reply,
          `You declined to review ${done.applicantName}'s application; ${done.association.name}'s coordinators have been told.`,
        );
      } catch (e) {
        return myReviews(request, reply, { ...formBackOf(e, request.body), applicationId: id });
      }
      return seeOther(reply, '/reviews');
    },
  });
}
