// Reviewers and their assignments: the endorsements staff record on a
// reviewer's profile; for an application, the eligible reviewers least loaded
// first (src/domain/reviewer-eligibility.ts judges, this gathers the facts);
// assigning one or two of them (the second starts the review), removing one
// who has not reviewed, a reviewer declining with a reason, and a reviewer's
// own list of assignments. Every change is audited and told by e-mail.
import type { Kysely } from 'kysely';
import { catalogs } from '../catalogs/index.ts';
import { closedStates, decidedStates, isDecided, isClosed } from '../domain/application-lifecycle.ts';
import {
  type ApplicationFacts,
  type Candidate,
  credentialField,
  describeRefusals,
  describeWarnings,
  type Field,
  type NamedAs,
  overdueFirst,
  suggestReviewers,
} from '../domain/reviewer-eligibility.ts';
import { type ApplicationRow, findApplication, findSubmission } from '../db/repositories/applications.ts';
import {
  type AssignmentRow,
  assignmentsOf,
  endAssignment,
  insertAssignment,
} from '../db/repositories/assignments.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import { endorsementsHeldBy } from '../db/repositories/endorsements.ts';
import { type AssociationRow, findAssociation } from '../db/repositories/associations.ts';
import { findPersonById, peopleOfAssociation } from '../db/repositories/people.ts';
import { referenceRequestsOf } from '../db/repositories/references.ts';
import {
  activeReviewsOfPerson,
  findQualification,
  hasSubmittedReview,
  insertQualification,
  qualificationsOf,
  removeQualification,
  reviewerLoads,
} from '../db/repositories/reviewers.ts';
import { timestamp } from '../db/portable.ts';
import type { Database } from '../db/schema.ts';
import { enqueueMail } from '../mail/mailer.ts';
import type { PortfolioInput } from '../engine/portfolio.ts';
import {
  type Actor,
  authorize,
  can,
  parseRoles,
  type Resource,
  SignInRequiredError,
} from '../policies/index.ts';
import { reviewSettingsOf } from './association-settings.ts';
import { recordDecision } from './decisions.ts';
import { dueOnAfter, scheduleReviewReminders } from './deadlines.ts';
import type { Services } from './context.ts';
import { AppError, DomainError, notFound } from './errors.ts';
import { applicationLinks } from './lifecycle.ts';
import { mailboxOf } from './addresses.ts';
import { authorizeApplication } from './scope.ts';

type Tx = Kysely<Database>;

/** Applications whose reviews no longer count toward a reviewer's load. */
const settledStates = [...new Set([...decidedStates, ...closedStates])];

const credentialsOf = (association: AssociationRow) => catalogs().get(association.slug)?.credentials ?? [];

/** The credentials of the association's catalog a reviewer may be recorded as holding, with field and level. */
export function qualificationChoices(association: AssociationRow) {
  return credentialsOf(association).map((c) => ({
    id: c.id,
    name: c.name,
    level: c.level,
    field: credentialField(c.id),
  }));
}

/**
 * People with the reviewer role in the association, with their
 * qualifications and load. What staff recorded is joined by the endorsements
 * Endorse itself has granted them, while active (of any association, for a
 * credential this association's catalog knows): those are not recorded by
 * hand and cannot be removed here.
 */
async function reviewersOf(db: Tx, association: AssociationRow) {
  const people = (await peopleOfAssociation(db, association.id)).filter((p) =>
    parseRoles(p.role).includes('reviewer'),
  );
  const ids = people.map((p) => p.id);
  const qualifications = await qualificationsOf(db, association.id);
  const choices = new Map<string, ReturnType<typeof qualificationChoices>[number]>(
    qualificationChoices(association).map((c) => [c.id, c]),
  );
  const held = (await endorsementsHeldBy(db, { userIds: ids, emails: [] })).filter(
    (e) => e.status === 'active' && choices.has(e.credential),
  );
  const loads = await reviewerLoads(db, ids, settledStates);
  return people.map((p) => ({
    id: p.id,
    name: p.name,
    email: p.email,
    load: loads.get(p.id) ?? 0,
    qualifications: [
      ...qualifications
        .filter((q) => q.userId === p.id)
        .map((q) => ({ ...q, field: q.field as Field, inEndorse: undefined })),
      ...held
        .filter((e) => e.userId === p.id)
        .map((e) => ({
          id: `endorsement-${e.id}`,
          credential: e.credential,
          field: choices.get(e.credential)!.field,
          level: choices.get(e.credential)!.level,
          evidence: '',
          recordedAt: e.grantedOn,
          inEndorse: { association: e.slug, number: e.number },
        })),
    ],
  }));
}

