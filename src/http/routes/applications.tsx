// Applications: the coordinator's list and an application's history; the
// applicant's own list, and starting one (association, then credential).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listAllAssociations } from '../../services/associations.ts';
import {
  applicationChoices,
  associationsToApplyTo,
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
  AssociationApplicationsPage,
  MyApplicationsPage,
  StartApplicationPage,
} from '../../views/pages/applications.tsx';
import { type FieldError, type FormValues, formErrorOf, parseForm } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { associationParams, idParams } from '../schemas/common.ts';
import { startApplicationForm, startApplicationQuery } from '../schemas/applications.ts';
import { seeOther } from './helpers.ts';
import { can } from '../../policies/index.ts';
import { applicationFees } from '../../services/payments.ts';
import { FeesSection, paymentsPath } from '../../views/pages/submission-payments.tsx';

export async function applicationRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.route({
    ...route('GET /associations/:slug/applications'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const applications = await listApplications(request.actor, association.id, services);
      return sendPage(request, reply, {
        title: `Applications: ${association.name}`,
        body: <AssociationApplicationsPage association={association} applications={applications} />,
      });
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
