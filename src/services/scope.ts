// The one place that finds an application and checks the actor may act on it:
// every service that takes an application id goes through here.
import {
  type ApplicationRow,
  associationsAppliedTo,
  findApplication,
} from '../db/repositories/applications.ts';
import { type Action, type Actor, authorize } from '../policies/index.ts';
import type { Services } from './context.ts';
import { notFound } from './errors.ts';

/**
 * The application, if `actor` may do `action` on it. With `inAssociation`, an
 * application of another association is "not found": addresses name the
 * association, and one association's staff never learn of another's applicants.
 */
export async function authorizeApplication(
  actor: Actor | undefined,
  applicationId: string,
  action: Action,
  services: Services,
  inAssociation?: string,
): Promise<{ actor: Actor; application: ApplicationRow }> {
  const db = services.db.kysely;
  const application = await findApplication(db, applicationId);
  if (!application || (inAssociation !== undefined && application.associationId !== inAssociation)) {
    throw notFound('The application');
  }
  authorize(actor, action, {
    associationId: application.associationId,
    ownerId: application.userId,
    ownerAssociationIds: await associationsAppliedTo(db, application.userId),
  });
  return { actor, application };
}
