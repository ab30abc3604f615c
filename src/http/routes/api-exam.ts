// The written exam through the JSON API: the exam administrators' item bank,
// forms, blind reading and item statistics; the coordinators' sittings and
// registrations; the applicant's own exam. Each calls the same service as its
// page; what the service refuses comes back as the JSON error body with its
// code (EXAM_TIME_UP, SITTING_FULL, ESSAY_ALREADY_SCORED…). A signed-in
// caller sends the CSRF token (GET /api/v1/me) in an x-csrf-token header with
// every POST; an API token needs none, and never takes an exam.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApplicationState } from '../../domain/application-lifecycle.ts';
import { type Actor, ForbiddenError, SignInRequiredError } from '../../policies/index.ts';
import { getAssociation } from '../../services/associations.ts';
import { grantAccommodation } from '../../services/exam-accommodations.ts';
import {
  changeItemStatus,
  createItem,
  readItem,
  reviseItemWith,
  searchBank,
} from '../../services/exam-bank.ts';
import { ImportRefused, importItemsCsv, importItemsQti } from '../../services/exam-exchange.ts';
import { composeForm, listForms, readyForm, retireForm, viewForm } from '../../services/exam-forms.ts';
import {
  criterionField,
  readingQueue,
  responseForReader,
  scoreResponse,
} from '../../services/exam-reading.ts';
import { examResult } from '../../services/exam-results.ts';
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
import { discountItem, sittingStatistics } from '../../services/exam-statistics.ts';
import {
  answerItem,
  chooseVignettes,
  essayToWrite,
  type ExamPage,
  examPage,
  itemToAnswer,
  startAttempt,
  submitMyAttempt,
  vignettesToChoose,
  writeEssay,
} from '../../services/exam-taking.ts';
import { route } from '../route-table.ts';
import { errorResponses } from '../schemas/api.ts';
import {
  accommodationGranted,
  accommodationRequest,
  answerRequest,
  applicationExamBody,
  bankPage,
  bankQuery,
  blindParams,
  discounted,
  discountRequest,
  essayRequest,
  examNumberParams,
  examParams,
  examResultBody,
  formDetail,
  formListed,
  formParams,
  formRequest,
  examForm,
  importRefused,
  importRequest,
  importSummary,
  itemDetail,
  itemParams,
  itemRequest,
  bankItem,
  examItem,
  myEssay,
  myExam,
  mySittings,
  myVignettes,
  noShowRecorded,
  noShowRequest,
  readingQueueBody,
  registered,
  registerRequest,
  responseBody,
  revision,
  saved,
  scored,
  scoreRequest,
  sitting,
  sittingCancelled,
  sittingChangeRequest,
  sittingChoice,
  sittingParams,
  sittingRequest,
  sittingRoster,
  sittingsList,
  statisticsBody,
  statusRequest,
  submitted,
  vignettesRequest,
} from '../schemas/api-exam.ts';
import { associationParams, idParams } from '../schemas/common.ts';

const security: Array<Record<string, string[]>> = [{ apiToken: [] }, { session: [] }];
const sessionSecurity: Array<Record<string, string[]>> = [{ session: [] }];

/** The applicant's exam is theirs: an API token acts for the admin who made it, never as an applicant. */
function applicantSelf(request: FastifyRequest): Actor {
  const { actor } = request;
  if (!actor) throw new SignInRequiredError();
  if (actor.tokenAssociationId) throw new ForbiddenError('exam.take');
  return actor;
}

/** Whatever the services leave out (undefined) is null in the API's answers. */
const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

/** The applicant's exam page as the API answers it. */
const myExamOf = (page: ExamPage) => ({
  applicationId: page.application.id,
  credential: page.application.credential,
  state: page.application.status as ApplicationState,
  phase: page.phase,
  sitting: orNull(page.sitting),
  form: orNull(page.form),
  minutes: orNull(page.minutes),
  opensAt: orNull(page.opensAt),
  closesAt: orNull(page.closesAt),
  attempt: orNull(page.attempt),
  items: page.items,
  vignettes: page.vignettes,
  largeText: page.largeText,
});

