// References: the applicant asks raters and follows each request's status;
// the rater answers through a single-use link without an account; reviewers
// and coordinators read the ratings.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { applicationChecklist } from '../../services/application-portfolio.ts';
import { getAssociation } from '../../services/associations.ts';
import { AppError, httpStatus, notFound } from '../../services/errors.ts';
import {
  listMyReferenceRequests,
  openReferenceLink,
  type RatingAnswers,
  type RatingValue,
  readReferenceRatings,
  type ReferenceLink,
  requestReference,
  resendReferenceRequest,
  revokeReferenceRequest,
  submitReferenceRating,
} from '../../services/references.ts';
import { LinkMessagePage, RatingFormPage } from '../../views/pages/references-respond.tsx';
import {
  ReferenceRatingsPage,
  type ReferencesRequirement,
  ReferencesPage,
} from '../../views/pages/references.tsx';
import { type FieldError, type FormValues, formErrorOf, keptValues, parseForm } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { idParams } from '../schemas/common.ts';
import {
  applicationReferencesParams,
  referenceRatingForm,
  referenceRequestForm,
  referenceRequestParams,
  referenceTokenParams,
} from '../schemas/references.ts';
import { seeOther } from './helpers.ts';

const referencesUrl = (applicationId: string) =>
  `/applications/${encodeURIComponent(applicationId)}/references`;

