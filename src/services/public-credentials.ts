// What anyone may read without signing in: an association's DID document and
// an endorsement's current credential (both are public by design: the
// credential is what the endorsee hands an employer).
import { findAssociation } from '../db/repositories/associations.ts';
import { findEndorsement } from '../db/repositories/endorsements.ts';
import { associationDidDocument } from './association-keys.ts';
import type { Services } from './context.ts';
import { currentCredential } from './credentials.ts';

export async function associationDidDocumentOf(services: Services, slug: string) {
  const association = await findAssociation(services.db.kysely, slug);
  return association && associationDidDocument(services.db.kysely, services, association);
}

/** The endorsement's current credential and its number, or undefined (an unknown id). */
export async function findEndorsementCredential(services: Services, endorsementId: string) {
  const endorsement = await findEndorsement(services.db.kysely, endorsementId);
  const credential = endorsement && (await currentCredential(services, endorsement.id));
  return credential && { number: endorsement.number, document: credential.document };
}
