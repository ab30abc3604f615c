// Applications: the coordinator's list and the staff's page of one application; the
// applicant's own list with a form to start one.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { catalogs } from '../../catalogs/index.ts';
import { listAllAssociations } from '../../services/associations.ts';
import {
  listApplications,
  listMyApplications,
  OpenApplicationExists,
  startApplication,
} from '../../services/applications.ts';
import { getAssociation } from '../../services/associations.ts';
import { AppError } from '../../services/errors.ts';
import { AssociationApplicationsPage, MyApplicationsPage } from '../../views/pages/applications.tsx';
import { type FieldError, type FormValues, formErrorOf, parseForm } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { associationParams, idParams } from '../schemas/common.ts';
import { startApplicationForm } from '../schemas/applications.ts';
import { seeOther } from './helpers.ts';
import { sendStaffApplicationPage } from './application-page.tsx';

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
    handler: async (request, reply) =>
      sendStaffApplicationPage(request, reply, services, request.params.slug, request.params.id),
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
