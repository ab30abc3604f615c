// The applicant's exam (before, during, after), one page per item and per
// essay with POST-redirect-GET so it works without JavaScript, the script's
// autosave, the submit page; and the exam administrator's paper entry.
// Every answer here is sent with `Cache-Control: no-store` (sendPage, and the
// autosave's JSON), so nothing of the exam is kept by the browser for later.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { getAssociation } from '../../services/associations.ts';
import { AppError, DomainError, httpStatus } from '../../services/errors.ts';
import {
  answerItem,
  beforeSubmitting,
  chooseVignettes,
  essayToWrite,
  examPage,
  itemToAnswer,
  startAttempt,
  submitMyAttempt,
  vignettesToChoose,
  writeEssay,
} from '../../services/exam-taking.ts';
import { enterPaperSitting, paperEntryPage } from '../../services/exam-paper.ts';
import {
  EssayPageView,
  EssaysPageView,
  ExamPageView,
  ItemPageView,
  PaperEntryView,
  SubmitPageView,
} from '../../views/pages/exam-taking.tsx';
import { type FieldError, type FormValues, formErrorOf, keptValues, parseForm } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import {
  autosaveForm,
  essayForm,
  examItemParams,
  examParams,
  itemForm,
  paperParams,
  vignettesForm,
} from '../schemas/exam-taking.ts';
import { capitalize } from '../forms.ts';
import { seeOther } from './helpers.ts';

const examPath = (id: string) => `/applications/${encodeURIComponent(id)}/exam`;

/**
 * The exam's clock said no (not started, time up, submitted): back to the
 * exam page, which says where the exam stands.
 */
function backToExam(reply: FastifyReply, id: string, e: unknown): FastifyReply {
  if (e instanceof DomainError && (e.domainCode === 'EXAM_TIME_UP' || e.domainCode === 'EXAM_NOT_OPEN')) {
    setNotice(reply, capitalize(e.message));
    return seeOther(reply, examPath(id));
  }
  throw e;
}

