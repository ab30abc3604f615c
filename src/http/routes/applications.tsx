// Applications: the coordinator's list and an application's history; the
// applicant's own list with a form to start one.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { catalogs } from '../../catalogs/index.ts';
import { listAllAssociations } from '../../services/associations.ts';
import {
  exportApplications,
  listApplications,
  listMyApplications,
  OpenApplicationExists,
  readApplicationHistory,
  startApplication,
} from '../../services/applications.ts';
import { getAssociation } from '../../services/associations.ts';
import { AppError, notFound } from '../../services/errors.ts';
import {
  ApplicationHistoryPage,
  type ApplicationItem,
  applicationsCsvRows,
  AssociationApplicationsPage,
  MyApplicationsPage,
} from '../../views/pages/applications.tsx';
import { toCsv } from '../../views/csv.ts';
import { type FieldError, type FormValues, formErrorOf, keptValues, parseForm } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { associationParams, idParams } from '../schemas/common.ts';
import { startApplicationForm } from '../schemas/applications.ts';
import { applicationsQuery } from '../schemas/api.ts';
import { seeOther } from './helpers.ts';
import { can } from '../../policies/index.ts';
import { applicationFees } from '../../services/payments.ts';
import { FeesSection, paymentsPath } from '../../views/pages/submission-payments.tsx';

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
      ['q', 'status', 'credential', 'sort'].includes(e.field) ? e : { ...e, field: 'form' },
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
        listed: { applications: ApplicationItem[]; next?: string | undefined },
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
    handler: async (request, reply) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const { application, history } = await readApplicationHistory(
        request.actor,
        request.params.id,
        services,
      );
      // The address names the association: an application of another one is not here.
      if (application.associationId !== association.id) throw notFound('The application');
      const fees = await applicationFees(request.actor, application.id, services);
      const mayRecord = can(request.actor, 'payment.record', { associationId: association.id });
      return sendPage(request, reply, {
        title: `${application.credential} application: history`,
        body: (
          <ApplicationHistoryPage association={association} application={application} history={history}>
            <FeesSection
              fees={fees}
              action={mayRecord ? paymentsPath(association.slug, application.id) : undefined}
            />
          </ApplicationHistoryPage>
        ),
      });
    },
  });

  const myPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: { errors?: FieldError[]; values?: FormValues; existing?: { id: string; credential: string } } = {},
  ) => {
    const applications = await listMyApplications(request.actor, services);
    // Every association hosted here, with the credentials its catalog offers (public information).
    const all = await listAllAssociations(services);
    const names = new Map(all.map((a) => [a.id, a.name]));
    const associations = all.map((a) => ({
      slug: a.slug,
      name: a.name,
      credentials:
        catalogs()
          .get(a.slug)
          ?.credentials.map((c) => c.id) ?? [],
    }));
    return sendPage(request, reply, {
      title: 'My applications',
      status: state.errors ? 400 : 200,
      body: (
        <MyApplicationsPage
          applications={applications.map((a) => ({
            ...a,
            associationName: names.get(a.associationId) ?? '',
          }))}
          associations={associations}
          {...state}
        />
      ),
    });
  };

  r.route({
    ...route('GET /applications'),
    schema: { hide: true },
    handler: (req, reply) => myPage(req, reply),
  });

  r.route({
    ...route('POST /applications'),
    schema: { hide: true },
    handler: async (request, reply) => {
      const form = parseForm(startApplicationForm, request.body);
      if (!form.ok) return myPage(request, reply, { errors: form.errors, values: form.values });
      try {
        const application = await startApplication(request.actor, form.data, services);
        setNotice(reply, `Your ${application.credential} application has been started.`);
      } catch (e) {
        if (e instanceof AppError && e.field)
          return myPage(request, reply, {
            errors: formErrorOf(e),
            values: form.data,
            ...(e instanceof OpenApplicationExists ? { existing: e.open } : {}),
          });
        throw e;
      }
      return seeOther(reply, '/applications');
    },
  });
}
