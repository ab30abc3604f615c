// Who may do what, declared in one place. Routes and services ask `can` or
// `authorize`; nothing else decides. Each rule is a small function of the
// actor and the resource, so the matrix test can walk every action × role.

export const roles = ['applicant', 'advisor', 'reviewer', 'exam-scorer', 'coordinator', 'admin'] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  applicant: 'Applicant',
  advisor: 'Advisor',
  reviewer: 'Reviewer',
  'exam-scorer': 'Exam scorer',
  coordinator: 'Coordinator',
  admin: 'Association admin',
};

/** A signed-in person, or an association's API token acting for the person who made it. */
export interface Actor {
  userId: string;
  isSiteAdmin: boolean;
  /** Roles by association id (organization id). */
  roles: ReadonlyMap<string, ReadonlySet<Role>>;
  /** Set when the request came with an API token: the actor is limited to this association. */
  tokenAssociationId?: string;
}

/** What an action is about. */
export interface Resource {
  associationId?: string;
  /** The person the data belongs to (the applicant). */
  ownerId?: string;
  /** Associations where the owner has an application (for reading a person's portfolio). */
  ownerAssociationIds?: readonly string[];
}

export const actions = [
  'association.list',
  'association.create',
  'association.update',
  'association.view',
  'people.read',
  'role.assign',
  'apiToken.manage',
  'catalog.update',
  'application.create',
  'application.list',
  'application.read',
  'application.history',
  'portfolio.read',
  'portfolio.update',
  'reference.readContent',
  'reviewer.assign',
  'payment.record',
] as const;
export type Action = (typeof actions)[number];

type Rule = (actor: Actor, resource: Resource) => boolean;

const hasRole = (actor: Actor, associationId: string | undefined, ...wanted: Role[]): boolean => {
  if (!associationId) return false;
  if (actor.tokenAssociationId && actor.tokenAssociationId !== associationId) return false;
  const held = actor.roles.get(associationId);
  return !!held && wanted.some((r) => held.has(r));
};
const siteAdmin: Rule = (actor) => actor.isSiteAdmin && !actor.tokenAssociationId;
const isOwner: Rule = (actor, r) => !!r.ownerId && actor.userId === r.ownerId && !actor.tokenAssociationId;
const staff =
  (...wanted: Role[]): Rule =>
  (actor, r) =>
    hasRole(actor, r.associationId, ...wanted);
/** Staff of any association where the owner has applied. */
const staffOfOwner =
  (...wanted: Role[]): Rule =>
  (actor, r) =>
    (r.ownerAssociationIds ?? []).some((a) => hasRole(actor, a, ...wanted));
const anyOf =
  (...rules: Rule[]): Rule =>
  (actor, r) =>
    rules.some((rule) => rule(actor, r));
const not =
  (rule: Rule, then: Rule): Rule =>
  (actor, r) =>
    !rule(actor, r) && then(actor, r);

const caseworkers: Role[] = ['advisor', 'reviewer', 'exam-scorer', 'coordinator', 'admin'];

const policy: Record<Action, Rule> = {
  'association.list': siteAdmin,
  'association.create': siteAdmin,
  'association.update': siteAdmin,
  'association.view': anyOf(siteAdmin, staff(...roles)),
  'people.read': anyOf(siteAdmin, staff('admin')),
  'role.assign': anyOf(siteAdmin, staff('admin')),
  'apiToken.manage': anyOf(siteAdmin, staff('admin')),
  'catalog.update': anyOf(siteAdmin, staff('admin')),
  // Anyone signed in may apply to any association.
  'application.create': (actor) => !actor.tokenAssociationId,
  'application.list': anyOf(siteAdmin, staff('coordinator', 'admin')),
  'application.read': anyOf(isOwner, siteAdmin, staff(...caseworkers)),
  'application.history': anyOf(siteAdmin, staff('coordinator', 'admin')),
  'portfolio.read': anyOf(isOwner, siteAdmin, staffOfOwner(...caseworkers)),
  'portfolio.update': isOwner,
  // Reference content is never shown to the applicant, whatever other role they hold.
  'reference.readContent': not(isOwner, anyOf(siteAdmin, staff('reviewer', 'coordinator', 'admin'))),
  'reviewer.assign': anyOf(siteAdmin, staff('coordinator', 'admin')),
  'payment.record': anyOf(siteAdmin, staff('coordinator', 'admin')),
};

export function can(actor: Actor | undefined, action: Action, resource: Resource = {}): boolean {
  return !!actor && policy[action](actor, resource);
}

export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
  constructor(readonly action: Action) {
    super(`not allowed: ${action}`);
  }
}

export class SignInRequiredError extends Error {
  override name = 'SignInRequiredError';
  constructor() {
    super('sign in required');
  }
}

export function authorize(
  actor: Actor | undefined,
  action: Action,
  resource: Resource = {},
): asserts actor is Actor {
  if (!actor) throw new SignInRequiredError();
  if (!policy[action](actor, resource)) throw new ForbiddenError(action);
}

/** Parses the comma-separated roles stored on a membership. */
export function parseRoles(text: string): Role[] {
  return text
    .split(',')
    .map((r) => r.trim())
    .filter((r): r is Role => (roles as readonly string[]).includes(r));
}
