// The coordinator suspends (reversible), reinstates or revokes (final) an
// endorsement of their association: its status moves only if no one moved it
// meanwhile, the credential's status bit flips in the same transaction (so
// verifiers see it at once), and the history, the audit log and the endorsee
// are told why.
import type { Kysely } from 'kysely';
import { credentialOf } from '../catalogs/index.ts';
import { findAssociation } from '../db/repositories/associations.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import {
  changeEndorsementStatus,
  type EndorsementRow,
  insertEndorsementEvent,
} from '../db/repositories/endorsements.ts';
import { findPersonById } from '../db/repositories/people.ts';
import { timestamp } from '../db/portable.ts';
import type { Database } from '../db/schema.ts';
import type { AuditAction } from '../domain/audit-actions.ts';
import { endorsementMove, endorsementStatusLabels, type EndorsementStatus } from '../domain/endorsement.ts';
import { enqueueMail } from '../mail/mailer.ts';
import { type Action, type Actor, can } from '../policies/index.ts';
import type { Services } from './context.ts';
import {
  credentialAddresses,
  type ListsToSign,
  setCredentialStatus,
  type StatusPurpose,
} from './credentials.ts';
import { AppError, DomainError } from './errors.ts';
import { authorizeEndorsement, endorsementResource } from './scope.ts';

type Tx = Kysely<Database>;

/** The credential's name in its association's catalog (its code when the catalog has none). */
export function credentialName(slug: string, credential: string): string {
  return credentialOf(slug, credential)?.name ?? credential;
}

type StatusStep = 'suspend' | 'reinstate' | 'revoke';

const steps: Record<
  StatusStep,
  {
    action: Action & AuditAction;
    event: string;
    bit: { purpose: StatusPurpose; set: boolean };
    reasonRequired: boolean;
    /** Why the step cannot be taken from the endorsement's status. */
    forbidden: (status: string) => string;
    /** What the endorsee is told: what happened, and what they can do. */
    mail: (x: { credential: string; association: string; number: number }) => { what: string; next: string };
  }
> = {
  suspend: {
    action: 'endorsement.suspend',
    event: 'suspended',
    bit: { purpose: 'suspension', set: true },
    reasonRequired: true,
    forbidden: (status) => `only an active endorsement can be suspended; this one is ${label(status)}`,
    mail: (x) => ({
      what: `${x.association} has suspended your ${x.credential} endorsement (number ${x.number}).`,
      next: 'While it is suspended, your credential does not verify as valid and the public registry does not list you. A suspension can be lifted: write to the association to learn what it needs from you.',
    }),
  },
  reinstate: {
    action: 'endorsement.reinstate',
    event: 'reinstated',
    bit: { purpose: 'suspension', set: false },
    reasonRequired: false,
    forbidden: (status) =>
      status === 'revoked'
        ? 'a revoked endorsement cannot be reinstated: a revocation is final'
        : `only a suspended endorsement can be reinstated; this one is ${label(status)}`,
    mail: (x) => ({
      what: `${x.association} has lifted the suspension of your ${x.credential} endorsement (number ${x.number}): it is active again.`,
      next: 'Your credential verifies as valid again, and the public registry lists you again unless you chose not to be listed.',
    }),
  },
  revoke: {
    action: 'endorsement.revoke',
    event: 'revoked',
    bit: { purpose: 'revocation', set: true },
    reasonRequired: true,
    forbidden: (status) =>
      status === 'revoked'
        ? 'this endorsement is revoked already'
        : `only an active or suspended endorsement can be revoked; this one is ${label(status)}`,
    mail: (x) => ({
      what: `${x.association} has revoked your ${x.credential} endorsement (number ${x.number}). A revocation is final.`,
      next: 'Your credential no longer verifies as valid, and the public registry does not list you. If you think this is a mistake, write to the association.',
    }),
  },
};

const label = (status: string) =>
  (endorsementStatusLabels[status as EndorsementStatus] ?? status).toLowerCase();

