// The review (an assigned reviewer's form), the coordinator's decisions on
// the staff's application page, and the applicant's resubmission, withdrawal
// and decision letter.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { getAssociation } from '../../services/associations.ts';
import {
  decideApplication,
  decisionLetter,
  resubmitApplication,
  resumeApplication,
  startReview,
  withdrawApplication,
} from '../../services/decisions.ts';
import { finalizeApplication } from '../../services/endorsements.ts';
import { AppError, DomainError, httpStatus } from '../../services/errors.ts';
import { sections, sectionSlugs } from '../../services/portfolio.ts';
import { findingsSchema, ReviewIncompleteError, reviewPage, saveMyReview } from '../../services/review.ts';
import { authorizeApplication } from '../../services/scope.ts';
import { SubmissionBlockedError } from '../../services/submission.ts';
import { stateLabels } from '../../domain/application-lifecycle.ts';
import { ApplicantProblemPage, DecisionLetterPage } from '../../views/pages/application-decisions.tsx';
import { ReviewPage } from '../../views/pages/review.tsx';
import { type FieldError, type FormValues, formErrorOf, keptValues, parseForm } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { decideForm, reviewForm, reviewParams, withdrawForm } from '../schemas/review.ts';
import { applicationIdParams, associationApplicationParams } from '../schemas/submission.ts';
import { sendStaffApplicationPage } from './application-page.tsx';
import { seeOther } from './helpers.ts';

const applicationPath = (id: string) => `/applications/${encodeURIComponent(id)}`;
const staffPath = (slug: string, id: string) =>
  `/associations/${encodeURIComponent(slug)}/applications/${encodeURIComponent(id)}`;

/** The findings named in the review form (req.<id>.verdict, clause.<n>.mark, domain.<id>.comment…). */
function findingsOf(
  body: Record<string, unknown>,
  dates: { responseDueOn: string; beforeApplyingAgain: string },
) {
  const raw: Record<'requirements' | 'clauses' | 'domains', Record<string, Record<string, unknown>>> = {
    requirements: {},
    clauses: {},
    domains: {},
  };
  const lists = { req: 'requirements', clause: 'clauses', domain: 'domains' } as const;
  for (const [name, value] of Object.entries(body)) {
    const m = /^(req|clause|domain)\.(.+)\.(verdict|mark|comment)$/.exec(name);
    if (!m || typeof value !== 'string') continue;
    const entry = (raw[lists[m[1] as keyof typeof lists]][m[2]!] ??= {});
    entry[m[3]!] = m[3] === 'comment' ? value.trim() : value || null;
  }
  const parsed = findingsSchema.safeParse({
    ...raw,
    responseDueOn: dates.responseDueOn || null,
    beforeApplyingAgain: dates.beforeApplyingAgain || null,
  });
  if (parsed.success) return { ok: true as const, findings: parsed.data };
  const errors: FieldError[] = parsed.error.issues.map((issue) => {
    const [list, key, field] = issue.path.map(String);
    const prefix = Object.entries(lists).find(([, l]) => l === list)?.[0];
    return prefix && key && field
      ? {
          field: `${prefix}.${key}.${field}`,
          message: `That ${field} is not one of the choices or is too long`,
        }
      : { field: 'form', message: issue.message };
  });
  return { ok: false as const, errors };
}

