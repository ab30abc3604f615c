// Site administration: list, add and rename associations.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  createAssociation,
  findAssociationOrFail,
  listAssociationsFor,
  renameAssociation,
} from '../../services/associations.ts';
import { AppError } from '../../services/errors.ts';
import { authorize } from '../../policies/index.ts';
import { AssociationsPage } from '../../views/pages/admin.tsx';
import { type FieldError, type FormValues, formErrorOf, parseForm } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { associationParams } from '../schemas/common.ts';
import { createAssociationForm, renameAssociationForm } from '../schemas/admin.ts';
import { seeOther } from './helpers.ts';

export async function adminRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: { errors?: FieldError[]; values?: FormValues; renaming?: string } = {},
  ) => {
    authorize(request.actor, 'association.list');
    const associations = await listAssociationsFor(request.actor, services);
    return sendPage(request, reply, {
      title: 'Associations',
      status: state.errors ? 400 : 200,
      body: <AssociationsPage associations={associations} {...state} />,
    });
  };

  r.route({
    ...route('GET /admin/associations'),
    schema: { hide: true },
    handler: (req, reply) => page(req, reply),
  });

  r.route({
    ...route('POST /admin/associations'),
    schema: { hide: true },
    handler: async (request, reply) => {
      authorize(request.actor, 'association.create');
      const form = parseForm(createAssociationForm, request.body);
      if (!form.ok) return page(request, reply, { errors: form.errors, values: form.values });
      try {
        const created = await createAssociation(request.actor, form.data, services);
        setNotice(reply, `${created.name} (${created.slug}) has been added.`);
      } catch (e) {
        if (e instanceof AppError && e.code !== 'not_found')
          return page(request, reply, { errors: formErrorOf(e), values: form.data });
        throw e;
      }
      return seeOther(reply, '/admin/associations');
    },
  });

  r.route({
    ...route('POST /admin/associations/:slug/name'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) => {
      authorize(request.actor, 'association.update');
      const association = await findAssociationOrFail(request.params.slug, services);
      const form = parseForm(renameAssociationForm, request.body);
      const field = `rename-${association.slug}-name`;
      if (!form.ok) {
        const errors = form.errors.map((e) => ({ ...e, field }));
        return page(request, reply, { errors, values: form.values, renaming: association.slug });
      }
      await renameAssociation(
        request.actor,
        { associationId: association.id, name: form.data.name },
        services,
      );
      setNotice(reply, `${association.slug} is now called ${form.data.name}.`);
      return seeOther(reply, '/admin/associations');
    },
  });
}
