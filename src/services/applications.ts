// Applications as coordinators and applicants see them.
import { authorizeApplication } from './scope.ts';
import {
  type ApplicationFilter,
  applicationSorts,
  applicationsOfPerson,
  type ApplicationRow,
  assignedToApplications,
  countApplicationsByState,
  type ListedApplication,
  type ApplicationSort,
  findOpenApplication,
  insertApplication,
  searchApplications,
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
import { scheduledFee } from '../db/repositories/fees.ts';
import { formatMoney, recordFeesDue } from './payments.ts';
import { type ApplicationState, applicationStates } from '../domain/application-lifecycle.ts';

export { applicationSorts, applicationStates };

/** What a coordinator asks of the list: every part optional. */
export interface ApplicationQuery {
  /** Part of the applicant's name or e-mail. */
  q?: string | undefined;
  /** One status, or all of them; none: every status but draft. */
  status?: ApplicationState | 'all' | undefined;
  credential?: string | undefined;
  sort?: ApplicationSort | undefined;
  /** 'true': only those with a review or an answer past its due date. */
  overdue?: 'true' | 'false' | undefined;
  /** Where the previous page ended (its `next`). */
  cursor?: string | undefined;
  limit?: number | undefined;
}

/** Rows per page unless asked otherwise. */
const defaultPageSize = 50;

// A cursor is the last row's sort key and id, with the sort it belongs to, opaque to the caller.
const encodeCursor = (sort: ApplicationSort, key: string, id: string) =>
  Buffer.from(JSON.stringify([sort, key, id])).toString('base64url');

function decodeCursor(cursor: string, sort: ApplicationSort): { key: string; id: string } {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  if (
    Array.isArray(parts) &&
    parts.length === 3 &&
    parts[0] === sort &&
    parts.every((p) => typeof p === 'string')
  )
    return { key: parts[1] as string, id: parts[2] as string };
  throw new AppError(
    'invalid',
    'cursor is not a place in this list (it comes from the "next" of a page sorted the same way); leave it out to start from the first page',
    'cursor',
  );
}

function filterOf(
  association: { id: string; slug: string },
  query: ApplicationQuery,
  on: string,
): Omit<ApplicationFilter, 'after' | 'limit'> {
  const credential = query.credential?.toUpperCase();
  if (credential) {
    const offered =
      catalogs()
        .get(association.slug)
        ?.credentials.map((c): string => c.id) ?? [];
    if (!offered.includes(credential))
      throw new AppError(
        'invalid',
        `there is no credential "${query.credential}" here (there are ${offered.join(', ') || 'none'})`,
        'credential',
      );
  }
  return {
    associationId: association.id,
    search: query.q?.trim() || undefined,
    statuses: query.status === 'all' ? applicationStates : query.status ? [query.status] : undefined,
    credential,
    sort: query.sort ?? 'latest',
    overdueOnly: query.overdue === 'true',
    today: on,
  };
}

const DAY = 86_400_000;
const daysBetween = (from: string, on: string) =>
  Math.max(
    0,
    Math.floor((Date.parse(`${on}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / DAY),
  );

/** A row of the coordinator's queue: who is assigned, how long it has waited, and what is overdue. */
export interface QueuedApplication extends ListedApplication {
  advisors: string[];
  reviewers: string[];
  /** Days since it was submitted (null for a draft). */
  daysSinceSubmitted: number | null;
  /** Days since its state last changed. */
  daysInState: number;
  /** A review is past its due date. */
  reviewOverdue: boolean;
  /** The answer to a request for more information is past its due date. */
  responseOverdue: boolean;
}

async function queued(
  services: Services,
  rows: readonly ListedApplication[],
  on: string,
): Promise<QueuedApplication[]> {
  const assigned = await assignedToApplications(
    services.db.kysely,
    rows.map((r) => r.id),
  );
  const byApplication = new Map<string, typeof assigned>();
  for (const a of assigned)
    byApplication.set(a.applicationId, [...(byApplication.get(a.applicationId) ?? []), a]);
  return rows.map((r) => {
    const people = byApplication.get(r.id) ?? [];
    return {
      ...r,
      advisors: people.filter((p) => p.role === 'advisor').map((p) => p.name),
      reviewers: people.filter((p) => p.role === 'reviewer').map((p) => p.name),
      daysSinceSubmitted: r.submittedAt ? daysBetween(r.submittedAt, on) : null,
      daysInState: daysBetween(r.updatedAt, on),
      reviewOverdue: !!r.reviewDueOn && r.reviewDueOn < on,
      responseOverdue: !!r.responseDueOn && r.responseDueOn < on,
    };
  });
}

/**
 * A page of an association's applications, filtered and sorted, with the cursor of the next
 * page when there is one. Drafts are left out unless asked for by status.
 */
export async function listApplications(
  actor: Actor | undefined,
  association: { id: string; slug: string },
  query: ApplicationQuery,
  services: Services,
  on: string = today(),
) {
  authorize(actor, 'application.list', { associationId: association.id });
  const filter = filterOf(association, query, on);
  const limit = query.limit ?? defaultPageSize;
  const after = query.cursor ? decodeCursor(query.cursor, filter.sort) : undefined;
  const rows = await searchApplications(services.db.kysely, { ...filter, after, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const next = rows.length > limit && last ? encodeCursor(filter.sort, last.sortKey, last.id) : undefined;
  const counts = await countApplicationsByState(services.db.kysely, association.id);
  return {
    applications: await queued(services, page, on),
    next,
    /** How many applications are in each state of the lifecycle (every state, zero too). */
    counts: applicationStates.map((state) => ({ state, count: counts.get(state) ?? 0 })),
  };
}

/** Every application of the list as filtered (all pages), for a download; audited as an export. */
export async function exportApplications(
  actor: Actor | undefined,
  association: { id: string; slug: string },
  query: ApplicationQuery,
  services: Services,
  on: string = today(),
) {
  authorize(actor, 'application.list', { associationId: association.id });
  const filter = filterOf(association, query, on);
  const applications = await queued(services, await searchApplications(services.db.kysely, filter), on);
  await appendAudit(services.db.kysely, {
    actorId: actor.userId,
    associationId: association.id,
    subjectType: 'association',
    subjectId: association.id,
    action: 'application.export',
    after: {
      filters: {
        q: filter.search,
        status: query.status,
        credential: filter.credential,
        sort: filter.sort,
        ...(query.overdue === 'true' ? { overdue: true } : {}),
      },
      applications: applications.length,
    },
  });
  return applications;
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
    // The application fee is due when the application starts (seed 002, step 5).
    const fee = await scheduledFee(tx, association.id, credential);
    const dues = fee ? await recordFeesDue(tx, application.id, fee, ['application']) : [];
    await appendAudit(tx, {
      actorId: actor.userId,
      associationId: association.id,
      subjectType: 'application',
      subjectId: application.id,
      action: 'application.start',
      after: {
        credential,
        status: application.status,
        ...(dues.length
          ? { feesDue: dues.map((d) => ({ kind: d.kind, amount: formatMoney(d.amountCents, d.currency) })) }
          : {}),
      },
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
