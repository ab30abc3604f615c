// What a verifier fetches, all public: an association's DID document (its
// keys, the retired ones too), its signed status lists, and an endorsement's
// current credential. Anything else answers 404.
import type { FastifyInstance } from 'fastify';
import { findEndorsementCredential, associationDidDocumentOf } from '../../services/public-credentials.ts';
import { statusListDocument } from '../../services/credentials.ts';
import { notFound } from '../../services/errors.ts';
import { route } from '../route-table.ts';

export async function credentialRoutes(app: FastifyInstance): Promise<void> {
  app.route<{ Params: { slug: string } }>({
    ...route('GET /associations/:slug/did.json'),
    schema: { hide: true },
    handler: async (request, reply) => {
      const document = await associationDidDocumentOf(app.product, request.params.slug);
      if (!document) throw notFound('the association');
      return reply.type('application/did+json').send(document);
    },
  });

  app.route<{ Params: { slug: string; purpose: string; n: string } }>({
    ...route('GET /associations/:slug/status/:purpose/:n'),
    schema: { hide: true },
    handler: async (request, reply) => {
      const n = Number(request.params.n);
      const document = Number.isInteger(n)
        ? await statusListDocument(app.product, request.params.slug, request.params.purpose, n)
        : undefined;
      if (!document) throw notFound('the status list');
      // Verifiers may keep it a short while; a revocation shows within a minute.
      return reply
        .type('application/vc+ld+json')
        .header('cache-control', 'public, max-age=60')
        .send(document);
    },
  });

  app.route<{ Params: { id: string } }>({
    ...route('GET /credentials/:id/credential.json'),
    schema: { hide: true },
    handler: async (request, reply) => {
      const credential = await findEndorsementCredential(app.product, request.params.id);
      if (!credential) throw notFound('the credential');
      return reply
        .type('application/vc+ld+json')
        .header('content-disposition', `inline; filename="endorsement-${credential.number}.json"`)
        .send(credential.document);
    },
  });
}
