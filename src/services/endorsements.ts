// Granting the endorsement: the coordinator finalizes an approved
// application (seed 002, step 10), or one whose exam is passed. Endorse
// judges the frozen snapshot with the exam's result, and refuses with the
// requirements still unmet; otherwise the application is endorsed, the
// endorsement recorded with the association's next number (due for renewal
// on the association's renewal day, src/domain/renewal.ts), and the endorsee
// e-mailed the letter, the certificate and the credential, in one
// transaction.
import { credentialOf } from '../catalogs/index.ts';
import type { ApplicationRow } from '../db/repositories/applications.ts';
import { findAssociation } from '../db/repositories/associations.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import {
  endorsementOfApplication,
  type EndorsementRow,
  insertEndorsement,
} from '../db/repositories/endorsements.ts';
import { timestamp } from '../db/portable.ts';
import { firstDueOn } from '../domain/renewal.ts';
import { evaluate, type EvaluationResult } from '../index.ts';
import { type Actor, can } from '../policies/index.ts';
import { judgedPortfolio } from './application-portfolio.ts';
import { renewalSettingsOf } from './association-settings.ts';
import type { Services } from './context.ts';
import { credentialAddresses, issueCredential } from './credentials.ts';
import { mailEndorsement } from './endorsee.ts';
import { DomainError } from './errors.ts';
import { takeStep } from './lifecycle.ts';
import { authorizeApplication } from './scope.ts';

/** The requirements a judgement finds unmet, each in the words a person can act on. */
export const unmetOf = (result: EvaluationResult): string[] =>
  result.requirements
    .filter((r) => r.status !== 'met')
    .flatMap((r) => (r.missing.length ? r.missing : [r.summary]));

/** Finalizing (or renewing) refused for the requirements still unmet: each, for an integration to show. */
export class RequirementsUnmetError extends DomainError {
  override name = 'RequirementsUnmetError';
  constructor(
    message: string,
    readonly unmet: readonly string[],
    code: 'APPLICATION_STEP_BLOCKED' | 'RENEWAL_REQUIREMENTS_UNMET' = 'APPLICATION_STEP_BLOCKED',
  ) {
    super(code, message, 'form');
  }
}

async function unmetRequirements(application: ApplicationRow, services: Services): Promise<string[]> {
  const judged = await judgedPortfolio(application, services);
  return unmetOf(
    evaluate(judged.portfolio, {
      association: judged.association.slug,
      credential: judged.application.credential,
      on: judged.on,
    }),
  );
}

export async function finalizeApplication(
  actor: Actor | undefined,
  applicationId: string,
  associationId: string,
  services: Services,
  now: Date = new Date(),
): Promise<EndorsementRow> {
  // Staff who may see the application are told when its state forbids finalizing.
  const {
    application,
    actor: coordinator,
    resource,
  } = await authorizeApplication(actor, applicationId, 'application.history', services, associationId);
  if (!can(coordinator, 'application.finalize', resource))
    throw new DomainError(
      'APPLICATION_STATE_FORBIDS',
      'only an approved application, or one whose exam is passed, can be finalized',
      'form',
    );
  const unmet = await unmetRequirements(application, services);
  const { slug } = (await findAssociation(services.db.kysely, application.associationId))!;
  const category = credentialOf(slug, application.credential)?.category ?? null;
  const settings = await renewalSettingsOf(services, application.associationId);
  const at = timestamp(now);
  return services.db.kysely.transaction().execute(async (tx) => {
    await takeStep(tx, services, {
      application,
      step: 'finalize',
      by: 'coordinator',
      actorId: coordinator.userId,
      at,
      facts: { unmet },
    }).catch((e: unknown) => {
      throw e instanceof DomainError && e.domainCode === 'APPLICATION_STEP_BLOCKED'
        ? new RequirementsUnmetError(e.message, unmet)
        : e;
    });
    const endorsement = await insertEndorsement(tx, {
      associationId: application.associationId,
      userId: application.userId,
      applicationId: application.id,
      credential: application.credential,
      category,
      grantedOn: at.slice(0, 10),
      renewalDueOn: firstDueOn(settings, at.slice(0, 10)),
      at,
      event: { kind: 'granted', reason: null, actorId: coordinator.userId },
    });
    const issued = await issueCredential(tx, services, endorsement, now);
    await appendAudit(tx, {
      actorId: coordinator.userId,
      associationId: application.associationId,
      subjectType: 'endorsement',
      subjectId: endorsement.id,
      action: 'endorsement.grant',
      after: {
        number: endorsement.number,
        credential: endorsement.credential,
        applicationId: application.id,
        issuedCredential: issued.id,
      },
    });
    await mailEndorsement(tx, services, endorsement, issued.document);
    return endorsement;
  });
}

/**
 * The endorsement granted on an application, for its pages (whoever may read
 * the application): what, its number, when, and where anyone verifies it.
 */
export async function grantedEndorsement(applicationId: string, services: Services) {
  const endorsement = await endorsementOfApplication(services.db.kysely, applicationId);
  if (!endorsement) return undefined;
  const association = await findAssociation(services.db.kysely, endorsement.associationId);
  const credential = association ? credentialOf(association.slug, endorsement.credential) : undefined;
  return {
    id: endorsement.id,
    credential: endorsement.credential,
    credentialName: credential?.name ?? endorsement.credential,
    number: endorsement.number,
    grantedOn: endorsement.grantedOn,
    status: endorsement.status,
    /** The public verification page's address, to give to anyone. */
    verification: credentialAddresses(services).verification(endorsement.id),
  };
}
export type GrantedEndorsement = NonNullable<Awaited<ReturnType<typeof grantedEndorsement>>>;