export async function apiExamRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();
  // No answer about an exam is kept by a browser or a proxy.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });
  const bank = ['exam bank'];
  const sittings = ['exam sittings'];
  const mine = ['my exam'];
  const scoring = ['exam scoring'];
  const admins =
    "The association's exam administrators (its exam scorers and admins), or its API tokens; every view and change is audited.";
  const coordination = 'Coordinators and admins of the association, or its API tokens.';
  const applicantOnly =
    'The applicant, signed in (session) only: an API token acts for the admin who made it and never takes an exam.';

  // ---------------------------------------------------------------------------
  // The item bank and forms.

  r.route({
    ...route('GET /api/v1/associations/:slug/exam/items'),
    schema: {
      summary: "Search the association's item bank (the latest version of each item), 50 a page",
      description: `${admins} Keys included.`,
      tags: bank,
      security,
      params: associationParams,
      querystring: bankQuery,
      response: { 200: bankPage, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const { q, page, ...filters } = request.query;
      return searchBank(
        request.actor,
        association.id,
        {
          ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)),
          ...(q?.trim() ? { text: q.trim() } : {}),
          ...(page ? { page } : {}),
        },
        services,
      );
    },
  });

  r.route({
    ...route('POST /api/v1/associations/:slug/exam/items'),
    schema: {
      summary: 'Add an item to the bank: a multiple-choice item or an essay vignette',
      description: `${admins} A code is made when none is given (MC-0001, V-0001).`,
      tags: bank,
      security,
      params: associationParams,
      body: itemRequest,
      response: { 200: bankItem, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      return createItem(request.actor, association.id, request.body, services, app.now());
    },
  });

  r.route({
    ...route('POST /api/v1/associations/:slug/exam/items/import'),
    schema: {
      summary: 'Import items from CSV or QTI 3.0 XML (the export’s format)',
      description: `${admins} A file with any problem imports nothing: 400 with every problem (\`problems\`, by row and column).`,
      tags: bank,
      security,
      params: associationParams,
      body: importRequest,
      response: { 200: importSummary, ...errorResponses, 400: importRefused },
    },
    handler: async (request, reply) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const { format, file, exam, domains } = request.body;
      try {
        return format === 'csv'
          ? await importItemsCsv(request.actor, association.id, file, services, app.now())
          : await importItemsQti(request.actor, association.id, file, services, app.now(), {
              ...(exam ? { exam } : {}),
              ...(domains ? { domains } : {}),
            });
      } catch (e) {
        if (!(e instanceof ImportRefused)) throw e;
        return reply
          .code(400)
          .send({ error: 'invalid', message: e.message, field: 'file', problems: [...e.problems] });
      }
    },
  });

  r.route({
    ...route('GET /api/v1/associations/:slug/exam/items/:itemId'),
    schema: {
      summary: 'One item version, with every version of its code and the forms it is on',
      description: admins,
      tags: bank,
      security,
      params: itemParams,
      response: { 200: itemDetail, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      return readItem(request.actor, association.id, request.params.itemId, services);
    },
  });

  r.route({
    ...route('POST /api/v1/associations/:slug/exam/items/:itemId'),
    schema: {
      summary: 'Revise an item: a draft changes in place; an item on a ready form gets a new version',
      description: `${admins} Send the item's whole content; its code, kind and status stay.`,
      tags: bank,
      security,
      params: itemParams,
      body: itemRequest,
      response: { 200: revision, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      return reviseItemWith(
        request.actor,
        association.id,
        request.params.itemId,
        request.body,
        services,
        app.now(),
      );
    },
  });

  r.route({
    ...route('POST /api/v1/associations/:slug/exam/items/:itemId/status'),
    schema: {
      summary: "Change an item's status: a draft made active (or retired), an active item retired",
      description: admins,
      tags: bank,
      security,
      params: itemParams,
      body: statusRequest,
      response: { 200: bankItem, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      return changeItemStatus(
        request.actor,
        association.id,
        request.params.itemId,
        request.body.status,
        services,
        app.now(),
      );
    },
  });

  r.route({
    ...route('GET /api/v1/associations/:slug/exam/forms'),
    schema: {
      summary: "The association's exam forms, the latest first",
      description: admins,
      tags: bank,
      security,
      params: associationParams,
      response: { 200: formListed.array(), ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      return listForms(request.actor, association.id, services);
    },
  });

  r.route({
    ...route('POST /api/v1/associations/:slug/exam/forms'),
    schema: {
      summary: 'Compose a form (a draft): the items chosen by id or code, or drawn at random',
      description: `${admins} Left out, the numbers are the association's exam settings.`,
      tags: bank,
      security,
      params: associationParams,
      body: formRequest,
      response: { 200: examForm, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      return composeForm(request.actor, association.id, request.body, services, app.now());
    },
  });

  r.route({
    ...route('GET /api/v1/associations/:slug/exam/forms/:formId'),
    schema: {
      summary: 'One form with its items in order, keys included',
      description: admins,
      tags: bank,
      security,
      params: formParams,
      response: { 200: formDetail, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const page = await viewForm(request.actor, association.id, request.params.formId, services, app.now());
      return { ...page, problem: orNull(page.problem) };
    },
  });

  for (const [step, summary, take] of [
    ['ready', 'Make a draft form ready to be sat (its items become active)', readyForm],
    ['retire', 'Retire a form: no longer offered for new sittings', retireForm],
  ] as const)
    r.route({
      ...route(`POST /api/v1/associations/:slug/exam/forms/:formId/${step}`),
      schema: {
        summary,
        description: `${admins} Refused with code EXAM_ITEM_IN_USE when its state forbids it.`,
        tags: bank,
        security,
        params: formParams,
        response: { 200: examForm, ...errorResponses },
      },
      handler: async (request: FastifyRequest<{ Params: { slug: string; formId: string } }>) => {
        const association = await getAssociation(request.actor, request.params.slug, services);
        return take(request.actor, association.id, request.params.formId, services);
      },
    });

  // ---------------------------------------------------------------------------
  // Blind reading and item statistics.

  r.route({
    ...route('GET /api/v1/associations/:slug/exam/reading'),
    schema: {
      summary: 'My blind reading queue: the responses I may read now, and those I have read',
      description:
        "The association's exam administrators. Responses are known by their blind code only: never the applicant's name.",
      tags: scoring,
      security,
      params: associationParams,
      response: { 200: readingQueueBody, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      return readingQueue(request.actor, association, services);
    },
  });

  r.route({
    ...route('GET /api/v1/associations/:slug/exam/reading/:blindCode'),
    schema: {
      summary: 'One response by its blind code, with the vignette and rubric',
      description:
        "The association's exam administrators. The other readers' scores show only once both first reads are in and one of them is mine.",
      tags: scoring,
      security,
      params: blindParams,
      response: { 200: responseBody, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const model = await responseForReader(request.actor, association, request.params.blindCode, services);
      return {
        ...model,
        slot: orNull(model.slot),
        mine: orNull(model.mine),
        settlement: orNull(model.settlement),
      };
    },
  });

  r.route({
    ...route('POST /api/v1/associations/:slug/exam/reading/:blindCode'),
    schema: {
      summary: 'Score a response by the rubric (the read settles the attempt when it is the last needed)',
      description:
        "The association's exam administrators, once per response each. A second read by the same reader, or of a slot filled meanwhile: 409, ESSAY_ALREADY_SCORED. A score out of range: 400 naming the criterion (c0, c1…).",
      tags: scoring,
      security,
      params: blindParams,
      body: scoreRequest,
      response: { 200: scored, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const { scores, comment } = request.body;
      return scoreResponse(
        request.actor,
        association,
        request.params.blindCode,
        { ...Object.fromEntries(scores.map((s, i) => [criterionField(i), String(s)])), comment },
        services,
        app.now(),
      );
    },
  });

  r.route({
    ...route('GET /api/v1/associations/:slug/exam/sittings/:sittingId/statistics'),
    schema: {
      summary: "A sitting's item statistics: difficulty, discrimination, options no one chose, flags",
      description: admins,
      tags: scoring,
      security,
      params: sittingParams,
      response: { 200: statisticsBody, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const stats = await sittingStatistics(
        request.actor,
        association.id,
        request.params.sittingId,
        services,
      );
      return {
        ...stats,
        forms: stats.forms.map((f) => ({
          ...f,
          items: f.items.map((i) => ({ ...i, discounted: orNull(i.discounted) })),
        })),
      };
    },
  });

  r.route({
    ...route('POST /api/v1/associations/:slug/exam/sittings/:sittingId/statistics/discount'),
    schema: {
      summary: 'Discount an item for the sitting, with a reason, and rescore every attempt there',
      description: admins,
      tags: scoring,
      security,
      params: sittingParams,
      body: discountRequest,
      response: { 200: discounted, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      return discountItem(
        request.actor,
        association.id,
        request.params.sittingId,
        request.body,
        services,
        app.now(),
      );
    },
  });

  // ---------------------------------------------------------------------------
  // Sittings and registrations.

  r.route({
    ...route('GET /api/v1/associations/:slug/exam/sittings'),
    schema: {
      summary: "The association's sittings: those ahead (soonest first) and past, with seats taken",
      description: coordination,
      tags: sittings,
      security,
      params: associationParams,
      response: { 200: sittingsList, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      return sittingsOverview(request.actor, association.id, services, app.now());
    },
  });

  r.route({
    ...route('POST /api/v1/associations/:slug/exam/sittings'),
    schema: {
      summary: 'Schedule a sitting: when, online or in person, where, seats, the ready forms sat',
      description: coordination,
      tags: sittings,
      security,
      params: associationParams,
      body: sittingRequest,
      response: { 200: sitting, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      return scheduleSitting(request.actor, association.id, request.body, services, app.now());
    },
  });

  r.route({
    ...route('GET /api/v1/associations/:slug/exam/sittings/:sittingId'),
    schema: {
      summary:
        'One sitting and its roster (with accommodations), and the applications that may be registered',
      description: coordination,
      tags: sittings,
      security,
      params: sittingParams,
      response: { 200: sittingRoster, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const page = await sittingDetail(
        request.actor,
        association.id,
        request.params.sittingId,
        services,
        app.now(),
      );
      return {
        ...page,
        roster: page.roster.map((x) => ({ ...x, accommodation: orNull(x.accommodation) })),
      };
    },
  });

  r.route({
    ...route('POST /api/v1/associations/:slug/exam/sittings/:sittingId'),
    schema: {
      summary:
        "Change a sitting's time, mode, place or capacity before it starts (registered applicants are told)",
      description: coordination,
      tags: sittings,
      security,
      params: sittingParams,
      body: sittingChangeRequest,
      response: { 200: sitting, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      return changeSitting(
        request.actor,
        association.id,
        request.params.sittingId,
        request.body,
        services,
        app.now(),
      );
    },
  });

  r.route({
    ...route('POST /api/v1/associations/:slug/exam/sittings/:sittingId/cancel'),
    schema: {
      summary: 'Cancel a sitting: its registrations are cancelled and the applicants told',
      description: coordination,
      tags: sittings,
      security,
      params: sittingParams,
      response: { 200: sittingCancelled, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      return cancelSitting(request.actor, association.id, request.params.sittingId, services, app.now());
    },
  });

  r.route({
    ...route('POST /api/v1/associations/:slug/exam/sittings/:sittingId/register'),
    schema: {
      summary: 'Register an approved application for the sitting (the applicant is e-mailed)',
      description: `${coordination} No seat left: 409, SITTING_FULL.`,
      tags: sittings,
      security,
      params: sittingParams,
      body: registerRequest,
      response: { 200: registered, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const done = await registerForSitting(
        request.actor,
        request.body.application,
        request.params.sittingId,
        services,
        app.now(),
        association.id,
      );
      return { registrationId: done.registrationId, moved: false };
    },
  });

  r.route({
    ...route('GET /api/v1/associations/:slug/applications/:id/exam'),
    schema: {
      summary:
        "An application's exam: registrations, accommodations, sittings ahead, the result, what I may do",
      description: coordination,
      tags: sittings,
      security,
      params: idParams,
      response: { 200: applicationExamBody, ...errorResponses },
    },
    handler: async (request) => {
      const { slug, id } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      const page = await applicationExam(request.actor, association.id, id, services, app.now());
      const { result } = await examResult(request.actor, id, services, association.id);
      return {
        applicationId: page.application.id,
        applicantName: page.applicantName,
        state: page.application.status as ApplicationState,
        exam: orNull(page.exam),
        registrations: page.registrations,
        accommodation: orNull(page.accommodation),
        sittings: page.sittings,
        retakeNote: orNull(page.retakeNote),
        result,
        may: page.may,
      };
    },
  });

  r.route({
    ...route('POST /api/v1/associations/:slug/applications/:id/exam/sitting'),
    schema: {
      summary: 'Register the application for a sitting, or move its registration there',
      description: `${coordination} No seat left: 409, SITTING_FULL; the registration changed meanwhile: 409, REGISTRATION_CHANGED.`,
      tags: sittings,
      security,
      params: idParams,
      body: sittingChoice,
      response: { 200: registered, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      return chooseSitting(
        request.actor,
        request.params.id,
        request.body.sitting,
        services,
        app.now(),
        association.id,
      );
    },
  });

  r.route({
    ...route('POST /api/v1/associations/:slug/applications/:id/exam/no-show'),
    schema: {
      summary: 'Record that the applicant did not come (not counted as an attempt)',
      description: coordination,
      tags: sittings,
      security,
      params: idParams,
      body: noShowRequest,
      response: { 200: noShowRecorded, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      await markNoShow(
        request.actor,
        association.id,
        request.params.id,
        request.body.registration,
        services,
        app.now(),
      );
      return { registration: { id: request.body.registration, status: 'no-show' as const } };
    },
  });

  r.route({
    ...route('POST /api/v1/associations/:slug/applications/:id/exam/accommodations'),
    schema: {
      summary: "Grant or change the application's accommodations (extra time, breaks, larger text, paper)",
      description: `${coordination} A paper sitting granted to one registered online comes back with a \`warning\`.`,
      tags: sittings,
      security,
      params: idParams,
      body: accommodationRequest,
      response: { 200: accommodationGranted, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const done = await grantAccommodation(
        request.actor,
        association.id,
        request.params.id,
        request.body,
        services,
        app.now(),
      );
      return { accommodation: done.accommodation, warning: orNull(done.warning) };
    },
  });

  // ---------------------------------------------------------------------------
  // The applicant's own exam.

  r.route({
    ...route('GET /api/v1/applications/:id/exam'),
    schema: {
      summary: 'My exam: where it stands (before, open, during, after), the clock, what is answered',
      description: applicantOnly,
      tags: mine,
      security: sessionSecurity,
      params: examParams,
      response: { 200: myExam, ...errorResponses },
    },
    handler: async (request) =>
      myExamOf(await examPage(applicantSelf(request), request.params.id, services, app.now())),
  });

  r.route({
    ...route('GET /api/v1/applications/:id/exam/sittings'),
    schema: {
      summary: 'The sittings I may choose, my registrations and accommodations',
      description: applicantOnly,
      tags: mine,
      security: sessionSecurity,
      params: examParams,
      response: { 200: mySittings, ...errorResponses },
    },
    handler: async (request) => {
      const page = await applicantSittings(applicantSelf(request), request.params.id, services, app.now());
      return {
        applicationId: page.application.id,
        exam: page.exam,
        registrations: page.registrations,
        accommodation: orNull(page.accommodation),
        sittings: page.sittings,
        retakeNote: orNull(page.retakeNote),
      };
    },
  });

  r.route({
    ...route('POST /api/v1/applications/:id/exam/sittings'),
    schema: {
      summary: 'Choose my sitting (or change it); an e-mail confirms it',
      description: `${applicantOnly} No seat left: 409, SITTING_FULL.`,
      tags: mine,
      security: sessionSecurity,
      params: examParams,
      body: sittingChoice,
      response: { 200: registered, ...errorResponses },
    },
    handler: async (request) => {
      const actor = applicantSelf(request);
      // The applicant's address is the applicant's: staff register at the association's (as the page).
      await applicantSittings(actor, request.params.id, services, app.now());
      return chooseSitting(actor, request.params.id, request.body.sitting, services, app.now());
    },
  });

  r.route({
    ...route('POST /api/v1/applications/:id/exam/start'),
    schema: {
      summary: 'Start my exam: the server starts the clock; answers my exam as it now stands',
      description: `${applicantOnly} Before the sitting opens or after its start window: 409, EXAM_NOT_OPEN.`,
      tags: mine,
      security: sessionSecurity,
      params: examParams,
      response: { 200: myExam, ...errorResponses },
    },
    handler: async (request) => {
      const actor = applicantSelf(request);
      await startAttempt(actor, request.params.id, services, app.now());
      return myExamOf(await examPage(actor, request.params.id, services, app.now()));
    },
  });

  const during = `${applicantOnly} Once time is up: 409, EXAM_TIME_UP (the exam is submitted as it stands).`;

  r.route({
    ...route('GET /api/v1/applications/:id/exam/items/:n'),
    schema: {
      summary: 'Multiple-choice item n of my exam, with my answer so far (never the key)',
      description: during,
      tags: mine,
      security: sessionSecurity,
      params: examNumberParams,
      response: { 200: examItem, ...errorResponses },
    },
    handler: async (request) =>
      itemToAnswer(applicantSelf(request), request.params.id, request.params.n, services, app.now()),
  });

  r.route({
    ...route('POST /api/v1/applications/:id/exam/items/:n'),
    schema: {
      summary: 'Answer item n (the option’s index; null clears it), saved at once',
      description: during,
      tags: mine,
      security: sessionSecurity,
      params: examNumberParams,
      body: answerRequest,
      response: { 200: saved, ...errorResponses },
    },
    handler: async (request) => {
      const { id, n } = request.params;
      const clock = await answerItem(applicantSelf(request), id, n, request.body.choice, services, app.now());
      return { saved: true as const, ...clock };
    },
  });

  r.route({
    ...route('GET /api/v1/applications/:id/exam/essays'),
    schema: {
      summary: 'The vignettes offered, and which I chose',
      description: during,
      tags: mine,
      security: sessionSecurity,
      params: examParams,
      response: { 200: myVignettes, ...errorResponses },
    },
    handler: async (request) =>
      vignettesToChoose(applicantSelf(request), request.params.id, services, app.now()),
  });

  r.route({
    ...route('POST /api/v1/applications/:id/exam/essays'),
    schema: {
      summary: 'Choose the vignettes I answer',
      description: during,
      tags: mine,
      security: sessionSecurity,
      params: examParams,
      body: vignettesRequest,
      response: { 200: saved, ...errorResponses },
    },
    handler: async (request) => {
      const clock = await chooseVignettes(
        applicantSelf(request),
        request.params.id,
        request.body.vignettes,
        services,
        app.now(),
      );
      return { saved: true as const, ...clock };
    },
  });

  r.route({
    ...route('GET /api/v1/applications/:id/exam/essays/:n'),
    schema: {
      summary: 'Chosen vignette n and my essay so far',
      description: during,
      tags: mine,
      security: sessionSecurity,
      params: examNumberParams,
      response: { 200: myEssay, ...errorResponses },
    },
    handler: async (request) =>
      essayToWrite(applicantSelf(request), request.params.id, request.params.n, services, app.now()),
  });

  r.route({
    ...route('POST /api/v1/applications/:id/exam/essays/:n'),
    schema: {
      summary: 'Save my essay on chosen vignette n',
      description: during,
      tags: mine,
      security: sessionSecurity,
      params: examNumberParams,
      body: essayRequest,
      response: { 200: saved, ...errorResponses },
    },
    handler: async (request) => {
      const { id, n } = request.params;
      const clock = await writeEssay(applicantSelf(request), id, n, request.body.text, services, app.now());
      return { saved: true as const, ...clock };
    },
  });

  r.route({
    ...route('POST /api/v1/applications/:id/exam/submit'),
    schema: {
      summary: 'Submit my exam: the multiple choice is scored at once',
      description: during,
      tags: mine,
      security: sessionSecurity,
      params: examParams,
      response: { 200: submitted, ...errorResponses },
    },
    handler: async (request) => {
      const state = await submitMyAttempt(applicantSelf(request), request.params.id, services, app.now());
      return {
        submitted: true as const,
        scoring: state.status === 'scored' ? ('scored' as const) : ('awaiting-reads' as const),
      };
    },
  });

  r.route({
    ...route('GET /api/v1/applications/:id/exam/result'),
    schema: {
      summary: 'My exam result: passed or failed, by competency domain, and the retake rules',
      description: applicantOnly,
      tags: mine,
      security: sessionSecurity,
      params: examParams,
      response: { 200: examResultBody, ...errorResponses },
    },
    handler: async (request) =>
      (await examResult(applicantSelf(request), request.params.id, services)).result,
  });
}
