// API tokens for association admins. Only a hash of each token is stored.
import type { Kysely } from 'kysely';
import { newId, timestamp } from '../portable.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export async function insertApiToken(
  db: Q,
  values: { associationId: string; userId: string; name: string; tokenHash: string },
) {
  const row = {
    id: newId(),
    association_id: values.associationId,
    user_id: values.userId,
    name: values.name,
    token_hash: values.tokenHash,
    created_at: timestamp(),
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto('api_token').values(row).execute();
  return row;
}

export async function apiTokensOfAssociation(db: Q, associationId: string) {
  return db
    .selectFrom('api_token')
    .innerJoin('user', 'user.id', 'api_token.user_id')
    .select([
      'api_token.id',
      'api_token.name',
      'api_token.created_at',
      'api_token.last_used_at',
      'api_token.revoked_at',
      'user.name as owner',
    ])
    .where('api_token.association_id', '=', associationId)
    .orderBy('api_token.created_at', 'desc')
    .execute();
}

export async function findActiveApiToken(db: Q, tokenHash: string) {
  return db
    .selectFrom('api_token')
    .select(['id', 'association_id', 'user_id'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function findApiToken(db: Q, id: string) {
  return db
    .selectFrom('api_token')
    .select(['id', 'association_id', 'name', 'revoked_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function revokeApiToken(db: Q, id: string): Promise<void> {
  await db.updateTable('api_token').set({ revoked_at: timestamp() }).where('id', '=', id).execute();
}

export async function touchApiToken(db: Q, id: string): Promise<void> {
  await db.updateTable('api_token').set({ last_used_at: timestamp() }).where('id', '=', id).execute();
}
