// An association's people and their roles (association admins; site admins).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { can, roleLabels, roles } from '../../policies/index.ts';
import { getAssociation } from '../../services/associations.ts';
import { AppError } from '../../services/errors.ts';
import { listPeople, setRoles } from '../../services/people.ts';
import { PeoplePage } from '../../views/pages/people.tsx';
import { type FieldError, type FormValues, formErrorOf, keptValues, parseForm } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { associationParams } from '../schemas/common.ts';
import { peopleQuery, setRolesForm } from '../schemas/people.ts';
import { seeOther } from './helpers.ts';

const roleOptions = roles.map((r) => ({ value: r, label: roleLabels[r] }));

export async function peopleRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    state: { errors?: FieldError[]; values?: FormValues; prefill?: string } = {},
  ) => {
    const association = await getAssociation(request.actor, slug, services);
    const people = await listPeople(request.actor, association.id, services);
    let values = state.values;
    if (!values && state.prefill) {
      const person = people.find((p) => p.email === state.prefill!.trim().toLowerCase());
      values = { email: state.prefill, roles: person ? [...person.roles] : [] };
    }
    return sendPage(request, reply, {
      title: `People and roles: ${association.name}`,
      status: state.errors ? 400 : 200,
      body: (
        <PeoplePage
          association={association}
          people={people}
          roleOptions={roleOptions}
          canAssign={can(request.actor, 'role.assign', { associationId: association.id })}
          errors={state.errors}
          values={values}
        />
      ),
    });
  };

  r.route({
    ...route('GET /associations/:slug/people'),
    schema: { hide: true, params: associationParams, querystring: peopleQuery },
    handler: (request, reply) =>
      page(request, reply, request.params.slug, request.query.email ? { prefill: request.query.email } : {}),
  });

  r.route({
    ...route('POST /associations/:slug/people'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) => {
      const { slug } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      const form = parseForm(setRolesForm, request.body);
      if (!form.ok) return page(request, reply, slug, { errors: form.errors, values: form.values });
      try {
        await setRoles(request.actor, { associationId: association.id, ...form.data }, services);
      } catch (e) {
        if (e instanceof AppError && e.field)
          return page(request, reply, slug, { errors: formErrorOf(e), values: keptValues(request.body) });
        throw e;
      }
      const labels = roles
        .filter((x) => form.data.roles.includes(x))
        .map((x) => roleLabels[x])
        .join(', ');
      setNotice(
        reply,
        labels
          ? `${form.data.email} now holds: ${labels}.`
          : `${form.data.email} no longer holds any role here.`,
      );
      return seeOther(reply, `/associations/${encodeURIComponent(association.slug)}/people`);
    },
  });
}
