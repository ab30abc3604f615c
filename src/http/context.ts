// What the HTTP layer adds to each request, and the small bridges between
// Fastify and better-auth's Web Request/Response.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Product } from '../app.ts';
import { CLIENT_ADDRESS_HEADER } from '../auth.ts';
import type { Actor } from '../policies/index.ts';
import type { RouteInfo } from './route-table.ts';

export interface SessionUser {
  id: string;
  name: string;
  email: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is acting: from the session cookie, or (under /api/v1) from an API token. */
    actor: Actor | undefined;
    /** The signed-in person (session only; not set for API tokens). */
    user: SessionUser | undefined;
    /** better-auth's session id; binds CSRF tokens to the session. */
    sessionId: string | undefined;
    /** The signed-in person's associations, as the navigation names them (session only). */
    associations: ReadonlyArray<{ id: string; slug: string; name: string }> | undefined;
    /** Whether the signed-in person holds an endorsement (session only). */
    holdsEndorsement: boolean;
  }
  interface FastifyInstance {
    product: Product;
    /** The clock for services where time matters (deadlines). */
    now: () => Date;
  }
  interface FastifyContextConfig {
    route?: RouteInfo;
  }
}

/**
 * The request's headers as a Web Headers object (for better-auth), with the
 * client's address as Endorse determined it (request.ip, which honours
 * TRUST_PROXY) in CLIENT_ADDRESS_HEADER, whatever the client sent in it.
 */
export function webHeaders(request: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === CLIENT_ADDRESS_HEADER) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, String(value));
  }
  if (request.ip) headers.set(CLIENT_ADDRESS_HEADER, request.ip);
  return headers;
}

/** Copies better-auth's Set-Cookie headers (there may be several) onto the reply. */
export function passCookies(reply: FastifyReply, headers: Headers | undefined): void {
  if (!headers) return;
  const cookies = headers.getSetCookie();
  if (cookies.length) reply.header('set-cookie', cookies);
}

/** Sends a Web Response (status, headers including every Set-Cookie, body) through Fastify. */
export async function sendWebResponse(reply: FastifyReply, response: Response): Promise<FastifyReply> {
  reply.status(response.status);
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && name !== 'content-length') reply.header(name, value);
  });
  passCookies(reply, response.headers);
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  return reply.send(body);
}

export const isApiUrl = (url: string): boolean => url.startsWith('/api/');
