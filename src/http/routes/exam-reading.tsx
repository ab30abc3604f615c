// Exam scoring: the reader's blind queue and scoring a response, the
// applicant's and the staff's result pages, a sitting's item statistics and
// discounting an item for it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getAssociation } from '../../services/associations.ts';
import { AppError } from '../../services/errors.ts';
import { readingQueue, responseForReader, scoreResponse } from '../../services/exam-reading.ts';
import { examResult } from '../../services/exam-results.ts';
import { discountItem, sittingStatistics } from '../../services/exam-statistics.ts';
import {
  type FormBack,
  ReadingQueuePage,
  ReadResponsePage,
  readingPath,
} from '../../views/pages/exam-reading.tsx';
import { ExamResultPage } from '../../views/pages/exam-results.tsx';
import { SittingStatisticsPage, statisticsPath } from '../../views/pages/exam-statistics.tsx';
import { formErrorOf, keptValues } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { associationParams, idParams, slug } from '../schemas/common.ts';
import { seeOther } from './helpers.ts';

const code = z.string().min(1).max(100);
const blindParams = z.object({ slug, blindCode: code });
const sittingParams = z.object({ slug, sittingId: code });
const applicationParams = z.object({ id: code });
const body = (b: unknown) => (b && typeof b === 'object' ? (b as Record<string, unknown>) : {});

/** A service's refusal about a field, as the form's errors; anything else goes on to the error page. */
const formBackOf = (e: unknown, values: unknown): FormBack => {
  if (e instanceof AppError && e.field && e.code === 'invalid')
    return { errors: formErrorOf(e), values: keptValues(values) };
  throw e;
};

export async function examReadingRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.route({
    ...route('GET /associations/:slug/exam/reading'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const page = await readingQueue(request.actor, association, services);
      return sendPage(request, reply, {
        title: `Essays to read: ${association.name}`,
        body: <ReadingQueuePage association={association} {...page} />,
      });
    },
  });

  const responsePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    params: { slug: string; blindCode: string },
    form?: FormBack,
  ) => {
    const association = await getAssociation(request.actor, params.slug, services);
    const model = await responseForReader(request.actor, association, params.blindCode, services);
    return sendPage(request, reply, {
      title: `Response ${model.response.blindCode}`,
      status: form ? 400 : 200,
      body: <ReadResponsePage association={association} model={model} form={form} />,
    });
  };

  r.route({
    ...route('GET /associations/:slug/exam/reading/:blindCode'),
    schema: { hide: true, params: blindParams },
    handler: (request, reply) => responsePage(request, reply, request.params),
  });

  r.route({
    ...route('POST /associations/:slug/exam/reading/:blindCode'),
    schema: { hide: true, params: blindParams },
    handler: async (request, reply) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      try {
        const done = await scoreResponse(
          request.actor,
          association,
          request.params.blindCode,
          body(request.body),
          services,
          app.now(),
        );
        setNotice(reply, `Response ${request.params.blindCode}: your ${done.total} points are recorded.`);
      } catch (e) {
        return responsePage(request, reply, request.params, formBackOf(e, request.body));
      }
      return seeOther(reply, readingPath(association.slug));
    },
  });

  r.route({
    ...route('GET /applications/:id/exam/result'),
    schema: { hide: true, params: applicationParams },
    handler: async (request, reply) => {
      const page = await examResult(request.actor, request.params.id, services);
      return sendPage(request, reply, {
        title: `Exam result: ${page.application.credential}`,
        body: <ExamResultPage {...page} />,
      });
    },
  });

  r.route({
    ...route('GET /associations/:slug/applications/:id/exam/result'),
    schema: { hide: true, params: idParams },
    handler: async (request, reply) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const page = await examResult(request.actor, request.params.id, services, association.id);
      return sendPage(request, reply, {
        title: `Exam result: ${page.applicantName}, ${page.application.credential}`,
        body: <ExamResultPage {...page} association={association} />,
      });
    },
  });

  const statisticsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    params: { slug: string; sittingId: string },
    form?: FormBack,
  ) => {
    const association = await getAssociation(request.actor, params.slug, services);
    const stats = await sittingStatistics(request.actor, association.id, params.sittingId, services);
    return sendPage(request, reply, {
      title: `Item statistics: ${association.name}`,
      status: form ? 400 : 200,
      body: <SittingStatisticsPage association={association} stats={stats} form={form} />,
    });
  };

  r.route({
    ...route('GET /associations/:slug/exam/sittings/:sittingId/statistics'),
    schema: { hide: true, params: sittingParams },
    handler: (request, reply) => statisticsPage(request, reply, request.params),
  });

  r.route({
    ...route('POST /associations/:slug/exam/sittings/:sittingId/statistics/discount'),
    schema: { hide: true, params: sittingParams },
    handler: async (request, reply) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      try {
        const done = await discountItem(
          request.actor,
          association.id,
          request.params.sittingId,
          body(request.body),
          services,
          app.now(),
        );
        setNotice(
          reply,
          `${done.code} is discounted: ${done.rescored} attempts rescored, ${done.nowPassing} now passing.`,
        );
      } catch (e) {
        return statisticsPage(request, reply, request.params, formBackOf(e, request.body));
      }
      return seeOther(reply, statisticsPath(association.slug, request.params.sittingId));
    },
  });
}
