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
import { findAssociation } from '../db/repositories/associations.ts';
import { catalogs } from '../catalogs/index.ts';
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
  const credential = input.credential.toUpperCase();
  if (!catalog?.credentials.some((c) => c.id === credential)) {
    const offered = catalog?.credentials.map((c) => c.id).join(', ') ?? 'none';
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
