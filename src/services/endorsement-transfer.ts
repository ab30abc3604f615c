// Reciprocity: an endorsee moves, and the receiving association's
// coordinator accepts the endorsement another association of this
// installation granted, from the credential the endorsee sent. Endorse
// verifies it and that it is the person's; then, in one transaction, the
// first endorsement becomes "transferred" (its credential revoked, so it no
// longer verifies as valid) and the receiving association grants its own,
// keeping the renewal date, with a credential it signs.
import { credentialOf } from '../catalogs/index.ts';
import { findAssociation } from '../db/repositories/associations.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import { findIssuedCredential } from '../db/repositories/credentials.ts';
import {
  type EndorsementRow,
  endorsementsOfPerson,
  findEndorsement,
  insertEndorsement,
} from '../db/repositories/endorsements.ts';
import { findPersonByEmail } from '../db/repositories/people.ts';
import { timestamp } from '../db/portable.ts';
import { identityMatches } from '../credentials/badge.ts';
import { endorsementMove } from '../domain/endorsement.ts';
import type { Actor } from '../policies/index.ts';
import type { Services } from './context.ts';
import { issueCredential, type VerificationVerdict, verifyCredential } from './credentials.ts';
import { credentialName, mailEndorsee, recordStatusChange } from './endorsement-status.ts';
import { DomainError } from './errors.ts';
import { authorizeFound } from './scope.ts';

/** Why a credential that does not verify as valid cannot be accepted, in plain words. */
const notValid: Record<Exclude<VerificationVerdict, 'valid'>, string> = {
  revoked: 'the credential is not valid: the association that issued it has revoked it',
  suspended: 'the credential is not valid now: the association that issued it has suspended it',
  expired: 'the credential is not valid: it has expired (its renewal date has passed)',
  'not-yet-valid': 'the credential is not valid yet: its start date is still to come',
  'unknown-issuer':
    'the credential was not issued by an association of this installation: Endorse can accept only those it can verify',
  invalid: 'the credential is not valid: its signature does not hold, or it is not an endorsement credential',
};

const refuse = (message: string, field: string) => new DomainError('TRANSFER_REFUSED', message, field);

export interface TransferInput {
  /** The receiving association. */
  associationId: string;
  /** The credential as the endorsee sent it (parsed JSON). */
  credential: unknown;
  /** The endorsee's e-mail, checked against the credential's hashed identifier. */
  email: string;
}

export async function acceptTransfer(
  actor: Actor | undefined,
  input: TransferInput,
  services: Services,
  now: Date = new Date(),
): Promise<EndorsementRow> {
  const db = services.db.kysely;
  const receiving = await findAssociation(db, input.associationId);
  authorizeFound(
    actor,
    'endorsement.acceptTransfer',
    receiving && { associationId: receiving.id },
    'The association',
  );
  const verified = await verifyCredential(services, input.credential, now);
  if (verified.verdict !== 'valid')
    throw refuse(
      `${notValid[verified.verdict]}${verified.detail ? ` (${verified.detail})` : ''}`,
      'credential',
    );
  if (verified.association!.id === receiving!.id)
    throw refuse(
      `${receiving!.name} issued this credential itself: there is nothing to transfer`,
      'credential',
    );
  const credentialId = String((input.credential as { id?: unknown }).id ?? '').replace(/^urn:uuid:/, '');
  const issued = await findIssuedCredential(db, credentialId);
  const original = issued && (await findEndorsement(db, issued.endorsementId));
  if (!original || original.associationId !== verified.association!.id)
    throw refuse('the endorsement this credential was issued for is not on record here', 'credential');
  if (!endorsementMove('transfer', original.status))
    throw refuse(
      `the endorsement this credential was issued for is ${original.status}: only an active one can be transferred`,
      'credential',
    );
  const subject = (input.credential as { credentialSubject?: { identifier?: unknown } }).credentialSubject;
  const identities = ([] as unknown[]).concat(subject?.identifier ?? []) as {
    identityHash?: unknown;
    salt?: unknown;
  }[];
  if (!identities.some((i) => identityMatches(i, input.email)))
    throw refuse(
      'this e-mail address is not the one the credential was issued to: ask the endorsee for the address their credential was issued to',
      'email',
    );
  const person = await findPersonByEmail(db, input.email);
  if (!person)
    throw refuse(
      'nobody has an account here with this e-mail address: ask the endorsee to sign up first, then try again',
      'email',
    );
  if (person.id !== original.userId)
    throw refuse('the account with this e-mail address is not the endorsee’s', 'email');
  const definition = credentialOf(receiving!.slug, original.credential);
  if (!definition)
    throw refuse(`${receiving!.name} does not offer the ${original.credential} credential`, 'credential');
  if (
    (await endorsementsOfPerson(db, person.id)).some(
      (e) =>
        e.associationId === receiving!.id && e.credential === original.credential && e.status === 'active',
    )
  )
    throw refuse(
      `${person.name} holds an active ${original.credential} endorsement of ${receiving!.name} already`,
      'email',
    );

  const origin = verified.association!;
  const coordinatorId = actor!.userId;
  const at = timestamp(now);
  return db.transaction().execute(async (tx) => {
    const created = await insertEndorsement(tx, {
      associationId: receiving!.id,
      userId: person.id,
      applicationId: null,
      credential: original.credential,
      category: definition.category ?? null,
      grantedOn: at.slice(0, 10),
      renewalDueOn: original.renewalDueOn,
      transferredFrom: original.id,
      event: {
        kind: 'transferred-in',
        reason: `Transferred from ${origin.name}, number ${original.number}`,
        actorId: coordinatorId,
      },
      at,
    });
    // The first endorsement's credential is revoked: it must not verify as valid beside the new one.
    await recordStatusChange(tx, services, {
      endorsement: original,
      to: 'transferred',
      event: 'transferred',
      reason: `Transferred to ${receiving!.name}, number ${created.number}`,
      actorId: coordinatorId,
      bit: { purpose: 'revocation', set: true },
      audit: { action: 'endorsement.transfer', after: { to: created.id, association: receiving!.id } },
      now,
    });
    const credential = await issueCredential(tx, services, created, now);
    await appendAudit(tx, {
      actorId: coordinatorId,
      associationId: receiving!.id,
      subjectType: 'endorsement',
      subjectId: created.id,
      action: 'endorsement.accept-transfer',
      after: {
        number: created.number,
        credential: created.credential,
        transferredFrom: original.id,
        fromAssociation: origin.id,
        issuedCredential: credential.id,
      },
    });
    const name = credentialName(receiving!.slug, created.credential);
    await mailEndorsee(tx, services, created, {
      subject: `Your ${name} endorsement is now with ${receiving!.name}`,
      lines: [
        `${receiving!.name} has accepted your ${name} endorsement from ${origin.name}. It is now endorsement number ${created.number} of ${receiving!.name}, due for renewal on ${created.renewalDueOn} as before.`,
        '',
        `Your new credential, issued by ${receiving!.name}, is on your account page. The credential ${origin.name} issued no longer verifies as valid: send the new one to whoever asks.`,
      ],
    });
    return created;
  });
}
