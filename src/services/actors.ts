// Who is acting: a signed-in person with their roles, or an API token.
import { createHash, randomBytes } from 'node:crypto';
import { findActiveApiToken, touchApiToken } from '../db/repositories/api-tokens.ts';
import { findPersonById, membershipsOf } from '../db/repositories/people.ts';
import { type Actor, parseRoles, type Role } from '../policies/index.ts';
import type { Services } from './context.ts';

export async function loadActor(userId: string, services: Services): Promise<Actor | undefined> {
  return (await loadSignedIn(userId, services))?.actor;
}

/** The actor, and the associations they belong to as the navigation names them, read together. */
export async function loadSignedIn(userId: string, services: Services) {
  const person = await findPersonById(services.db.kysely, userId);
  if (!person) return undefined;
  const memberships = await membershipsOf(services.db.kysely, userId);
  const roles = new Map<string, ReadonlySet<Role>>(
    memberships.map((m) => [m.associationId, new Set(parseRoles(m.role))]),
  );
  const actor: Actor = { userId, isSiteAdmin: person.isSiteAdmin, roles };
  return {
    actor,
    associations: memberships.map((m) => ({ id: m.associationId, slug: m.slug, name: m.name })),
  };
}

/** Tokens are shown once and stored as SHA-256 hashes: a leaked database does not leak tokens. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
export const newToken = (prefix: string): string => `${prefix}_${randomBytes(24).toString('base64url')}`;

/** The actor behind an `Authorization: Bearer` API token: its maker, limited to its association. */
export async function actorFromApiToken(token: string, services: Services): Promise<Actor | undefined> {
  const row = await findActiveApiToken(services.db.kysely, hashToken(token));
  if (!row) return undefined;
  const actor = await loadActor(row.user_id, services);
  if (!actor) return undefined;
  await touchApiToken(services.db.kysely, row.id);
  return { ...actor, isSiteAdmin: false, tokenAssociationId: row.association_id };
}

/** Who the actor is and their roles by association, as pages and /api/v1/me show it. */
export async function describeActor(actor: Actor, services: Services) {
  const person = await findPersonById(services.db.kysely, actor.userId);
  if (!person) return undefined;
  const memberships = (await membershipsOf(services.db.kysely, actor.userId)).filter(
    (m) => !actor.tokenAssociationId || m.associationId === actor.tokenAssociationId,
  );
  return {
    ...person,
    isSiteAdmin: actor.isSiteAdmin,
    associations: memberships.map((m) => ({
      id: m.associationId,
      slug: m.slug,
      name: m.name,
      roles: parseRoles(m.role),
    })),
  };
}