export async function examTakingRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Redirects and refusals too: no answer about the exam is kept by the browser or a proxy.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });

  r.route({
    ...route('GET /applications/:id/exam'),
    schema: { hide: true, params: examParams },
    handler: async (request, reply) => {
      const page = await examPage(request.actor, request.params.id, services, app.now());
      return sendPage(request, reply, {
        title: `Written examination: ${page.application.credential}`,
        body: <ExamPageView page={page} />,
      });
    },
  });

  r.route({
    ...route('POST /applications/:id/exam/start'),
    schema: { hide: true, params: examParams },
    handler: async (request, reply) => {
      const { id } = request.params;
      try {
        await startAttempt(request.actor, id, services, app.now());
      } catch (e) {
        return backToExam(reply, id, e);
      }
      return seeOther(reply, examPath(id));
    },
  });

  const sendItem = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    n: number,
    errors?: FieldError[],
  ) => {
    try {
      const page = await itemToAnswer(request.actor, id, n, services, app.now());
      return await sendPage(request, reply, {
        title: `Item ${page.n} of ${page.total}`,
        status: errors ? 400 : 200,
        body: <ItemPageView page={page} {...(errors ? { errors } : {})} />,
      });
    } catch (e) {
      return backToExam(reply, id, e);
    }
  };

  r.route({
    ...route('GET /applications/:id/exam/items/:n'),
    schema: { hide: true, params: examItemParams },
    handler: (request, reply) => sendItem(request, reply, request.params.id, request.params.n),
  });

  r.route({
    ...route('POST /applications/:id/exam/items/:n'),
    schema: { hide: true, params: examItemParams },
    handler: async (request, reply) => {
      const { id, n } = request.params;
      const form = parseForm(itemForm, request.body);
      if (!form.ok) return sendItem(request, reply, id, n, form.errors);
      let total: number;
      try {
        const page = await itemToAnswer(request.actor, id, n, services, app.now());
        total = page.total;
        if (form.data.choice !== undefined)
          await answerItem(request.actor, id, n, form.data.choice, services, app.now());
      } catch (e) {
        if (e instanceof AppError && e.code === 'invalid')
          return sendItem(request, reply, id, n, formErrorOf(e));
        return backToExam(reply, id, e);
      }
      const go = form.data.go ?? 'next';
      return seeOther(
        reply,
        go === 'previous'
          ? `${examPath(id)}/items/${Math.max(1, n - 1)}`
          : go === 'list'
            ? examPath(id)
            : n < total
              ? `${examPath(id)}/items/${n + 1}`
              : `${examPath(id)}/essays`,
      );
    },
  });

  const sendEssays = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: { errors?: FieldError[]; values?: FormValues } = {},
  ) => {
    try {
      const page = await vignettesToChoose(request.actor, id, services, app.now());
      return await sendPage(request, reply, {
        title: 'The essays: choose your vignettes',
        status: state.errors ? 400 : 200,
        body: <EssaysPageView page={page} {...state} />,
      });
    } catch (e) {
      return backToExam(reply, id, e);
    }
  };

  r.route({
    ...route('GET /applications/:id/exam/essays'),
    schema: { hide: true, params: examParams },
    handler: (request, reply) => sendEssays(request, reply, request.params.id),
  });

  r.route({
    ...route('POST /applications/:id/exam/essays'),
    schema: { hide: true, params: examParams },
    handler: async (request, reply) => {
      const { id } = request.params;
      const form = parseForm(vignettesForm, request.body);
      if (!form.ok) return sendEssays(request, reply, id, form);
      try {
        await chooseVignettes(request.actor, id, form.data.vignettes, services, app.now());
      } catch (e) {
        if (e instanceof AppError && e.code === 'invalid')
          return sendEssays(request, reply, id, { errors: formErrorOf(e), values: keptValues(request.body) });
        return backToExam(reply, id, e);
      }
      const first = [...new Set(form.data.vignettes)].sort((a, b) => a - b)[0]!;
      return seeOther(reply, `${examPath(id)}/essays/${first}`);
    },
  });

  const sendEssay = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    n: number,
    state: { errors?: FieldError[]; values?: FormValues } = {},
  ) => {
    try {
      const page = await essayToWrite(request.actor, id, n, services, app.now());
      return await sendPage(request, reply, {
        title: `Vignette ${page.n}`,
        status: state.errors ? 400 : 200,
        body: <EssayPageView page={page} {...state} />,
      });
    } catch (e) {
      if (e instanceof AppError && e.code === 'invalid') {
        setNotice(reply, capitalize(e.message));
        return seeOther(reply, `${examPath(id)}/essays`);
      }
      return backToExam(reply, id, e);
    }
  };

  r.route({
    ...route('GET /applications/:id/exam/essays/:n'),
    schema: { hide: true, params: examItemParams },
    handler: (request, reply) => sendEssay(request, reply, request.params.id, request.params.n),
  });

  r.route({
    ...route('POST /applications/:id/exam/essays/:n'),
    schema: { hide: true, params: examItemParams },
    handler: async (request, reply) => {
      const { id, n } = request.params;
      const form = parseForm(essayForm, request.body);
      if (!form.ok) return sendEssay(request, reply, id, n, form);
      let chosen: number[];
      try {
        chosen = (await essayToWrite(request.actor, id, n, services, app.now())).chosen;
        await writeEssay(request.actor, id, n, form.data.text, services, app.now());
      } catch (e) {
        if (e instanceof AppError && e.code === 'invalid')
          return sendEssay(request, reply, id, n, {
            errors: formErrorOf(e),
            values: keptValues(request.body),
          });
        return backToExam(reply, id, e);
      }
      const next = chosen[chosen.indexOf(n) + 1];
      setNotice(reply, 'Your essay is saved.');
      return seeOther(
        reply,
        form.data.go === 'stay'
          ? `${examPath(id)}/essays/${n}`
          : next
            ? `${examPath(id)}/essays/${next}`
            : `${examPath(id)}/submit`,
      );
    },
  });

  r.route({
    ...route('GET /applications/:id/exam/submit'),
    schema: { hide: true, params: examParams },
    handler: async (request, reply) => {
      const { id } = request.params;
      try {
        const page = await beforeSubmitting(request.actor, id, services, app.now());
        return await sendPage(request, reply, {
          title: 'Submit the exam',
          body: <SubmitPageView page={page} />,
        });
      } catch (e) {
        return backToExam(reply, id, e);
      }
    },
  });

  r.route({
    ...route('POST /applications/:id/exam/submit'),
    schema: { hide: true, params: examParams },
    handler: async (request, reply) => {
      const { id } = request.params;
      try {
        await submitMyAttempt(request.actor, id, services, app.now());
      } catch (e) {
        return backToExam(reply, id, e);
      }
      setNotice(reply, 'Your exam is submitted.');
      return seeOther(reply, examPath(id));
    },
  });

  // The script's autosave: the same saves as the forms, answered in JSON.
  r.route({
    ...route('POST /applications/:id/exam/autosave'),
    schema: { hide: true, params: examParams },
    handler: async (request, reply) => {
      const { id } = request.params;
      const json = (status: number, body: object) =>
        reply
          .status(status)
          .header('cache-control', 'no-store')
          .type('application/json; charset=utf-8')
          .send(body);
      const parsed = autosaveForm.safeParse(request.body);
      if (!parsed.success)
        return json(400, {
          error: 'bad_request',
          message: 'Send an item and its choice, or an essay and its text',
        });
      const v = parsed.data;
      try {
        const clock =
          'item' in v
            ? await answerItem(
                request.actor,
                id,
                v.item,
                v.choice === '' ? null : Number(v.choice),
                services,
                app.now(),
              )
            : await writeEssay(request.actor, id, v.essay, v.text, services, app.now());
        return json(200, { saved: true, ...clock });
      } catch (e) {
        if (e instanceof AppError && e.code !== 'not_found')
          return json(httpStatus[e.code], {
            error: e.code,
            message: capitalize(e.message),
            ...(e instanceof DomainError ? { code: e.domainCode } : {}),
          });
        throw e;
      }
    },
  });

  // Paper entry: an exam administrator types in the sheets of one registration at an in-person sitting.
  const paperPath = (slug: string, sittingId: string, registrationId: string) =>
    `/associations/${encodeURIComponent(slug)}/exam/sittings/${encodeURIComponent(sittingId)}/paper/${encodeURIComponent(registrationId)}`;
  const sendPaper = async (
    request: FastifyRequest,
    reply: FastifyReply,
    p: { slug: string; sittingId: string; registrationId: string },
    state: { errors?: FieldError[]; values?: FormValues; status?: number } = {},
  ) => {
    const association = await getAssociation(request.actor, p.slug, services);
    const page = await paperEntryPage(request.actor, association.id, p.sittingId, p.registrationId, services);
    return sendPage(request, reply, {
      title: `Paper entry: ${page.applicantName}`,
      status: state.status ?? 200,
      body: (
        <PaperEntryView
          page={page}
          action={paperPath(p.slug, p.sittingId, p.registrationId)}
          sittingHref={`/associations/${encodeURIComponent(p.slug)}/exam/sittings/${encodeURIComponent(p.sittingId)}`}
          {...(state.errors ? { errors: state.errors } : {})}
          {...(state.values ? { values: state.values } : {})}
        />
      ),
    });
  };

  r.route({
    ...route('GET /associations/:slug/exam/sittings/:sittingId/paper/:registrationId'),
    schema: { hide: true, params: paperParams },
    handler: (request, reply) => sendPaper(request, reply, request.params),
  });

  r.route({
    ...route('POST /associations/:slug/exam/sittings/:sittingId/paper/:registrationId'),
    schema: { hide: true, params: paperParams },
    handler: async (request, reply) => {
      const p = request.params;
      const association = await getAssociation(request.actor, p.slug, services);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
      const page = await paperEntryPage(
        request.actor,
        association.id,
        p.sittingId,
        p.registrationId,
        services,
      );
      try {
        await enterPaperSitting(
          request.actor,
          association.id,
          p.sittingId,
          p.registrationId,
          {
            answers: page.items.map((i) => field(`item.${i.n}`)),
            essays: page.vignettes.map((v) => field(`essay.${v.n}`)),
          },
          services,
          app.now(),
        );
      } catch (e) {
        if (e instanceof AppError && e.code !== 'not_found')
          return sendPaper(request, reply, p, {
            errors: formErrorOf(e),
            values: keptValues(request.body),
            status: httpStatus[e.code],
          });
        throw e;
      }
      setNotice(reply, `The sheets of ${page.applicantName} are entered and the multiple choice scored.`);
      return seeOther(reply, paperPath(p.slug, p.sittingId, p.registrationId));
    },
  });
}
