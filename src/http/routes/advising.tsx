// Advising: the coordinator assigns, replaces or removes an application's
// advisor (on the staff's application page); the advisor's list of advisees;
// the advisor's comments on the portfolio; the applicant and advisor's thread.
// A form that fails comes back with what was typed and the error at its field.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Product } from '../../app.ts';
import {
  assignAdvisor,
  commentOnPortfolio,
  messageThread,
  myAdvisees,
  postMessage,
  removeAdvisor,
} from '../../services/advising.ts';
import { getAssociation } from '../../services/associations.ts';
import { AppError, httpStatus } from '../../services/errors.ts';
import { portfolioOfApplication } from '../../services/application-portfolio-page.ts';
import { sections, sectionSlugs } from '../../services/portfolio.ts';
import { AdviseesPage, MessageThreadPage, PortfolioAdvising } from '../../views/pages/advising.tsx';
import { ApplicantPortfolioPage } from '../../views/pages/portfolio-more.tsx';
import { type FieldError, type FormValues, formErrorOf, keptValues, parseForm } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { advisorForm, commentForm, messageForm } from '../schemas/advising.ts';
import { idParams } from '../schemas/common.ts';
import { applicationIdParams } from '../schemas/submission.ts';
import { requireUser, seeOther } from './helpers.ts';
import { sendStaffApplicationPage } from './application-page.tsx';

type FormBack = { errors: FieldError[]; values: FormValues; status: number };

/** A service's refusal of what was typed, as the form's errors; anything else is not the form's to show. */
const formFailure = (e: unknown, body: unknown): FormBack | undefined =>
  e instanceof AppError && (e.code === 'invalid' || e.code === 'limit' || e.code === 'conflict')
    ? { errors: formErrorOf(e), values: keptValues(body), status: httpStatus[e.code] }
    : undefined;

/** An application's portfolio, read only, with the advisor's comments (and, for the advisor, the form). */
export async function sendApplicationPortfolioPage(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Product,
  id: string,
  comment?: FormBack,
) {
  const { actor } = requireUser(request);
  const read = await portfolioOfApplication(actor, id, services);
  const shown = sectionSlugs.map((s) => ({ def: sections[s], entries: read.sections[s] }));
  const { advising } = read;
  return sendPage(request, reply, {
    title: `Portfolio of ${read.person.name}`,
    status: comment?.status ?? 200,
    body: (
      <ApplicantPortfolioPage
        application={read.application}
        association={read.association}
        person={read.person}
        sections={shown}
        submission={read.submission}
        changes={read.changes}
        advising={
          advising && (
            <PortfolioAdvising
              applicationId={read.application.id}
              advising={advising}
              sections={shown}
              errors={comment?.errors}
              values={comment?.values}
            />
          )
        }
      />
    ),
  });
}

export async function advisingRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staffPage = (slug: string, id: string) =>
    `/associations/${encodeURIComponent(slug)}/applications/${encodeURIComponent(id)}`;

  r.route({
    ...route('POST /associations/:slug/applications/:id/advisor'),
    schema: { hide: true, params: idParams },
    handler: async (request, reply) => {
      const { slug, id } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      const form = parseForm(advisorForm, request.body);
      const back = (f: { errors: FieldError[]; values: FormValues }) =>
        sendStaffApplicationPage(request, reply, services, slug, id, undefined, f);
      try {
        const done = await assignAdvisor(
          request.actor,
          { applicationId: id, associationId: association.id, advisorId: form.ok ? form.data.advisor : '' },
          services,
          new Date(),
        );
        setNotice(
          reply,
          `${done.advisor.name} is now the endorsement advisor${done.replaced ? `, in place of ${done.replaced}` : ''}. They and the applicant have been e-mailed.`,
        );
      } catch (e) {
        const failed = formFailure(e, request.body);
        if (failed) return back(failed);
        throw e;
      }
      return seeOther(reply, `${staffPage(slug, id)}#advising-title`);
    },
  });

  r.route({
    ...route('POST /associations/:slug/applications/:id/advisor/remove'),
    schema: { hide: true, params: idParams },
    handler: async (request, reply) => {
      const { slug, id } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      try {
        const done = await removeAdvisor(
          request.actor,
          { applicationId: id, associationId: association.id },
          services,
          new Date(),
        );
        setNotice(
          reply,
          `${done.name} no longer advises this application. They and the applicant have been e-mailed.`,
        );
      } catch (e) {
        const failed = formFailure(e, {});
        if (failed) return sendStaffApplicationPage(request, reply, services, slug, id, undefined, failed);
        throw e;
      }
      return seeOther(reply, `${staffPage(slug, id)}#advising-title`);
    },
  });

  r.route({
    ...route('GET /advising'),
    schema: { hide: true },
    handler: async (request, reply) => {
      const { actor } = requireUser(request);
      return sendPage(request, reply, {
        title: 'My advisees',
        body: <AdviseesPage advisees={await myAdvisees(actor, services)} />,
      });
    },
  });

  const threadPage = async (request: FastifyRequest, reply: FastifyReply, id: string, back?: FormBack) => {
    const thread = await messageThread(request.actor, id, services);
    return sendPage(request, reply, {
      title: `Messages: ${thread.application.credential} application`,
      status: back?.status ?? 200,
      body: <MessageThreadPage thread={thread} errors={back?.errors} values={back?.values} />,
    });
  };

  r.route({
    ...route('GET /applications/:id/messages'),
    schema: { hide: true, params: applicationIdParams },
    handler: (request, reply) => threadPage(request, reply, request.params.id),
  });

  r.route({
    ...route('POST /applications/:id/messages'),
    schema: { hide: true, params: applicationIdParams },
    handler: async (request, reply) => {
      const { id } = request.params;
      const form = parseForm(messageForm, request.body);
      try {
        const done = await postMessage(
          request.actor,
          { applicationId: id, body: form.ok ? form.data.body : '' },
          services,
          new Date(),
        );
        setNotice(reply, `Your message has been sent to ${done.to}.`);
      } catch (e) {
        const failed = formFailure(e, request.body);
        if (failed) return threadPage(request, reply, id, failed);
        throw e;
      }
      return seeOther(reply, `/applications/${encodeURIComponent(id)}/messages`);
    },
  });

  r.route({
    ...route('POST /applications/:id/comments'),
    schema: { hide: true, params: applicationIdParams },
    handler: async (request, reply) => {
      const { id } = request.params;
      const form = parseForm(commentForm, request.body);
      const input = form.ok ? form.data : { about: '', body: '' };
      try {
        await commentOnPortfolio(request.actor, { applicationId: id, ...input }, services, new Date());
        setNotice(reply, 'Your comment has been posted, and the applicant e-mailed.');
      } catch (e) {
        const failed = formFailure(e, request.body);
        if (failed) return sendApplicationPortfolioPage(request, reply, services, id, failed);
        throw e;
      }
      return seeOther(reply, `/applications/${encodeURIComponent(id)}/portfolio#advisor-comments-title`);
    },
  });
}
