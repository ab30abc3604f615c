// An association's API tokens: make (the secret shown once) and revoke.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createApiToken, listApiTokens, revokeApiToken } from '../../services/api-tokens.ts';
import { getAssociation } from '../../services/associations.ts';
import { notFound } from '../../services/errors.ts';
import { ApiTokensPage } from '../../views/pages/api-tokens.tsx';
import { type FieldError, type FormValues, parseForm } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { associationParams, idParams } from '../schemas/common.ts';
import { createTokenForm } from '../schemas/api-tokens.ts';
import { seeOther } from './helpers.ts';

export async function apiTokenRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    state: { errors?: FieldError[]; values?: FormValues; created?: { name: string; token: string } } = {},
  ) => {
    const association = await getAssociation(request.actor, slug, services);
    const tokens = await listApiTokens(request.actor, association.id, services);
    return sendPage(request, reply, {
      title: `API tokens: ${association.name}`,
      status: state.errors ? 400 : 200,
      body: <ApiTokensPage association={association} tokens={tokens} {...state} />,
    });
  };

  r.route({
    ...route('GET /associations/:slug/api-tokens'),
    schema: { hide: true, params: associationParams },
    handler: (request, reply) => page(request, reply, request.params.slug),
  });

  r.route({
    ...route('POST /associations/:slug/api-tokens'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) => {
      const { slug } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      const form = parseForm(createTokenForm, request.body);
      if (!form.ok) return page(request, reply, slug, { errors: form.errors, values: form.values });
      const { token } = await createApiToken(
        request.actor,
        { associationId: association.id, name: form.data.name },
        services,
      );
      // The secret is in this response only (never stored, never redirected with).
      return page(request, reply, slug, { created: { name: form.data.name, token } });
    },
  });

  r.route({
    ...route('POST /associations/:slug/api-tokens/:id/revoke'),
    schema: { hide: true, params: idParams },
    handler: async (request, reply) => {
      const { slug, id } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      const tokens = await listApiTokens(request.actor, association.id, services);
      const token = tokens.find((t) => t.id === id);
      if (!token) throw notFound('The API token');
      await revokeApiToken(request.actor, id, services);
      setNotice(reply, `The token "${token.name}" has been revoked.`);
      return seeOther(reply, `/associations/${encodeURIComponent(association.slug)}/api-tokens`);
    },
  });
}
