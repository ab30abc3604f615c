// The exam's sittings: the coordinator's list and schedule form, one sitting
// (roster, register, change, cancel), the staff's exam page of one
// application (register or move, no-show, accommodations) and the
// applicant's choice of a sitting.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getAssociation } from '../../services/associations.ts';
import { AppError, DomainError } from '../../services/errors.ts';
import { grantAccommodation } from '../../services/exam-accommodations.ts';
import {
  applicantSittings,
  applicationExam,
  sittingDetail,
  sittingsOverview,
} from '../../services/exam-sitting-pages.ts';
import {
  cancelSitting,
  changeSitting,
  chooseSitting,
  markNoShow,
  registerForSitting,
  scheduleSitting,
} from '../../services/exam-sittings.ts';
import {
  ApplicantSittingsPage,
  applicantSittingsPath,
  ApplicationExamPage,
  type FormBack,
  SittingPage,
  sittingPath,
  SittingsPage,
  staffExamPath,
} from '../../views/pages/exam-sittings.tsx';
import { formErrorOf, keptValues, parseForm } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { associationParams, idParams } from '../schemas/common.ts';
import {
  accommodationForm,
  cancelSittingForm,
  changeSittingForm,
  noShowForm,
  registerApplicantForm,
  scheduleSittingForm,
  sittingChoiceForm,
  sittingParams,
} from '../schemas/exam-sittings.ts';
import { seeOther } from './helpers.ts';

const applicantParams = z.object({ id: z.string().min(1).max(100) });

/**
 * A service's refusal of what was asked (bad input, a retake not open yet, a
 * full sitting), as the form's errors, on its field when it names one;
 * anything else (not found, a conflict) goes on to the error page.
 */
const formBackOf = (which: string, e: unknown, body: unknown): FormBack => {
  if (
    e instanceof AppError &&
    (e.code === 'invalid' || (e instanceof DomainError && e.domainCode === 'SITTING_FULL'))
  )
    return { which, errors: formErrorOf(e), values: keptValues(body) };
  throw e;
};

