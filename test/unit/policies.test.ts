// The authorization matrix at the policy level: every action × every role ×
// own / other person's / other association's data × every application state ×
// assigned to it (as advisor, as reviewer) or not, each expected allow or deny.
// The expectations are written out here from issue 9 ("an actor may do an
// action only in the states it lists"; an advisor or reviewer sees only the
// applications they are assigned to), not read from the policies.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ApplicationState, applicationStates } from '../../src/domain/application-lifecycle.ts';
import { type EndorsementStatus, endorsementStatuses } from '../../src/domain/endorsement.ts';
import {
  type Action,
  type Actor,
  actions,
  can,
  type Resource,
  type Role,
  roles,
} from '../../src/policies/index.ts';

const HERE = 'assoc-here';
const ELSEWHERE = 'assoc-elsewhere';
const ME = 'user-me';
const SOMEONE = 'user-someone';

type Who = Role | 'site-admin' | 'none';
const everyone: Who[] = [...roles, 'site-admin', 'none'];

const actorWith = (role: Who): Actor => ({
  userId: ME,
  isSiteAdmin: role === 'site-admin',
  roles: new Map(role === 'site-admin' || role === 'none' ? [] : [[HERE, new Set<Role>([role])]]),
});

type Situation = 'own' | 'other' | 'other-association';
const situations: Record<Situation, Resource> = {
  own: { associationId: HERE, ownerId: ME, ownerAssociationIds: [HERE] },
  other: { associationId: HERE, ownerId: SOMEONE, ownerAssociationIds: [HERE] },
  'other-association': { associationId: ELSEWHERE, ownerId: SOMEONE, ownerAssociationIds: [ELSEWHERE] },
};
/** How the actor is assigned to the application: not at all, as its advisor, or as one of its reviewers. */
type Assignment = 'unassigned' | 'advisor' | 'reviewer';
const assignments: Assignment[] = ['unassigned', 'advisor', 'reviewer'];

interface Case {
  who: Who;
  situation: Situation;
  state: ApplicationState;
  assignment: Assignment;
  /** The endorsement's status, for the endorsement's actions (the application is then endorsed). */
  endorsement?: EndorsementStatus;
}
const endorsementIn = (c: Case, statuses: EndorsementStatus[]) =>
  !!c.endorsement && statuses.includes(c.endorsement);

// What the issue lists, by hand.
const beforeDecision: ApplicationState[] = [
  'draft',
  'submitted',
  'in-review',
  'more-information-requested',
  'resubmitted',
  'on-hold',
  'awaiting-exam',
  'exam-failed',
];
/** Not deferred, declined or withdrawn. */
const open: ApplicationState[] = [...beforeDecision, 'approved', 'exam-passed'];
/** Where reviewers are at work or about to be: from submission to a decision. */
const underReview: ApplicationState[] = ['submitted', 'in-review', 'resubmitted', 'on-hold'];

const siteAdmin = (c: Case) => c.who === 'site-admin';
const owner = (c: Case) => c.situation === 'own';
const inMyAssociation = (c: Case, ...held: Who[]) =>
  c.situation !== 'other-association' && held.includes(c.who);
const coordination = (c: Case) => siteAdmin(c) || inMyAssociation(c, 'coordinator', 'admin');
const associationAdmin = (c: Case) => siteAdmin(c) || inMyAssociation(c, 'admin');
/** Issue 10: exam administrators are the exam-scorer role and association admins, and no one else. */
const examAdministrator = (c: Case) => inMyAssociation(c, 'exam-scorer', 'admin');
/** Assigned in that role and holding the role in the application's association. */
const assignedAs = (c: Case, role: 'advisor' | 'reviewer') =>
  c.assignment === role && inMyAssociation(c, role);
const inState = (c: Case, states: ApplicationState[]) => states.includes(c.state);

