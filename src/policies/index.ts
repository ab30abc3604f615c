// Who may do what, declared in one place. Routes and services ask `can` or
// `authorize`; nothing else decides. Each rule is a small function of the
// actor and the resource, so the matrix test can walk every action × role.
// What an application's state allows is the lifecycle's to say
// (src/domain/application-lifecycle.ts); the rules here ask it.
import { isClosed, mayTake, type Party, type TransitionName } from '../domain/application-lifecycle.ts';
import { endorsementMove, type EndorsementStep } from '../domain/endorsement.ts';

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
  /** The application's state (src/domain/application-lifecycle.ts), for what depends on it. */
  applicationState?: string;
  /** Who is assigned to the application (or to any of the owner's applications, for their portfolio). */
  advisorIds?: readonly string[];
  reviewerIds?: readonly string[];
  /** The endorsement's status (src/domain/endorsement.ts), for what depends on it. */
  endorsementStatus?: string;
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
  'application.track',
  'application.history',
  'application.submit',
  'application.resubmit',
  'application.withdraw',
  'application.assignAdvisor',
  'application.assignReviewers',
  'application.startReview',
  'application.decide',
  'application.resume',
  'application.finalize',
  'application.advise',
  'application.message',
  'application.readMessages',
  'review.submit',
  'review.decline',
  'reviewerQualification.record',
  'associationSettings.update',
  'portfolio.read',
  'portfolio.update',
  'reference.request',
  'reference.readContent',
  'payment.record',
  'fee.waive',
  'examBank.read',
  'examBank.edit',
  'examForm.compose',
  'examStatistics.read',
  'examItem.discount',
  'examSitting.schedule',
  'exam.register',
  'exam.reschedule',
  'exam.markNoShow',
  'exam.chooseSitting',
  'examAccommodation.grant',
  'exam.take',
  'exam.enterPaper',
  'essay.score',
  'exam.readResult',
  'endorsement.list',
  'endorsement.read',
  'endorsement.download',
  'endorsement.chooseListing',
  'endorsement.suspend',
  'endorsement.reinstate',
  'endorsement.revoke',
  'endorsement.acceptTransfer',
  'renewal.read',
  'renewal.submit',
  'renewal.pause',
  'renewal.requestReinstatement',
  'renewal.uploadProof',
  'renewal.list',
  'renewal.extend',
  'renewal.decideAudit',
  'renewal.reinstate',
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

const allOf =
  (...rules: Rule[]): Rule =>
  (actor, r) =>
    rules.every((rule) => rule(actor, r));

/** The association's coordinators and admins, who run its process. */
const coordination = anyOf(siteAdmin, staff('coordinator', 'admin'));
/** Who runs the exam: its scorers and the association's admins. */
const examAdministration = staff('exam-scorer', 'admin');
/** Assigned to the application in `role`, and still holding that role in its association. */
const assigned =
  (role: 'advisor' | 'reviewer'): Rule =>
  (actor, r) =>
    !!(role === 'advisor' ? r.advisorIds : r.reviewerIds)?.includes(actor.userId) &&
    (r.associationId ? hasRole(actor, r.associationId, role) : staffOfOwner(role)(actor, r));
const inState =
  (...states: readonly string[]): Rule =>
  (_actor, r) =>
    !!r.applicationState && states.includes(r.applicationState);
/** The application's state lets `by` take one of `steps` (the lifecycle decides, not the policy). */
const mayStep =
  (by: Party, ...steps: TransitionName[]): Rule =>
  (_actor, r) =>
    !!r.applicationState && steps.some((step) => mayTake(step, r.applicationState!, by));
/** The endorsement's status lets `step` be taken (src/domain/endorsement.ts decides). */
const endorsementMay =
  (step: EndorsementStep): Rule =>
  (_actor, r) =>
    !!r.endorsementStatus && !!endorsementMove(step, r.endorsementStatus);
const endorsementIs =
  (...statuses: readonly string[]): Rule =>
  (_actor, r) =>
    !!r.endorsementStatus && statuses.includes(r.endorsementStatus);