/** The association's reviewers page: who reviews, what they hold, how many reviews they have on hand. */
export async function reviewersPage(
  actor: Actor | undefined,
  association: AssociationRow,
  services: Services,
) {
  authorize(actor, 'reviewerQualification.record', { associationId: association.id });
  return {
    reviewers: await reviewersOf(services.db.kysely, association),
    credentials: qualificationChoices(association),
  };
}

/** Records that a reviewer of the association holds one of its catalog's credentials, and how staff know. */
export async function recordReviewerQualification(
  actor: Actor | undefined,
  input: { association: AssociationRow; userId: string; credential: string; evidence: string },
  services: Services,
  now: Date = new Date(),
) {
  const { association } = input;
  authorize(actor, 'reviewerQualification.record', { associationId: association.id });
  const db = services.db.kysely;
  const reviewer = (await reviewersOf(db, association)).find((r) => r.id === input.userId);
  if (!reviewer)
    throw new AppError('invalid', `choose one of the reviewers of ${association.name}`, 'person');
  const credential = qualificationChoices(association).find((c) => c.id === input.credential);
  if (!credential)
    throw new AppError('invalid', `choose one of the credentials of ${association.name}`, 'credential');
  if (reviewer.qualifications.some((q) => q.credential === credential.id))
    throw new AppError('invalid', `${reviewer.name} holds ${credential.id} already`, 'credential');
  return db.transaction().execute(async (tx) => {
    const id = await insertQualification(tx, {
      associationId: association.id,
      userId: reviewer.id,
      credential: credential.id,
      field: credential.field,
      level: credential.level,
      evidence: input.evidence,
      recordedBy: actor.userId,
      recordedAt: timestamp(now),
    });
    await appendAudit(tx, {
      actorId: actor.userId,
      associationId: association.id,
      subjectType: 'person',
      subjectId: reviewer.id,
      action: 'reviewer-qualification.record',
      after: {
        qualification: id,
        credential: credential.id,
        field: credential.field,
        level: credential.level,
        evidence: input.evidence,
      },
    });
    return { id, reviewer, credential };
  });
}

/** Removes a qualification recorded in the association. */
export async function removeReviewerQualification(
  actor: Actor | undefined,
  input: { association: AssociationRow; qualificationId: string },
  services: Services,
  now: Date = new Date(),
) {
  const { association } = input;
  authorize(actor, 'reviewerQualification.record', { associationId: association.id });
  const db = services.db.kysely;
  const found = await findQualification(db, input.qualificationId);
  if (!found || found.associationId !== association.id) throw notFound('The endorsement');
  return db.transaction().execute(async (tx) => {
    if (!(await removeQualification(tx, found.id, timestamp(now)))) throw notFound('The endorsement');
    await appendAudit(tx, {
      actorId: actor.userId,
      associationId: association.id,
      subjectType: 'person',
      subjectId: found.userId,
      action: 'reviewer-qualification.remove',
      before: { qualification: found.id, credential: found.credential, evidence: found.evidence },
    });
    return { reviewer: await findPersonById(tx, found.userId), credential: found.credential };
  });
}

/** The people the snapshot names as RSC providers and supervisors. */
function namedInSnapshot(snapshot: PortfolioInput | undefined): { name: string; as: NamedAs }[] {
  if (!snapshot) return [];
  const doc = snapshot as {
    rsc?: { provider?: { name?: string } }[];
    references?: { name?: string; relationship?: string }[];
  };
  const named: { name: string; as: NamedAs }[] = [];
  for (const r of doc.rsc ?? [])
    if (r.provider?.name) named.push({ name: r.provider.name, as: 'rsc-provider' });
  for (const r of doc.references ?? []) {
    if (!r.name) continue;
    if (r.relationship === 'rsc-provider') named.push({ name: r.name, as: 'rsc-provider' });
    if (r.relationship === 'program-supervisor') named.push({ name: r.name, as: 'supervisor' });
  }
  return named;
}

/**
 * What the reviewers are judged against: the application, its association, its
 * assignments (ended ones too) and the snapshot submitted (the people it names).
 */
interface ReviewerFacts {
  application: ApplicationRow;
  association: AssociationRow;
  assignments: readonly AssignmentRow[];
  snapshot: PortfolioInput | undefined;
}

