// better-auth behind Fastify: its own endpoints under /api/auth/* (magic-link
// and reset-password links from e-mails land there), and, on every other
// request, who is acting: the session cookie → the person and their roles, or
// under /api/v1 an `Authorization: Bearer endorse_…` API token.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorFromApiToken, loadActor } from '../../services/actors.ts';
import { authBodyProblem } from '../body-checks.ts';
import { passCookies, sendWebResponse, webHeaders } from '../context.ts';
import { sendError } from '../errors.tsx';

const noSession = ['/assets/', '/api/docs', '/api/auth/', '/healthz', '/readyz'];

export async function authPlugin(app: FastifyInstance): Promise<void> {
  const { product } = app;

  app.decorateRequest('actor', undefined);
  app.decorateRequest('user', undefined);
  app.decorateRequest('sessionId', undefined);

  // better-auth reads its own bodies: hand it the raw bytes.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.route({
      method: ['GET', 'POST'],
      url: '/api/auth/*',
      schema: { hide: true },
      handler: async (request, reply) => {
        const problem = authBodyProblem(request);
        if (problem) return sendError(request, reply, 400, problem.message, problem.field);
        const url = new URL(request.url, product.config.baseUrl);
        const init: RequestInit = { method: request.method, headers: webHeaders(request) };
        if (request.method !== 'GET' && Buffer.isBuffer(request.body))
          init.body = new Uint8Array(request.body);
        const response = await product.auth.handler(new Request(url, init));
        return sendWebResponse(reply, response);
      },
    });
  });

  app.addHook('onRequest', async (request, reply) => {
    if (noSession.some((p) => request.url.startsWith(p))) return;
    const bearer = bearerToken(request);
    if (bearer !== undefined && request.url.startsWith('/api/v1/')) {
      // An unknown or revoked token acts as nobody: the route answers 401.
      request.actor = bearer ? await actorFromApiToken(bearer, product) : undefined;
      return;
    }
    if (!request.headers.cookie) return;
    const result = await product.auth.api.getSession({ headers: webHeaders(request), returnHeaders: true });
    passCookies(reply, result.headers); // a session nearing expiry is extended
    const session = result.response;
    if (!session) return;
    request.sessionId = session.session.id;
    request.user = { id: session.user.id, name: session.user.name, email: session.user.email };
    request.actor = await loadActor(session.user.id, product);
  });
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1]! : '';
}