export async function referenceRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();

  // -------------------------------------------------------------------------
  // The applicant.

  const referencesPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    applicationId: string,
    state: { errors?: FieldError[]; values?: FormValues; status?: number } = {},
  ) => {
    const { status, ...form } = state;
    const { application, association, requests } = await listMyReferenceRequests(
      request.actor,
      applicationId,
      services,
    );
    // The engine's judgement of the references requirement (ratings that count, slots, endorsed rater).
    let requirements: ReferencesRequirement[] = [];
    try {
      const { result } = await applicationChecklist(request.actor, application.id, services);
      requirements = result.requirements
        .filter((x) => x.kind === 'references')
        .map((x) => ({ status: x.status, summary: x.summary, missing: x.missing ?? [] }));
    } catch (e) {
      request.log.warn({ err: e }, 'the references requirement could not be evaluated');
    }
    return sendPage(request, reply, {
      title: `References: ${application.credential} application`,
      status: status ?? (form.errors ? 400 : 200),
      body: (
        <ReferencesPage
          application={application}
          association={association}
          requests={requests}
          requirements={requirements}
          {...form}
        />
      ),
    });
  };

  r.route({
    ...route('GET /applications/:id/references'),
    schema: { hide: true, params: applicationReferencesParams },
    handler: (request, reply) => referencesPage(request, reply, request.params.id),
  });

  r.route({
    ...route('POST /applications/:id/references'),
    schema: { hide: true, params: applicationReferencesParams },
    handler: async (request, reply) => {
      const { id } = request.params;
      const form = parseForm(referenceRequestForm, request.body);
      // (The page refuses someone else's application before it says anything about the form.)
      if (!form.ok) return referencesPage(request, reply, id, { errors: form.errors, values: form.values });
      const { waived, ...rest } = form.data;
      try {
        const made = await requestReference(
          request.actor,
          id,
          { ...rest, waived: waived === 'yes' },
          services,
        );
        setNotice(reply, `Your request has been e-mailed to ${made.raterName} (${made.raterEmail}).`);
      } catch (e) {
        if (e instanceof AppError && e.field)
          return referencesPage(request, reply, id, {
            errors: formErrorOf(e),
            values: keptValues(request.body),
            ...(e.code === 'limit' ? { status: httpStatus.limit } : {}),
          });
        throw e;
      }
      return seeOther(reply, referencesUrl(id));
    },
  });

  r.route({
    ...route('POST /applications/:id/references/:requestId/resend'),
    schema: { hide: true, params: referenceRequestParams },
    handler: async (request, reply) => {
      const { id, requestId } = request.params;
      try {
        const item = await resendReferenceRequest(request.actor, id, requestId, services);
        setNotice(reply, `A new link has been e-mailed to ${item.raterName}. The old link no longer works.`);
      } catch (e) {
        if (e instanceof AppError && e.field === 'form')
          return referencesPage(request, reply, id, { errors: formErrorOf(e), status: httpStatus[e.code] });
        throw e;
      }
      return seeOther(reply, referencesUrl(id));
    },
  });

  r.route({
    ...route('POST /applications/:id/references/:requestId/revoke'),
    schema: { hide: true, params: referenceRequestParams },
    handler: async (request, reply) => {
      const { id, requestId } = request.params;
      const item = await revokeReferenceRequest(request.actor, id, requestId, services);
      setNotice(reply, `The request to ${item.raterName} has been revoked. Their link no longer works.`);
      return seeOther(reply, referencesUrl(id));
    },
  });

  // -------------------------------------------------------------------------
  // The rater (public: the link is the credential).

  const respondUrl = (token: string) => `/references/respond/${encodeURIComponent(token)}`;

  const linkPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    link: ReferenceLink,
    state: { errors?: FieldError[]; values?: FormValues } = {},
  ) => {
    // The address holds the secret: never send it on to another page or site.
    reply.header('referrer-policy', 'no-referrer');
    if (link.state === 'open') {
      return sendPage(request, reply, {
        title: `Reference rating for ${link.applicantName}`,
        status: state.errors ? 400 : 200,
        body: <RatingFormPage link={link} action={respondUrl(token)} {...state} />,
      });
    }
    const status = { unknown: 404, expired: 410, revoked: 410, used: 200 }[link.state];
    const titles = {
      unknown: 'This link does not work',
      expired: 'This link has expired',
      revoked: 'This request was withdrawn',
      used: 'This link has already been used',
    };
    return sendPage(request, reply, {
      title: titles[link.state],
      status,
      body: <LinkMessagePage link={link} />,
    });
  };

  r.route({
    ...route('GET /references/respond/:token'),
    schema: { hide: true, params: referenceTokenParams },
    handler: async (request, reply) => {
      const { token } = request.params;
      return linkPage(request, reply, token, await openReferenceLink(token, services));
    },
  });

  r.route({
    ...route('POST /references/respond/:token'),
    schema: { hide: true, params: referenceTokenParams },
    handler: async (request, reply) => {
      const { token } = request.params;
      const link = await openReferenceLink(token, services);
      if (link.state !== 'open') return linkPage(request, reply, token, link);
      const form = parseForm(referenceRatingForm(link.domains), request.body);
      if (!form.ok) {
        // In the order the form asks.
        const order = [
          ...['endorsements', 'vetted', 'knownYears', 'knownMonths', 'role', 'current'],
          ...link.domains.map((d) => `rating-${d.id}`),
          'comments',
        ];
        const errors = [...form.errors].sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
        return linkPage(request, reply, token, link, { errors, values: form.values });
      }
      const data = form.data as unknown as Record<string, unknown> & {
        endorsements: RatingAnswers['raterEndorsements'];
        vetted: boolean;
        knownYears: number;
        knownMonths: number;
        role: string;
        current: 'yes' | 'no';
        comments: string;
      };
      const answers: RatingAnswers = {
        raterEndorsements: data.endorsements,
        raterVetted: data.vetted,
        knownYears: data.knownYears,
        knownMonths: data.knownMonths,
        role: data.role,
        current: data.current === 'yes',
        ratings: Object.fromEntries(link.domains.map((d) => [d.id, data[`rating-${d.id}`] as RatingValue])),
        comments: data.comments,
      };
      const result = await submitReferenceRating(token, answers, services);
      if (result.state !== 'submitted') return linkPage(request, reply, token, result);
      setNotice(
        reply,
        result.counts
          ? `Thank you: your rating of ${link.applicantName} has been sent to ${link.association.name}.`
          : `Thank you: your answers have been sent. As you could not rate enough of the domains, ${link.waived ? 'they do not count toward the endorsement' : `${link.applicantName} will be asked to find another rater`}.`,
      );
      return seeOther(reply, respondUrl(token));
    },
  });

  // -------------------------------------------------------------------------
  // Staff: the ratings.

  r.route({
    ...route('GET /associations/:slug/applications/:id/references'),
    schema: { hide: true, params: idParams },
    handler: async (request, reply) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const { application, applicant, requests } = await readReferenceRatings(
        request.actor,
        request.params.id,
        services,
      );
      // The address names the association: an application of another one is not here.
      if (application.associationId !== association.id) throw notFound('The application');
      return sendPage(request, reply, {
        title: `${application.credential} application: reference ratings`,
        body: (
          <ReferenceRatingsPage
            association={association}
            application={application}
            applicant={applicant}
            requests={requests}
          />
        ),
      });
    },
  });
}
