// Applications as coordinators and applicants see them.
import { authorizeApplication } from './scope.ts';
import {
  applicationsOfAssociation,
  applicationsOfPerson,
  type ApplicationRow,
  findOpenApplication,
  insertApplication,
} from '../db/repositories/applications.ts';
import { appendAudit, auditOf } from '../db/repositories/audit.ts';
import { findAssociation, listAssociations } from '../db/repositories/associations.ts';
import { catalogs } from '../catalogs/index.ts';
import { today } from '../index.ts';
import { personPortfolio } from './application-portfolio.ts';
import { selfStudyResults } from './self-study.ts';
import { type Actor, authorize } from '../policies/index.ts';
import type { Services } from './context.ts';
import { AppError } from './errors.ts';

export async function listApplications(actor: Actor | undefined, associationId: string, services: Services) {
  authorize(actor, 'application.list', { associationId });
  return applicationsOfAssociation(services.db.kysely, associationId);
}

export async function listMyApplications(actor: Actor | undefined, services: Services) {
  authorize(actor, 'application.create');
  return applicationsOfPerson(services.db.kysely, actor.userId);
}

/** The associations one may apply to: those hosted here with a catalog (an association added without one has no credentials yet). */
export async function associationsToApplyTo(services: Services) {
  const hosted = await listAssociations(services.db.kysely);
  return hosted.filter((a) => catalogs().has(a.slug)).map((a) => ({ slug: a.slug, name: a.name }));
}

export interface CredentialChoice {
  id: string;
  name: string;
  level: number;
  /** The self-study's verdict on the person's portfolio today: what can be judged before applying is met. */
  fits: boolean;
  /** How many of those requirements are not met yet. */
  unmet: number;
}

/**
 * What starting an application offers: the associations, and once one is
 * chosen, its credentials in the catalog's order, each with the self-study's
 * verdict on the person's own portfolio.
 */
export async function applicationChoices(
  actor: Actor | undefined,
  associationSlug: string | undefined,
  services: Services,
  on: string = today(),
) {
  authorize(actor, 'application.create');
  const associations = await associationsToApplyTo(services);
  const association = associations.find((a) => a.slug === associationSlug);
  if (!association) return { associations };
  const portfolio = await personPortfolio(actor.userId, services);
  const fits = new Map(
    selfStudyResults(portfolio, [association.slug], on)[0]!.credentials.map((c) => [c.credential, c]),
  );
  const credentials: CredentialChoice[] = catalogs()
    .get(association.slug)!
    .credentials.map((c) => ({
      id: c.id,
      name: c.name,
      level: c.level,
      fits: fits.get(c.id)?.fits ?? false,
      unmet: fits.get(c.id)?.unmet ?? 0,
    }));
  return { associations, association, credentials };
}

/** Starting a second open application for the same credential at the same association. */
export class OpenApplicationExists extends AppError {
  override name = 'OpenApplicationExists';
  constructor(
    readonly open: ApplicationRow,
    associationName: string,
  ) {
    super(
      'conflict',
      `you already have an open ${open.credential} application with ${associationName} (status: ${open.status}); continue that one`,
      'credential',
    );
  }
}

/** Starts an application: one open application per person, association and credential. */
export async function startApplication(
  actor: Actor | undefined,
  input: { association: string; credential: string },
  services: Services,
) {
  authorize(actor, 'application.create');
  const association = await findAssociation(services.db.kysely, input.association);
  if (!association)
    throw new AppError('invalid', `there is no association "${input.association}"`, 'association');
  const catalog = catalogs().get(association.slug);
  if (!catalog)
    throw new AppError(
      'invalid',
      `${association.name} has no credentials in Endorse yet: choose another association`,
      'association',
    );
  const credential = input.credential.toUpperCase();
  if (!catalog.credentials.some((c) => c.id === credential)) {
    const offered = catalog.credentials.map((c) => c.id).join(', ');
    throw new AppError(
      'invalid',
      `${association.name} has no credential "${input.credential}" (it has ${offered})`,
      'credential',
    );
  }
  const wanted = { userId: actor.userId, associationId: association.id, credential };
  const open = await findOpenApplication(services.db.kysely, wanted);
  if (open) throw new OpenApplicationExists(open, association.name);
  return services.db.kysely.transaction().execute(async (tx) => {
    const application = await insertApplication(tx, wanted);
    if (!application) {
      // Another start won meanwhile.
      const winner = await findOpenApplication(tx, wanted);
      throw winner
        ? new OpenApplicationExists(winner, association.name)
        : new AppError('conflict', 'this application could not be started; try again', 'credential');
    }
    await appendAudit(tx, {
      actorId: actor.userId,
      associationId: association.id,
      subjectType: 'application',
      subjectId: application.id,
      action: 'application.start',
      after: { credential, status: application.status },
    });
    return application;
  });
}

/** An application and its history (every audited change), for coordinators. */
export async function readApplicationHistory(
  actor: Actor | undefined,
  applicationId: string,
  services: Services,
) {
  const { application } = await authorizeApplication(actor, applicationId, 'application.history', services);
  const history = await auditOf(services.db.kysely, 'application', [application.id]);
  return { application, history };
}