/** The facts as they stand, read in `db` (a transaction that assigns reads them again). */
async function reviewerFactsOf(db: Tx, application: ApplicationRow): Promise<ReviewerFacts> {
  const association = (await findAssociation(db, application.associationId))!;
  const submission = await findSubmission(db, application.id);
  return {
    application,
    association,
    assignments: await assignmentsOf(db, application.id),
    snapshot: submission && (JSON.parse(submission.snapshot) as PortfolioInput),
  };
}

/** Everyone eligible to review the application, least loaded first, and the others with why not. */
async function judgeReviewers(db: Tx, { application, association, assignments, snapshot }: ReviewerFacts) {
  const reviewerRows = assignments.filter((a) => a.role === 'reviewer');
  const credential = credentialsOf(association).find((c) => c.id === application.credential);
  const facts: ApplicationFacts = {
    applicantId: application.userId,
    field: credentialField(application.credential),
    level: credential?.level ?? 4,
    advisorIds: assignments.filter((a) => a.role === 'advisor').map((a) => a.userId),
    raterMailboxes: (await referenceRequestsOf(db, application.id)).map((r) => mailboxOf(r.rater_email)),
    declinedIds: reviewerRows.filter((a) => a.status === 'declined').map((a) => a.userId),
    assignedIds: reviewerRows.filter((a) => a.status === 'active').map((a) => a.userId),
    named: namedInSnapshot(snapshot),
  };
  const reviewers = await reviewersOf(db, association);
  const candidates: Candidate[] = reviewers.map((r) => ({
    userId: r.id,
    name: r.name,
    mailbox: mailboxOf(r.email),
    qualifications: r.qualifications,
    load: r.load,
  }));
  return { ...suggestReviewers(candidates, facts), reviewers, assignments: reviewerRows };
}

const reviewerAssignmentView = async (db: Tx, a: AssignmentRow, round: number) => ({
  ...a,
  reviewed: a.status === 'active' && (await hasSubmittedReview(db, a.id, round)),
});

/**
 * The reviewers panel of the staff's application page: who is assigned, who
 * could be, what the reader may do; judged on the facts the page has read.
 */
export async function reviewersPanel(
  reader: Actor,
  { resource, ...facts }: ReviewerFacts & { resource: Resource },
  services: Services,
) {
  const db = services.db.kysely;
  const judged = await judgeReviewers(db, facts);
  return {
    assigned: await Promise.all(
      judged.assignments.map((a) => reviewerAssignmentView(db, a, facts.application.round)),
    ),
    eligible: judged.eligible,
    ineligible: judged.ineligible,
    may: { assign: can(reader, 'application.assignReviewers', resource) },
  };
}
export type ReviewersPanelModel = Awaited<ReturnType<typeof reviewersPanel>>;

/** The application's reviewers page (the panel alone): for staff of `associationId`. */
export async function applicationReviewers(
  actor: Actor | undefined,
  applicationId: string,
  associationId: string,
  services: Services,
) {
  const {
    actor: reader,
    application,
    resource,
  } = await authorizeApplication(actor, applicationId, 'application.history', services, associationId);
  const db = services.db.kysely;
  const applicant = await findPersonById(db, application.userId);
  return {
    application,
    applicantName: applicant?.name ?? '',
    panel: await reviewersPanel(reader, { ...(await reviewerFactsOf(db, application)), resource }, services),
  };
}

/**
 * Assigns one or two reviewers. Refuses an ineligible one (ASSIGNEE_NOT_ELIGIBLE,
 * with why), and one whose name the portfolio gives its RSC provider or
 * supervisor unless `anyway` (ASSIGNEE_NEEDS_CONFIRMATION). Each review is due
 * `reviewDays` after today; when the second reviewer is assigned to a
 * submitted or resubmitted application, the review starts.
 */
