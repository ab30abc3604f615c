// Applications: the coordinator's list and the staff's page of one application;
// the applicant's own list, and starting one (association, then credential).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { catalogs } from '../../catalogs/index.ts';
import { listAllAssociations } from '../../services/associations.ts';
import {
  applicationChoices,
  associationsToApplyTo,
  exportApplications,
  listApplications,
  listMyApplications,
  OpenApplicationExists,
  startApplication,
} from '../../services/applications.ts';
import { getAssociation } from '../../services/associations.ts';
import { AppError } from '../../services/errors.ts';
import {
  type QueueItem,
  applicationsCsvRows,
  AssociationApplicationsPage,
  MyApplicationsPage,
  StartApplicationPage,
} from '../../views/pages/applications.tsx';
import { toCsv } from '../../domain/csv.ts';
import { type FieldError, type FormValues, formErrorOf, keptValues, parseForm } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { associationParams, idParams } from '../schemas/common.ts';
import { startApplicationForm, startApplicationQuery } from '../schemas/applications.ts';
import { applicationsQuery } from '../schemas/api.ts';
import { seeOther } from './helpers.ts';
import { sendStaffApplicationPage } from './application-page.tsx';

export async function applicationRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();

  /** The list's query as asked: empty form fields mean "any", as if left out. */
  const listQueryOf = (request: FastifyRequest) => {
    const given = Object.entries((request.query ?? {}) as Record<string, unknown>).filter(
      ([, v]) => v !== '',
    );
    return parseForm(applicationsQuery, Object.fromEntries(given));
  };

  /** Errors about what the form has no control for (the cursor, the page size) are about the whole page. */
  const onThePage = (errors: FieldError[]) =>
    errors.map((e) =>
      ['q', 'status', 'credential', 'sort', 'overdue'].includes(e.field) ? e : { ...e, field: 'form' },
    );

  r.route({
    ...route('GET /associations/:slug/applications'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const query = listQueryOf(request);
      const values = keptValues(request.query);
      const credentials =
        catalogs()
          .get(association.slug)
          ?.credentials.map((c) => ({ id: c.id, name: c.name })) ?? [];
      const show = (
        listed: {
          applications: QueueItem[];
          next?: string | undefined;
          counts?: ReadonlyArray<{ state: string; count: number }>;
        },
        errors?: FieldError[],
      ) =>
        sendPage(request, reply, {
          title: `Applications: ${association.name}`,
          status: errors ? 400 : 200,
          body: (
            <AssociationApplicationsPage
              association={association}
              credentials={credentials}
              values={values}
              {...listed}
              {...(errors ? { errors } : {})}
            />
          ),
        });
      if (!query.ok) return show({ applications: [] }, onThePage(query.errors));
      try {
        return show(await listApplications(request.actor, association, query.data, services));
      } catch (e) {
        if (e instanceof AppError && e.field) return show({ applications: [] }, onThePage(formErrorOf(e)));
        throw e;
      }
    },
  });

  r.route({
    ...route('GET /associations/:slug/applications.csv'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const query = listQueryOf(request);
      if (!query.ok) {
        const [first] = query.errors;
        throw new AppError('invalid', first!.message, first!.field);
      }
      const applications = await exportApplications(request.actor, association, query.data, services);
      return reply
        .type('text/csv; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="applications-${association.slug}.csv"`)
        .send(toCsv(applicationsCsvRows(applications)));
    },
  });

  r.route({
    ...route('GET /associations/:slug/applications/:id'),
    schema: { hide: true, params: idParams },
    handler: async (request, reply) =>
      sendStaffApplicationPage(request, reply, services, request.params.slug, request.params.id),
  });

  r.route({
    ...route('GET /applications'),
    schema: { hide: true },
    handler: async (request, reply) => {
      const applications = await listMyApplications(request.actor, services);
      const associations = await associationsToApplyTo(services);
      const names = new Map((await listAllAssociations(services)).map((a) => [a.id, a.name]));
      return sendPage(request, reply, {
        title: 'My applications',
        body: (
          <MyApplicationsPage
            applications={applications.map((a) => ({
              ...a,
              associationName: names.get(a.associationId) ?? '',
            }))}
            associations={associations}
          />
        ),
      });
    },
  });

  const startPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    association: string | undefined,
    state: { errors?: FieldError[]; values?: FormValues; existing?: { id: string; credential: string } } = {},
  ) => {
    const choices = await applicationChoices(request.actor, association, services);
    // An association asked for that is not offered is said so, on its field.
    const errors =
      state.errors ??
      (association && !choices.association
        ? [{ field: 'association', message: 'Choose one of the associations in the list' }]
        : undefined);
    return sendPage(request, reply, {
      title: 'Start an application',
      status: errors ? 400 : 200,
      body: <StartApplicationPage {...choices} {...state} errors={errors} />,
    });
  };

  r.route({
    ...route('GET /applications/start'),
    schema: { hide: true, querystring: startApplicationQuery },
    handler: (request, reply) => startPage(request, reply, request.query.association || undefined),
  });

  r.route({
    ...route('POST /applications'),
    schema: { hide: true },
    handler: async (request, reply) => {
      const form = parseForm(startApplicationForm, request.body);
      if (!form.ok) {
        const association = form.values.association;
        return startPage(request, reply, typeof association === 'string' ? association : undefined, {
          errors: form.errors,
          values: form.values,
        });
      }
      try {
        const application = await startApplication(request.actor, form.data, services);
        setNotice(reply, `Your ${application.credential} application has been started.`);
        return seeOther(reply, `/applications/${encodeURIComponent(application.id)}`);
      } catch (e) {
        if (e instanceof AppError && e.field)
          return startPage(request, reply, form.data.association, {
            errors: formErrorOf(e),
            values: form.data,
            ...(e instanceof OpenApplicationExists ? { existing: e.open } : {}),
          });
        throw e;
      }
    },
  });
}
