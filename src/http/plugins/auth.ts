// better-auth behind Fastify: the two of its endpoints that links in e-mails
// land on, and, on every other request, who is acting: the session cookie →
// the person and their roles, or under /api/v1 an `Authorization: Bearer
// endorse_…` API token.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SignInRequiredError } from '../../policies/index.ts';
import { actorFromApiToken, loadSignedIn } from '../../services/actors.ts';
import { holdsEndorsement } from '../../services/renewal-pages.ts';
import { passCookies, sendWebResponse, webHeaders } from '../context.ts';
import { SessionCache } from './session-cache.ts';

const noSession = ['/assets/', '/api/docs', '/api/auth/', '/healthz', '/readyz'];

/**
 * The only better-auth endpoints reachable over HTTP (under /api/auth). Endorse's
 * pages call better-auth on the server (`auth.api.*`), so every other path of
 * it answers Endorse's 404: people, roles and associations change only through
 * Endorse's services, its policy and its audit log.
 */
export const reachableAuthEndpoints = [
  // The sign-in and "confirm your address" links.
  { method: 'GET', path: '/magic-link/verify' },
  // The reset-password link, which goes on to Endorse's /reset-password page.
  { method: 'GET', path: '/reset-password/:token' },
] as const;

export async function authPlugin(app: FastifyInstance): Promise<void> {
  const { product } = app;

  app.decorateRequest('actor', undefined);
  app.decorateRequest('user', undefined);
  app.decorateRequest('sessionId', undefined);
  app.decorateRequest('associations', undefined);
  app.decorateRequest('holdsEndorsement', false);

  const sessions = new SessionCache();
  product.db.onAccountWrite(() => sessions.clear());

  for (const endpoint of reachableAuthEndpoints) {
    // better-auth sees exactly this path (a token is one plain segment), or nothing.
    const exact = new RegExp(`^/api/auth${endpoint.path.replace(/:\w+/g, '[\\w-]+')}$`);
    app.route({
      method: endpoint.method,
      url: `/api/auth${endpoint.path}`,
      exposeHeadRoute: false,
      schema: { hide: true },
      handler: async (request, reply) => {
        const url = new URL(request.url, product.config.baseUrl);
        if (!exact.test(url.pathname)) return reply.callNotFound();
        const response = await product.auth.handler(
          new Request(url, { method: request.method, headers: webHeaders(request) }),
        );
        return sendWebResponse(reply, response);
      },
    });
  }

  app.addHook('onRequest', async (request, reply) => {
    if (noSession.some((p) => request.url.startsWith(p))) return;
    const bearer = bearerToken(request);
    if (bearer !== undefined && request.url.startsWith('/api/v1/')) {
      // An unknown or revoked token acts as nobody: the route answers 401.
      request.actor = bearer ? await actorFromApiToken(bearer, product) : undefined;
      return;
    }
    const cookie = request.headers.cookie;
    if (!cookie) return;
    const signedIn =
      sessions.get(cookie) ??
      (await sessions.read(cookie, async () => {
        const result = await product.auth.api.getSession({
          headers: webHeaders(request),
          returnHeaders: true,
        });
        passCookies(reply, result.headers); // a session nearing expiry is extended
        const session = result.response;
        if (!session) return undefined;
        const person = await loadSignedIn(session.user.id, product);
        if (!person) return undefined;
        const user = { id: session.user.id, name: session.user.name, email: session.user.email };
        const holds = await holdsEndorsement(person.actor, product);
        return {
          signedIn: { sessionId: session.session.id, user, ...person, holdsEndorsement: holds },
          expiresAt: new Date(session.session.expiresAt),
        };
      }));
    if (!signedIn) return;
    request.sessionId = signedIn.sessionId;
    request.user = signedIn.user;
    request.actor = signedIn.actor;
    request.associations = signedIn.associations;
    request.holdsEndorsement = signedIn.holdsEndorsement;
  });

  // A route for signed-in people asks for sign-in before it looks anything up,
  // so that someone signed out learns nothing about what exists either.
  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.route?.access;
    if (!request.actor && access && access !== 'public' && access !== 'setup-token') {
      throw new SignInRequiredError();
    }
  });
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1]! : '';
}