export async function assignReviewers(
  actor: Actor | undefined,
  input: { applicationId: string; associationId: string; reviewerIds: readonly string[]; anyway: boolean },
  services: Services,
  now: Date = new Date(),
) {
  const { actor: coordinator, application: found } = await authorizeApplication(
    actor,
    input.applicationId,
    'application.assignReviewers',
    services,
    input.associationId,
  );
  const ids = [...new Set(input.reviewerIds)];
  if (ids.length === 0) throw new AppError('invalid', 'choose a reviewer to assign', 'reviewer');
  if (ids.length > 2) throw new AppError('invalid', 'assign at most two reviewers at once', 'reviewer');
  const settings = await reviewSettingsOf(services, found.associationId);
  const dueOn = dueOnAfter(now, settings.reviewDays);
  const at = timestamp(now);
  return services.db.kysely.transaction().execute(async (tx) => {
    const application = (await findApplication(tx, found.id))!;
    const facts = await reviewerFactsOf(tx, application);
    const { association } = facts;
    const judged = await judgeReviewers(tx, facts);
    const chosen = ids.map((id) => {
      const s = [...judged.eligible, ...judged.ineligible].find((j) => j.candidate.userId === id);
      if (!s)
        throw new DomainError(
          'ASSIGNEE_NOT_ELIGIBLE',
          `that person is not a reviewer of ${association.name}`,
          'reviewer',
        );
      if (s.refusals.length)
        throw new DomainError(
          'ASSIGNEE_NOT_ELIGIBLE',
          `${describeRefusals(s.candidate.name, s.refusals)}, so they cannot review this application`,
          'reviewer',
        );
      if (s.warnings.length && !input.anyway)
        throw new DomainError(
          'ASSIGNEE_NEEDS_CONFIRMATION',
          `${describeWarnings(s.candidate.name, s.warnings)}: judge whether that is a conflict, and tick "assign anyway" if it is not`,
          'anyway',
        );
      return s;
    });
    const applicant = await findPersonById(tx, application.userId);
    const links = applicationLinks(services, application, association);
    for (const s of chosen) {
      const id = await insertAssignment(tx, {
        applicationId: application.id,
        userId: s.candidate.userId,
        role: 'reviewer',
        assignedBy: coordinator.userId,
        at,
        dueOn,
      });
      if (!id)
        throw new DomainError(
          'ASSIGNEE_NOT_ELIGIBLE',
          `${s.candidate.name} was assigned to this application meanwhile`,
          'reviewer',
        );
      await scheduleReviewReminders(tx, { id, dueOn }, settings, now);
      await appendAudit(tx, {
        actorId: coordinator.userId,
        associationId: association.id,
        subjectType: 'application',
        subjectId: application.id,
        action: 'reviewer.assign',
        after: {
          assignment: id,
          reviewer: s.candidate.userId,
          dueOn,
          ...(s.warnings.length ? { assignedDespite: s.warnings } : {}),
        },
      });
      const reviewer = judged.reviewers.find((r) => r.id === s.candidate.userId)!;
      await enqueueMail(
        tx,
        {
          to: reviewer.email,
          subject: `Please review ${applicant?.name ?? 'an applicant'}'s ${application.credential} application by ${dueOn}`,
          text: [
            `Dear ${reviewer.name},`,
            '',
            `${association.name} asks you to review ${applicant?.name ?? 'an applicant'}'s ${application.credential} application.`,
            '',
            `Your review is due on ${dueOn}.`,
            '',
            'If you have a conflict of interest with this applicant, decline the assignment from your list of reviews, saying why.',
            '',
            `The review: ${links.review}`,
          ].join('\n'),
        },
        { account: null, dailyLimit: services.config.mailDailyLimit },
      );
    }
    const active = judged.assignments.filter((a) => a.status === 'active').length + chosen.length;
    let state = application.status;
    if (active >= 2 && (application.status === 'submitted' || application.status === 'resubmitted'))
      // Recorded as a decision like every later start of the review, so the decisions list is whole.
      state = (
        await recordDecision(tx, services, {
          application,
          step: 'start-review',
          by: 'coordinator',
          actorId: coordinator.userId,
          reason: null,
          toApplicant: null,
          responseDueOn: null,
          reviewers: active,
          at,
        })
      ).state;
    return { assigned: chosen.map((s) => s.candidate), dueOn, state };
  });
}

/** Removes a reviewer who has not submitted their review of the current round. */
export async function removeReviewer(
  actor: Actor | undefined,
  input: { applicationId: string; associationId: string; assignmentId: string },
  services: Services,
  now: Date = new Date(),
) {
  const { actor: coordinator, application } = await authorizeApplication(
    actor,
    input.applicationId,
    'application.assignReviewers',
    services,
    input.associationId,
  );
  return services.db.kysely.transaction().execute(async (tx) => {
    const assignment = (await assignmentsOf(tx, application.id)).find(
      (a) => a.id === input.assignmentId && a.role === 'reviewer' && a.status === 'active',
    );
    if (!assignment) throw notFound('The assignment');
    if (await hasSubmittedReview(tx, assignment.id, application.round))
      throw new DomainError(
        'REVIEW_ALREADY_SUBMITTED',
        `${assignment.name} has submitted their review already, so they stay assigned`,
        'form',
      );
    if (!(await endAssignment(tx, assignment.id, { status: 'removed', at: timestamp(now), reason: null })))
      throw notFound('The assignment');
    await appendAudit(tx, {
      actorId: coordinator.userId,
      associationId: application.associationId,
      subjectType: 'application',
      subjectId: application.id,
      action: 'reviewer.unassign',
      before: { assignment: assignment.id, reviewer: assignment.userId },
    });
    return assignment;
  });
}