const expected: Record<Action, (c: Case) => boolean> = {
  'association.list': siteAdmin,
  'association.create': siteAdmin,
  'association.update': siteAdmin,
  'association.view': (c) => siteAdmin(c) || inMyAssociation(c, ...roles),
  'people.read': associationAdmin,
  'role.assign': associationAdmin,
  'apiToken.manage': associationAdmin,
  'catalog.update': associationAdmin,
  'application.create': () => true,
  'application.list': coordination,
  // The exam scorer reads no application (issue 10 gives exam readers their own rule).
  'application.read': (c) =>
    owner(c) || coordination(c) || assignedAs(c, 'advisor') || assignedAs(c, 'reviewer'),
  'application.track': owner,
  'application.history': coordination,
  'application.submit': (c) => owner(c) && inState(c, ['draft']),
  'application.resubmit': (c) => owner(c) && inState(c, ['more-information-requested']),
  'application.withdraw': (c) => owner(c) && inState(c, beforeDecision),
  'application.assignAdvisor': (c) => coordination(c) && inState(c, open),
  'application.assignReviewers': (c) => coordination(c) && inState(c, underReview),
  'application.startReview': (c) => coordination(c) && inState(c, ['submitted', 'resubmitted']),
  // A failed exam with no retake left is declined (issue 10).
  'application.decide': (c) => coordination(c) && inState(c, [...underReview, 'exam-failed']),
  'application.resume': (c) => coordination(c) && inState(c, ['on-hold']),
  // Issue 11: approved (no exam) or exam passed → endorsed.
  'application.finalize': (c) => coordination(c) && inState(c, ['approved', 'exam-passed']),
  'application.advise': (c) => assignedAs(c, 'advisor') && inState(c, open),
  'application.message': (c) => (owner(c) || assignedAs(c, 'advisor')) && inState(c, open),
  // The thread is read after the application closes too; coordinators read along.
  'application.readMessages': (c) => owner(c) || assignedAs(c, 'advisor') || coordination(c),
  'review.submit': (c) => assignedAs(c, 'reviewer') && inState(c, ['in-review']),
  'review.decline': (c) => assignedAs(c, 'reviewer') && inState(c, underReview),
  'reviewerQualification.record': coordination,
  'associationSettings.update': associationAdmin,
  'portfolio.read': (c) =>
    owner(c) || coordination(c) || assignedAs(c, 'advisor') || assignedAs(c, 'reviewer'),
  'portfolio.update': owner,
  'reference.request': owner,
  // Never the applicant's own references, whatever role they hold.
  'reference.readContent': (c) => !owner(c) && (coordination(c) || assignedAs(c, 'reviewer')),
  'payment.record': coordination,
  'fee.waive': coordination,
  'examBank.read': examAdministrator,
  'examBank.edit': examAdministrator,
  'examForm.compose': examAdministrator,
  'examStatistics.read': examAdministrator,
  'examItem.discount': examAdministrator,
  'examSitting.schedule': coordination,
  // Approved → registered; failed → registered again (a retake).
  'exam.register': (c) => coordination(c) && inState(c, ['approved', 'exam-failed', 'awaiting-exam']),
  'exam.reschedule': (c) => coordination(c) && inState(c, ['awaiting-exam']),
  'exam.markNoShow': (c) => coordination(c) && inState(c, ['awaiting-exam']),
  'exam.chooseSitting': (c) => owner(c) && inState(c, ['approved', 'exam-failed', 'awaiting-exam']),
  'examAccommodation.grant': (c) => coordination(c) && inState(c, open),
  'exam.take': (c) => owner(c) && inState(c, ['awaiting-exam']),
  'exam.enterPaper': examAdministrator,
  'essay.score': examAdministrator,
  'exam.readResult': (c) => owner(c) || coordination(c),
  // Issue 11: an endorsement's coordinators see and move it; the endorsee downloads and chooses listing.
  'endorsement.list': coordination,
  'endorsement.read': coordination,
  'endorsement.download': (c) => owner(c) || coordination(c),
  'endorsement.chooseListing': owner,
  'endorsement.suspend': (c) => coordination(c) && endorsementIn(c, ['active']),
  'endorsement.reinstate': (c) => coordination(c) && endorsementIn(c, ['suspended']),
  // Final: a revoked endorsement is never reinstated.
  'endorsement.revoke': (c) => coordination(c) && endorsementIn(c, ['active', 'suspended']),
  'endorsement.acceptTransfer': coordination,
  // Issue 12: the endorsee renews, pauses, asks to be reinstated and sends audit proof;
  // the coordinators see the year, extend a due date, decide audits and reinstate.
  'renewal.read': owner,
  'renewal.submit': (c) => owner(c) && endorsementIn(c, ['active']),
  'renewal.pause': (c) => owner(c) && endorsementIn(c, ['active']),
  'renewal.requestReinstatement': (c) => owner(c) && endorsementIn(c, ['lapsed', 'inactive']),
  'renewal.uploadProof': owner,
  'renewal.list': coordination,
  'renewal.extend': (c) => coordination(c) && endorsementIn(c, ['active']),
  'renewal.decideAudit': coordination,
  'renewal.reinstate': (c) => coordination(c) && endorsementIn(c, ['lapsed', 'inactive']),
};

