// Whether the installation can serve: asked by load balancers (`/readyz`).
import { ping } from '../db/database.ts';
import type { Services } from './context.ts';

/** Resolves when the database answers; rejects with its error otherwise. */
export async function checkDatabase(services: Pick<Services, 'db'>): Promise<void> {
  await ping(services.db);
}
