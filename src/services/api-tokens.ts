// API tokens that association admins make for programs using /api/v1.
import {
  apiTokensOfAssociation,
  findApiToken,
  insertApiToken,
  revokeApiToken as revokeToken,
} from '../db/repositories/api-tokens.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import { type Actor, authorize } from '../policies/index.ts';
import { hashToken, newToken } from './actors.ts';
import type { Services } from './context.ts';
import { authorizeFound } from './scope.ts';

export async function listApiTokens(actor: Actor | undefined, associationId: string, services: Services) {
  authorize(actor, 'apiToken.manage', { associationId });
  return apiTokensOfAssociation(services.db.kysely, associationId);
}

/** Makes a token; the returned secret is shown once and never stored. */
export async function createApiToken(
  actor: Actor | undefined,
  input: { associationId: string; name: string },
  services: Services,
): Promise<{ id: string; token: string }> {
  authorize(actor, 'apiToken.manage', { associationId: input.associationId });
  const token = newToken('endorse');
  return services.db.kysely.transaction().execute(async (tx) => {
    const row = await insertApiToken(tx, {
      associationId: input.associationId,
      userId: actor.userId,
      name: input.name,
      tokenHash: hashToken(token),
    });
    await appendAudit(tx, {
      actorId: actor.userId,
      associationId: input.associationId,
      subjectType: 'api-token',
      subjectId: row.id,
      action: 'api-token.create',
      after: { name: input.name },
    });
    return { id: row.id, token };
  });
}

export async function revokeApiToken(
  actor: Actor | undefined,
  tokenId: string,
  services: Services,
): Promise<void> {
  const row = await findApiToken(services.db.kysely, tokenId);
  authorizeFound(actor, 'apiToken.manage', row && { associationId: row.association_id }, 'The API token');
  const { association_id: associationId, name } = row!;
  await services.db.kysely.transaction().execute(async (tx) => {
    await revokeToken(tx, tokenId);
    await appendAudit(tx, {
      actorId: actor.userId,
      associationId,
      subjectType: 'api-token',
      subjectId: tokenId,
      action: 'api-token.revoke',
      before: { name },
    });
  });
}