/**
 * The reviewer declines their assignment to the application, with the
 * reason (a conflict they declare), before submitting their review; the
 * association's coordinators are told, and they are not suggested for it again.
 */
export async function declineReview(
  actor: Actor | undefined,
  input: { applicationId: string; reason: string },
  services: Services,
  now: Date = new Date(),
) {
  const { actor: reviewer, application } = await authorizeApplication(
    actor,
    input.applicationId,
    'review.decline',
    services,
  );
  return services.db.kysely.transaction().execute(async (tx) => {
    const assignment = (await assignmentsOf(tx, application.id)).find(
      (a) => a.userId === reviewer.userId && a.role === 'reviewer' && a.status === 'active',
    );
    if (!assignment) throw notFound('The application');
    if (await hasSubmittedReview(tx, assignment.id, application.round))
      throw new DomainError(
        'REVIEW_ALREADY_SUBMITTED',
        'you have submitted your review of this application already, so it can no longer be declined',
        'form',
      );
    if (
      !(await endAssignment(tx, assignment.id, {
        status: 'declined',
        at: timestamp(now),
        reason: input.reason,
      }))
    )
      throw notFound('The application');
    await appendAudit(tx, {
      actorId: reviewer.userId,
      associationId: application.associationId,
      subjectType: 'application',
      subjectId: application.id,
      action: 'reviewer.decline',
      before: { assignment: assignment.id, reviewer: assignment.userId },
      after: { status: 'declined', reason: input.reason },
    });
    const association = (await findAssociation(tx, application.associationId))!;
    const applicant = await findPersonById(tx, application.userId);
    const links = applicationLinks(services, application, association);
    const coordinators = (await peopleOfAssociation(tx, association.id)).filter((p) =>
      parseRoles(p.role).includes('coordinator'),
    );
    for (const c of coordinators)
      await enqueueMail(
        tx,
        {
          to: c.email,
          subject: `${assignment.name} declined to review ${applicant?.name ?? 'an applicant'}'s ${application.credential} application`,
          text: [
            `Dear ${c.name},`,
            '',
            `${assignment.name} declined to review ${applicant?.name ?? 'an applicant'}'s ${application.credential} application to ${association.name}.`,
            '',
            `Their reason: ${input.reason}`,
            '',
            'Assign another reviewer in their place:',
            links.staff,
          ].join('\n'),
        },
        { account: null, dailyLimit: services.config.mailDailyLimit },
      );
    return { association, applicantName: applicant?.name ?? '' };
  });
}

/**
 * The reviewer's own assignments on applications still under way: overdue
 * first, then by due date.
 */
export async function myReviewAssignments(
  actor: Actor | undefined,
  services: Services,
  now: Date = new Date(),
) {
  if (!actor) throw new SignInRequiredError();
  const today = timestamp(now).slice(0, 10);
  const rows = (await activeReviewsOfPerson(services.db.kysely, actor.userId)).filter(
    (r) => !isDecided(r.status) && !isClosed(r.status),
  );
  const credentialName = (slug: string, id: string) =>
    catalogs()
      .get(slug)
      ?.credentials.find((c) => c.id === id)?.name ?? id;
  return overdueFirst(
    rows.map((r) => ({
      ...r,
      credentialName: credentialName(r.associationSlug, r.credential),
      mayDecline: can(actor, 'review.decline', {
        associationId: r.associationId,
        applicationState: r.status,
        reviewerIds: [actor.userId],
      }),
    })),
    today,
  );
}
export type MyReviewAssignment = Awaited<ReturnType<typeof myReviewAssignments>>[number];

/** The application, if the actor may assign its reviewers (asked before a form's values are judged). */
export const reviewersTarget = (
  actor: Actor | undefined,
  applicationId: string,
  associationId: string,
  services: Services,
) => authorizeApplication(actor, applicationId, 'application.assignReviewers', services, associationId);

/** The application, if the actor is one of its reviewers and may decline it now. */
export const declineTarget = (actor: Actor | undefined, applicationId: string, services: Services) =>
  authorizeApplication(actor, applicationId, 'review.decline', services);
