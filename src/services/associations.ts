// Associations: the four that Endorse ships with are created on first start,
// with their catalogs and fee schedules; a site administrator adds others.
import { catalogInputs } from '../catalogs/index.ts';
import { lockUntilCommit } from '../db/database.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import {
  type AssociationRow,
  findAssociation,
  findCatalogVersion,
  insertAssociation,
  insertCatalogVersion,
  listAssociations,
  listFees,
  updateAssociationName,
  upsertFee,
} from '../db/repositories/associations.ts';
import { loadCatalog } from '../engine/catalog.ts';
import { type Actor, authorize, can } from '../policies/index.ts';
import { currentSigningKey } from './association-keys.ts';
import type { Services } from './context.ts';
import { AppError, notFound } from './errors.ts';
import { authorizeFound } from './scope.ts';

/**
 * Makes sure every shipped association exists with its current catalog
 * version and fees. Safe to run at every start and from several processes.
 */
export async function bootstrapAssociations(services: Services): Promise<void> {
  const db = services.db.kysely;
  for (const input of catalogInputs) {
    const catalog = loadCatalog(input);
    await db.transaction().execute(async (tx) => {
      // Servers starting at once on a new database: one makes the association, the others find it.
      await lockUntilCommit(tx, services.db.dialect, `association:${catalog.id}`);
      const association =
        (await findAssociation(tx, catalog.id)) ??
        (await insertAssociation(tx, services.db.dialect, { slug: catalog.id, name: catalog.name }));
      // Every association signs its credentials with its own key, made with it.
      await currentSigningKey(tx, services, association);
      if (!(await findCatalogVersion(tx, association.id, catalog.version))) {
        await insertCatalogVersion(tx, association.id, catalog.version, JSON.stringify(input));
        for (const [credential, fee] of Object.entries(catalog.fees ?? {})) {
          await upsertFee(tx, association.id, {
            credential,
            application_cents: fee!.application,
            processing_cents: fee!.processing,
            currency: catalog.currency ?? 'USD',
            source: fee!.source,
          });
        }
      }
    });
  }
}

/** The associations an actor can see: all for a site administrator, else those they hold a role in. */
export async function listAssociationsFor(actor: Actor, services: Services): Promise<AssociationRow[]> {
  const all = await listAssociations(services.db.kysely);
  return all.filter(
    (a) => can(actor, 'association.list') || can(actor, 'association.view', { associationId: a.id }),
  );
}

export async function getAssociation(actor: Actor | undefined, idOrSlug: string, services: Services) {
  const association = await findAssociation(services.db.kysely, idOrSlug);
  authorizeFound(
    actor,
    'association.view',
    association && { associationId: association.id },
    `Association "${idOrSlug}"`,
  );
  return association!;
}

/** Every association hosted here (public: people choose where to apply). */
export async function listAllAssociations(services: Services): Promise<AssociationRow[]> {
  return listAssociations(services.db.kysely);
}

/** Any association by id or slug, for public pages (choosing where to apply). */
export async function findAssociationOrFail(idOrSlug: string, services: Services) {
  const association = await findAssociation(services.db.kysely, idOrSlug);
  if (!association) throw notFound(`Association "${idOrSlug}"`);
  return association;
}

export async function createAssociation(
  actor: Actor | undefined,
  input: { slug: string; name: string },
  services: Services,
): Promise<AssociationRow> {
  authorize(actor, 'association.create');
  return services.db.kysely.transaction().execute(async (tx) => {
    if (await findAssociation(tx, input.slug)) {
      throw new AppError('conflict', `an association with the id "${input.slug}" already exists`, 'slug');
    }
    const association = await insertAssociation(tx, services.db.dialect, input);
    await currentSigningKey(tx, services, association);
    await appendAudit(tx, {
      actorId: actor.userId,
      associationId: association.id,
      subjectType: 'association',
      subjectId: association.id,
      action: 'association.create',
      after: input,
    });
    return association;
  });
}

export async function renameAssociation(
  actor: Actor | undefined,
  input: { associationId: string; name: string },
  services: Services,
): Promise<void> {
  authorize(actor, 'association.update');
  await services.db.kysely.transaction().execute(async (tx) => {
    const before = await findAssociation(tx, input.associationId);
    if (!before) throw notFound('The association');
    await updateAssociationName(tx, before.id, input.name);
    await appendAudit(tx, {
      actorId: actor.userId,
      associationId: before.id,
      subjectType: 'association',
      subjectId: before.id,
      action: 'association.rename',
      before: { name: before.name },
      after: { name: input.name },
    });
  });
}

export async function listFeesOf(associationId: string, services: Services) {
  return listFees(services.db.kysely, associationId);
}
