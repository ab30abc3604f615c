// An association's signing identity: its did:web on this installation, the
// Ed25519 key it signs with now (made the first time it is needed, or when
// the association is created), rotation, and its DID document listing every
// key it has had.
import type { Kysely } from 'kysely';
import { didDocument, newSigningKey, type SigningKey } from '../credentials/signing.ts';
import { insertKey, keysOf, retireKeys } from '../db/repositories/association-keys.ts';
import { timestamp } from '../db/portable.ts';
import type { Database } from '../db/schema.ts';
import { associationDid } from '../domain/endorsement.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import { findAssociation } from '../db/repositories/associations.ts';
import type { Services } from './context.ts';
import { notFound } from './errors.ts';
import { seal, unseal } from './sealing.ts';

type Tx = Kysely<Database>;
const purpose = 'association-key';

/** The DID of the association on this installation. */
export const didOf = (services: Pick<Services, 'config'>, slug: string) =>
  associationDid(services.config.baseUrl, slug);

async function addKey(tx: Tx, services: Services, association: { id: string; slug: string }, at: string) {
  const key = await newSigningKey(didOf(services, association.slug));
  await insertKey(tx, {
    associationId: association.id,
    publicKeyMultibase: key.publicKeyMultibase,
    sealedSecret: seal(purpose, services.config.secret, key.secretKeyMultibase),
    at,
  });
  return key;
}

/** The key the association signs with now, made if it has none. */
export async function currentSigningKey(
  tx: Tx,
  services: Services,
  association: { id: string; slug: string },
  now: Date = new Date(),
): Promise<SigningKey> {
  const did = didOf(services, association.slug);
  const current = (await keysOf(tx, association.id)).filter((k) => !k.retiredAt).at(-1);
  if (!current) return addKey(tx, services, association, timestamp(now));
  const secret = unseal(purpose, services.config.secret, current.sealedSecret);
  if (secret === undefined)
    throw new Error(`the signing key of ${association.slug} cannot be opened: ENDORSE_SECRET has changed`);
  return {
    id: `${did}#${current.publicKeyMultibase}`,
    controller: did,
    publicKeyMultibase: current.publicKeyMultibase,
    secretKeyMultibase: secret,
  };
}

/** Rotates the association's key: the current one is retired (it stays in the DID document). */
export async function rotateSigningKey(
  tx: Tx,
  services: Services,
  association: { id: string; slug: string },
  now: Date = new Date(),
): Promise<SigningKey> {
  await retireKeys(tx, association.id, timestamp(now));
  return addKey(tx, services, association, timestamp(now));
}

/** The association's DID document: every key it has had. */
export async function associationDidDocument(
  db: Tx,
  services: Pick<Services, 'config'>,
  association: { id: string; slug: string },
) {
  const did = didOf(services, association.slug);
  const keys = await keysOf(db, association.id);
  return didDocument(
    did,
    keys.map((k) => ({ id: `${did}#${k.publicKeyMultibase}`, publicKeyMultibase: k.publicKeyMultibase })),
  );
}

/**
 * An operator rotates an association's key (`endorse keys rotate`), say
 * after a suspected leak: new credentials and status lists are signed with
 * the new key; the old one stays in the DID document, so what it signed
 * still verifies. Audited.
 */
export async function rotateAssociationKey(services: Services, slug: string, now: Date = new Date()) {
  const association = await findAssociation(services.db.kysely, slug);
  if (!association) throw notFound(`the association "${slug}"`);
  return services.db.kysely.transaction().execute(async (tx) => {
    const retired = (await keysOf(tx, association.id)).filter((k) => !k.retiredAt).length;
    const key = await rotateSigningKey(tx, services, association, now);
    await appendAudit(tx, {
      actorId: null,
      associationId: association.id,
      subjectType: 'association',
      subjectId: association.id,
      action: 'association-key.rotate',
      after: { key: key.id, retired },
    });
    return { association, key };
  });
}