const open: Rule = (_actor, r) => !!r.applicationState && !isClosed(r.applicationState);

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
  'application.list': coordination,
  'application.read': anyOf(isOwner, coordination, assigned('advisor'), assigned('reviewer')),
  // The applicant follows their own application: submission, fees, references, the decision letter.
  'application.track': isOwner,
  'application.history': coordination,
  'application.submit': allOf(isOwner, mayStep('applicant', 'submit')),
  'application.resubmit': allOf(isOwner, mayStep('applicant', 'resubmit')),
  'application.withdraw': allOf(isOwner, mayStep('applicant', 'withdraw')),
  // An advisor may be assigned at any time after the application starts (seed 002, step 6).
  'application.assignAdvisor': allOf(coordination, open),
  'application.assignReviewers': allOf(
    coordination,
    inState('submitted', 'in-review', 'resubmitted', 'on-hold'),
  ),
  'application.startReview': allOf(coordination, mayStep('coordinator', 'start-review')),
  'application.decide': allOf(
    coordination,
    mayStep('coordinator', 'approve', 'request-information', 'defer', 'hold', 'decline'),
  ),
  'application.resume': allOf(coordination, mayStep('coordinator', 'resume')),
  // Seed 002, step 10: the association finalizes the endorsement.
  'application.finalize': allOf(coordination, mayStep('coordinator', 'finalize')),
  // The advisor reads the portfolio as it stands and comments on it.
  'application.advise': allOf(assigned('advisor'), open),
  'application.message': allOf(anyOf(isOwner, assigned('advisor')), open),
  // The applicant and advisor read their thread (closed applications too); the coordinators oversee it.
  'application.readMessages': anyOf(isOwner, assigned('advisor'), coordination),
  'review.submit': allOf(assigned('reviewer'), inState('in-review')),
  'review.decline': allOf(assigned('reviewer'), inState('submitted', 'in-review', 'resubmitted', 'on-hold')),
  'reviewerQualification.record': coordination,
  'associationSettings.update': anyOf(siteAdmin, staff('admin')),
  'portfolio.read': anyOf(
    isOwner,
    siteAdmin,
    staffOfOwner('coordinator', 'admin'),
    assigned('advisor'),
    assigned('reviewer'),
  ),
  'portfolio.update': isOwner,
  // The applicant asks raters for references, sends new links and withdraws requests.
  'reference.request': isOwner,
  // Reference content is never shown to the applicant, whatever other role they hold.
  'reference.readContent': not(isOwner, anyOf(coordination, assigned('reviewer'))),
  'payment.record': coordination,
  'fee.waive': coordination,
  // The item bank, its keys and its statistics: exam administrators only (the
  // exam-scorer role and association admins); never applicants, reviewers,
  // advisors or coordinators as such, nor a site admin who holds no such role.
  'examBank.read': examAdministration,
  'examBank.edit': examAdministration,
  'examForm.compose': examAdministration,
  'examStatistics.read': examAdministration,
  'examItem.discount': examAdministration,
  'examSitting.schedule': coordination,
  // Awaiting the exam with no registration (a cancelled sitting, a no-show): registered again without a step.
  'exam.register': allOf(
    coordination,
    anyOf(mayStep('coordinator', 'register-exam', 'retake-exam'), inState('awaiting-exam')),
  ),
  'exam.reschedule': allOf(coordination, inState('awaiting-exam')),
  'exam.markNoShow': allOf(coordination, inState('awaiting-exam')),
  // The applicant chooses a sitting once approved (or after a failed exam), and may change it before it starts.
  'exam.chooseSitting': allOf(
    isOwner,
    anyOf(mayStep('applicant', 'register-exam', 'retake-exam'), inState('awaiting-exam')),
  ),
  'examAccommodation.grant': allOf(coordination, open),
  'exam.take': allOf(isOwner, inState('awaiting-exam')),
  // Scorers enter paper sittings and score essays blind: they read responses, not applications.
  'exam.enterPaper': examAdministration,
  'essay.score': examAdministration,
  'exam.readResult': anyOf(isOwner, coordination),
  // The association's endorsements and each one's history: its coordinators.
  'endorsement.list': coordination,
  'endorsement.read': coordination,
  // The certificate and letter: the endorsee and the association's coordinators.
  'endorsement.download': anyOf(isOwner, coordination),
  // Only the endorsee chooses whether the public registry lists them.
  'endorsement.chooseListing': isOwner,
  'endorsement.suspend': allOf(coordination, endorsementMay('suspend')),
  'endorsement.reinstate': allOf(coordination, endorsementMay('reinstate')),
  'endorsement.revoke': allOf(coordination, endorsementMay('revoke')),
  // Reciprocity: the receiving association's coordinators accept another association's endorsement.
  'endorsement.acceptTransfer': coordination,
  // Renewal (issue 12). The endorsee follows and renews their own; when the
  // calendar allows it is the renewal year's to say (src/domain/renewal.ts).
  'renewal.read': isOwner,
  'renewal.submit': allOf(isOwner, endorsementIs('active')),
  'renewal.pause': allOf(isOwner, endorsementMay('pause')),
  'renewal.requestReinstatement': allOf(isOwner, endorsementMay('restore')),
  // Proof for the entries of an audited renewal: only the endorsee uploads it.
  'renewal.uploadProof': isOwner,
  // The association's renewal year, its lists and export: its coordinators.
  'renewal.list': coordination,
  'renewal.extend': allOf(coordination, endorsementIs('active')),
  'renewal.decideAudit': coordination,
  'renewal.reinstate': allOf(coordination, endorsementMay('restore')),
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