export async function reviewRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();

  const sendReviewPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: { errors?: FieldError[]; values?: FormValues; status?: number } = {},
  ) => {
    const page = await reviewPage(request.actor, id, services);
    return sendPage(request, reply, {
      title: `Review: ${page.application.credential} application`,
      status: state.status ?? 200,
      body: (
        <ReviewPage
          page={page}
          sections={sectionSlugs.map((s) => ({ def: sections[s], entries: page.sections[s] }))}
          errors={state.errors}
          values={state.values}
        />
      ),
    });
  };

  r.route({
    ...route('GET /reviews/:applicationId'),
    schema: { hide: true, params: reviewParams },
    handler: (request, reply) => sendReviewPage(request, reply, request.params.applicationId),
  });

  r.route({
    ...route('POST /reviews/:applicationId'),
    schema: { hide: true, params: reviewParams },
    handler: async (request, reply) => {
      const id = request.params.applicationId;
      const form = parseForm(reviewForm, request.body);
      if (!form.ok) return sendReviewPage(request, reply, id, { ...form, status: 400 });
      const found = findingsOf(request.body as Record<string, unknown>, form.data);
      const values = keptValues(request.body);
      if (!found.ok) return sendReviewPage(request, reply, id, { errors: found.errors, values, status: 400 });
      try {
        const saved = await saveMyReview(
          request.actor,
          id,
          {
            findings: found.findings,
            recommendation: form.data.recommendation || null,
            toApplicant: form.data.toApplicant,
            toStaff: form.data.toStaff,
          },
          form.data.action === 'submit',
          services,
        );
        setNotice(
          reply,
          saved.status === 'draft'
            ? 'Your draft is saved.'
            : saved.outcome?.kind === 'decided'
              ? 'Your review is submitted. The reviews agree, so the application has been decided.'
              : saved.outcome?.kind === 'disagreement'
                ? 'Your review is submitted. The reviews disagree: the coordinator will decide.'
                : 'Your review is submitted.',
        );
        return seeOther(reply, `/reviews/${encodeURIComponent(id)}`);
      } catch (e) {
        if (e instanceof ReviewIncompleteError)
          return sendReviewPage(request, reply, id, {
            errors: [{ field: 'form', message: `Your draft is saved, but ${e.message}.` }, ...e.problems],
            values,
            status: 400,
          });
        if (e instanceof AppError && e.code !== 'not_found')
          return sendReviewPage(request, reply, id, {
            errors: formErrorOf(e),
            values,
            status: httpStatus[e.code],
          });
        throw e;
      }
    },
  });

  type CoordinatorKey =
    | 'POST /associations/:slug/applications/:id/decide'
    | 'POST /associations/:slug/applications/:id/resume'
    | 'POST /associations/:slug/applications/:id/start-review';
  /** A coordinator's step on the staff page: authorized before the form is read; problems shown there. */
  const coordinatorRoute = (
    key: CoordinatorKey,
    take: (
      actor: FastifyRequest['actor'],
      associationId: string,
      id: string,
      body: unknown,
    ) => Promise<FieldError[] | { state: keyof typeof stateLabels }>,
  ) =>
    r.route({
      ...route(key),
      schema: { hide: true, params: associationApplicationParams },
      handler: async (request, reply) => {
        const { slug, id } = request.params;
        const association = await getAssociation(request.actor, slug, services);
        // Only staff who may see it learn anything of it; the step itself says why it cannot be taken.
        await authorizeApplication(request.actor, id, 'application.history', services, association.id);
        const back = (errors: FieldError[], status: number) =>
          sendStaffApplicationPage(request, reply, services, slug, id, undefined, {
            errors,
            values: keptValues(request.body),
            status,
          });
        try {
          const taken = await take(request.actor, association.id, id, request.body);
          if (Array.isArray(taken)) return back(taken, 400);
          setNotice(reply, `Done: the application is now ${stateLabels[taken.state].toLowerCase()}.`);
          return seeOther(reply, staffPath(slug, id));
        } catch (e) {
          if (e instanceof AppError && e.code !== 'not_found')
            return back(formErrorOf(e), httpStatus[e.code]);
          throw e;
        }
      },
    });

  coordinatorRoute(
    'POST /associations/:slug/applications/:id/decide',
    async (actor, associationId, id, body) => {
      const form = parseForm(decideForm, body);
      if (!form.ok) return form.errors;
      const { step, reason, responseDueOn } = form.data;
      return decideApplication(
        actor,
        id,
        associationId,
        { step, reason, responseDueOn: responseDueOn || undefined },
        services,
      );
    },
  );
  coordinatorRoute('POST /associations/:slug/applications/:id/resume', (actor, associationId, id) =>
    resumeApplication(actor, id, associationId, services),
  );
  coordinatorRoute('POST /associations/:slug/applications/:id/start-review', (actor, associationId, id) =>
    startReview(actor, id, associationId, services),
  );

  // Finalizing grants the endorsement and goes to it; refused, the staff page lists what is unmet.
  r.route({
    ...route('POST /associations/:slug/applications/:id/finalize'),
    schema: { hide: true, params: associationApplicationParams },
    handler: async (request, reply) => {
      const { slug, id } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      await authorizeApplication(request.actor, id, 'application.history', services, association.id);
      try {
        const endorsement = await finalizeApplication(request.actor, id, association.id, services, app.now());
        setNotice(
          reply,
          `Done: the ${endorsement.credential} endorsement is granted, number ${endorsement.number}.`,
        );
        return seeOther(
          reply,
          `/associations/${encodeURIComponent(slug)}/endorsements/${encodeURIComponent(endorsement.id)}`,
        );
      } catch (e) {
        if (e instanceof AppError && e.code !== 'not_found')
          return sendStaffApplicationPage(
            request,
            reply,
            services,
            slug,
            id,
            undefined,
            undefined,
            undefined,
            {
              errors: formErrorOf(e),
              blocked: e instanceof DomainError && e.domainCode === 'APPLICATION_STEP_BLOCKED',
              status: httpStatus[e.code],
            },
          );
        throw e;
      }
    },
  });

  const problemPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    page: { title: string; errors: FieldError[]; status: number; withdraw?: boolean; items?: string[] },
  ) =>
    sendPage(request, reply, {
      title: page.title,
      status: page.status,
      body: (
        <ApplicantProblemPage
          title={page.title}
          application={{ id }}
          errors={page.errors}
          {...(page.withdraw ? { withdraw: true } : {})}
          {...(page.items ? { items: page.items } : {})}
        />
      ),
    });

  r.route({
    ...route('POST /applications/:id/resubmit'),
    schema: { hide: true, params: applicationIdParams },
    handler: async (request, reply) => {
      const { id } = request.params;
      try {
        await resubmitApplication(request.actor, id, services);
      } catch (e) {
        if (e instanceof SubmissionBlockedError)
          return problemPage(request, reply, id, {
            title: 'Your application cannot be resubmitted yet',
            errors: formErrorOf(e),
            items: e.blockers.map((b) => b.summary),
            status: 400,
          });
        if (e instanceof AppError && e.code !== 'not_found')
          return problemPage(request, reply, id, {
            title: 'Your application was not resubmitted',
            errors: formErrorOf(e),
            status: httpStatus[e.code],
          });
        throw e;
      }
      setNotice(
        reply,
        'Your amended portfolio has been resubmitted. The association will send it back to the reviewers.',
      );
      return seeOther(reply, applicationPath(id));
    },
  });

  r.route({
    ...route('POST /applications/:id/withdraw'),
    schema: { hide: true, params: applicationIdParams },
    handler: async (request, reply) => {
      const { id } = request.params;
      await authorizeApplication(request.actor, id, 'application.withdraw', services);
      const form = parseForm(withdrawForm, request.body);
      const title = 'Withdraw this application';
      if (!form.ok)
        return problemPage(request, reply, id, { title, errors: form.errors, withdraw: true, status: 400 });
      try {
        await withdrawApplication(request.actor, id, services);
      } catch (e) {
        if (e instanceof AppError && e.code !== 'not_found')
          return problemPage(request, reply, id, {
            title,
            errors: formErrorOf(e),
            status: httpStatus[e.code],
          });
        throw e;
      }
      setNotice(reply, 'Your application has been withdrawn.');
      return seeOther(reply, applicationPath(id));
    },
  });

  r.route({
    ...route('GET /applications/:id/decision'),
    schema: { hide: true, params: applicationIdParams },
    handler: async (request, reply) => {
      const found = await decisionLetter(request.actor, request.params.id, services);
      return sendPage(request, reply, {
        title: `Decision on your ${found.application.credential} application`,
        body: (
          <DecisionLetterPage
            application={found.application}
            associationName={found.associationName}
            letter={found.letter}
          />
        ),
      });
    },
  });
}