export async function examSittingRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();

  // The coordinator's sittings.
  const listPage = async (request: FastifyRequest, reply: FastifyReply, slug: string, form?: FormBack) => {
    const association = await getAssociation(request.actor, slug, services);
    const page = await sittingsOverview(request.actor, association.id, services, app.now());
    return sendPage(request, reply, {
      title: `Exam sittings: ${association.name}`,
      status: form ? 400 : 200,
      body: <SittingsPage association={association} {...page} form={form} />,
    });
  };

  r.route({
    ...route('GET /associations/:slug/exam/sittings'),
    schema: { hide: true, params: associationParams },
    handler: (request, reply) => listPage(request, reply, request.params.slug),
  });

  r.route({
    ...route('POST /associations/:slug/exam/sittings'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) => {
      const { slug } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      // Refuse whoever may not schedule before saying what is wrong with the form.
      await sittingsOverview(request.actor, association.id, services, app.now());
      const form = parseForm(scheduleSittingForm, request.body);
      if (!form.ok) return listPage(request, reply, slug, { which: 'schedule', ...form });
      try {
        if (form.data.startsAt <= app.now().toISOString())
          throw new AppError('invalid', 'choose a date and time still ahead', 'startsAt');
        const sitting = await scheduleSitting(request.actor, association.id, form.data, services, app.now());
        setNotice(reply, 'The sitting has been scheduled.');
        return seeOther(reply, sittingPath(slug, sitting.id));
      } catch (e) {
        return listPage(request, reply, slug, formBackOf('schedule', e, request.body));
      }
    },
  });

  // One sitting.
  const onePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    sittingId: string,
    form?: FormBack,
  ) => {
    const association = await getAssociation(request.actor, slug, services);
    const page = await sittingDetail(request.actor, association.id, sittingId, services, app.now());
    return sendPage(request, reply, {
      title: `Exam sitting of ${page.sitting.startsAt.slice(0, 10)}: ${association.name}`,
      status: form ? 400 : 200,
      body: <SittingPage association={association} {...page} form={form} />,
    });
  };

  r.route({
    ...route('GET /associations/:slug/exam/sittings/:sittingId'),
    schema: { hide: true, params: sittingParams },
    handler: (request, reply) => onePage(request, reply, request.params.slug, request.params.sittingId),
  });

  /** A POST about one sitting: authorized and found first, then the form, then the service. */
  const sittingForm =
    <S extends z.ZodType>(
      which: string,
      schema: S,
      act: (
        request: FastifyRequest,
        associationId: string,
        sittingId: string,
        data: z.output<S>,
      ) => Promise<{ notice: string; to?: string }>,
    ) =>
    async (request: FastifyRequest<{ Params: { slug: string; sittingId: string } }>, reply: FastifyReply) => {
      const { slug, sittingId } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      await sittingDetail(request.actor, association.id, sittingId, services, app.now());
      const form = parseForm(schema, request.body);
      if (!form.ok) return onePage(request, reply, slug, sittingId, { which, ...form });
      try {
        const done = await act(request, association.id, sittingId, form.data);
        setNotice(reply, done.notice);
        return seeOther(reply, done.to ?? sittingPath(slug, sittingId));
      } catch (e) {
        return onePage(request, reply, slug, sittingId, formBackOf(which, e, request.body));
      }
    };

  r.route({
    ...route('POST /associations/:slug/exam/sittings/:sittingId'),
    schema: { hide: true, params: sittingParams },
    handler: sittingForm('change', changeSittingForm, async (request, associationId, sittingId, data) => {
      await changeSitting(request.actor, associationId, sittingId, data, services, app.now());
      return { notice: 'The sitting has been changed.' };
    }),
  });

  r.route({
    ...route('POST /associations/:slug/exam/sittings/:sittingId/cancel'),
    schema: { hide: true, params: sittingParams },
    handler: sittingForm('cancel', cancelSittingForm, async (request, associationId, sittingId) => {
      const { cancelled } = await cancelSitting(request.actor, associationId, sittingId, services, app.now());
      return {
        notice: `The sitting is cancelled; ${cancelled} registration${cancelled === 1 ? '' : 's'} cancelled and the applicants told.`,
      };
    }),
  });

  r.route({
    ...route('POST /associations/:slug/exam/sittings/:sittingId/register'),
    schema: { hide: true, params: sittingParams },
    handler: sittingForm(
      'register',
      registerApplicantForm,
      async (request, associationId, sittingId, data) => {
        try {
          await registerForSitting(
            request.actor,
            data.application,
            sittingId,
            services,
            app.now(),
            associationId,
          );
        } catch (e) {
          // An application no longer to be registered here is a choice the list no longer offers.
          if (e instanceof AppError && e.code === 'not_found')
            throw new AppError('invalid', 'choose one of the applications listed', 'application');
          // What is wrong with this sitting is said for the whole form (the page has no sitting field).
          if (e instanceof DomainError) throw new DomainError(e.domainCode, e.message, 'form');
          throw e instanceof AppError && e.field === 'sitting' ? new AppError(e.code, e.message, 'form') : e;
        }
        return { notice: 'The applicant is registered and told by e-mail.' };
      },
    ),
  });

  // The staff's exam page of one application.
  const examPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    id: string,
    form?: FormBack,
  ) => {
    const association = await getAssociation(request.actor, slug, services);
    const page = await applicationExam(request.actor, association.id, id, services, app.now());
    return sendPage(request, reply, {
      title: `Exam: ${page.applicantName}, ${page.application.credential}`,
      status: form ? 400 : 200,
      body: <ApplicationExamPage association={association} {...page} form={form} />,
    });
  };

  r.route({
    ...route('GET /associations/:slug/applications/:id/exam'),
    schema: { hide: true, params: idParams },
    handler: (request, reply) => examPage(request, reply, request.params.slug, request.params.id),
  });

  /** A POST on the staff's exam page: the page's reader first (404 for anyone else), then the form, then the service. */
  const examForm =
    <S extends z.ZodType>(
      which: string,
      schema: S,
      act: (
        request: FastifyRequest,
        associationId: string,
        applicationId: string,
        data: z.output<S>,
        slug: string,
      ) => Promise<{ notice: string; to?: string }>,
    ) =>
    async (request: FastifyRequest<{ Params: { slug: string; id: string } }>, reply: FastifyReply) => {
      const { slug, id } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      await applicationExam(request.actor, association.id, id, services, app.now());
      const form = parseForm(schema, request.body);
      if (!form.ok) return examPage(request, reply, slug, id, { which, ...form });
      try {
        const done = await act(request, association.id, id, form.data, slug);
        setNotice(reply, done.notice);
        return seeOther(reply, done.to ?? staffExamPath(slug, id));
      } catch (e) {
        return examPage(request, reply, slug, id, formBackOf(which, e, request.body));
      }
    };

  r.route({
    ...route('POST /associations/:slug/applications/:id/exam/sitting'),
    schema: { hide: true, params: idParams },
    handler: examForm('sitting', sittingChoiceForm, async (request, associationId, id, data) => {
      const done = await chooseSitting(request.actor, id, data.sitting, services, app.now(), associationId);
      return {
        notice: done.moved
          ? 'The registration has been moved and the applicant told by e-mail.'
          : 'The applicant is registered and told by e-mail.',
      };
    }),
  });

  r.route({
    ...route('POST /associations/:slug/applications/:id/exam/no-show'),
    schema: { hide: true, params: idParams },
    handler: examForm('no-show', noShowForm, async (request, associationId, id, data, slug) => {
      await markNoShow(request.actor, associationId, id, data.registration, services, app.now());
      return {
        notice: 'Recorded: did not come. Not counted as an attempt; the application may be registered again.',
        ...(data.sitting ? { to: sittingPath(slug, data.sitting) } : {}),
      };
    }),
  });

  r.route({
    ...route('POST /associations/:slug/applications/:id/exam/accommodations'),
    schema: { hide: true, params: idParams },
    handler: examForm('accommodations', accommodationForm, async (request, associationId, id, data) => {
      const done = await grantAccommodation(
        request.actor,
        associationId,
        id,
        {
          extraTime: data.extraTime,
          breakMinutes: data.breakMinutes,
          largeText: data.aids.includes('large-text'),
          paper: data.aids.includes('paper'),
          note: data.note,
        },
        services,
        app.now(),
      );
      return { notice: done.warning ?? 'The accommodations have been saved.' };
    }),
  });

  // The applicant's choice of a sitting.
  const choicePage = async (request: FastifyRequest, reply: FastifyReply, id: string, form?: FormBack) => {
    const page = await applicantSittings(request.actor, id, services, app.now());
    return sendPage(request, reply, {
      title: 'Your exam sitting',
      status: form ? 400 : 200,
      body: <ApplicantSittingsPage {...page} form={form} />,
    });
  };

  r.route({
    ...route('GET /applications/:id/exam/sittings'),
    schema: { hide: true, params: applicantParams },
    handler: (request, reply) => choicePage(request, reply, request.params.id),
  });

  r.route({
    ...route('POST /applications/:id/exam/sittings'),
    schema: { hide: true, params: applicantParams },
    handler: async (request, reply) => {
      const { id } = request.params;
      await applicantSittings(request.actor, id, services, app.now());
      const form = parseForm(sittingChoiceForm, request.body);
      if (!form.ok) return choicePage(request, reply, id, { which: 'sitting', ...form });
      try {
        const done = await chooseSitting(request.actor, id, form.data.sitting, services, app.now());
        setNotice(
          reply,
          done.moved
            ? 'Your sitting has been changed; an e-mail confirms it.'
            : 'You are registered; an e-mail confirms it.',
        );
      } catch (e) {
        return choicePage(request, reply, id, formBackOf('sitting', e, request.body));
      }
      return seeOther(reply, applicantSittingsPath(id));
    },
  });
}
