// Shared by the route modules.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SignInRequiredError } from '../../policies/index.ts';
import type { Actor } from '../../policies/index.ts';
import type { SessionUser } from '../context.ts';

/** The signed-in person (by session); otherwise the error handler sends them to sign in. */
export function requireUser(request: FastifyRequest): { actor: Actor; user: SessionUser } {
  if (!request.actor || !request.user) throw new SignInRequiredError();
  return { actor: request.actor, user: request.user };
}

/** Post/redirect/get: after a form succeeds, the browser loads the page again with GET. */
export function seeOther(reply: FastifyReply, url: string): FastifyReply {
  return reply.redirect(url, 303);
}