/** What every change of an endorsement's status does, inside the caller's transaction. */
export async function recordStatusChange(
  tx: Tx,
  services: Services,
  c: {
    endorsement: EndorsementRow;
    to: EndorsementStatus;
    event: string;
    reason: string | null;
    /** null when time passing made the change (the daily renewal sweep). */
    actorId: string | null;
    bit: { purpose: StatusPurpose; set: boolean };
    audit: { action: AuditAction; after?: Record<string, unknown> };
    now: Date;
    /** Lists to sign once later in the transaction (else the list is signed now). */
    toSign?: ListsToSign;
  },
): Promise<void> {
  const at = timestamp(c.now);
  const { endorsement } = c;
  if (!(await changeEndorsementStatus(tx, endorsement.id, endorsement.status, c.to, at)))
    throw new DomainError(
      'ENDORSEMENT_STATUS_CHANGED',
      'someone else changed this endorsement meanwhile: look at it again before you act',
      'form',
    );
  await insertEndorsementEvent(tx, {
    endorsementId: endorsement.id,
    kind: c.event,
    reason: c.reason,
    actorId: c.actorId,
    at,
  });
  await setCredentialStatus(tx, services, endorsement, c.bit.purpose, c.bit.set, c.now, c.toSign);
  await appendAudit(tx, {
    actorId: c.actorId,
    associationId: endorsement.associationId,
    subjectType: 'endorsement',
    subjectId: endorsement.id,
    action: c.audit.action,
    before: { status: endorsement.status },
    after: { status: c.to, ...(c.reason ? { reason: c.reason } : {}), ...c.audit.after },
  });
}

/** A mail to the endorsee from the association (counted against nobody: the association acts). */
export async function mailEndorsee(
  tx: Tx,
  services: Services,
  endorsement: EndorsementRow,
  m: { subject: string; lines: string[] },
): Promise<void> {
  const person = (await findPersonById(tx, endorsement.userId))!;
  await enqueueMail(
    tx,
    {
      to: person.email,
      subject: m.subject,
      text: [
        `Dear ${person.name},`,
        '',
        ...m.lines,
        '',
        `Your account: ${services.config.baseUrl}/account`,
      ].join('\n'),
    },
    { account: null, dailyLimit: services.config.mailDailyLimit },
  );
}

async function takeStatusStep(
  step: StatusStep,
  actor: Actor | undefined,
  endorsementId: string,
  associationId: string,
  reason: string | undefined,
  services: Services,
  now: Date,
): Promise<EndorsementRow> {
  const s = steps[step];
  // Coordinators who may see the endorsement are told when its status forbids the step.
  const { actor: coordinator, endorsement } = await authorizeEndorsement(
    actor,
    endorsementId,
    'endorsement.read',
    services,
    associationId,
  );
  const to = endorsementMove(step, endorsement.status);
  if (!to || !can(coordinator, s.action, endorsementResource(endorsement)))
    throw new DomainError('ENDORSEMENT_STATE_FORBIDS', s.forbidden(endorsement.status), 'form');
  const why = reason?.trim() || null;
  if (s.reasonRequired && !why)
    throw new AppError('invalid', 'Enter the reason: the endorsee is told it', 'reason');
  const association = (await findAssociation(services.db.kysely, associationId))!;
  return services.db.kysely.transaction().execute(async (tx) => {
    await recordStatusChange(tx, services, {
      endorsement,
      to,
      event: s.event,
      reason: why,
      actorId: coordinator.userId,
      bit: s.bit,
      audit: { action: s.action },
      now,
    });
    const credential = credentialName(association.slug, endorsement.credential);
    const { what, next } = s.mail({ credential, association: association.name, number: endorsement.number });
    await mailEndorsee(tx, services, endorsement, {
      subject: `Your ${credential} endorsement: ${label(to)}`,
      lines: [
        what,
        ...(why ? ['', `The reason given: ${why}`] : []),
        '',
        next,
        '',
        `What a verifier sees: ${credentialAddresses(services).verification(endorsement.id)}`,
      ],
    });
    return { ...endorsement, status: to, updatedAt: timestamp(now) };
  });
}

export const suspendEndorsement = (
  actor: Actor | undefined,
  endorsementId: string,
  associationId: string,
  reason: string,
  services: Services,
  now: Date = new Date(),
) => takeStatusStep('suspend', actor, endorsementId, associationId, reason, services, now);

export const reinstateEndorsement = (
  actor: Actor | undefined,
  endorsementId: string,
  associationId: string,
  reason: string | undefined,
  services: Services,
  now: Date = new Date(),
) => takeStatusStep('reinstate', actor, endorsementId, associationId, reason, services, now);

export const revokeEndorsement = (
  actor: Actor | undefined,
  endorsementId: string,
  associationId: string,
  reason: string,
  services: Services,
  now: Date = new Date(),
) => takeStatusStep('revoke', actor, endorsementId, associationId, reason, services, now);
