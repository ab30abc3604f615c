// What the association's coordinators read of its endorsements: the list
// (search by name, e-mail or number; by status; in pages) and one
// endorsement with its credential, its history and the steps its status allows.
import { findAssociation } from '../db/repositories/associations.ts';
import {
  endorsementEvents,
  findEndorsement,
  type ListedEndorsement,
  searchEndorsements,
  transferredTo,
} from '../db/repositories/endorsements.ts';
import { findPersonById } from '../db/repositories/people.ts';
import { listedInRegistry } from '../domain/endorsement.ts';
import { type Actor, authorize, can } from '../policies/index.ts';
import type { Services } from './context.ts';
import { credentialAddresses, currentCredential } from './credentials.ts';
import { credentialName } from './endorsement-status.ts';
import { authorizeEndorsement, endorsementResource } from './scope.ts';

export const endorsementsPerPage = 25;

export async function listEndorsements(
  actor: Actor | undefined,
  associationId: string,
  query: { q?: string | undefined; status?: string | undefined; page: number },
  services: Services,
): Promise<{ endorsements: ListedEndorsement[]; total: number; page: number; pages: number }> {
  authorize(actor, 'endorsement.list', { associationId });
  const { rows, total } = await searchEndorsements(services.db.kysely, {
    associationId,
    ...(query.q ? { search: query.q } : {}),
    ...(query.status ? { status: query.status } : {}),
    limit: endorsementsPerPage,
    offset: (query.page - 1) * endorsementsPerPage,
  });
  return {
    endorsements: rows,
    total,
    page: query.page,
    pages: Math.max(1, Math.ceil(total / endorsementsPerPage)),
  };
}

/** Another association's endorsement this one came from or went to, as the page names it. */
async function elsewhere(services: Services, id: string | null | undefined) {
  const other = id ? await findEndorsement(services.db.kysely, id) : undefined;
  if (!other) return undefined;
  const association = (await findAssociation(services.db.kysely, other.associationId))!;
  return { association: association.name, number: other.number, status: other.status };
}

export async function endorsementDetails(
  actor: Actor | undefined,
  endorsementId: string,
  associationId: string,
  services: Services,
) {
  const { actor: coordinator, endorsement } = await authorizeEndorsement(
    actor,
    endorsementId,
    'endorsement.read',
    services,
    associationId,
  );
  const db = services.db.kysely;
  const association = (await findAssociation(db, associationId))!;
  const person = (await findPersonById(db, endorsement.userId))!;
  const credential = await currentCredential(services, endorsement.id);
  const resource = endorsementResource(endorsement);
  const next = await transferredTo(db, endorsement.id);
  return {
    endorsement,
    person: { name: person.name, email: person.email },
    credentialName: credentialName(association.slug, endorsement.credential),
    inRegistry: listedInRegistry(endorsement),
    issued: credential && { id: credential.id, issuedAt: credential.issuedAt },
    verificationUrl: credentialAddresses(services).verification(endorsement.id),
    history: await endorsementEvents(db, endorsement.id),
    transferredFrom: await elsewhere(services, endorsement.transferredFrom),
    transferredTo: await elsewhere(services, next?.id),
    may: {
      suspend: can(coordinator, 'endorsement.suspend', resource),
      reinstate: can(coordinator, 'endorsement.reinstate', resource),
      revoke: can(coordinator, 'endorsement.revoke', resource),
    },
  };
}
export type EndorsementDetails = Awaited<ReturnType<typeof endorsementDetails>>;
