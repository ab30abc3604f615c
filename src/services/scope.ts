// The one place that finds an application and checks the actor may act on it:
// every service that takes an application id goes through here. Whatever an
// actor may not see is "not found", exactly like what does not exist, so no
// answer tells another applicant or another association's staff that it exists.
import {
  type ApplicationRow,
  associationsAppliedTo,
  findApplication,
} from '../db/repositories/applications.ts';
import { type AssignmentRow, assignedToPerson, assignmentsOf } from '../db/repositories/assignments.ts';
import type { AssociationRow } from '../db/repositories/associations.ts';
import { type EndorsementRow, findEndorsement } from '../db/repositories/endorsements.ts';
import { type Action, type Actor, can, type Resource, SignInRequiredError } from '../policies/index.ts';
import type { Services } from './context.ts';
import { notFound } from './errors.ts';

/**
 * `authorize` for something found by its id (`resource` undefined when there
 * is none): someone not signed in is asked to sign in whether it exists or
 * not; someone signed in who may not do `action` on it is told it was not
 * found, as if there were none.
 */
export function authorizeFound(
  actor: Actor | undefined,
  action: Action,
  resource: Resource | undefined,
  what: string,
): asserts actor is Actor {
  if (!actor) throw new SignInRequiredError();
  if (!resource || !can(actor, action, resource)) throw notFound(what);
}

/** An application found and authorized, with what the policies saw of it. */
export interface FoundApplication {
  actor: Actor;
  application: ApplicationRow;
  resource: Resource;
  /** Its assignments, ended ones too, oldest first: the resource names who is assigned now. */
  assignments: AssignmentRow[];
}

/** What each part of the staff's application page is given: the application as found, and its association. */
export type StaffPartOf = Pick<FoundApplication, 'application' | 'resource' | 'assignments'> & {
  association: AssociationRow;
};

/**
 * The application, if `actor` may do `action` on it, with what the policies
 * saw of it (for the checks that follow, and for a page to show who is
 * assigned without reading it again). With `inAssociation`, an application of
 * another association is "not found": addresses name the association, and one
 * association's staff never learn of another's applicants.
 */
export async function authorizeApplication(
  actor: Actor | undefined,
  applicationId: string,
  action: Action,
  services: Services,
  inAssociation?: string,
): Promise<FoundApplication> {
  const db = services.db.kysely;
  const found = await findApplication(db, applicationId);
  const application =
    found && (inAssociation === undefined || found.associationId === inAssociation) ? found : undefined;
  const seen = application && (await seenByPolicies(services, application));
  authorizeFound(actor, action, seen?.resource, 'The application');
  return { actor, application: application!, ...seen! };
}

/** What the policies see of an application: its association, owner, state and who is assigned. */
export async function applicationResource(
  services: Services,
  application: ApplicationRow,
): Promise<Resource> {
  return (await seenByPolicies(services, application)).resource;
}

async function seenByPolicies(services: Services, application: ApplicationRow) {
  const db = services.db.kysely;
  const assignments = await assignmentsOf(db, application.id);
  const active = assignments.filter((a) => a.status === 'active');
  const resource: Resource = {
    associationId: application.associationId,
    ownerId: application.userId,
    ownerAssociationIds: await associationsAppliedTo(db, application.userId),
    applicationState: application.status,
    advisorIds: active.filter((a) => a.role === 'advisor').map((a) => a.userId),
    reviewerIds: active.filter((a) => a.role === 'reviewer').map((a) => a.userId),
  };
  return { resource, assignments };
}

/**
 * What the policies see of a person's portfolio as a whole (their files):
 * the owner, the associations they applied to, and who is assigned to any of
 * their applications.
 */
export async function portfolioResource(services: Pick<Services, 'db'>, ownerId: string): Promise<Resource> {
  const db = services.db.kysely;
  const assigned = await assignedToPerson(db, ownerId);
  return {
    ownerId,
    ownerAssociationIds: await associationsAppliedTo(db, ownerId),
    advisorIds: assigned.filter((a) => a.role === 'advisor').map((a) => a.userId),
    reviewerIds: assigned.filter((a) => a.role === 'reviewer').map((a) => a.userId),
  };
}

/** What the policies see of an endorsement: its association, the endorsee, its status. */
export const endorsementResource = (e: EndorsementRow): Resource => ({
  associationId: e.associationId,
  ownerId: e.userId,
  endorsementStatus: e.status,
});

/**
 * The endorsement, if `actor` may do `action` on it; otherwise "not found",
 * as for one that does not exist. Where the address names an association,
 * an endorsement of another association is not found either.
 */
export async function authorizeEndorsement(
  actor: Actor | undefined,
  endorsementId: string,
  action: Action,
  services: Pick<Services, 'db'>,
  associationId?: string,
): Promise<{ actor: Actor; endorsement: EndorsementRow }> {
  const found = await findEndorsement(services.db.kysely, endorsementId);
  const endorsement = !associationId || found?.associationId === associationId ? found : undefined;
  authorizeFound(actor, action, endorsement && endorsementResource(endorsement), 'The endorsement');
  return { actor, endorsement: endorsement! };
}