const resourceFor = (c: Case): Resource => ({
  ...situations[c.situation],
  applicationState: c.state,
  advisorIds: c.assignment === 'advisor' ? [ME, 'user-advisor-2'] : ['user-advisor-2'],
  reviewerIds: c.assignment === 'reviewer' ? ['user-reviewer-2', ME] : ['user-reviewer-2', 'user-reviewer-3'],
  ...(c.endorsement ? { endorsementStatus: c.endorsement } : {}),
});

/** Every case for `action`: the endorsement's actions walk its statuses, the others the application's states. */
function* casesOf(action: Action): Generator<Case> {
  const endorsementAction = action.startsWith('endorsement.') || action.startsWith('renewal.');
  for (const who of everyone)
    for (const situation of Object.keys(situations) as Situation[])
      for (const assignment of assignments)
        if (endorsementAction)
          for (const endorsement of endorsementStatuses)
            yield { who, situation, state: 'endorsed', assignment, endorsement };
        else for (const state of applicationStates) yield { who, situation, state, assignment };
}

describe('authorization matrix (policy)', () => {
  for (const action of actions) {
    test(action, () => {
      let allowed = 0;
      for (const c of casesOf(action)) {
        const want = expected[action](c);
        if (want) allowed++;
        assert.equal(
          can(actorWith(c.who), action, resourceFor(c)),
          want,
          `${c.who} / ${c.situation} / ${c.endorsement ?? c.state} / ${c.assignment} / ${action}`,
        );
      }
      assert.ok(allowed > 0, `someone may ${action}`);
    });
  }

  test('an advisor or reviewer without the assignment sees nothing of the application', () => {
    for (const role of ['advisor', 'reviewer'] as const)
      for (const state of applicationStates) {
        const c: Case = { who: role, situation: 'other', state, assignment: 'unassigned' };
        for (const action of ['application.read', 'portfolio.read', 'reference.readContent'] as const)
          assert.equal(can(actorWith(role), action, resourceFor(c)), false, `${role} ${action} ${state}`);
      }
  });

  test('an assignment in one role gives nothing of the other', () => {
    const c: Case = { who: 'reviewer', situation: 'other', state: 'in-review', assignment: 'advisor' };
    assert.equal(can(actorWith('reviewer'), 'review.submit', resourceFor(c)), false);
    const d: Case = { who: 'advisor', situation: 'other', state: 'draft', assignment: 'reviewer' };
    assert.equal(can(actorWith('advisor'), 'application.advise', resourceFor(d)), false);
  });

  test('a resource without a state allows no step', () => {
    for (const action of ['application.submit', 'application.decide', 'review.submit'] as const)
      assert.equal(can(actorWith('coordinator'), action, situations.other), false, action);
  });

  test('no one is allowed anything without signing in', () => {
    for (const action of actions)
      assert.equal(can(undefined, action, { ...situations.own, applicationState: 'draft' }), false, action);
  });

  test('an API token acts only inside its association, and never as site administrator', () => {
    const token: Actor = { ...actorWith('admin'), isSiteAdmin: true, tokenAssociationId: HERE };
    assert.equal(can(token, 'people.read', { associationId: HERE }), true);
    assert.equal(can(token, 'people.read', { associationId: ELSEWHERE }), false);
    assert.equal(can(token, 'association.create'), false);
    assert.equal(can(token, 'portfolio.update', situations.own), false);
    assert.equal(can(token, 'fee.waive', { associationId: HERE }), true);
    assert.equal(can(token, 'fee.waive', { associationId: ELSEWHERE }), false);
  });

  test('roles in one association give nothing in another', () => {
    const both: Actor = {
      userId: ME,
      isSiteAdmin: false,
      roles: new Map([
        [ELSEWHERE, new Set<Role>(['applicant'])],
        [HERE, new Set<Role>(['coordinator'])],
      ]),
    };
    assert.equal(can(both, 'application.list', { associationId: HERE }), true);
    assert.equal(can(both, 'application.list', { associationId: ELSEWHERE }), false);
  });
});
