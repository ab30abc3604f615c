// The authorization matrix through the real app (app.inject): every route in
// src/http/route-table.ts × every actor × own / another person's / another
// association's data, each expected allow or deny. The expected table below is
// written by hand from the rules in issue 3, not computed from the policy:
//
//   - applicants see only their own data;
//   - staff of one association never see another association's applicants
//     (roles are held in mi-aimh; ct-aimh is "the other association");
//   - an association admin manages people, roles and API tokens, and holds
//     every staff power of a coordinator in their association;
//   - coordinators read the association's applications and their histories;
//   - a site admin manages associations and may act in every association;
//   - an API token acts for the admin who made it, in its association only,
//     and only on the JSON API (on pages it is nobody);
//   - the setup link works once, while the site has no administrator: with one
//     in place (here) it works for nobody, whatever their roles.
//
// Allowed: the route's own answer (2xx, or a redirect to the expected place).
// Denied: exactly the answer of an address with nothing there (404, the same
// page or JSON body), so that a refusal never tells that something exists; for
// someone not signed in, a redirect to /sign-in (pages and forms) or 401 (API).
// A denied POST must change nothing in the database.
// Fixtures are built once for the file; allowed POSTs undo what they changed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { findApiToken } from '../../src/db/repositories/api-tokens.ts';
import { listJobs } from '../../src/db/repositories/jobs.ts';
import {
  applicationsOfPerson,
  findApplication as findApplicationRow,
} from '../../src/db/repositories/applications.ts';
import { takeStep } from '../../src/services/lifecycle.ts';
import { endorsee, type Endorsee } from '../helpers/endorsement.ts';
import { findAssociation, updateAssociationName } from '../../src/db/repositories/associations.ts';
import { findMembership, findPersonByEmail, setMembershipRoles } from '../../src/db/repositories/people.ts';
import { insertFeeDue } from '../../src/db/repositories/fees.ts';
import { assignmentsOf, insertAssignment } from '../../src/db/repositories/assignments.ts';
import { insertQualification } from '../../src/db/repositories/reviewers.ts';
import { itemVersions } from '../../src/db/repositories/exam-bank.ts';
import { createItem } from '../../src/services/exam-bank.ts';
import { composeForm, retireForm } from '../../src/services/exam-forms.ts';
import { writeAssociationSetting } from '../../src/db/repositories/settings.ts';
import { reviewSettingsOf } from '../../src/services/association-settings.ts';
import { type RouteInfo, routeTable } from '../../src/http/route-table.ts';
import { parseRoles, type Role } from '../../src/policies/index.ts';
import { loadActor } from '../../src/services/actors.ts';
import { createApiToken } from '../../src/services/api-tokens.ts';
import { startApplication } from '../../src/services/applications.ts';
import { assignAdvisor } from '../../src/services/advising.ts';
import { setRoles } from '../../src/services/people.ts';
import { issueSetupLink } from '../../src/services/setup.ts';
import { deleteEntry, findEntry } from '../../src/db/repositories/portfolio.ts';
import { addEntry, editEntry } from '../../src/services/portfolio.ts';
import { hiddenValue, minimalPdf } from '../helpers/portfolio-http.ts';
import { ratingDomains, requestReference } from '../../src/services/references.ts';
import {
  type Browser,
  csrfToken,
  type Form,
  pageText,
  PASSWORD,
  startApp,
  type TestApp,
} from '../helpers/http.ts';
import { answersOf, attemptOfRegistration, findAttempt } from '../../src/db/repositories/exam-attempts.ts';
import { formItems } from '../../src/db/repositories/exam-bank.ts';
import { findRegistration, insertSitting, registrationsOf } from '../../src/db/repositories/exam-sittings.ts';
import { timestamp } from '../../src/db/portable.ts';
import {
  findEndorsement,
  insertEndorsement,
  setEndorsementListed,
} from '../../src/db/repositories/endorsements.ts';
import { addYears } from '../../src/domain/renewal.ts';
import {
  auditEntriesOf,
  extensionsOf,
  findAuditEntry,
  insertAuditEntries,
  insertRenewal,
} from '../../src/db/repositories/renewals.ts';
import { uploadAuditProof } from '../../src/services/renewal-audit.ts';
import { issueCredential } from '../../src/services/credentials.ts';
import { registerForSitting } from '../../src/services/exam-sittings.ts';
import { scoreAttempt } from '../../src/services/exam-scoring.ts';
import { chooseVignettes, startAttempt } from '../../src/services/exam-taking.ts';
import {
  approvedApplication,
  readyExamForm,
  sampleBank,
  sitting,
  submittedAttempt,
} from '../helpers/exam.ts';

// ---------------------------------------------------------------------------
// Who, and about whose data.

const whos = [
  'anonymous',
  'applicant',
  'advisor',
  'reviewer',
  'exam-scorer',
  'coordinator',
  'admin',
  'site-admin',
  'token-mi',
  'token-ct',
] as const;
type Who = (typeof whos)[number];

/**
 * own: the actor's own data (anonymous visitors and API tokens have none), or
 *      for a route about a whole association, the actor's association mi-aimh;
 * other: another person's data in mi-aimh;
 * other-association: ct-aimh's data.
 */
type Scope = 'own' | 'other' | 'other-association';
const scopes: readonly Scope[] = ['own', 'other', 'other-association'];

const everyone: readonly Who[] = whos;
/** Signed in with a session (every role of mi-aimh, and the site admin). */
const signedIn: readonly Who[] = [
  'applicant',
  'advisor',
  'reviewer',
  'exam-scorer',
  'coordinator',
  'admin',
  'site-admin',
];
const nobody: readonly Who[] = [];

// ---------------------------------------------------------------------------
// The expected table: who is allowed, per route and scope. The scopes listed
// are those that mean something for the route; anyone not listed is denied.

type Expected = Partial<Record<Scope, readonly Who[]>>;

/** The exam's sittings: the association's coordination (its coordinators and admins, and the site admin). */
const sittingStaff: Expected = {
  own: ['coordinator', 'admin', 'site-admin'],
  'other-association': ['site-admin'],
};
/** An application's exam page: as its staff page. */
const examStaff: Expected = {
  own: ['coordinator', 'admin', 'site-admin'],
  other: ['coordinator', 'admin', 'site-admin'],
  'other-association': ['site-admin'],
};

const expected: Record<string, Expected> = {
  'GET /healthz': { own: everyone },
  'GET /readyz': { own: everyone },

  'GET /': { own: everyone },
  'GET /sign-up': { own: everyone },
  'POST /sign-up': { own: everyone },
  'GET /sign-in': { own: everyone },
  'POST /sign-in': { own: everyone },
  'POST /sign-in/link': { own: everyone },
  'GET /forgot-password': { own: everyone },
  'POST /forgot-password': { own: everyone },
  'GET /reset-password': { own: everyone },
  'POST /reset-password': { own: everyone },
  'POST /sign-out': { own: everyone },

  'GET /account': { own: signedIn },
  'POST /account/name': { own: signedIn },
  'POST /account/password': { own: signedIn },
  'GET /account/choose-password': { own: signedIn },
  'POST /account/choose-password': { own: signedIn },
  'POST /account/sign-out-everywhere': { own: signedIn },

  // A used setup link, once a site administrator exists: nobody.
  'GET /setup': { own: nobody },
  'POST /setup': { own: nobody },

  'GET /admin/associations': { own: ['site-admin'] },
  'POST /admin/associations': { own: ['site-admin'] },
  'POST /admin/associations/:slug/name': { own: ['site-admin'], 'other-association': ['site-admin'] },

  'GET /associations/:slug/people': { own: ['admin', 'site-admin'], 'other-association': ['site-admin'] },
  // own: my own roles in mi-aimh (a non-admin trying to make themselves admin);
  // other: another person's roles in mi-aimh; other-association: someone's in ct-aimh.
  'POST /associations/:slug/people': {
    own: ['admin', 'site-admin'],
    other: ['admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'GET /associations/:slug/api-tokens': { own: ['admin', 'site-admin'], 'other-association': ['site-admin'] },
  // The review settings: the association's admins.
  'GET /associations/:slug/settings': { own: ['admin', 'site-admin'], 'other-association': ['site-admin'] },
  'POST /associations/:slug/settings': { own: ['admin', 'site-admin'], 'other-association': ['site-admin'] },
  'POST /associations/:slug/api-tokens': {
    own: ['admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'POST /associations/:slug/api-tokens/:id/revoke': {
    own: ['admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'GET /associations/:slug/applications': {
    own: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'GET /associations/:slug/applications.csv': {
    own: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  // own: the actor's own application's history; other: another applicant's in mi-aimh.
  'GET /associations/:slug/applications/:id': {
    own: ['coordinator', 'admin', 'site-admin'],
    other: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },

  // The exam's item bank and forms: the exam administrators of the association (its exam scorers and
  // admins), never a site admin without the role, a coordinator, reviewer, advisor or applicant.
  ...Object.fromEntries(
    [
      'GET /associations/:slug/exam/items',
      'POST /associations/:slug/exam/items',
      'GET /associations/:slug/exam/items/import',
      'POST /associations/:slug/exam/items/import',
      'GET /associations/:slug/exam/items/export.csv',
      'GET /associations/:slug/exam/items/export.qti.xml',
      'GET /associations/:slug/exam/items/:itemId',
      'POST /associations/:slug/exam/items/:itemId',
      'POST /associations/:slug/exam/items/:itemId/status',
      'GET /associations/:slug/exam/forms',
      'POST /associations/:slug/exam/forms',
      'GET /associations/:slug/exam/forms/:formId',
      'POST /associations/:slug/exam/forms/:formId/ready',
      'POST /associations/:slug/exam/forms/:formId/retire',
    ].map((key) => [key, { own: ['exam-scorer', 'admin'], 'other-association': nobody } satisfies Expected]),
  ),

  // Reviewers: staff record the endorsements reviewers hold; an application's reviewers are assigned by its
  // association's coordinators and admins (submitted applications: "own" is a draft, so not asked); a
  // reviewer lists their own reviews and declines only an application they are assigned to in their association.
  'GET /associations/:slug/reviewers': {
    own: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'POST /associations/:slug/reviewers': {
    own: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'POST /associations/:slug/reviewers/:qualificationId/remove': {
    own: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'GET /associations/:slug/applications/:id/reviewers': {
    own: ['coordinator', 'admin', 'site-admin'],
    other: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  // Advising: the coordinators assign the advisor; the applicant and the advisor (assigned to Olive's
  // application) write to each other, the coordinators read along; only the advisor comments.
  'POST /associations/:slug/applications/:id/advisor': {
    own: ['coordinator', 'admin', 'site-admin'],
    other: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'POST /associations/:slug/applications/:id/reviewers': {
    other: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'POST /associations/:slug/applications/:id/reviewers/:assignmentId/remove': {
    other: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'GET /reviews': { own: signedIn },
  'POST /reviews/:id/decline': { other: ['reviewer'], 'other-association': nobody },
  'POST /associations/:slug/applications/:id/advisor/remove': {
    own: ['coordinator', 'admin', 'site-admin'],
    other: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'GET /advising': { own: signedIn },
  'GET /applications/:id/messages': {
    own: signedIn,
    other: ['advisor', 'coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'POST /applications/:id/messages': { own: signedIn, other: ['advisor'], 'other-association': nobody },
  'POST /applications/:id/comments': { own: nobody, other: ['advisor'], 'other-association': nobody },

  'GET /applications': { own: signedIn },
  'GET /applications/start': { own: signedIn },
  'POST /applications': { own: signedIn },

  // Self-study: anyone, signed in or not. Submission: only the applicant, on their own application.
  // Payments: the association's coordinators and admins (and the site admin).
  'GET /self-study': { own: everyone },
  'POST /self-study': { own: everyone },
  'POST /self-study/import': { own: everyone },
  'GET /applications/:id/submit': { own: signedIn, other: nobody, 'other-association': nobody },
  'POST /applications/:id/submit': { own: signedIn, other: nobody, 'other-association': nobody },
  'POST /associations/:slug/applications/:id/payments': {
    own: ['coordinator', 'admin', 'site-admin'],
    other: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  // Waiving a fee, with a reason: as recording a payment.
  'POST /associations/:slug/applications/:id/waivers': {
    own: ['coordinator', 'admin', 'site-admin'],
    other: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },

  // After submission. The actors' own applications are drafts: nothing to resubmit; withdrawing
  // (unconfirmed) and the decision letter ("no decision yet") are the applicant's own.
  'POST /applications/:id/resubmit': { own: nobody, other: nobody, 'other-association': nobody },
  'POST /applications/:id/withdraw': { own: signedIn, other: nobody, 'other-association': nobody },
  'GET /applications/:id/decision': { own: signedIn, other: nobody, 'other-association': nobody },
  // The review: only the reviewer assigned to it (other: Olive's application under review).
  'GET /reviews/:applicationId': { own: nobody, other: ['reviewer'], 'other-association': nobody },
  'POST /reviews/:applicationId': { own: nobody, other: ['reviewer'], 'other-association': nobody },
  // The coordinator's steps: the association's coordinators and admins (and the site admin), who are
  // told when the application's state forbids the step.
  'POST /associations/:slug/applications/:id/decide': {
    other: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'POST /associations/:slug/applications/:id/resume': {
    other: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'POST /associations/:slug/applications/:id/start-review': {
    other: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  // Finalizing (issue 11, part D): the coordinator's step too.
  'POST /associations/:slug/applications/:id/finalize': {
    other: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },

  // References: only the applicant manages their requests; the rater's link is public (the token is
  // the credential); the reviewers assigned, coordinators and admins read ratings, never those of their
  // own application.
  'GET /applications/:id/references': { own: signedIn, other: nobody, 'other-association': nobody },
  'POST /applications/:id/references': { own: signedIn, other: nobody, 'other-association': nobody },
  'POST /applications/:id/references/:requestId/resend': {
    own: signedIn,
    other: nobody,
    'other-association': nobody,
  },
  'POST /applications/:id/references/:requestId/revoke': {
    own: signedIn,
    other: nobody,
    'other-association': nobody,
  },
  'GET /references/respond/:token': { own: everyone },
  'POST /references/respond/:token': { own: everyone },
  'GET /associations/:slug/applications/:id/references': {
    own: nobody,
    other: ['reviewer', 'coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },

  // The portfolio: a person's own pages (no id in the address) for anyone signed in; an entry only by
  // its owner (not even a site admin changes someone's portfolio); an application's page and its
  // portfolio, and uploaded files, also by the association's coordinators and admins and by the advisor
  // and reviewers assigned to the application (the matrix's are assigned to Olive's; the exam scorer
  // reads no application). Unassigned advisors and reviewers: see "assigned or not" below.
  'GET /applications/:id': {
    own: signedIn,
    other: ['advisor', 'reviewer', 'coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'GET /applications/:id/portfolio': {
    own: signedIn,
    other: ['advisor', 'reviewer', 'coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'GET /portfolio': { own: signedIn },
  'GET /portfolio/agreements': { own: signedIn },
  'POST /portfolio/agreements': { own: signedIn },
  'GET /portfolio/competencies': { own: signedIn },
  'GET /portfolio/export': { own: signedIn },
  'GET /portfolio/import': { own: signedIn },
  'POST /portfolio/import': { own: signedIn },
  'POST /portfolio/import/confirm': { own: signedIn },
  'GET /portfolio/files/:fileId': {
    own: signedIn,
    other: ['advisor', 'reviewer', 'coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'GET /portfolio/:section': { own: signedIn },
  'POST /portfolio/:section': { own: signedIn },
  'GET /portfolio/:section/:entryId': { own: signedIn, other: nobody, 'other-association': nobody },
  'POST /portfolio/:section/:entryId': { own: signedIn, other: nobody, 'other-association': nobody },
  'POST /portfolio/:section/:entryId/remove': { own: signedIn, other: nobody, 'other-association': nobody },

  'GET /api/v1/me': { own: [...signedIn, 'token-mi', 'token-ct'] },
  'GET /api/v1/associations/:slug/applications': {
    own: ['coordinator', 'admin', 'site-admin', 'token-mi'],
    'other-association': ['site-admin', 'token-ct'],
  },
  // One application as submitted: as its page, and the association's API tokens (which have no application).
  'GET /api/v1/associations/:slug/applications/:id': {
    own: ['coordinator', 'admin', 'site-admin'],
    other: ['coordinator', 'admin', 'site-admin', 'token-mi'],
    'other-association': ['site-admin', 'token-ct'],
  },
  // The process through the API: as its staff page, and the association's API tokens (which have no
  // application of their own); the reviewer's own review with their session only (a token is the admin's).
  'POST /api/v1/associations/:slug/applications/:id/advisor': {
    own: ['coordinator', 'admin', 'site-admin'],
    other: ['coordinator', 'admin', 'site-admin', 'token-mi'],
    'other-association': ['site-admin', 'token-ct'],
  },
  'POST /api/v1/associations/:slug/applications/:id/advisor/remove': {
    own: ['coordinator', 'admin', 'site-admin'],
    other: ['coordinator', 'admin', 'site-admin', 'token-mi'],
    'other-association': ['site-admin', 'token-ct'],
  },
  'GET /api/v1/associations/:slug/applications/:id/reviewers': {
    own: ['coordinator', 'admin', 'site-admin'],
    other: ['coordinator', 'admin', 'site-admin', 'token-mi'],
    'other-association': ['site-admin', 'token-ct'],
  },
  'POST /api/v1/associations/:slug/applications/:id/reviewers': {
    other: ['coordinator', 'admin', 'site-admin', 'token-mi'],
    'other-association': ['site-admin', 'token-ct'],
  },
  'POST /api/v1/associations/:slug/applications/:id/reviewers/:assignmentId/remove': {
    other: ['coordinator', 'admin', 'site-admin', 'token-mi'],
    'other-association': ['site-admin', 'token-ct'],
  },
  'POST /api/v1/associations/:slug/applications/:id/decision': {
    other: ['coordinator', 'admin', 'site-admin', 'token-mi'],
    'other-association': ['site-admin', 'token-ct'],
  },
  'POST /api/v1/associations/:slug/applications/:id/resume': {
    other: ['coordinator', 'admin', 'site-admin', 'token-mi'],
    'other-association': ['site-admin', 'token-ct'],
  },
  'POST /api/v1/associations/:slug/applications/:id/start-review': {
    other: ['coordinator', 'admin', 'site-admin', 'token-mi'],
    'other-association': ['site-admin', 'token-ct'],
  },
  'POST /api/v1/associations/:slug/applications/:id/fees/:feeDueId/waiver': {
    own: ['coordinator', 'admin', 'site-admin'],
    other: ['coordinator', 'admin', 'site-admin', 'token-mi'],
    'other-association': ['site-admin', 'token-ct'],
  },
  'GET /api/v1/reviews': { own: signedIn },
  'GET /api/v1/reviews/:applicationId': { own: nobody, other: ['reviewer'], 'other-association': nobody },
  'POST /api/v1/reviews/:applicationId': { own: nobody, other: ['reviewer'], 'other-association': nobody },
  'GET /api/v1/associations/:slug/people': {
    own: ['admin', 'site-admin', 'token-mi'],
    'other-association': ['site-admin', 'token-ct'],
  },
  'GET /api/v1/associations/:slug/catalog/:credential': { own: everyone, 'other-association': everyone },

  // Taking the exam (own: the applicant actor's application awaiting the exam, its attempt under way;
  // the other actors' own are drafts, with no exam to take; other: Olive's attempt under way). The exam
  // page is the owner's; the items, essays and submission the owner's while the application awaits the
  // exam: staff never see them. Paper entry: exam administrators (exam scorers and admins, not the
  // site admin), at their own association's address only.
  'GET /applications/:id/exam': { own: signedIn, other: nobody, 'other-association': nobody },
  'POST /applications/:id/exam/start': { own: ['applicant'], other: nobody, 'other-association': nobody },
  'GET /applications/:id/exam/items/:n': { own: ['applicant'], other: nobody, 'other-association': nobody },
  'POST /applications/:id/exam/items/:n': { own: ['applicant'], other: nobody, 'other-association': nobody },
  'GET /applications/:id/exam/essays': { own: ['applicant'], other: nobody, 'other-association': nobody },
  'POST /applications/:id/exam/essays': { own: ['applicant'], other: nobody, 'other-association': nobody },
  'GET /applications/:id/exam/essays/:n': { own: ['applicant'], other: nobody, 'other-association': nobody },
  'POST /applications/:id/exam/essays/:n': { own: ['applicant'], other: nobody, 'other-association': nobody },
  'POST /applications/:id/exam/autosave': { own: ['applicant'], other: nobody, 'other-association': nobody },
  'GET /applications/:id/exam/submit': { own: ['applicant'], other: nobody, 'other-association': nobody },
  'POST /applications/:id/exam/submit': { own: ['applicant'], other: nobody, 'other-association': nobody },
  'GET /associations/:slug/exam/sittings/:sittingId/paper/:registrationId': {
    own: ['exam-scorer', 'admin'],
    'other-association': nobody,
  },
  'POST /associations/:slug/exam/sittings/:sittingId/paper/:registrationId': {
    own: ['exam-scorer', 'admin'],
    'other-association': nobody,
  },
  // Exam scoring (issue 10): readers' blind queue, statistics and discounts for exam administrators (the
  // exam scorer and the association's admin, not the site admin, not coordinators); results for the
  // applicant and coordination, at the staff address for those who read the staff page.
  'GET /associations/:slug/exam/reading': { own: ['exam-scorer', 'admin'], 'other-association': nobody },
  'GET /associations/:slug/exam/reading/:blindCode': {
    own: ['exam-scorer', 'admin'],
    'other-association': nobody,
  },
  'POST /associations/:slug/exam/reading/:blindCode': {
    own: ['exam-scorer', 'admin'],
    'other-association': nobody,
  },
  'GET /applications/:id/exam/result': {
    own: signedIn,
    other: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'GET /associations/:slug/applications/:id/exam/result': {
    own: ['coordinator', 'admin', 'site-admin'],
    other: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'GET /associations/:slug/exam/sittings/:sittingId/statistics': {
    own: ['exam-scorer', 'admin'],
    'other-association': nobody,
  },
  'POST /associations/:slug/exam/sittings/:sittingId/statistics/discount': {
    own: ['exam-scorer', 'admin'],
    'other-association': nobody,
  },
  // Exam sittings (issue 10): the association's coordinators and admins (and the site admin) schedule,
  // change and cancel sittings and register applicants, and see an application's exam page (own: their
  // own draft, which they may read as staff); the exam settings are the admins'. The applicant chooses
  // a sitting for their own application once approved (own: an approved application of the actor's),
  // never for another's, whatever their role.
  'POST /associations/:slug/settings/exam': {
    own: ['admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  // Renewal settings (issue 12): the association's admins, as its other settings.
  'POST /associations/:slug/settings/renewal': {
    own: ['admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'GET /associations/:slug/exam/sittings': sittingStaff,
  'POST /associations/:slug/exam/sittings': sittingStaff,
  'GET /associations/:slug/exam/sittings/:sittingId': sittingStaff,
  'POST /associations/:slug/exam/sittings/:sittingId': sittingStaff,
  'POST /associations/:slug/exam/sittings/:sittingId/cancel': sittingStaff,
  'POST /associations/:slug/exam/sittings/:sittingId/register': sittingStaff,
  'GET /associations/:slug/applications/:id/exam': examStaff,
  'POST /associations/:slug/applications/:id/exam/sitting': examStaff,
  'POST /associations/:slug/applications/:id/exam/no-show': examStaff,
  'POST /associations/:slug/applications/:id/exam/accommodations': examStaff,
  'GET /applications/:id/exam/sittings': { own: signedIn, other: nobody, 'other-association': nobody },
  'POST /applications/:id/exam/sittings': { own: signedIn, other: nobody, 'other-association': nobody },

  // The exam through the API (issue 10): as its pages, and the association's API tokens acting for the
  // admin who made them (exam administrators and coordination both); the applicant's own exam is theirs,
  // signed in only (a token never takes an exam). An application's exam steps are probed on each
  // association's examinee (other, other-association): the actors' own drafts have no registration.
  ...Object.fromEntries(
    [
      'GET /api/v1/associations/:slug/exam/items',
      'POST /api/v1/associations/:slug/exam/items',
      'POST /api/v1/associations/:slug/exam/items/import',
      'GET /api/v1/associations/:slug/exam/items/:itemId',
      'POST /api/v1/associations/:slug/exam/items/:itemId',
      'POST /api/v1/associations/:slug/exam/items/:itemId/status',
      'GET /api/v1/associations/:slug/exam/forms',
      'POST /api/v1/associations/:slug/exam/forms',
      'GET /api/v1/associations/:slug/exam/forms/:formId',
      'POST /api/v1/associations/:slug/exam/forms/:formId/ready',
      'POST /api/v1/associations/:slug/exam/forms/:formId/retire',
      'GET /api/v1/associations/:slug/exam/reading',
      'GET /api/v1/associations/:slug/exam/reading/:blindCode',
      'POST /api/v1/associations/:slug/exam/reading/:blindCode',
      'GET /api/v1/associations/:slug/exam/sittings/:sittingId/statistics',
      'POST /api/v1/associations/:slug/exam/sittings/:sittingId/statistics/discount',
    ].map((key) => [
      key,
      { own: ['exam-scorer', 'admin', 'token-mi'], 'other-association': ['token-ct'] } satisfies Expected,
    ]),
  ),
  ...Object.fromEntries(
    [
      'GET /api/v1/associations/:slug/exam/sittings',
      'POST /api/v1/associations/:slug/exam/sittings',
      'GET /api/v1/associations/:slug/exam/sittings/:sittingId',
      'POST /api/v1/associations/:slug/exam/sittings/:sittingId',
      'POST /api/v1/associations/:slug/exam/sittings/:sittingId/cancel',
      'POST /api/v1/associations/:slug/exam/sittings/:sittingId/register',
    ].map((key) => [
      key,
      {
        own: ['coordinator', 'admin', 'site-admin', 'token-mi'],
        'other-association': ['site-admin', 'token-ct'],
      } satisfies Expected,
    ]),
  ),
  'GET /api/v1/associations/:slug/applications/:id/exam': {
    own: ['coordinator', 'admin', 'site-admin'],
    other: ['coordinator', 'admin', 'site-admin', 'token-mi'],
    'other-association': ['site-admin', 'token-ct'],
  },
  ...Object.fromEntries(
    [
      'POST /api/v1/associations/:slug/applications/:id/exam/sitting',
      'POST /api/v1/associations/:slug/applications/:id/exam/no-show',
      'POST /api/v1/associations/:slug/applications/:id/exam/accommodations',
    ].map((key) => [
      key,
      {
        other: ['coordinator', 'admin', 'site-admin', 'token-mi'],
        'other-association': ['site-admin', 'token-ct'],
      } satisfies Expected,
    ]),
  ),
  'GET /api/v1/applications/:id/exam': { own: signedIn, other: nobody, 'other-association': nobody },
  'GET /api/v1/applications/:id/exam/sittings': { own: signedIn, other: nobody, 'other-association': nobody },
  'POST /api/v1/applications/:id/exam/sittings': {
    own: signedIn,
    other: nobody,
    'other-association': nobody,
  },
  ...Object.fromEntries(
    [
      'POST /api/v1/applications/:id/exam/start',
      'GET /api/v1/applications/:id/exam/items/:n',
      'POST /api/v1/applications/:id/exam/items/:n',
      'GET /api/v1/applications/:id/exam/essays',
      'POST /api/v1/applications/:id/exam/essays',
      'GET /api/v1/applications/:id/exam/essays/:n',
      'POST /api/v1/applications/:id/exam/essays/:n',
      'POST /api/v1/applications/:id/exam/submit',
    ].map((key) => [
      key,
      { own: ['applicant'], other: nobody, 'other-association': nobody } satisfies Expected,
    ]),
  ),
  'GET /api/v1/applications/:id/exam/result': {
    own: signedIn,
    other: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },

  // What the endorsee receives (issue 11): the certificate and letter for the endorsee ("own": each
  // actor's endorsement in mi-aimh) and the association's coordination (other: Olive's in mi-aimh;
  // other-association: Cora's in ct-aimh); the registry choice only for the endorsee.
  'GET /endorsements/:id/certificate.pdf': {
    own: signedIn,
    other: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'GET /endorsements/:id/letter': {
    own: signedIn,
    other: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'POST /endorsements/:id/listing': { own: signedIn, other: nobody, 'other-association': nobody },
  // The association's endorsements (issue 11): its coordinators and admins, and the site admin. For one
  // endorsement, other: an endorsee's of mi-aimh; other-association: an endorsee's of ct-aimh.
  ...Object.fromEntries(
    [
      'GET /associations/:slug/endorsements',
      'GET /associations/:slug/endorsements/transfer',
      'POST /associations/:slug/endorsements/transfer',
    ].map((key) => [
      key,
      { own: ['coordinator', 'admin', 'site-admin'], 'other-association': ['site-admin'] } satisfies Expected,
    ]),
  ),
  ...Object.fromEntries(
    [
      'GET /associations/:slug/endorsements/:endorsementId',
      'POST /associations/:slug/endorsements/:endorsementId/suspend',
      'POST /associations/:slug/endorsements/:endorsementId/reinstate',
      'POST /associations/:slug/endorsements/:endorsementId/revoke',
    ].map((key) => [
      key,
      {
        other: ['coordinator', 'admin', 'site-admin'],
        'other-association': ['site-admin'],
      } satisfies Expected,
    ]),
  ),
  // The renewal year (issue 12): the association's coordination, as its endorsements. For one endorsee's
  // renewal and an audited entry, other: an endorsee's of mi-aimh; other-association: one of ct-aimh.
  ...Object.fromEntries(
    ['GET /associations/:slug/renewals', 'GET /associations/:slug/renewals.csv'].map((key) => [
      key,
      { own: ['coordinator', 'admin', 'site-admin'], 'other-association': ['site-admin'] } satisfies Expected,
    ]),
  ),
  ...Object.fromEntries(
    [
      'GET /associations/:slug/renewals/:endorsementId',
      'POST /associations/:slug/renewals/:endorsementId/extension',
      'POST /associations/:slug/renewals/:endorsementId/reinstate',
      'POST /associations/:slug/renewals/audit-entries/:entryId/decision',
      'GET /associations/:slug/renewals/audit-entries/:entryId/proof',
    ].map((key) => [
      key,
      {
        other: ['coordinator', 'admin', 'site-admin'],
        'other-association': ['site-admin'],
      } satisfies Expected,
    ]),
  ),
  // What the public sees of endorsements (issue 11): everyone, of either association.
  'GET /associations/:slug/did.json': { own: everyone, 'other-association': everyone },
  'GET /associations/:slug/status/:purpose/:n': { own: everyone, 'other-association': everyone },
  'GET /credentials/:id/credential.json': { own: everyone, 'other-association': everyone },
  'GET /credentials/verify': { own: everyone },
  'POST /credentials/verify': { own: everyone },
  'GET /credentials/:id': { own: everyone, 'other-association': everyone },
  'GET /associations/:slug/credentials/:credential': { own: everyone, 'other-association': everyone },
  'GET /registry': { own: everyone },
  'GET /api/v1/registry/:slug/:number': { own: everyone, 'other-association': everyone },
  // The association's endorsements through the API (issue 11): as their pages, and the association's
  // API tokens; finalizing as the staff page's form.
  ...Object.fromEntries(
    [
      'GET /api/v1/associations/:slug/endorsements',
      'POST /api/v1/associations/:slug/endorsements/transfer',
    ].map((key) => [
      key,
      {
        own: ['coordinator', 'admin', 'site-admin', 'token-mi'],
        'other-association': ['site-admin', 'token-ct'],
      } satisfies Expected,
    ]),
  ),
  ...Object.fromEntries(
    [
      'GET /api/v1/associations/:slug/endorsements/:endorsementId',
      'POST /api/v1/associations/:slug/endorsements/:endorsementId/suspend',
      'POST /api/v1/associations/:slug/endorsements/:endorsementId/reinstate',
      'POST /api/v1/associations/:slug/endorsements/:endorsementId/revoke',
      'POST /api/v1/associations/:slug/applications/:id/finalize',
    ].map((key) => [
      key,
      {
        other: ['coordinator', 'admin', 'site-admin', 'token-mi'],
        'other-association': ['site-admin', 'token-ct'],
      } satisfies Expected,
    ]),
  ),
};

// ---------------------------------------------------------------------------
// Fixtures.

interface Person {
  id: string;
  name: string;
  email: string;
}
interface Association {
  id: string;
  slug: string;
  name: string;
}
/** What a request carries: cookies (session and CSRF secret), the CSRF token for forms, an API token. */
interface Credentials {
  cookie: string;
  csrf: string;
  bearer?: string;
}
interface ActorFx extends Credentials {
  who: Who;
  /** The signed-in person (session actors only). */
  self?: Person;
  /** The admin who made the API token (token actors only). */
  maker?: Person;
  /** Their own application in mi-aimh (session actors only). */
  ownApplicationId?: string;
}

let t: TestApp;
const actors = new Map<Who, ActorFx>();
let mi: Association;
let ct: Association;
let olive: Person; // another applicant of mi-aimh
/** An advisor, a reviewer and an exam scorer of mi-aimh assigned to nothing. */
const unassigned = new Map<Role, ActorFx>();
let oliveApplication: string;
let cora: Person; // an applicant of ct-aimh
let coraApplication: string;
let cade: Person; // admin of ct-aimh, maker of its API token
let ava: Person; // an advisor of both associations: advises every actor's own application and Cora's
let abe: Person; // an advisor of both associations, whom the advising probe assigns
let sid: Person; // signed in as by the POST /sign-in cases
let rita: Person; // resets her password in the POST /reset-password cases
let usedSetupToken: string;
let ctTokenId: string;

const actor = (who: Who): ActorFx => actors.get(who)!;
const assocOf = (scope: Scope): Association => (scope === 'other-association' ? ct : mi);

async function sessionOf(b: Browser): Promise<Credentials> {
  const page = await b.get('/account');
  if (page.statusCode !== 200) throw new Error(`GET /account: ${page.statusCode}`);
  return { cookie: b.cookieHeader(), csrf: csrfToken(page.body) };
}

/** A new session for someone (signing in again), as a second browser would have. */
async function newSession(email: string): Promise<Credentials> {
  const b = t.browser();
  const res = await b.signIn(email);
  if (res.statusCode !== 303) throw new Error(`sign-in as ${email}: ${res.statusCode}`);
  return sessionOf(b);
}

async function signUp(name: string, email: string): Promise<{ person: Person; browser: Browser }> {
  const browser = t.browser();
  await browser.signUp({ name, email });
  const row = await findPersonByEmail(t.db.kysely, email);
  if (!row) throw new Error(`no account for ${email}`);
  return { person: { id: row.id, name, email }, browser };
}

async function rolesOf(association: Association, person: Person): Promise<Role[]> {
  const m = await findMembership(t.db.kysely, association.id, person.id);
  return m ? parseRoles(m.role) : [];
}

async function startOwnApplication(person: Person, association: string, credential: string) {
  const a = await loadActor(person.id, t.product);
  return (await startApplication(a, { association, credential }, t.product)).id;
}

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  const k = t.db.kysely;
  const assoc = async (slug: string): Promise<Association> => {
    const row = await findAssociation(k, slug);
    if (!row) throw new Error(`no association ${slug}`);
    return { id: row.id, slug: row.slug, name: row.name };
  };
  mi = await assoc('mi-aimh');
  ct = await assoc('ct-aimh');

  // The site administrator, through the one-time setup link (kept: it is used now).
  const link = new URL((await issueSetupLink(t.product))!);
  usedSetupToken = link.searchParams.get('token')!;
  const siteBrowser = t.browser();
  const setup = await siteBrowser.submit(`${link.pathname}${link.search}`, '/setup', {
    token: usedSetupToken,
    name: 'Sky Site-Admin',
    email: 'site-admin@example.org',
    password: PASSWORD,
  });
  assert.equal(setup.statusCode, 303, 'the site admin is made through the setup link');
  const siteAdmin = (await findPersonByEmail(k, 'site-admin@example.org'))!;
  const siteAdminActor = await loadActor(siteAdmin.id, t.product);
  const give = (a: Association, email: string, roles: Role[]) =>
    setRoles(siteAdminActor, { associationId: a.id, email, roles }, t.product);

  // One session actor per role of mi-aimh, each with an application of their own.
  const roleOf: Partial<Record<Who, Role>> = {
    applicant: 'applicant',
    advisor: 'advisor',
    reviewer: 'reviewer',
    'exam-scorer': 'exam-scorer',
    coordinator: 'coordinator',
    admin: 'admin',
  };
  for (const who of signedIn) {
    let self: Person;
    let browser: Browser;
    if (who === 'site-admin') {
      self = { id: siteAdmin.id, name: siteAdmin.name, email: siteAdmin.email };
      browser = siteBrowser;
    } else {
      ({ person: self, browser } = await signUp(`Matrix ${who}`, `${who}@example.org`));
      await give(mi, self.email, [roleOf[who]!]);
    }
    const ownApplicationId = await startOwnApplication(self, 'mi-aimh', 'IMHS');
    actors.set(who, { who, self, ownApplicationId, ...(await sessionOf(browser)) });
  }

  // Other people: another applicant of mi-aimh, an applicant and the admin of ct-aimh.
  olive = (await signUp('Olive Other', 'olive@example.org')).person;
  await give(mi, olive.email, ['applicant']);
  oliveApplication = await startOwnApplication(olive, 'mi-aimh', 'IMHS');
  // The matrix's reviewer is assigned to Olive's application ("other"), and only to it (its advisor too: below).
  await insertAssignment(k, {
    applicationId: oliveApplication,
    userId: actor('reviewer').self!.id,
    role: 'reviewer',
    assignedBy: siteAdmin.id,
    at: new Date().toISOString(),
  });
  for (const role of ['advisor', 'reviewer', 'exam-scorer'] as const) {
    const { person, browser } = await signUp(`Unassigned ${role}`, `unassigned-${role}@example.org`);
    await give(mi, person.email, [role]);
    unassigned.set(role, { who: role, self: person, ...(await sessionOf(browser)) });
  }
  cora = (await signUp('Cora Connecticut', 'cora@example.org')).person;
  await give(ct, cora.email, ['applicant']);
  coraApplication = await startOwnApplication(cora, 'ct-aimh', 'IFA');
  cade = (await signUp('Cade Ct-Admin', 'cade@example.org')).person;
  await give(ct, cade.email, ['admin']);
  sid = (await signUp('Sid Sign-In', 'sid@example.org')).person;
  rita = (await signUp('Rita Reset', 'rita@example.org')).person;
  // Advisors: the advisor actor advises Olive's application, Ava every other one; Abe is free.
  ava = (await signUp('Ava Second-Advisor', 'ava@example.org')).person;
  abe = (await signUp('Abe Third-Advisor', 'abe@example.org')).person;
  for (const p of [ava, abe]) {
    await give(mi, p.email, ['advisor']);
    await give(ct, p.email, ['advisor']);
  }
  const advise = (applicationId: string, associationId: string, advisorId: string) =>
    assignAdvisor(siteAdminActor, { applicationId, associationId, advisorId }, t.product, new Date());
  await advise(oliveApplication, mi.id, actor('advisor').self!.id);
  await advise(coraApplication, ct.id, ava.id);
  for (const who of signedIn) await advise(actor(who).ownApplicationId!, mi.id, ava.id);

  // Anonymous: only the CSRF pair a visitor's browser gets from any form page.
  const visitor = t.browser();
  const signInPage = await visitor.get('/sign-in');
  const anonymous: Credentials = { cookie: visitor.cookieHeader(), csrf: csrfToken(signInPage.body) };
  actors.set('anonymous', { who: 'anonymous', ...anonymous });

  // An API token of each association, made by its admin; sent with a visitor's CSRF pair.
  const admin = actor('admin').self!;
  const miToken = await createApiToken(
    await loadActor(admin.id, t.product),
    { associationId: mi.id, name: 'Matrix token (mi-aimh)' },
    t.product,
  );
  actors.set('token-mi', { who: 'token-mi', maker: admin, ...anonymous, bearer: miToken.token });
  const ctToken = await createApiToken(
    await loadActor(cade.id, t.product),
    { associationId: ct.id, name: 'Matrix token (ct-aimh)' },
    t.product,
  );
  ctTokenId = ctToken.id;
  actors.set('token-ct', { who: 'token-ct', maker: cade, ...anonymous, bearer: ctToken.token });
});

after(async () => {
  await t?.close();
});

// ---------------------------------------------------------------------------
// How each route is exercised: the request for a case, where an allowed one
// lands, and checks on what it shows or changed.

interface Req<D> {
  method: 'GET' | 'POST';
  url: string;
  form?: Form;
  /** The JSON body of an API POST (default: the form's fields). */
  json?: unknown;
  /** Send with these credentials instead of the actor's (a second session of the same person). */
  as?: Credentials;
  data: D;
}
interface CaseRun<D> {
  a: ActorFx;
  scope: Scope;
  allowed: boolean;
  req: Req<D>;
  res: LightMyRequestResponse;
}
type Check<D> = (c: CaseRun<D>) => Promise<string | undefined> | string | undefined;
interface Ok {
  status: number;
  location?: string;
}
interface Probe<D> {
  /** The request, or undefined when the scope means nothing for this actor. */
  request(a: ActorFx, scope: Scope): Promise<Req<D> | undefined> | Req<D> | undefined;
  ok: Ok | ((scope: Scope) => Ok);
  /** What an allowed answer shows (and must not show). */
  shows?: Check<D>;
  /** After the request: an allowed one changed what it should (then undone); a denied one nothing. */
  verify?: Check<D>;
}

const probe = <D = undefined>(p: Probe<D>) => p as unknown as Probe<unknown>;
const get = (url: string): Req<undefined> => ({ method: 'GET', url, data: undefined });
const post = <D = undefined>(url: string, form: Form, data?: D, as?: Credentials): Req<D> => ({
  method: 'POST',
  url,
  form,
  data: data as D,
  ...(as ? { as } : {}),
});
const page = (url: string) => probe({ request: () => get(url), ok: { status: 200 } });
const json = (res: LightMyRequestResponse): unknown => JSON.parse(res.body);

/** The body names `present` and none of `absent` (e-mail addresses, ids). */
function names(body: string, present: string[], absent: string[]): string | undefined {
  const missing = present.filter((x) => !body.includes(x));
  const leaked = absent.filter((x) => body.includes(x));
  if (missing.length) return `does not show ${missing.join(', ')}`;
  if (leaked.length) return `shows ${leaked.join(', ')}, which it must not`;
  return undefined;
}
/** An association's own applicant is listed; the other association's is not. */
const listsOnlyItsOwn = (scope: Scope, body: string) =>
  scope === 'other-association'
    ? names(body, [cora.email], [olive.email])
    : names(body, [olive.email], [cora.email]);

/** A session that signing out (here or everywhere) or a password change has ended. */
async function sessionEnded(cookie: string): Promise<string | undefined> {
  const res = await t.app.inject({ url: '/account', headers: { cookie } });
  return res.statusCode === 303 ? undefined : `the old session still works (GET /account: ${res.statusCode})`;
}
async function renew(a: ActorFx): Promise<void> {
  Object.assign(a, await newSession(a.self!.email));
}

async function latestResetToken(person: Person): Promise<string> {
  const row = await t.db.kysely
    .selectFrom('verification')
    .select('identifier')
    .where('identifier', 'like', 'reset-password:%')
    .where('value', '=', person.id)
    .orderBy('createdAt', 'desc')
    .executeTakeFirst();
  if (!row) throw new Error('no password reset token was made');
  return row.identifier.slice('reset-password:'.length);
}

const sameRoles = (x: readonly string[], y: readonly string[]) =>
  [...x].sort().join(',') === [...y].sort().join(',');

// References: requests made through the service, the rater's link read from the queued e-mail.
let referenceCount = 0;
async function makeReferenceRequest(
  owner: Person,
  applicationId: string,
): Promise<{ id: string; link: string }> {
  const email = `matrix-rater-${++referenceCount}@example.org`;
  const made = await requestReference(
    await loadActor(owner.id, t.product),
    applicationId,
    {
      raterName: `Matrix Rater ${referenceCount}`,
      raterEmail: email,
      relationship: 'colleague',
      waived: true,
    },
    t.product,
  );
  const mail = (await listJobs(t.db, { kind: 'mail', limit: 20 })).find(
    (j) => (j.payload as { to: string }).to === email,
  );
  const link = /\/references\/respond\/ref_[\w-]+/.exec((mail?.payload as { text: string }).text)?.[0];
  if (!link) throw new Error(`no link e-mailed to ${email}`);
  return { id: made.id, link };
}
/** The application a scope is about, with its owner (none for "own" without an application of one's own). */
/** The actor's own application, Olive's (mi-aimh) or Cora's (ct-aimh), by scope. */
function submissionTarget(a: ActorFx, scope: Scope): { applicationId: string } | undefined {
  if (scope === 'own') return a.ownApplicationId ? { applicationId: a.ownApplicationId } : undefined;
  return { applicationId: scope === 'other' ? oliveApplication : coraApplication };
}
function referenceTarget(a: ActorFx, scope: Scope): { owner: Person; applicationId: string } | undefined {
  if (scope === 'own')
    return a.self && a.ownApplicationId ? { owner: a.self, applicationId: a.ownApplicationId } : undefined;
  return scope === 'other'
    ? { owner: olive, applicationId: oliveApplication }
    : { owner: cora, applicationId: coraApplication };
}
/** One request on another person's application, made once: refusals change nothing, so it can be reused. */
const othersRequests = new Map<string, Promise<{ id: string; link: string }>>();
function referenceRequestFor(a: ActorFx, scope: Scope) {
  const target = referenceTarget(a, scope);
  if (!target) return undefined;
  if (scope === 'own')
    return makeReferenceRequest(target.owner, target.applicationId).then((x) => ({ ...x, ...target }));
  if (!othersRequests.has(scope))
    othersRequests.set(scope, makeReferenceRequest(target.owner, target.applicationId));
  return othersRequests.get(scope)!.then((x) => ({ ...x, ...target }));
}
/** Raters' links for the public routes: on applications of Olive's own, so her first one keeps room for more. */
let raterApplications: Promise<[string, string]> | undefined;
async function raterLink(which: 0 | 1): Promise<{ id: string; link: string }> {
  raterApplications ??= Promise.all([
    startOwnApplication(olive, 'mi-aimh', 'IFS'),
    startOwnApplication(olive, 'mi-aimh', 'IFA'),
  ]);
  return makeReferenceRequest(olive, (await raterApplications)[which]);
}
const referenceRow = (id: string) =>
  t.db.kysely.selectFrom('reference_request').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

// Portfolio fixtures: entries and uploaded files of the actors, of Olive (mi-aimh) and of Cora (ct-aimh).
const privateTitle = (p: Person) => `Private training of ${p.name}`;
async function trainingOf(person: Person, title = privateTitle(person)): Promise<string> {
  const made = await addEntry(
    await loadActor(person.id, t.product),
    'training',
    { entry: { title, date: '2020-01-01', hours: 1, topics: [] } },
    t.product,
  );
  return made.id;
}
const entries = new Map<string, Promise<string>>();
const files = new Map<string, Promise<string>>();
/** One training entry per person, made once (the probes that change it put it back). */
const entryOf = (p: Person) => entries.get(p.id) ?? entries.set(p.id, trainingOf(p)).get(p.id)!;
/** One uploaded transcript per person, made once. */
const fileOf = (p: Person) => {
  if (!files.has(p.id)) {
    files.set(
      p.id,
      loadActor(p.id, t.product).then(async (a) => {
        const made = await addEntry(
          a,
          'education',
          {
            entry: { level: 'master', conferred: '2010-05-01', transcript: 'official' },
            upload: { filename: 'transcript.pdf', bytes: minimalPdf() },
          },
          t.product,
        );
        return (made.data as { transcriptFileId: string }).transcriptFileId;
      }),
    );
  }
  return files.get(p.id)!;
};
/** The person whose portfolio a scope is about (none for "own" without a person of one's own). */
const portfolioOwner = (a: ActorFx, scope: Scope): Person | undefined =>
  scope === 'own' ? a.self : scope === 'other' ? olive : cora;
/** Titles of other people's entries: a page of one's own portfolio never shows them. */
const othersTitles = (a: ActorFx) => [olive, cora].filter((p) => p.id !== a.self?.id).map(privateTitle);
async function titleNow(entryId: string): Promise<string | undefined> {
  return ((await findEntry(t.db.kysely, entryId))?.data as { title?: string } | undefined)?.title;
}

// Reviewers: a submitted application of Olive's (mi-aimh) and of Cora's (ct-aimh), made once; its state is set
// here, as only submission (tested elsewhere) puts an application in review's way.
const submittedFixtures = new Map<string, Promise<string>>();
function submittedFor(scope: Scope): Promise<string> | undefined {
  if (scope === 'own') return undefined;
  if (!submittedFixtures.has(scope))
    submittedFixtures.set(
      scope,
      (scope === 'other'
        ? startOwnApplication(olive, 'mi-aimh', 'IMHM-C')
        : startOwnApplication(cora, 'ct-aimh', 'IMHS')
      ).then(async (id) => {
        await t.db.kysely
          .updateTable('application')
          .set({ status: 'submitted' })
          .where('id', '=', id)
          .execute();
        return id;
      }),
    );
  return submittedFixtures.get(scope)!;
}
/** The matrix's reviewer, assigned to review the scope's submitted application (undone by the probe). */
async function reviewerAssignment(
  scope: Scope,
): Promise<{ applicationId: string; assignmentId: string } | undefined> {
  const applicationId = await submittedFor(scope);
  if (!applicationId) return undefined;
  const assignmentId = (await insertAssignment(t.db.kysely, {
    applicationId,
    userId: actor('reviewer').self!.id,
    role: 'reviewer',
    assignedBy: null,
    at: new Date().toISOString(),
    dueOn: '2030-01-01',
  }))!;
  return { applicationId, assignmentId };
}
const assignmentRow = (id: string) =>
  t.db.kysely.selectFrom('application_assignment').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const dropAssignment = (id: string) =>
  t.db.kysely.deleteFrom('application_assignment').where('id', '=', id).execute();
/** Who an endorsement is recorded for: the matrix's reviewer in mi-aimh; in ct-aimh, its admin (not a reviewer). */
const qualificationHolder = (scope: Scope) =>
  scope === 'other-association' ? cade : actor('reviewer').self!;
const qualificationsHeld = (person: Person) =>
  t.db.kysely.selectFrom('reviewer_qualification').selectAll().where('user_id', '=', person.id).execute();
// Review fixtures: an application of Olive's under review, the matrix reviewer assigned to it (the
// review's start taken as if a second one were).
let underReview: Promise<string> | undefined;
function oliveUnderReview(): Promise<string> {
  underReview ??= (async () => {
    const k = t.db.kysely;
    const id = await startOwnApplication(olive, 'mi-aimh', 'IMHM-P');
    const at = new Date().toISOString();
    await k.transaction().execute(async (tx) =>
      takeStep(tx, t.product, {
        application: (await findApplicationRow(tx, id))!,
        step: 'submit',
        by: 'applicant',
        actorId: olive.id,
        at,
        facts: { blockers: 0 },
        freeze: {
          document: JSON.stringify({ format: 'endorse-portfolio/1', person: { name: olive.name } }),
          catalogVersion: '2026-01-01',
        },
      }),
    );
    await insertAssignment(k, {
      applicationId: id,
      userId: actor('reviewer').self!.id,
      role: 'reviewer',
      assignedBy: null,
      at,
    });
    await k.transaction().execute(async (tx) =>
      takeStep(tx, t.product, {
        application: (await findApplicationRow(tx, id))!,
        step: 'start-review',
        by: 'coordinator',
        actorId: null,
        at,
        facts: { reviewers: 2 },
      }),
    );
    return id;
  })();
  return underReview;
}
/** Olive's application under review (other), Cora's draft (other-association); none of one's own. */
async function reviewTarget(scope: Scope, a: ActorFx): Promise<string | undefined> {
  if (scope === 'own') return a.ownApplicationId || undefined;
  return scope === 'other' ? oliveUnderReview() : coraApplication;
}
const statusOf = async (id: string) => (await findApplicationRow(t.db.kysely, id))!.status;

// Taking the exam, in mi-aimh: a small bank and two forms (clinical, research/faculty) made by the
// matrix's exam scorer; an online sitting under way and an in-person one, scheduled by its coordinator;
// the applicant actor's IMHM-C application and Otis's IMHM-RF one, approved, registered and their
// attempts started (both vignettes chosen); Pam's registration at the in-person sitting.
interface ExamFx {
  own: string;
  other: string;
  hallId: string;
  paperRegistration: string;
}
let examFx: Promise<ExamFx> | undefined;
function examFixtures(): Promise<ExamFx> {
  examFx ??= (async () => {
    const scorer = await loadActor(actor('exam-scorer').self!.id, t.product);
    const coordinator = (await loadActor(actor('coordinator').self!.id, t.product))!;
    await sampleBank(t, scorer!, mi.id, { mc: 2, vignettes: 2 });
    await sampleBank(t, scorer!, mi.id, { mc: 0, vignettes: 2, category: 'research-faculty' });
    const clinical = await readyExamForm(t, scorer!, mi.id, { mc: 2, vignettes: 2 });
    const rf = await readyExamForm(t, scorer!, mi.id, { mc: 2, vignettes: 2, category: 'research-faculty' });
    const now = Date.now();
    const startsAt = new Date(now - 60_000).toISOString();
    const registeredBefore = new Date(now - 120_000);
    const online = await sitting(t, coordinator, mi.id, [clinical.id, rf.id], { startsAt });
    const hall = await sitting(t, coordinator, mi.id, [clinical.id, rf.id], { startsAt, mode: 'in-person' });
    const registered = async (userId: string, credential: string, sittingId: string) => {
      const id = await approvedApplication(t, userId, coordinator.userId, 'mi-aimh', credential);
      const { registrationId } = await registerForSitting(
        coordinator,
        id,
        sittingId,
        t.product,
        registeredBefore,
      );
      return { id, registrationId };
    };
    const taking = async (userId: string, credential: string) => {
      const { id } = await registered(userId, credential, online.id);
      const owner = await loadActor(userId, t.product);
      await startAttempt(owner, id, t.product);
      await chooseVignettes(owner, id, [1, 2], t.product);
      return id;
    };
    const pam = (await signUp('Pam Paper', 'pam@example.org')).person;
    const otis = (await signUp('Otis Examinee', 'otis@example.org')).person;
    return {
      own: await taking(actor('applicant').self!.id, 'IMHM-C'),
      other: await taking(otis.id, 'IMHM-RF'),
      hallId: hall.id,
      paperRegistration: (await registered(pam.id, 'IMHS', hall.id)).registrationId,
    };
  })();
  return examFx;
}
/** The application whose exam a case is about: the applicant actor's and Otis's are taking it. */
async function examTarget(a: ActorFx, scope: Scope): Promise<string | undefined> {
  if (scope === 'other-association') return coraApplication;
  const fx = await examFixtures();
  if (scope === 'other') return fx.other;
  return a.who === 'applicant' ? fx.own : a.ownApplicationId;
}
const examProbe = (method: 'GET' | 'POST', path: string, form: Form, status: number) =>
  probe({
    request: async (a, scope) => {
      const id = await examTarget(a, scope);
      if (!id) return undefined;
      const url = `/applications/${id}/exam${path}`;
      return method === 'GET' ? get(url) : post(url, form);
    },
    ok: { status },
    // Olive's attempt is never touched by anyone else.
    verify: async ({ scope }) => {
      if (scope !== 'other') return undefined;
      const attempt = await attemptOfRegistration(
        t.db.kysely,
        (await registrationsOf(t.db.kysely, (await examFixtures()).other))[0]!.id,
      );
      const answers = await answersOf(t.db.kysely, attempt!.id);
      return attempt!.status === 'in-progress' && answers.size === 0 ? undefined : "Olive's attempt changed";
    },
  });
async function paperUrl(scope: Scope): Promise<string> {
  const fx = await examFixtures();
  return `/associations/${assocOf(scope).slug}/exam/sittings/${fx.hallId}/paper/${fx.paperRegistration}`;
}
// The exam's bank: in each association a draft item (with its key), a draft form holding it and a
// retired form, made once through the services by an exam administrator of the association.
interface BankFixture {
  itemId: string;
  code: string;
  key: string;
  draftFormId: string;
  retiredFormId: string;
}
const banks = new Map<Scope, Promise<BankFixture>>();
function bankOf(scope: Scope): Promise<BankFixture> {
  const a = assocOf(scope);
  const key = a === ct ? 'other-association' : 'own';
  if (!banks.has(key))
    banks.set(
      key,
      (async () => {
        const maker = await loadActor(a === ct ? cade.id : actor('exam-scorer').self!.id, t.product);
        const code = `MATRIX-${a.slug}`;
        const keyText = `The right answer of ${a.slug}`;
        const item = await createItem(
          maker,
          a.id,
          {
            kind: 'multiple-choice',
            code,
            exam: 'imh',
            text: `A matrix item of ${a.slug}`,
            options: [keyText, 'A wrong answer'],
            answerKey: 0,
            domains: ['8-thinking'],
          },
          t.product,
        );
        const form = (name: string) =>
          composeForm(
            maker,
            a.id,
            { name, exam: 'imh', category: 'clinical', itemIds: [item.id] },
            t.product,
          );
        const draft = await form(`Matrix draft form of ${a.slug}`);
        const retired = await form(`Matrix retired form of ${a.slug}`);
        await retireForm(maker, a.id, retired.id, t.product);
        return { itemId: item.id, code, key: keyText, draftFormId: draft.id, retiredFormId: retired.id };
      })(),
    );
  return banks.get(key)!;
}
const bankItemFields = (code: string) => ({
  kind: 'multiple-choice',
  code,
  status: 'draft',
  exam: 'imh',
  text: `A matrix item of ${code}`,
  option_a: 'Right',
  option_b: 'Wrong',
  key: 'A',
  domains: '8-thinking',
});
const bankItemFieldsOf = (b: BankFixture) => ({
  exam: 'imh',
  text: `A matrix item of ${b.code.slice('MATRIX-'.length)}`,
  option_a: b.key,
  option_b: 'A wrong answer',
  key: 'A',
  domains: '8-thinking',
});
const bankPath = (scope: Scope, rest: string) => `/associations/${assocOf(scope).slug}/exam/${rest}`;
const bankPage = (rest: (b: BankFixture) => string, shows: (b: BankFixture) => string[]) =>
  probe<BankFixture>({
    request: async (_a, scope) => {
      const b = await bankOf(scope);
      return { ...get(bankPath(scope, rest(b))), data: b };
    },
    ok: { status: 200 },
    shows: ({ res, req }) => names(res.body, shows(req.data), []),
  });
// Exam scoring fixtures: in each association a sitting with one submitted attempt (one essay, not read
// yet) of an examinee of its own, made once through the exam helpers.
interface ExamFixture {
  sittingId: string;
  attemptId: string;
  blindCode: string;
  itemId: string;
  essay: string;
  examinee: Person;
}
const scoringFixtures = new Map<Association, Promise<ExamFixture>>();
function examFixture(scope: Scope): Promise<ExamFixture> {
  const association = assocOf(scope);
  if (!scoringFixtures.has(association))
    scoringFixtures.set(
      association,
      (async () => {
        const [admin, coordinator] =
          association === mi ? [actor('exam-scorer').self!, actor('coordinator').self!] : [cade, cade];
        const adminActor = (await loadActor(admin.id, t.product))!;
        await sampleBank(t, adminActor, association.id, { mc: 2, vignettes: 1 });
        const form = await readyExamForm(t, adminActor, association.id, { mc: 2, vignettes: 1, answered: 1 });
        const sat = await sitting(
          t,
          (await loadActor(coordinator.id, t.product))!,
          association.id,
          [form.id],
          {
            startsAt: '2030-03-06T14:00:00Z',
          },
        );
        const { person: examinee } = await signUp(
          `Exa ${association.slug}`,
          `exa.${association.slug}@example.org`,
        );
        const applicationId = await approvedApplication(t, examinee.id, coordinator.id, association.slug);
        const { registrationId } = await registerForSitting(
          await loadActor(coordinator.id, t.product),
          applicationId,
          sat.id,
          t.product,
        );
        const essay = `The essay of ${association.slug}'s examinee.`;
        const made = await submittedAttempt(t, registrationId, { answer: (_, key) => key, essays: [essay] });
        const item = (await formItems(t.db.kysely, form.id)).find((i) => i.kind === 'multiple-choice')!;
        return {
          sittingId: sat.id,
          attemptId: made.attemptId,
          blindCode: made.blindCodes[0]!,
          itemId: item.id,
          essay,
          examinee,
        };
      })(),
    );
  return scoringFixtures.get(association)!;
}
/** The scope's application for the result pages: one's own, Olive's (mi-aimh), Cora's (ct-aimh). */
const resultTarget = (a: ActorFx, scope: Scope) =>
  scope === 'own' ? a.ownApplicationId : scope === 'other' ? oliveApplication : coraApplication;
// Exam sittings fixtures: a sitting of each association (made once), the staff's application of the
// scope (as the staff page's), and an approved application per person (the applicant's own choice).
const sittings = new Map<string, Promise<string>>();
const sittingOf = (association: Association) =>
  sittings.get(association.id) ??
  sittings
    .set(
      association.id,
      insertSitting(t.db.kysely, {
        associationId: association.id,
        exam: 'imh',
        startsAt: '2031-01-15T14:00:00.000Z',
        mode: 'online',
        place: '',
        capacity: 10,
        formIds: [],
        createdBy: null,
        at: new Date().toISOString(),
      }).then((s) => s.id),
    )
    .get(association.id)!;
const staffTarget = (a: ActorFx, scope: Scope) =>
  scope === 'own' ? a.ownApplicationId : scope === 'other' ? oliveApplication : coraApplication;
const examUrl = (a: ActorFx, scope: Scope, tail: string) => {
  const id = staffTarget(a, scope);
  return id && `/associations/${assocOf(scope).slug}/applications/${id}/exam${tail}`;
};
const approved = new Map<string, Promise<string>>();
/** An approved IMHM-RF application: the actor's own (own), Olive's (other), Cora's in ct-aimh (other-association). */
function approvedFor(a: ActorFx, scope: Scope): Promise<string> | undefined {
  const owner = scope === 'own' ? a.self : scope === 'other' ? olive : cora;
  if (!owner) return undefined;
  const slug = scope === 'other-association' ? 'ct-aimh' : 'mi-aimh';
  const key = `${owner.id} ${slug}`;
  if (!approved.has(key))
    approved.set(key, approvedApplication(t, owner.id, actor('coordinator').self!.id, slug, 'IMHM-RF'));
  return approved.get(key);
}
/** A form sent empty: allowed, it comes back (400) naming the field at fault; denied, 404. */
const refusedForm = (
  url: (scope: Scope, a: ActorFx) => Promise<string | undefined> | string | undefined,
  message: string,
) =>
  probe({
    request: async (a, scope) => {
      const to = await url(scope, a);
      return to ? post(to, {}) : undefined;
    },
    ok: { status: 400 },
    shows: ({ res }) => names(pageText(res.body), [message], []),
  });

// Endorsements (issue 11): one per person, recorded and its credential issued by the real services, made once.
const endorsementFixtures = new Map<string, Promise<string>>();
function endorsementOfPerson(person: Person, association: Association): Promise<string> {
  if (!endorsementFixtures.has(person.id))
    endorsementFixtures.set(
      person.id,
      t.db.kysely.transaction().execute(async (tx) => {
        const at = timestamp();
        const row = await insertEndorsement(tx, {
          associationId: association.id,
          userId: person.id,
          applicationId: null,
          credential: 'IMHS',
          category: null,
          grantedOn: at.slice(0, 10),
          renewalDueOn: addYears(at.slice(0, 10), 1),
          at,
        });
        await issueCredential(tx, t.product, row);
        return row.id;
      }),
    );
  return endorsementFixtures.get(person.id)!;
}
/** The actor's own endorsement (in mi-aimh), Olive's (mi-aimh) or Cora's (ct-aimh), by scope. */
function endorsementFor(a: ActorFx, scope: Scope): Promise<string> | undefined {
  if (scope === 'own') return a.self && endorsementOfPerson(a.self, mi);
  return scope === 'other' ? endorsementOfPerson(olive, mi) : endorsementOfPerson(cora, ct);
}
// Endorsements: an endorsee of mi-aimh (own and other) and one of ct-aimh, each holding an active
// endorsement with its credential, made once; the probes leave them active.
const endorsed = new Map<Association, Promise<Endorsee>>();
const endorsedIn = (scope: Scope) => {
  const association = assocOf(scope);
  if (!endorsed.has(association))
    endorsed.set(
      association,
      endorsee(t, `Endorsed of ${association.slug}`, `endorsed.${association.slug}@example.org`, {
        slug: association.slug,
      }),
    );
  return endorsed.get(association)!;
};
const endorsementUrl = (scope: Scope, id: string) =>
  `/associations/${assocOf(scope).slug}/endorsements/${id}`;
const endorsementStep = (step: string, status: number, message: string) =>
  probe<string>({
    request: async (_a, scope) => {
      if (scope === 'own') return undefined;
      const { endorsement } = await endorsedIn(scope);
      return post(`${endorsementUrl(scope, endorsement.id)}/${step}`, {}, endorsement.id);
    },
    ok: { status },
    shows: ({ res }) => names(pageText(res.body), [message], []),
    verify: async ({ req }) =>
      (await findEndorsement(t.db.kysely, req.data))?.status === 'active'
        ? undefined
        : 'the endorsement changed',
  });

// The renewal year (issue 12): the endorsee of each association (endorsedIn) with a renewal drawn for audit,
// one training entry claimed and its proof uploaded, made once; the probes leave it undecided.
const audited = new Map<Association, Promise<string>>();
const auditedEntryIn = (scope: Scope) => {
  const association = assocOf(scope);
  if (!audited.has(association))
    audited.set(
      association,
      (async () => {
        const { endorsement, userId } = await endorsedIn(scope);
        const renewal = (await insertRenewal(t.db.kysely, {
          endorsementId: endorsement.id,
          kind: 'renewal',
          dueOn: endorsement.renewalDueOn,
          status: 'audit',
          late: false,
          audited: true,
          feeCents: null,
          lateFeeCents: null,
          currency: 'USD',
          checklist: [],
          submittedAt: timestamp(),
        }))!;
        await insertAuditEntries(t.db.kysely, renewal.id, [
          { section: 'training', entryId: 'matrix', entry: { title: 'Matrix training', hours: 15 } },
        ]);
        const [entry] = await auditEntriesOf(t.db.kysely, [renewal.id]);
        const owner = (await loadActor(userId, t.product))!;
        await uploadAuditProof(owner, entry!.id, { filename: 'proof.pdf', bytes: minimalPdf() }, t.product);
        return entry!.id;
      })(),
    );
  return audited.get(association)!;
};
const renewalsUrl = (scope: Scope) => `/associations/${assocOf(scope).slug}/renewals`;
/** The year the endorsees' renewals fall due in (a year after their grant, today). */
const dueYear = async (scope: Scope) => (await endorsedIn(scope)).endorsement.renewalDueOn.slice(0, 4);
const renewalStep = (step: string, status: number, message: string) =>
  probe<string>({
    request: async (_a, scope) => {
      if (scope === 'own') return undefined;
      const { endorsement } = await endorsedIn(scope);
      return post(`${renewalsUrl(scope)}/${endorsement.id}/${step}`, {}, endorsement.id);
    },
    ok: { status },
    shows: ({ res }) => names(pageText(res.body), [message], []),
    verify: async ({ req }) => {
      const e = await findEndorsement(t.db.kysely, req.data);
      const extended = await extensionsOf(t.db.kysely, [req.data]);
      return e?.status === 'active' && extended.size === 0 ? undefined : 'the endorsement changed';
    },
  });

const probes: Record<string, Probe<unknown>> = {
  'GET /associations/:slug/exam/items': bankPage(
    () => 'items',
    (b) => [b.code],
  ),
  // A new item, removed again.
  'POST /associations/:slug/exam/items': probe<string>({
    request: (a, scope) => {
      const code = `NEW-${a.who}-${scope}`;
      return post(bankPath(scope, 'items'), bankItemFields(code), code);
    },
    ok: { status: 303 },
    verify: async ({ allowed, req, scope }) => {
      const made = await itemVersions(t.db.kysely, assocOf(scope).id, req.data);
      await t.db.kysely.deleteFrom('exam_item').where('code', '=', req.data).execute();
      return made.length === (allowed ? 1 : 0) ? undefined : `${made.length} items made`;
    },
  }),
  'GET /associations/:slug/exam/items/import': bankPage(
    () => 'items/import',
    () => ['Import exam items'],
  ),
  // A CSV without items: the allowed answer says so, and nothing is imported.
  'POST /associations/:slug/exam/items/import': probe({
    request: (_a, scope) =>
      post(bankPath(scope, 'items/import'), { format: 'csv', file: 'code,kind,exam,text' }),
    ok: { status: 400 },
    shows: ({ res }) => names(res.body, ['no items in it'], []),
  }),
  'GET /associations/:slug/exam/items/export.csv': bankPage(
    () => 'items/export.csv',
    (b) => [b.code, b.key],
  ),
  'GET /associations/:slug/exam/items/export.qti.xml': bankPage(
    () => 'items/export.qti.xml',
    (b) => [b.code, 'qti-correct-response'],
  ),
  'GET /associations/:slug/exam/items/:itemId': bankPage(
    (b) => `items/${b.itemId}`,
    (b) => [b.code, b.key],
  ),
  // The item as it stands: nothing changes.
  'POST /associations/:slug/exam/items/:itemId': probe<BankFixture>({
    request: async (_a, scope) => {
      const b = await bankOf(scope);
      return post(bankPath(scope, `items/${b.itemId}`), bankItemFieldsOf(b), b);
    },
    ok: { status: 303 },
    verify: async ({ req, scope }) =>
      (await itemVersions(t.db.kysely, assocOf(scope).id, req.data.code)).length === 1
        ? undefined
        : 'the item changed',
  }),
  // Its status as it is: nothing changes.
  'POST /associations/:slug/exam/items/:itemId/status': probe({
    request: async (_a, scope) =>
      post(bankPath(scope, `items/${(await bankOf(scope)).itemId}/status`), { status: 'draft' }),
    ok: { status: 303 },
  }),
  'GET /associations/:slug/exam/forms': bankPage(
    () => 'forms',
    () => ['Matrix draft form of'],
  ),
  // No name: the allowed answer names the field, and no form is made.
  'POST /associations/:slug/exam/forms': probe({
    request: (_a, scope) =>
      post(bankPath(scope, 'forms'), { name: '', exam: 'imh', category: 'clinical', how: 'draw' }),
    ok: { status: 400 },
    shows: ({ res }) => names(res.body, ['Enter the name of the form'], []),
  }),
  'GET /associations/:slug/exam/forms/:formId': bankPage(
    (b) => `forms/${b.draftFormId}`,
    (b) => [b.code, b.key],
  ),
  // A form of one item and no vignette cannot be made ready: the allowed answer says why.
  'POST /associations/:slug/exam/forms/:formId/ready': probe({
    request: async (_a, scope) =>
      post(bankPath(scope, `forms/${(await bankOf(scope)).draftFormId}/ready`), {}),
    ok: { status: 400 },
    shows: ({ res }) => names(res.body, ['cannot be made ready'], []),
  }),
  // A retired form: retired already, and nothing changes.
  'POST /associations/:slug/exam/forms/:formId/retire': probe({
    request: async (_a, scope) =>
      post(bankPath(scope, `forms/${(await bankOf(scope)).retiredFormId}/retire`), {}),
    ok: { status: 409 },
    shows: ({ res }) => names(res.body, ['retired already'], []),
  }),
  'POST /applications/:id/resubmit': probe({
    request: (a, scope) => {
      const target = submissionTarget(a, scope);
      return target && post(`/applications/${target.applicationId}/resubmit`, {});
    },
    ok: { status: 303 },
  }),
  // Unconfirmed: the allowed answer asks to tick the box, and nothing is withdrawn.
  'POST /applications/:id/withdraw': probe<string>({
    request: (a, scope) => {
      const target = submissionTarget(a, scope);
      return target && post(`/applications/${target.applicationId}/withdraw`, {}, target.applicationId);
    },
    ok: { status: 400 },
    shows: ({ res }) => names(res.body, ['Tick the box to confirm'], []),
    verify: async ({ req }) =>
      (await statusOf(req.data)) === 'draft' ? undefined : 'the application changed',
  }),
  'GET /applications/:id/decision': probe({
    request: (a, scope) => {
      const target = submissionTarget(a, scope);
      return target && get(`/applications/${target.applicationId}/decision`);
    },
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['No decision yet'], []),
  }),
  'GET /reviews/:applicationId': probe({
    request: async (a, scope) => {
      const id = await reviewTarget(scope, a);
      return id ? get(`/reviews/${id}`) : undefined;
    },
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['Your recommendation', 'Competency domains'], []),
  }),
  // A draft saved, then removed again.
  'POST /reviews/:applicationId': probe<string>({
    request: async (a, scope) => {
      const id = await reviewTarget(scope, a);
      return id ? post(`/reviews/${id}`, { action: 'save', toStaff: 'Matrix draft' }, id) : undefined;
    },
    ok: { status: 303 },
    verify: async ({ allowed, req }) => {
      const drafts = await t.db.kysely
        .selectFrom('review')
        .select('id')
        .where('application_id', '=', req.data)
        .execute();
      await t.db.kysely.deleteFrom('review').where('application_id', '=', req.data).execute();
      return drafts.length === (allowed ? 1 : 0) ? undefined : `${drafts.length} reviews saved`;
    },
  }),
  // No reason given: the allowed answer names the field, and nothing is decided.
  'POST /associations/:slug/applications/:id/decide': probe<string>({
    request: async (a, scope) => {
      if (scope === 'own') return undefined;
      const id = (await reviewTarget(scope, a))!;
      return post(
        `/associations/${assocOf(scope).slug}/applications/${id}/decide`,
        { step: 'decline', reason: '' },
        id,
      );
    },
    ok: { status: 400 },
    shows: ({ res }) => names(res.body, ['Enter the reason for the decision'], []),
    verify: async ({ scope, req }) =>
      (await statusOf(req.data)) === (scope === 'other' ? 'in-review' : 'draft')
        ? undefined
        : 'the application changed',
  }),
  // Neither is on hold nor waiting for its review to start: the state forbids it, and says so.
  'POST /associations/:slug/applications/:id/resume': probe<string>({
    request: async (a, scope) => {
      if (scope === 'own') return undefined;
      const id = (await reviewTarget(scope, a))!;
      return post(`/associations/${assocOf(scope).slug}/applications/${id}/resume`, {}, id);
    },
    ok: { status: 409 },
    shows: ({ res }) => names(res.body, ['not possible while the application is'], []),
  }),
  'POST /associations/:slug/applications/:id/start-review': probe<string>({
    request: async (a, scope) => {
      if (scope === 'own') return undefined;
      const id = (await reviewTarget(scope, a))!;
      return post(`/associations/${assocOf(scope).slug}/applications/${id}/start-review`, {}, id);
    },
    ok: { status: 409 },
    shows: ({ res }) => names(res.body, ['not possible while the application is'], []),
  }),
  // Finalizing (issue 11, part D): neither is approved nor its exam passed, so the state forbids it.
  'POST /associations/:slug/applications/:id/finalize': probe<string>({
    request: async (a, scope) => {
      if (scope === 'own') return undefined;
      const id = (await reviewTarget(scope, a))!;
      return post(`/associations/${assocOf(scope).slug}/applications/${id}/finalize`, {}, id);
    },
    ok: { status: 409 },
    shows: ({ res }) => names(res.body, ['Only an approved application'], []),
    verify: async ({ scope, req }) =>
      (await statusOf(req.data)) === (scope === 'other' ? 'in-review' : 'draft')
        ? undefined
        : 'the application changed',
  }),
  'GET /healthz': page('/healthz'),
  'GET /readyz': page('/readyz'),
  'GET /': page('/'),
  'GET /sign-up': page('/sign-up'),
  'GET /sign-in': page('/sign-in'),
  'GET /forgot-password': page('/forgot-password'),
  'GET /reset-password': page('/reset-password?token=matrix-probe'),

  'POST /sign-up': probe({
    request: (a) => post('/sign-up', { name: `New ${a.who}`, email: `new-${a.who}@example.org`, next: '/' }),
    ok: { status: 200 },
    // The account is made only when the e-mailed link is opened.
    verify: async ({ a, allowed }) => {
      const email = `new-${a.who}@example.org`;
      if (await findPersonByEmail(t.db.kysely, email))
        return 'an account was made before the link was opened';
      const sent = (await listJobs(t.db, { kind: 'mail', limit: 50 })).some(
        (j) => (j.payload as { to: string }).to === email,
      );
      return sent === allowed ? undefined : `link e-mailed: ${sent}`;
    },
  }),
  'POST /sign-in': probe({
    request: () => post('/sign-in', { email: sid.email, password: PASSWORD, next: '/' }),
    ok: { status: 303, location: '/' },
    shows: ({ res }) =>
      res.cookies.some((c) => c.name.endsWith('session_token') && c.value)
        ? undefined
        : 'no session cookie was set',
  }),
  'POST /sign-in/link': probe({
    request: () => post('/sign-in/link', { email: sid.email, next: '/' }),
    ok: { status: 303, location: '/sign-in' },
  }),
  'POST /forgot-password': probe({
    request: () => post('/forgot-password', { email: sid.email }),
    ok: { status: 303, location: '/sign-in' },
  }),
  'POST /reset-password': probe<string>({
    request: async () => {
      await t.product.auth.api.requestPasswordReset({
        body: { email: rita.email, redirectTo: `${t.product.config.baseUrl}/reset-password` },
      });
      const token = await latestResetToken(rita);
      return post('/reset-password', { token, password: PASSWORD }, token);
    },
    ok: { status: 303, location: '/sign-in' },
    verify: async ({ req }) => {
      const left = await t.db.kysely
        .selectFrom('verification')
        .select('id')
        .where('identifier', '=', `reset-password:${req.data}`)
        .executeTakeFirst();
      return left ? 'the reset token still works' : undefined;
    },
  }),
  'POST /sign-out': probe({
    // A person signs out a second session of theirs, so that the matrix keeps the first.
    request: async (a) =>
      post('/sign-out', {}, undefined, a.self ? await newSession(a.self.email) : undefined),
    ok: { status: 303, location: '/' },
    verify: async ({ req, a }) => {
      if (!req.as) return undefined;
      const ended = await sessionEnded(req.as.cookie);
      if (ended) return ended;
      const still = await t.app.inject({ url: '/account', headers: { cookie: a.cookie } });
      return still.statusCode === 200 ? undefined : 'signing out one session ended another';
    },
  }),

  'GET /account': probe({
    request: () => get('/account'),
    ok: { status: 200 },
    shows: ({ a, res }) => names(res.body, [a.self!.email], [olive.email, cora.email]),
  }),
  'POST /account/name': probe({
    request: (a) => post('/account/name', { name: `Renamed ${a.who}` }),
    ok: { status: 303, location: '/account' },
    verify: async ({ a, allowed }) => {
      if (!allowed) return undefined; // no one to rename: the fingerprint shows nothing changed
      const row = await findPersonByEmail(t.db.kysely, a.self!.email);
      await t.db.kysely
        .updateTable('user')
        .set({ name: a.self!.name })
        .where('id', '=', a.self!.id)
        .execute();
      return row?.name === `Renamed ${a.who}` ? undefined : `the name is "${row?.name}"`;
    },
  }),
  'POST /account/password': probe({
    request: () => post('/account/password', { currentPassword: PASSWORD, newPassword: PASSWORD }),
    ok: { status: 303, location: '/account' },
    verify: async ({ a, allowed }) => {
      if (!allowed) return undefined;
      const ended = await sessionEnded(a.cookie); // replaced by a new one, which we do not keep
      await renew(a);
      return ended;
    },
  }),
  // Every actor here has a password already: the page says so, and the form changes nothing.
  'GET /account/choose-password': probe({
    request: () => get('/account/choose-password'),
    ok: { status: 200 },
    shows: ({ res }) =>
      /You have a password already/.test(res.body) ? undefined : 'no word of the password',
  }),
  'POST /account/choose-password': probe({
    request: () => post('/account/choose-password', { password: 'a password nobody keeps', next: '/' }),
    ok: { status: 200 },
    verify: async ({ a, allowed }) => {
      if (!allowed) return undefined;
      const other = await t.browser().signIn(a.self!.email, 'a password nobody keeps');
      return other.statusCode === 401 ? undefined : 'the password was replaced';
    },
  }),
  'POST /account/sign-out-everywhere': probe({
    request: () => post('/account/sign-out-everywhere', {}),
    ok: { status: 303, location: '/sign-in' },
    verify: async ({ a, allowed }) => {
      if (!allowed) return undefined;
      const ended = await sessionEnded(a.cookie);
      await renew(a);
      return ended;
    },
  }),

  'GET /setup': probe({
    request: () => get(`/setup?token=${encodeURIComponent(usedSetupToken)}`),
    ok: { status: 200 },
  }),
  'POST /setup': probe({
    request: (a) =>
      post('/setup', {
        token: usedSetupToken,
        name: 'Mallory',
        email: `setup-${a.who}@example.org`,
        password: PASSWORD,
      }),
    ok: { status: 303, location: '/admin/associations' },
    verify: async ({ a }) =>
      (await findPersonByEmail(t.db.kysely, `setup-${a.who}@example.org`))
        ? 'an account was made'
        : undefined,
  }),

  'GET /admin/associations': probe({
    request: () => get('/admin/associations'),
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['mi-aimh', 'ct-aimh'], []),
  }),
  'POST /admin/associations': probe({
    request: (a) => post('/admin/associations', { slug: `probe-${a.who}`, name: `Probe ${a.who}` }),
    ok: { status: 303, location: '/admin/associations' },
    verify: async ({ a, allowed }) => {
      const made = !!(await findAssociation(t.db.kysely, `probe-${a.who}`));
      return made === allowed ? undefined : `association made: ${made}`;
    },
  }),
  'POST /admin/associations/:slug/name': probe({
    request: (a, scope) =>
      post(`/admin/associations/${assocOf(scope).slug}/name`, { name: `Renamed by ${a.who}` }),
    ok: { status: 303, location: '/admin/associations' },
    verify: async ({ a, scope, allowed }) => {
      const association = assocOf(scope);
      const now = (await findAssociation(t.db.kysely, association.id))!.name;
      if (allowed) await updateAssociationName(t.db.kysely, association.id, association.name);
      const want = allowed ? `Renamed by ${a.who}` : association.name;
      return now === want ? undefined : `the name is "${now}", not "${want}"`;
    },
  }),

  'GET /associations/:slug/people': probe({
    request: (_a, scope) => get(`/associations/${assocOf(scope).slug}/people`),
    ok: { status: 200 },
    shows: ({ scope, res }) => listsOnlyItsOwn(scope, res.body),
  }),
  'POST /associations/:slug/people': probe<{ target: Person; current: Role[]; wanted: Role[] }>({
    request: async (a, scope) => {
      const target = scope === 'own' ? a.self : scope === 'other' ? olive : cora;
      if (!target) return undefined;
      const association = assocOf(scope);
      const current = await rolesOf(association, target);
      const add: Role = scope !== 'own' ? 'advisor' : current.includes('admin') ? 'reviewer' : 'admin';
      const wanted = [...current, add];
      return post(
        `/associations/${association.slug}/people`,
        { email: target.email, roles: wanted },
        { target, current, wanted },
      );
    },
    ok: (scope) => ({ status: 303, location: `/associations/${assocOf(scope).slug}/people` }),
    verify: async ({ scope, allowed, req }) => {
      const { target, current, wanted } = req.data;
      const association = assocOf(scope);
      const now = await rolesOf(association, target);
      if (allowed) {
        const db = t.db;
        await setMembershipRoles(db.kysely, db.dialect, association.id, target.id, current.join(','));
      }
      const want = allowed ? wanted : current;
      return sameRoles(now, want) ? undefined : `roles are [${now.join(', ')}], not [${want.join(', ')}]`;
    },
  }),

  'GET /associations/:slug/settings': probe({
    request: (_a, scope) => get(`/associations/${assocOf(scope).slug}/settings`),
    ok: { status: 200 },
    shows: ({ res }) => (/Days to review/.test(res.body) ? undefined : 'the settings form is not shown'),
  }),
  'POST /associations/:slug/settings': probe({
    request: (_a, scope) =>
      post(`/associations/${assocOf(scope).slug}/settings`, {
        reviewDays: '31',
        responseDays: '30',
        reminderDaysBefore: '7, 1',
        reviewMode: 'independent',
      }),
    ok: (scope) => ({ status: 303, location: `/associations/${assocOf(scope).slug}/settings` }),
    verify: async ({ scope, allowed }) => {
      const association = assocOf(scope);
      const { reviewDays } = await reviewSettingsOf(t.product, association.id);
      // Put back the default, which the other probes' due dates assume.
      await writeAssociationSetting(
        t.db.kysely,
        association.id,
        'reviewDays',
        '30',
        new Date().toISOString(),
      );
      const want = allowed ? 31 : 30;
      return reviewDays === want ? undefined : `${reviewDays} days to review, not ${want}`;
    },
  }),
  'GET /associations/:slug/api-tokens': probe({
    request: (_a, scope) => get(`/associations/${assocOf(scope).slug}/api-tokens`),
    ok: { status: 200 },
    shows: ({ scope, res }) =>
      scope === 'other-association'
        ? names(res.body, ['Matrix token (ct-aimh)'], ['Matrix token (mi-aimh)'])
        : names(res.body, ['Matrix token (mi-aimh)'], ['Matrix token (ct-aimh)']),
  }),
  'POST /associations/:slug/api-tokens': probe<number>({
    request: async (a, scope) => {
      const association = assocOf(scope);
      return post(
        `/associations/${association.slug}/api-tokens`,
        { name: `Made by ${a.who}` },
        await tokenCount(association),
      );
    },
    ok: { status: 200 },
    shows: ({ res }) => (/endorse_[\w-]{20,}/.test(res.body) ? undefined : 'the new secret is not shown'),
    verify: async ({ scope, allowed, req }) => {
      const now = await tokenCount(assocOf(scope));
      const want = req.data + (allowed ? 1 : 0);
      return now === want ? undefined : `${now} tokens, not ${want}`;
    },
  }),
  'POST /associations/:slug/api-tokens/:id/revoke': probe<string>({
    request: async (a, scope) => {
      const association = assocOf(scope);
      const maker = scope === 'other-association' ? cade : actor('admin').self!;
      const made = await createApiToken(
        await loadActor(maker.id, t.product),
        { associationId: association.id, name: `To revoke (${a.who})` },
        t.product,
      );
      return post(`/associations/${association.slug}/api-tokens/${made.id}/revoke`, {}, made.id);
    },
    ok: (scope) => ({ status: 303, location: `/associations/${assocOf(scope).slug}/api-tokens` }),
    verify: async ({ allowed, req }) => {
      const revoked = !!(await findApiToken(t.db.kysely, req.data))?.revoked_at;
      return revoked === allowed ? undefined : `token revoked: ${revoked}`;
    },
  }),

  // The applications here are drafts, which the list shows when asked for.
  'GET /associations/:slug/applications': probe({
    request: (_a, scope) => get(`/associations/${assocOf(scope).slug}/applications?status=draft`),
    ok: { status: 200 },
    shows: ({ scope, res }) => listsOnlyItsOwn(scope, res.body),
  }),
  'GET /associations/:slug/applications.csv': probe({
    request: (_a, scope) => get(`/associations/${assocOf(scope).slug}/applications.csv?status=all`),
    ok: { status: 200 },
    shows: ({ scope, res }) => listsOnlyItsOwn(scope, res.body),
  }),
  'GET /associations/:slug/applications/:id': probe<Person>({
    request: (a, scope) => {
      const [id, owner] =
        scope === 'own'
          ? [a.ownApplicationId, a.self]
          : scope === 'other'
            ? [oliveApplication, olive]
            : [coraApplication, cora];
      if (!id || !owner) return undefined;
      return { ...get(`/associations/${assocOf(scope).slug}/applications/${id}`), data: owner };
    },
    ok: { status: 200 },
    // The history names who started the application: its owner.
    shows: ({ req, res }) => names(res.body, [req.data.name, 'application.start'], []),
  }),

  'GET /associations/:slug/reviewers': probe({
    request: (_a, scope) => get(`/associations/${assocOf(scope).slug}/reviewers`),
    ok: { status: 200 },
    shows: ({ scope, res }) =>
      scope === 'own' ? names(res.body, [actor('reviewer').self!.email], [cora.email]) : undefined,
  }),
  // In mi-aimh the matrix's reviewer gets an endorsement (removed again); in ct-aimh the form is refused, as
  // its admin is no reviewer: the route's own answer either way.
  'POST /associations/:slug/reviewers': probe({
    request: (_a, scope) =>
      post(`/associations/${assocOf(scope).slug}/reviewers`, {
        person: qualificationHolder(scope).id,
        // Not IMHS: the matrix reviewer holds IMHS in Endorse (endorsementOfPerson), which already counts.
        credential: 'IMHM-C',
        evidence: 'Matrix evidence',
      }),
    ok: (scope) => (scope === 'own' ? { status: 303 } : { status: 400 }),
    verify: async ({ scope, allowed }) => {
      const held = await qualificationsHeld(qualificationHolder(scope));
      await t.db.kysely
        .deleteFrom('reviewer_qualification')
        .where('user_id', '=', qualificationHolder(scope).id)
        .execute();
      const expected = allowed && scope === 'own' ? 1 : 0;
      return held.length === expected ? undefined : `endorsements recorded: ${held.length}`;
    },
  }),
  'POST /associations/:slug/reviewers/:qualificationId/remove': probe<string>({
    request: async (_a, scope) => {
      const holder = qualificationHolder(scope);
      const id = await insertQualification(t.db.kysely, {
        associationId: assocOf(scope).id,
        userId: holder.id,
        credential: 'IMHS',
        field: 'imh',
        level: 3,
        evidence: 'Matrix evidence',
        recordedBy: null,
        recordedAt: new Date().toISOString(),
      });
      return post(`/associations/${assocOf(scope).slug}/reviewers/${id}/remove`, {}, id);
    },
    ok: { status: 303 },
    verify: async ({ req, allowed }) => {
      const row = await t.db.kysely
        .selectFrom('reviewer_qualification')
        .select('removed_at')
        .where('id', '=', req.data)
        .executeTakeFirstOrThrow();
      await t.db.kysely.deleteFrom('reviewer_qualification').where('id', '=', req.data).execute();
      return (row.removed_at !== null) === allowed ? undefined : `removed: ${row.removed_at !== null}`;
    },
  }),
  'GET /associations/:slug/applications/:id/reviewers': probe({
    request: (a, scope) => {
      const id =
        scope === 'own' ? a.ownApplicationId : scope === 'other' ? oliveApplication : coraApplication;
      return id ? get(`/associations/${assocOf(scope).slug}/applications/${id}/reviewers`) : undefined;
    },
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['Reviewers of'], []),
  }),
  // The matrix's reviewer holds no endorsement (and none in ct-aimh): allowed is the form refused with why.
  'POST /associations/:slug/applications/:id/reviewers': probe<string>({
    request: async (_a, scope) => {
      const id = await submittedFor(scope);
      if (!id) return undefined;
      const form = { reviewer: actor('reviewer').self!.id };
      return post(`/associations/${assocOf(scope).slug}/applications/${id}/reviewers`, form, id);
    },
    ok: { status: 400 },
    shows: ({ scope, res }) =>
      names(res.body, [scope === 'other' ? 'holds no endorsement' : 'not a reviewer of'], []),
    verify: async ({ req }) => {
      const rows = await assignmentsOf(t.db.kysely, req.data);
      return rows.length === 0 ? undefined : `reviewers assigned: ${rows.length}`;
    },
  }),
  'POST /associations/:slug/applications/:id/reviewers/:assignmentId/remove': probe<string>({
    request: async (_a, scope) => {
      const made = await reviewerAssignment(scope);
      return (
        made &&
        post(
          `/associations/${assocOf(scope).slug}/applications/${made.applicationId}/reviewers/${made.assignmentId}/remove`,
          {},
          made.assignmentId,
        )
      );
    },
    ok: { status: 303 },
    verify: async ({ req, allowed }) => {
      const row = await assignmentRow(req.data);
      await dropAssignment(req.data);
      return (row.status === 'removed') === allowed ? undefined : `the assignment is ${row.status}`;
    },
  }),
  'GET /reviews': probe({
    request: () => get('/reviews'),
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['My reviews'], [olive.email, cora.email]),
  }),
  // The reviewer declines without a reason: the form comes back, and the assignment stays.
  'POST /reviews/:id/decline': probe<string>({
    request: async (_a, scope) => {
      const made = await reviewerAssignment(scope);
      return made && post(`/reviews/${made.applicationId}/decline`, { reason: '' }, made.assignmentId);
    },
    ok: { status: 400 },
    shows: ({ res }) => names(res.body, ['Enter why you decline this review'], []),
    verify: async ({ req }) => {
      const row = await assignmentRow(req.data);
      await dropAssignment(req.data);
      return row.status === 'active' ? undefined : `the assignment is ${row.status}`;
    },
  }),

  'GET /applications': probe({
    request: () => get('/applications'),
    ok: { status: 200 },
    shows: async ({ a, res }) => {
      const mine = (await applicationsOfPerson(t.db.kysely, a.self!.id)).length;
      const rows = (/<tbody>([\s\S]*?)<\/tbody>/.exec(res.body)?.[1] ?? '').match(/<tr\b/g)?.length ?? 0;
      return rows === mine ? undefined : `lists ${rows} applications; the actor has ${mine}`;
    },
  }),
  'POST /applications': probe<number>({
    request: async (a) =>
      post(
        '/applications',
        // Each actor has an open IMHS application already: one per credential.
        { association: 'mi-aimh', credential: 'IFS' },
        a.self ? (await applicationsOfPerson(t.db.kysely, a.self.id)).length : 0,
      ),
    // It lands on the new application.
    ok: { status: 303 },
    verify: async ({ a, allowed, req, res }) => {
      if (!allowed) return undefined; // the fingerprint shows no application was made
      const mine = await applicationsOfPerson(t.db.kysely, a.self!.id);
      if (mine.length !== req.data + 1)
        return `the actor has ${mine.length} applications, not ${req.data + 1}`;
      const started = mine.find((m) => m.credential === 'IFS');
      return res.headers.location === `/applications/${started?.id}`
        ? undefined
        : `expected a redirect to the new application, got ${String(res.headers.location)}`;
    },
  }),
  'GET /applications/start': probe({
    request: () => get('/applications/start?association=mi-aimh'),
    ok: { status: 200 },
    shows: ({ res }) =>
      res.body.includes('name="credential" value="IMHS"') ? undefined : 'no credentials offered',
  }),

  'GET /applications/:id/references': probe<Person>({
    request: (a, scope) => {
      const target = referenceTarget(a, scope);
      if (!target) return undefined;
      return { ...get(`/applications/${target.applicationId}/references`), data: target.owner };
    },
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['Ask for a reference'], [olive.email, cora.email]),
  }),
  'POST /applications/:id/references': probe<{ applicationId: string; email: string }>({
    request: (a, scope) => {
      const target = referenceTarget(a, scope);
      if (!target) return undefined;
      const email = `matrix-asked-${++referenceCount}@example.org`;
      return post(
        `/applications/${target.applicationId}/references`,
        { raterName: 'Asked Rater', raterEmail: email, relationship: 'colleague', waived: 'yes' },
        { applicationId: target.applicationId, email },
      );
    },
    ok: { status: 303 },
    verify: async ({ allowed, req }) => {
      const made = await t.db.kysely
        .selectFrom('reference_request')
        .select('id')
        .where('rater_email', '=', req.data.email)
        .executeTakeFirst();
      return !!made === allowed ? undefined : `request made: ${!!made}`;
    },
  }),
  'POST /applications/:id/references/:requestId/resend': probe<{ id: string; hash: string }>({
    request: async (a, scope) => {
      const r = await referenceRequestFor(a, scope);
      if (!r) return undefined;
      const hash = (await referenceRow(r.id)).token_hash;
      return post(`/applications/${r.applicationId}/references/${r.id}/resend`, {}, { id: r.id, hash });
    },
    ok: { status: 303 },
    verify: async ({ allowed, req }) => {
      const renewed = (await referenceRow(req.data.id)).token_hash !== req.data.hash;
      return renewed === allowed ? undefined : `link renewed: ${renewed}`;
    },
  }),
  'POST /applications/:id/references/:requestId/revoke': probe<string>({
    request: async (a, scope) => {
      const r = await referenceRequestFor(a, scope);
      if (!r) return undefined;
      return post(`/applications/${r.applicationId}/references/${r.id}/revoke`, {}, r.id);
    },
    ok: { status: 303 },
    verify: async ({ allowed, req }) => {
      const revoked = (await referenceRow(req.data)).status === 'revoked';
      return revoked === allowed ? undefined : `request revoked: ${revoked}`;
    },
  }),
  'GET /references/respond/:token': probe({
    request: async () => get((await raterLink(0)).link),
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['Reference rating for Olive Other', 'name="rating-'], []),
  }),
  'POST /references/respond/:token': probe<string>({
    request: async () => {
      const { id, link } = await raterLink(1);
      const form: Form = { knownYears: '1', knownMonths: '2', role: 'Colleague', current: 'yes' };
      for (const d of ratingDomains('mi-aimh')) form[`rating-${d.id}`] = '3';
      return { ...post(link, form), data: id };
    },
    ok: { status: 303 },
    verify: async ({ req }) => {
      const status = (await referenceRow(req.data)).status;
      return status === 'submitted' ? undefined : `the request is ${status}`;
    },
  }),
  'GET /associations/:slug/applications/:id/references': probe<Person>({
    request: (a, scope) => {
      const [id, owner] =
        scope === 'own'
          ? [a.ownApplicationId, a.self]
          : scope === 'other'
            ? [oliveApplication, olive]
            : [coraApplication, cora];
      if (!id || !owner) return undefined;
      return { ...get(`/associations/${assocOf(scope).slug}/applications/${id}/references`), data: owner };
    },
    ok: { status: 200 },
    shows: ({ req, res }) => names(res.body, [`Reference ratings: ${req.data.name}`], []),
  }),

  'GET /self-study': probe({
    request: () => get('/self-study'),
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['Answer a few questions', 'Or import a portfolio'], []),
  }),
  'POST /self-study': probe({
    request: () =>
      post('/self-study', {
        association: 'mi-aimh',
        degree: 'associate',
        degreeYear: '2015',
        familyYears: '2',
        trainingHours: '30',
        rscProvider: 'none',
        providesRsc: 'no',
        membership: 'chosen',
      }),
    ok: { status: 200 },
    shows: ({ res }) =>
      names(res.body, ['Which credentials fit', 'Infant Family Associate (IFA, Level 1)'], []),
  }),
  'POST /self-study/import': probe({
    request: () =>
      post('/self-study/import', {
        'import-association': 'ct-aimh',
        json: JSON.stringify({ format: 'endorse-portfolio/1', person: { name: 'Matrix Import' } }),
      }),
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['from the portfolio you imported'], []),
  }),
  'GET /applications/:id/submit': probe({
    request: (a, scope) => {
      const target = submissionTarget(a, scope);
      return target && get(`/applications/${target.applicationId}/submit`);
    },
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['What stops you from submitting'], [olive.email, cora.email]),
  }),
  // The actors' applications are empty drafts: an allowed submission is refused with what blocks it.
  'POST /applications/:id/submit': probe<string>({
    request: (a, scope) => {
      const target = submissionTarget(a, scope);
      return target && post(`/applications/${target.applicationId}/submit`, {}, target.applicationId);
    },
    ok: { status: 400 },
    shows: ({ res }) => names(res.body, ['cannot be submitted', 'What stops you from submitting'], []),
    verify: async ({ req }) => {
      const row = await t.db.kysely
        .selectFrom('application')
        .select(['status', 'snapshot'])
        .where('id', '=', req.data)
        .executeTakeFirstOrThrow();
      return row.status === 'draft' && row.snapshot === null ? undefined : `the application is ${row.status}`;
    },
  }),
  // Abe is made the advisor, in place of the one the application has; undone.
  'POST /associations/:slug/applications/:id/advisor': probe<AdvisorState>({
    request: async (a, scope) => {
      const target = submissionTarget(a, scope);
      if (!target) return undefined;
      return post(
        `/associations/${assocOf(scope).slug}/applications/${target.applicationId}/advisor`,
        { advisor: abe.id },
        await advisorState(target.applicationId),
      );
    },
    ok: { status: 303 },
    verify: async ({ allowed, req }) => {
      const now = await activeAdvisors(req.data.applicationId);
      await restoreAdvisors(req.data);
      return (now.join() === abe.id) === allowed ? undefined : `active advisors: ${now.join(', ') || 'none'}`;
    },
  }),
  'POST /associations/:slug/applications/:id/advisor/remove': probe<AdvisorState>({
    request: async (a, scope) => {
      const target = submissionTarget(a, scope);
      if (!target) return undefined;
      return post(
        `/associations/${assocOf(scope).slug}/applications/${target.applicationId}/advisor/remove`,
        {},
        await advisorState(target.applicationId),
      );
    },
    ok: { status: 303 },
    verify: async ({ allowed, req }) => {
      const now = await activeAdvisors(req.data.applicationId);
      await restoreAdvisors(req.data);
      return (now.length === 0) === allowed ? undefined : `active advisors: ${now.join(', ') || 'none'}`;
    },
  }),
  'GET /advising': probe({
    request: () => get('/advising'),
    ok: { status: 200 },
    // The advisor's list names Olive; nobody else's does.
    shows: ({ a, res }) =>
      a.who === 'advisor'
        ? names(res.body, [olive.name], [cora.name])
        : names(res.body, [], [olive.name, cora.name]),
  }),
  'GET /applications/:id/messages': probe({
    request: (a, scope) => {
      const target = submissionTarget(a, scope);
      return target && get(`/applications/${target.applicationId}/messages`);
    },
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['Messages:'], []),
  }),
  'POST /applications/:id/messages': probe<string>({
    request: (a, scope) => {
      const target = submissionTarget(a, scope);
      if (!target) return undefined;
      return post(
        `/applications/${target.applicationId}/messages`,
        { body: `Matrix message from ${a.who}` },
        target.applicationId,
      );
    },
    ok: { status: 303 },
    verify: async ({ allowed, req, a }) => {
      const posted = await messagesOn(req.data, `Matrix message from ${a.who}`);
      return (posted === 1) === allowed ? undefined : `messages posted: ${posted}`;
    },
  }),
  'POST /applications/:id/comments': probe<string>({
    request: (a, scope) => {
      const target = submissionTarget(a, scope);
      if (!target) return undefined;
      return post(
        `/applications/${target.applicationId}/comments`,
        { about: 'section:training', body: `Matrix comment from ${a.who}` },
        target.applicationId,
      );
    },
    ok: { status: 303 },
    verify: async ({ allowed, req, a }) => {
      const posted = await messagesOn(req.data, `Matrix comment from ${a.who}`);
      return (posted === 1) === allowed ? undefined : `comments posted: ${posted}`;
    },
  }),

  'POST /associations/:slug/applications/:id/payments': probe<{ feeDueId: string }>({
    request: async (a, scope) => {
      const target = submissionTarget(a, scope);
      if (!target) return undefined;
      const due = await insertFeeDue(t.db.kysely, {
        applicationId: target.applicationId,
        kind: 'application',
        amountCents: 2500,
        currency: 'USD',
      });
      return post(
        `/associations/${assocOf(scope).slug}/applications/${target.applicationId}/payments`,
        { feeDue: due.id, amount: '25.00', method: 'check' },
        { feeDueId: due.id },
      );
    },
    ok: { status: 303 },
    verify: async ({ allowed, req }) => {
      const paid = await t.db.kysely
        .selectFrom('payment')
        .select('id')
        .where('fee_due_id', '=', req.data.feeDueId)
        .execute();
      // Undone either way: the fee due goes, and its payments with it.
      await t.db.kysely.deleteFrom('payment').where('fee_due_id', '=', req.data.feeDueId).execute();
      await t.db.kysely.deleteFrom('fee_due').where('id', '=', req.data.feeDueId).execute();
      return (paid.length === 1) === allowed ? undefined : `payments recorded: ${paid.length}`;
    },
  }),

  'POST /associations/:slug/applications/:id/waivers': probe<{ feeDueId: string }>({
    request: async (a, scope) => {
      const target = submissionTarget(a, scope);
      if (!target) return undefined;
      const due = await insertFeeDue(t.db.kysely, {
        applicationId: target.applicationId,
        kind: 'application',
        amountCents: 2500,
        currency: 'USD',
      });
      return post(
        `/associations/${assocOf(scope).slug}/applications/${target.applicationId}/waivers`,
        { feeDue: due.id, reason: 'Matrix waiver' },
        { feeDueId: due.id },
      );
    },
    ok: { status: 303 },
    verify: async ({ allowed, req }) => {
      const row = await t.db.kysely
        .selectFrom('fee_due')
        .select('waived_at')
        .where('id', '=', req.data.feeDueId)
        .executeTakeFirst();
      await t.db.kysely.deleteFrom('fee_due').where('id', '=', req.data.feeDueId).execute();
      return (row?.waived_at != null) === allowed ? undefined : `waived: ${String(row?.waived_at)}`;
    },
  }),

  'GET /applications/:id': probe<string>({
    request: (a, scope) => {
      const id =
        scope === 'own' ? a.ownApplicationId : scope === 'other' ? oliveApplication : coraApplication;
      if (!id) return undefined;
      return { ...get(`/applications/${id}`), data: scope === 'other-association' ? 'IFA' : 'IMHS' };
    },
    ok: { status: 200 },
    shows: ({ req, res }) => names(res.body, [`Checklist: ${req.data} with`], []),
  }),
  'GET /applications/:id/portfolio': probe<Person>({
    request: (a, scope) => {
      const [id, owner] =
        scope === 'own'
          ? [a.ownApplicationId, a.self]
          : scope === 'other'
            ? [oliveApplication, olive]
            : [coraApplication, cora];
      if (!id || !owner) return undefined;
      return { ...get(`/applications/${id}/portfolio`), data: owner };
    },
    ok: { status: 200 },
    shows: ({ req, res }) => names(res.body, [`Portfolio of ${req.data.name}`], []),
  }),
  'GET /portfolio': probe({ request: () => get('/portfolio'), ok: { status: 200 } }),
  'GET /portfolio/agreements': probe({
    request: () => get('/portfolio/agreements'),
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['Code of Ethics'], []),
  }),
  'POST /portfolio/agreements': probe<number>({
    request: async (a) => {
      const before = a.self
        ? (
            await t.db.kysely
              .selectFrom('agreement_signature')
              .select('id')
              .where('user_id', '=', a.self.id)
              .execute()
          ).length
        : 0;
      return post(
        '/portfolio/agreements',
        { association: 'mi-aimh', kind: 'code-of-ethics', typedName: a.self?.name ?? 'Nobody' },
        before,
      );
    },
    ok: { status: 303, location: '/portfolio/agreements' },
    verify: async ({ a, allowed, req }) => {
      if (!allowed) return undefined; // the fingerprint shows no audited change
      const rows = await t.db.kysely
        .selectFrom('agreement_signature')
        .select('id')
        .where('user_id', '=', a.self!.id)
        .execute();
      return rows.length === req.data + 1 ? undefined : `${rows.length} signatures, not ${req.data + 1}`;
    },
  }),
  'GET /portfolio/competencies': probe({
    request: () => get('/portfolio/competencies'),
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['Theoretical Foundations'], []),
  }),
  'GET /portfolio/export': probe({
    request: () => get('/portfolio/export'),
    ok: { status: 200 },
    shows: ({ a, res }) => names(res.body, [a.self!.email, 'endorse-portfolio/1'], othersTitles(a)),
  }),
  'GET /portfolio/import': page('/portfolio/import'),
  'POST /portfolio/import': probe({
    request: (a) =>
      post('/portfolio/import', {
        json: JSON.stringify({
          format: 'endorse-portfolio/1',
          person: { name: 'Import' },
          training: [{ title: `Import probe (${a.who})`, date: '2020-01-01', hours: 1 }],
        }),
      }),
    ok: { status: 200 },
    shows: ({ a, res }) => names(res.body, ['Nothing has changed yet', `Import probe (${a.who})`], []),
  }),
  'POST /portfolio/import/confirm': probe<string>({
    request: async (a) => {
      const title = `Imported by ${a.who}`;
      const json = JSON.stringify({
        format: 'endorse-portfolio/1',
        person: { name: 'Import' },
        training: [{ title, date: '2020-01-01', hours: 1 }],
      });
      // The plan comes signed from the actor's own preview (there is none for whoever may not import).
      const preview = await send(a, post('/portfolio/import', { json }));
      const plan =
        preview.statusCode === 200 ? hiddenValue(preview.body, '/portfolio/import/confirm', 'plan') : 'none';
      return post('/portfolio/import/confirm', { plan, apply: '0' }, title);
    },
    ok: { status: 303, location: '/portfolio' },
    verify: async ({ a, allowed, req }) => {
      if (!allowed) return undefined;
      const made = await t.db.kysely
        .selectFrom('portfolio_entry')
        .select(['id', 'data'])
        .where('user_id', '=', a.self!.id)
        .where('section', '=', 'training')
        .execute();
      const mine = made.filter((r) => (JSON.parse(r.data) as { title?: string }).title === req.data);
      for (const r of mine) await deleteEntry(t.db.kysely, r.id);
      return mine.length === 1 ? undefined : `${mine.length} entries imported, not 1`;
    },
  }),
  'GET /portfolio/files/:fileId': probe({
    request: async (a, scope) => {
      const owner = portfolioOwner(a, scope);
      return owner ? get(`/portfolio/files/${await fileOf(owner)}`) : undefined;
    },
    ok: { status: 200 },
    shows: ({ res }) => (res.rawPayload.subarray(0, 5).toString() === '%PDF-' ? undefined : 'not the PDF'),
  }),
  'GET /portfolio/:section': probe({
    request: () => get('/portfolio/training'),
    ok: { status: 200 },
    shows: ({ a, res }) => names(res.body, ['In-service training'], othersTitles(a)),
  }),
  'POST /portfolio/:section': probe<string>({
    request: (a) => {
      const title = `Added by ${a.who}`;
      return post('/portfolio/training', { title, date: '2020-01-01', hours: '1' }, title);
    },
    ok: { status: 303, location: '/portfolio/training' },
    verify: async ({ a, allowed, req }) => {
      if (!allowed) return undefined;
      const rows = await t.db.kysely
        .selectFrom('portfolio_entry')
        .select(['id', 'data'])
        .where('user_id', '=', a.self!.id)
        .execute();
      const mine = rows.filter((r) => (JSON.parse(r.data) as { title?: string }).title === req.data);
      for (const r of mine) await deleteEntry(t.db.kysely, r.id);
      return mine.length === 1 ? undefined : `${mine.length} entries added, not 1`;
    },
  }),
  'GET /portfolio/:section/:entryId': probe({
    request: async (a, scope) => {
      const owner = portfolioOwner(a, scope);
      return owner ? get(`/portfolio/training/${await entryOf(owner)}`) : undefined;
    },
    ok: { status: 200 },
  }),
  'POST /portfolio/:section/:entryId': probe<{ id: string; owner: Person }>({
    request: async (a, scope) => {
      const owner = portfolioOwner(a, scope);
      if (!owner) return undefined;
      const id = await entryOf(owner);
      return post(
        `/portfolio/training/${id}`,
        { title: `Changed by ${a.who}`, date: '2020-01-01', hours: '2' },
        { id, owner },
      );
    },
    ok: { status: 303, location: '/portfolio/training' },
    verify: async ({ a, allowed, req }) => {
      const { id, owner } = req.data;
      const now = await titleNow(id);
      if (allowed) {
        const actor = await loadActor(owner.id, t.product);
        await editEntry(
          actor,
          'training',
          id,
          { entry: { title: privateTitle(owner), date: '2020-01-01', hours: 1, topics: [] } },
          t.product,
        );
      }
      const want = allowed ? `Changed by ${a.who}` : privateTitle(owner);
      return now === want ? undefined : `the title is "${now}", not "${want}"`;
    },
  }),
  'POST /portfolio/:section/:entryId/remove': probe<string>({
    request: async (a, scope) => {
      const owner = portfolioOwner(a, scope);
      if (!owner) return undefined;
      const id = await trainingOf(owner, `To remove (${a.who})`);
      return post(`/portfolio/training/${id}/remove`, {}, id);
    },
    ok: { status: 303, location: '/portfolio/training' },
    verify: async ({ allowed, req }) => {
      const left = await findEntry(t.db.kysely, req.data);
      if (left) await deleteEntry(t.db.kysely, req.data);
      return !left === allowed ? undefined : `entry removed: ${!left}`;
    },
  }),

  'GET /api/v1/me': probe({
    request: () => get('/api/v1/me'),
    ok: { status: 200 },
    shows: ({ a, res }) => {
      const me = json(res) as { email: string; via: string; associations: Array<{ slug: string }> };
      const person = a.self ?? a.maker!;
      if (me.email !== person.email) return `answers for ${me.email}, not ${person.email}`;
      if (me.via !== (a.bearer ? 'api-token' : 'session')) return `via ${me.via}`;
      if (a.bearer) {
        const slugs = me.associations.map((x) => x.slug).join(',');
        const want = a.who === 'token-mi' ? 'mi-aimh' : 'ct-aimh';
        if (slugs !== want) return `a token of ${want} shows the associations ${slugs}`;
      }
      return undefined;
    },
  }),
  'GET /api/v1/associations/:slug/applications': probe({
    request: (_a, scope) => get(`/api/v1/associations/${assocOf(scope).slug}/applications?status=draft`),
    ok: { status: 200 },
    shows: ({ scope, res }) => listsOnlyItsOwn(scope, res.body),
  }),
  'GET /api/v1/associations/:slug/applications/:id': probe<Person>({
    request: (a, scope) => {
      const [id, owner] =
        scope === 'own'
          ? [a.ownApplicationId, a.self]
          : scope === 'other'
            ? [oliveApplication, olive]
            : [coraApplication, cora];
      if (!id || !owner) return undefined;
      return { ...get(`/api/v1/associations/${assocOf(scope).slug}/applications/${id}`), data: owner };
    },
    ok: { status: 200 },
    shows: ({ req, res }) => {
      const body = json(res) as { applicant: { email: string } };
      return body.applicant.email === req.data.email ? undefined : `answers for ${body.applicant.email}`;
    },
  }),
  'GET /api/v1/associations/:slug/people': probe({
    request: (_a, scope) => get(`/api/v1/associations/${assocOf(scope).slug}/people`),
    ok: { status: 200 },
    shows: ({ scope, res }) => listsOnlyItsOwn(scope, res.body),
  }),
  'GET /api/v1/associations/:slug/catalog/:credential': probe({
    request: (_a, scope) =>
      get(
        scope === 'own'
          ? '/api/v1/associations/mi-aimh/catalog/IMHS'
          : '/api/v1/associations/ct-aimh/catalog/IFA',
      ),
    ok: { status: 200 },
    shows: ({ scope, res }) => {
      const body = json(res) as { association: string };
      return body.association === assocOf(scope).slug ? undefined : `answers for ${body.association}`;
    },
  }),

  // Taking the exam: the exam's fixtures (below) for the applicant actor and Olive; drafts otherwise.
  'GET /applications/:id/exam': probe({
    request: async (a, scope) => get(`/applications/${await examTarget(a, scope)}/exam`),
    ok: { status: 200 },
  }),
  'POST /applications/:id/exam/start': examProbe('POST', '/start', {}, 303),
  'GET /applications/:id/exam/items/:n': examProbe('GET', '/items/1', {}, 200),
  'POST /applications/:id/exam/items/:n': examProbe('POST', '/items/1', { choice: '0', go: 'next' }, 303),
  'GET /applications/:id/exam/essays': examProbe('GET', '/essays', {}, 200),
  'POST /applications/:id/exam/essays': examProbe('POST', '/essays', { vignettes: ['1', '2'] }, 303),
  'GET /applications/:id/exam/essays/:n': examProbe('GET', '/essays/1', {}, 200),
  'POST /applications/:id/exam/essays/:n': examProbe('POST', '/essays/1', { text: 'An essay.' }, 303),
  'POST /applications/:id/exam/autosave': examProbe('POST', '/autosave', { item: '2', choice: '1' }, 200),
  'GET /applications/:id/exam/submit': examProbe('GET', '/submit', {}, 200),
  // Last of the taking routes in the table: the applicant's attempt ends here.
  'POST /applications/:id/exam/submit': examProbe('POST', '/submit', {}, 303),
  'GET /associations/:slug/exam/sittings/:sittingId/paper/:registrationId': probe({
    request: async (_a, scope) => get(await paperUrl(scope)),
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['Paper entry: Pam Paper'], []),
  }),
  // A letter that is not an option: the allowed answer names the item, and nothing is entered.
  'POST /associations/:slug/exam/sittings/:sittingId/paper/:registrationId': probe({
    request: async (_a, scope) => post(await paperUrl(scope), { 'item.1': 'Z' }),
    ok: { status: 400 },
    shows: ({ res }) => names(res.body, ['Item 1: “Z” is not one of its options'], []),
    verify: async () => {
      const fx = await examFixtures();
      return (await findRegistration(t.db.kysely, fx.paperRegistration))!.status === 'registered'
        ? undefined
        : 'the paper sitting was entered';
    },
  }),
  'GET /associations/:slug/exam/reading': probe({
    request: (_a, scope) => get(`/associations/${assocOf(scope).slug}/exam/reading`),
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['Essays to read'], [olive.email, cora.email]),
  }),
  'GET /associations/:slug/exam/reading/:blindCode': probe<ExamFixture>({
    request: async (_a, scope) => {
      const fx = await examFixture(scope);
      return { ...get(`/associations/${assocOf(scope).slug}/exam/reading/${fx.blindCode}`), data: fx };
    },
    ok: { status: 200 },
    shows: ({ req, res }) => names(res.body, [req.data.essay], [req.data.examinee.email]),
  }),
  // An allowed read is taken, then undone (the attempt still waits for its second read).
  'POST /associations/:slug/exam/reading/:blindCode': probe<ExamFixture>({
    request: async (_a, scope) => {
      const fx = await examFixture(scope);
      const url = `/associations/${assocOf(scope).slug}/exam/reading/${fx.blindCode}`;
      return post(url, { c0: '4', c1: '3', comment: '' }, fx);
    },
    ok: (scope) => ({ status: 303, location: `/associations/${assocOf(scope).slug}/exam/reading` }),
    verify: async ({ a, allowed, req }) => {
      const reads = await t.db.kysely
        .selectFrom('exam_essay_read')
        .innerJoin('exam_essay_response', 'exam_essay_response.id', 'exam_essay_read.response_id')
        .select(['exam_essay_read.id', 'exam_essay_read.reader_id', 'exam_essay_read.total'])
        .where('exam_essay_response.blind_code', '=', req.data.blindCode)
        .execute();
      if (reads.length)
        await t.db.kysely
          .deleteFrom('exam_essay_read')
          .where(
            'id',
            'in',
            reads.map((r) => r.id),
          )
          .execute();
      const mine = reads.filter((r) => r.reader_id === (a.self ?? a.maker)?.id && r.total === 7);
      if (allowed)
        return mine.length === 1 && reads.length === 1 ? undefined : `${reads.length} reads recorded`;
      return reads.length === 0 ? undefined : 'a read was recorded';
    },
  }),
  'GET /applications/:id/exam/result': probe({
    request: (a, scope) => {
      const id = resultTarget(a, scope);
      return id ? get(`/applications/${id}/exam/result`) : undefined;
    },
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['No sitting of the exam has been taken'], []),
  }),
  'GET /associations/:slug/applications/:id/exam/result': probe({
    request: (a, scope) => {
      const id = resultTarget(a, scope);
      return id ? get(`/associations/${assocOf(scope).slug}/applications/${id}/exam/result`) : undefined;
    },
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['No sitting of the exam has been taken'], []),
  }),
  'GET /associations/:slug/exam/sittings/:sittingId/statistics': probe<ExamFixture>({
    request: async (_a, scope) => {
      const fx = await examFixture(scope);
      return {
        ...get(`/associations/${assocOf(scope).slug}/exam/sittings/${fx.sittingId}/statistics`),
        data: fx,
      };
    },
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['Sample form: 1 attempt'], []),
  }),
  // An allowed discount is taken, then undone (the discount removed, the attempt rescored without it).
  'POST /associations/:slug/exam/sittings/:sittingId/statistics/discount': probe<ExamFixture>({
    request: async (_a, scope) => {
      const fx = await examFixture(scope);
      const url = `/associations/${assocOf(scope).slug}/exam/sittings/${fx.sittingId}/statistics/discount`;
      return post(url, { item: fx.itemId, reason: 'Matrix check' }, fx);
    },
    ok: { status: 303 },
    verify: async ({ allowed, req }) => {
      const gone = await t.db.kysely
        .deleteFrom('exam_item_discount')
        .where('sitting_id', '=', req.data.sittingId)
        .executeTakeFirst();
      const counted = (await findAttempt(t.db.kysely, req.data.attemptId))!.mcCounted;
      await t.db.kysely
        .transaction()
        .execute((tx) => scoreAttempt(tx, t.product, req.data.attemptId, timestamp()));
      const removed = Number(gone.numDeletedRows);
      if (allowed)
        return removed === 1 && counted === 1 ? undefined : `discounted ${removed}, ${counted} counted`;
      return removed === 0 && counted === 2 ? undefined : 'the item was discounted';
    },
  }),
  // Exam sittings: an allowed form comes back naming the field left empty, so nothing changes.
  'POST /associations/:slug/settings/exam': refusedForm(
    (scope) => `/associations/${assocOf(scope).slug}/settings/exam`,
    'Multiple-choice items: a whole number',
  ),
  // Renewal settings: an allowed form comes back naming the field left empty, so nothing changes.
  'POST /associations/:slug/settings/renewal': refusedForm(
    (scope) => `/associations/${assocOf(scope).slug}/settings/renewal`,
    'Choose when renewal is due each year',
  ),
  'GET /associations/:slug/exam/sittings': probe({
    request: (_a, scope) => get(`/associations/${assocOf(scope).slug}/exam/sittings`),
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['Exam sittings'], []),
  }),
  'POST /associations/:slug/exam/sittings': refusedForm(
    (scope) => `/associations/${assocOf(scope).slug}/exam/sittings`,
    'Enter the date and time it starts',
  ),
  'GET /associations/:slug/exam/sittings/:sittingId': probe({
    request: async (_a, scope) =>
      get(`/associations/${assocOf(scope).slug}/exam/sittings/${await sittingOf(assocOf(scope))}`),
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['Roster'], []),
  }),
  'POST /associations/:slug/exam/sittings/:sittingId': refusedForm(
    async (scope) => `/associations/${assocOf(scope).slug}/exam/sittings/${await sittingOf(assocOf(scope))}`,
    'Enter the date and time it starts',
  ),
  'POST /associations/:slug/exam/sittings/:sittingId/cancel': refusedForm(
    async (scope) =>
      `/associations/${assocOf(scope).slug}/exam/sittings/${await sittingOf(assocOf(scope))}/cancel`,
    'Tick the box to confirm',
  ),
  'POST /associations/:slug/exam/sittings/:sittingId/register': refusedForm(
    async (scope) =>
      `/associations/${assocOf(scope).slug}/exam/sittings/${await sittingOf(assocOf(scope))}/register`,
    'Choose an application',
  ),
  'GET /associations/:slug/applications/:id/exam': probe({
    request: (a, scope) => {
      const id = staffTarget(a, scope);
      return id ? get(`/associations/${assocOf(scope).slug}/applications/${id}/exam`) : undefined;
    },
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['Registrations'], []),
  }),
  'POST /associations/:slug/applications/:id/exam/sitting': refusedForm(
    (scope, a) => examUrl(a, scope, '/sitting'),
    'Choose a sitting',
  ),
  'POST /associations/:slug/applications/:id/exam/no-show': refusedForm(
    (scope, a) => examUrl(a, scope, '/no-show'),
    'Say which registration',
  ),
  'POST /associations/:slug/applications/:id/exam/accommodations': refusedForm(
    (scope, a) => examUrl(a, scope, '/accommodations'),
    'Time allowed: a number',
  ),
  'GET /applications/:id/exam/sittings': probe({
    request: async (a, scope) => {
      const id = await approvedFor(a, scope);
      return id ? get(`/applications/${id}/exam/sittings`) : undefined;
    },
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['Your exam sitting'], []),
  }),
  'POST /applications/:id/exam/sittings': refusedForm(async (scope, a) => {
    const id = await approvedFor(a, scope);
    return id && `/applications/${id}/exam/sittings`;
  }, 'Choose a sitting'),
  'GET /endorsements/:id/certificate.pdf': probe({
    request: async (a, scope) => {
      const id = await endorsementFor(a, scope);
      return id ? get(`/endorsements/${id}/certificate.pdf`) : undefined;
    },
    ok: { status: 200 },
    shows: ({ res }) =>
      res.headers['content-type'] === 'application/pdf' &&
      res.rawPayload.subarray(0, 5).toString() === '%PDF-'
        ? undefined
        : 'not a PDF',
  }),
  'GET /endorsements/:id/letter': probe({
    request: async (a, scope) => {
      const id = await endorsementFor(a, scope);
      return id ? get(`/endorsements/${id}/letter`) : undefined;
    },
    ok: { status: 200 },
    shows: ({ res }) => names(pageText(res.body), ['What renewal will ask', 'Where to verify it'], []),
  }),
  'POST /endorsements/:id/listing': probe<string>({
    request: async (a, scope) => {
      const id = await endorsementFor(a, scope);
      return id ? post(`/endorsements/${id}/listing`, { listed: 'no' }, id) : undefined;
    },
    ok: { status: 303, location: '/account#endorsements-title' },
    verify: async ({ allowed, req }) => {
      const listed = (await findEndorsement(t.db.kysely, req.data))!.listed;
      if (allowed) {
        await setEndorsementListed(t.db.kysely, req.data, true, timestamp());
        return listed ? 'the choice was not saved' : undefined;
      }
      return listed ? undefined : 'a refused choice was saved';
    },
  }),
  'GET /associations/:slug/endorsements': probe({
    request: async (_a, scope) => {
      await Promise.all([endorsedIn('own'), endorsedIn('other-association')]);
      return get(`/associations/${assocOf(scope).slug}/endorsements`);
    },
    ok: { status: 200 },
    shows: async ({ res, scope }) => {
      const [mine, theirs] = await Promise.all([
        endorsedIn(scope),
        endorsedIn(scope === 'own' ? 'other-association' : 'other'),
      ]);
      return names(pageText(res.body), [mine.email], [theirs.email]);
    },
  }),
  'GET /associations/:slug/endorsements/transfer': probe({
    request: (_a, scope) => get(`/associations/${assocOf(scope).slug}/endorsements/transfer`),
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['Accept a transferred endorsement'], []),
  }),
  // No credential sent: the allowed answer asks for it, and nothing is transferred.
  'POST /associations/:slug/endorsements/transfer': refusedForm(
    (scope) => `/associations/${assocOf(scope).slug}/endorsements/transfer`,
    'Choose the credential file',
  ),
  'GET /associations/:slug/endorsements/:endorsementId': probe({
    request: async (_a, scope) => {
      if (scope === 'own') return undefined;
      return get(endorsementUrl(scope, (await endorsedIn(scope)).endorsement.id));
    },
    ok: { status: 200 },
    shows: async ({ res, scope }) => names(pageText(res.body), [(await endorsedIn(scope)).email], []),
  }),
  // Without a reason: the allowed answer asks for it; the endorsement stays active.
  'POST /associations/:slug/endorsements/:endorsementId/suspend': endorsementStep(
    'suspend',
    400,
    'Enter the reason for the suspension',
  ),
  // An active endorsement: the allowed answer says only a suspended one can be reinstated.
  'POST /associations/:slug/endorsements/:endorsementId/reinstate': endorsementStep(
    'reinstate',
    409,
    'Only a suspended endorsement can be reinstated',
  ),
  'POST /associations/:slug/endorsements/:endorsementId/revoke': endorsementStep(
    'revoke',
    400,
    'Enter the reason for the revocation',
  ),

  // The renewal year: the list (of the year the endorsees are due in) shows only the association's own.
  'GET /associations/:slug/renewals': probe({
    request: async (_a, scope) => {
      await Promise.all([endorsedIn('own'), endorsedIn('other-association')]);
      return get(`${renewalsUrl(scope)}?year=${await dueYear(scope)}`);
    },
    ok: { status: 200 },
    shows: async ({ res, scope }) => {
      const [mine, theirs] = await Promise.all([
        endorsedIn(scope),
        endorsedIn(scope === 'own' ? 'other-association' : 'other'),
      ]);
      return names(pageText(res.body), [mine.email], [theirs.email]);
    },
  }),
  'GET /associations/:slug/renewals.csv': probe({
    request: async (_a, scope) => {
      await Promise.all([endorsedIn('own'), endorsedIn('other-association')]);
      return get(`${renewalsUrl(scope)}.csv?year=${await dueYear(scope)}`);
    },
    ok: { status: 200 },
    shows: async ({ res, scope }) => {
      const [mine, theirs] = await Promise.all([
        endorsedIn(scope),
        endorsedIn(scope === 'own' ? 'other-association' : 'other'),
      ]);
      return names(res.body, [mine.email], [theirs.email]);
    },
  }),
  'GET /associations/:slug/renewals/:endorsementId': probe({
    request: async (_a, scope) => {
      if (scope === 'own') return undefined;
      return get(`${renewalsUrl(scope)}/${(await endorsedIn(scope)).endorsement.id}`);
    },
    ok: { status: 200 },
    shows: async ({ res, scope }) => names(pageText(res.body), [(await endorsedIn(scope)).email], []),
  }),
  // No date: the allowed answer asks for it; nothing is extended.
  'POST /associations/:slug/renewals/:endorsementId/extension': renewalStep(
    'extension',
    400,
    'Enter the date the renewal is extended to',
  ),
  // An active endorsement: the allowed answer says only a lapsed or inactive one is reinstated.
  'POST /associations/:slug/renewals/:endorsementId/reinstate': renewalStep(
    'reinstate',
    409,
    'Only a lapsed or inactive endorsement is reinstated',
  ),
  // No choice made: the allowed answer asks for one; the entry stays undecided.
  'POST /associations/:slug/renewals/audit-entries/:entryId/decision': probe<string>({
    request: async (_a, scope) => {
      if (scope === 'own') return undefined;
      const entryId = await auditedEntryIn(scope);
      return post(`${renewalsUrl(scope)}/audit-entries/${entryId}/decision`, {}, entryId);
    },
    ok: { status: 400 },
    shows: ({ res }) => names(pageText(res.body), ['Choose accept or reject'], []),
    verify: async ({ req }) =>
      (await findAuditEntry(t.db.kysely, req.data))?.decision === 'pending'
        ? undefined
        : 'the entry was decided',
  }),
  'GET /associations/:slug/renewals/audit-entries/:entryId/proof': probe({
    request: async (_a, scope) => {
      if (scope === 'own') return undefined;
      return get(`${renewalsUrl(scope)}/audit-entries/${await auditedEntryIn(scope)}/proof`);
    },
    ok: { status: 200 },
    shows: ({ res }) => (res.rawPayload.subarray(0, 5).toString() === '%PDF-' ? undefined : 'not the PDF'),
  }),

  // The public side of endorsements: an endorsement in each association (publicFixtures).
  'GET /associations/:slug/did.json': probe({
    request: (_a, scope) => get(`/associations/${assocOf(scope).slug}/did.json`),
    ok: { status: 200 },
    shows: ({ scope, res }) => {
      const id = (json(res) as { id: string }).id;
      return id.endsWith(`:associations:${assocOf(scope).slug}`) ? undefined : `the DID document of ${id}`;
    },
  }),
  'GET /associations/:slug/status/:purpose/:n': probe({
    request: async (_a, scope) => {
      const credential = (await publicEndorsee(scope)).credential as {
        credentialStatus: { statusListCredential: string }[];
      };
      return get(new URL(credential.credentialStatus[0]!.statusListCredential).pathname);
    },
    ok: { status: 200 },
    shows: ({ scope, res }) =>
      names(res.body, [`/associations/${assocOf(scope).slug}/status/`, 'BitstringStatusListCredential'], []),
  }),
  'GET /credentials/:id/credential.json': probe({
    request: async (_a, scope) =>
      get(`/credentials/${(await publicEndorsee(scope)).endorsement.id}/credential.json`),
    ok: { status: 200 },
    shows: async ({ scope, res }) =>
      names(res.body, [(await publicEndorsee(scope)).name, 'OpenBadgeCredential'], []),
  }),
  'GET /credentials/verify': probe({
    request: () => get('/credentials/verify'),
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['Check a credential'], []),
  }),
  'POST /credentials/verify': probe({
    request: async () =>
      post('/credentials/verify', { json: JSON.stringify((await publicFixtures()).mi.credential) }),
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['Valid: Pia Public holds'], []),
  }),
  'GET /credentials/:id': probe({
    request: async (_a, scope) => get(`/credentials/${(await publicEndorsee(scope)).endorsement.id}`),
    ok: { status: 200 },
    shows: async ({ scope, res }) =>
      names(res.body, [`Valid: ${(await publicEndorsee(scope)).name} holds`], []),
  }),
  'GET /associations/:slug/credentials/:credential': probe({
    request: (_a, scope) => get(`/associations/${assocOf(scope).slug}/credentials/IMHS`),
    ok: { status: 200 },
    shows: ({ scope, res }) =>
      names(res.body, ['Infant Mental Health Specialist (IMHS)', assocOf(scope).name], []),
  }),
  'GET /registry': probe({
    request: async () => {
      await publicFixtures();
      return get('/registry?q=public');
    },
    ok: { status: 200 },
    shows: ({ res }) => names(res.body, ['Pia Public', 'Cy Public'], []),
  }),
  'GET /api/v1/registry/:slug/:number': probe({
    request: async (_a, scope) =>
      get(`/api/v1/registry/${assocOf(scope).slug}/${(await publicEndorsee(scope)).endorsement.number}`),
    ok: { status: 200 },
    shows: async ({ scope, res }) => {
      const body = json(res) as { name: string };
      const expected = (await publicEndorsee(scope)).name;
      return body.name === expected ? undefined : `answers ${body.name}, not ${expected}`;
    },
  }),
};

// The public side of endorsements: Pia holds IMHS of mi-aimh and Cy IMHS of ct-aimh, both listed.
let publicFx: Promise<{ mi: Endorsee; ct: Endorsee }> | undefined;
function publicFixtures() {
  publicFx ??= (async () => ({
    mi: await endorsee(t, 'Pia Public', 'pia.public@example.org', { slug: 'mi-aimh' }),
    ct: await endorsee(t, 'Cy Public', 'cy.public@example.org', { slug: 'ct-aimh' }),
  }))();
  return publicFx;
}
const publicEndorsee = async (scope: Scope) => (await publicFixtures())[scope === 'own' ? 'mi' : 'ct'];
// The process through the API: the page's probe (its fixture and its check of what changed), at the
// API's address, with the API's answer.
const apiUrl = (url: string) => `/api/v1${url}`;
function viaApi(
  pageKey: string,
  api: {
    ok: Ok;
    json?: (form: Form) => unknown;
    url?: (url: string, form: Form) => string;
    shows?: Check<unknown>;
  },
): Probe<unknown> {
  const page = probes[pageKey]!;
  return {
    request: async (a, scope) => {
      const req = await page.request(a, scope);
      if (!req) return undefined;
      const form = req.form ?? {};
      return {
        ...req,
        url: api.url ? api.url(req.url, form) : apiUrl(req.url),
        ...(api.json ? { json: api.json(form) } : {}),
      };
    },
    ok: api.ok,
    ...(api.shows ? { shows: api.shows } : {}),
    ...(page.verify ? { verify: page.verify } : {}),
  };
}
/** Olive's draft (other) or Cora's (other-association): a coordinator's step is refused for its state. */
const draftStep = (step: string, body: unknown) =>
  probe({
    request: (_a, scope) => {
      if (scope === 'own') return undefined;
      const id = scope === 'other' ? oliveApplication : coraApplication;
      return {
        ...post(`/api/v1/associations/${assocOf(scope).slug}/applications/${id}/${step}`, {}),
        json: body,
      };
    },
    ok: { status: 409 },
    shows: ({ res }) => {
      const { code } = json(res) as { code?: string };
      return code === 'APPLICATION_STATE_FORBIDS' ? undefined : `code ${code}`;
    },
  });
Object.assign(probes, {
  'POST /api/v1/associations/:slug/applications/:id/advisor': viaApi(
    'POST /associations/:slug/applications/:id/advisor',
    { ok: { status: 200 } },
  ),
  'POST /api/v1/associations/:slug/applications/:id/advisor/remove': viaApi(
    'POST /associations/:slug/applications/:id/advisor/remove',
    { ok: { status: 200 } },
  ),
  'GET /api/v1/associations/:slug/applications/:id/reviewers': viaApi(
    'GET /associations/:slug/applications/:id/reviewers',
    {
      ok: { status: 200 },
      shows: ({ res }) =>
        Array.isArray((json(res) as { eligible?: unknown }).eligible) ? undefined : res.body,
    },
  ),
  'POST /api/v1/associations/:slug/applications/:id/reviewers': viaApi(
    'POST /associations/:slug/applications/:id/reviewers',
    {
      ok: { status: 400 },
      json: (form) => ({ reviewers: [form.reviewer] }),
      shows: ({ scope, res }) =>
        names(res.body, [scope === 'other' ? 'holds no endorsement' : 'not a reviewer of'], []),
    },
  ),
  'POST /api/v1/associations/:slug/applications/:id/reviewers/:assignmentId/remove': viaApi(
    'POST /associations/:slug/applications/:id/reviewers/:assignmentId/remove',
    { ok: { status: 200 } },
  ),
  'POST /api/v1/associations/:slug/applications/:id/decision': draftStep('decision', {
    step: 'decline',
    reason: 'Matrix decision',
  }),
  'POST /api/v1/associations/:slug/applications/:id/resume': draftStep('resume', {}),
  'POST /api/v1/associations/:slug/applications/:id/start-review': draftStep('start-review', {}),
  'POST /api/v1/associations/:slug/applications/:id/fees/:feeDueId/waiver': viaApi(
    'POST /associations/:slug/applications/:id/waivers',
    {
      ok: { status: 200 },
      url: (url, form) => apiUrl(url.replace(/\/waivers$/, `/fees/${String(form.feeDue)}/waiver`)),
      json: (form) => ({ reason: form.reason }),
    },
  ),
  'GET /api/v1/reviews': probe({
    request: () => get('/api/v1/reviews'),
    ok: { status: 200 },
    shows: ({ res }) =>
      Array.isArray(json(res)) ? names(res.body, [], [olive.email, cora.email]) : res.body,
  }),
  'GET /api/v1/reviews/:applicationId': viaApi('GET /reviews/:applicationId', {
    ok: { status: 200 },
    shows: ({ res }) => ((json(res) as { domains?: unknown[] }).domains?.length ? undefined : res.body),
  }),
  'POST /api/v1/reviews/:applicationId': viaApi('POST /reviews/:applicationId', { ok: { status: 200 } }),
});
// The exam through the API: the pages' probes (fixtures and checks of what changed) with JSON bodies.
// The API checks a body before anyone is asked who the caller is, so each sends a body that passes it
// and lets the service say what it refuses.
/** An answer's JSON has `code`, or names what it must (a text of the body). */
const codeIs =
  (code: string): Check<unknown> =>
  ({ res }) =>
    (json(res) as { code?: string }).code === code ? undefined : res.body.slice(0, 200);
const says =
  (...texts: string[]): Check<unknown> =>
  ({ res }) =>
    names(res.body, texts, [olive.email, cora.email]);
const data =
  <D>(check: (d: D, res: LightMyRequestResponse) => string | undefined): Check<unknown> =>
  ({ req, res }) =>
    check(req.data as D, res);
/** Each association's examinee (the scoring fixture): their application and its registration, sat. */
async function examineeOf(scope: Scope): Promise<{ applicationId: string; registrationId: string }> {
  const attempt = (await findAttempt(t.db.kysely, (await examFixture(scope)).attemptId))!;
  return { applicationId: attempt.applicationId, registrationId: attempt.registrationId };
}
const examineeStep = (tail: string, body: (scope: Scope) => Promise<unknown> | unknown) => (scope: Scope) =>
  scope === 'own'
    ? undefined
    : examineeOf(scope).then(async ({ applicationId }) => ({
        ...post(`/api/v1/associations/${assocOf(scope).slug}/applications/${applicationId}/exam${tail}`, {}),
        json: await body(scope),
        data: applicationId,
      }));
const apiTaking = (pageKey: string, ok: number, json?: (form: Form) => unknown) =>
  viaApi(pageKey, {
    ok: { status: ok },
    ...(json ? { json } : {}),
    // The page's probes came first: the applicant's attempt is submitted, and says so.
    ...(ok === 409 ? { shows: codeIs('EXAM_TIME_UP') } : {}),
  });
Object.assign(probes, {
  'GET /api/v1/associations/:slug/exam/items': viaApi('GET /associations/:slug/exam/items', {
    ok: { status: 200 },
    shows: data<BankFixture>((b, res) => names(res.body, [b.code, b.key], [])),
  }),
  'POST /api/v1/associations/:slug/exam/items': viaApi('POST /associations/:slug/exam/items', {
    ok: { status: 200 },
    json: (form) => ({
      kind: 'multiple-choice',
      code: form.code,
      exam: 'imh',
      text: form.text,
      options: ['Right', 'Wrong'],
      answerKey: 0,
      domains: ['8-thinking'],
    }),
  }),
  'POST /api/v1/associations/:slug/exam/items/import': viaApi('POST /associations/:slug/exam/items/import', {
    ok: { status: 400 },
    shows: says('no items in it'),
  }),
  'GET /api/v1/associations/:slug/exam/items/:itemId': viaApi('GET /associations/:slug/exam/items/:itemId', {
    ok: { status: 200 },
    shows: data<BankFixture>((b, res) => names(res.body, [b.code, b.key], [])),
  }),
  // The item as it stands: unchanged.
  'POST /api/v1/associations/:slug/exam/items/:itemId': viaApi(
    'POST /associations/:slug/exam/items/:itemId',
    {
      ok: { status: 200 },
      json: (form) => ({
        kind: 'multiple-choice',
        exam: 'imh',
        text: form.text,
        options: [form.option_a, form.option_b],
        answerKey: 0,
        domains: ['8-thinking'],
      }),
      shows: says('"outcome":"unchanged"'),
    },
  ),
  'POST /api/v1/associations/:slug/exam/items/:itemId/status': viaApi(
    'POST /associations/:slug/exam/items/:itemId/status',
    { ok: { status: 200 } },
  ),
  'GET /api/v1/associations/:slug/exam/forms': viaApi('GET /associations/:slug/exam/forms', {
    ok: { status: 200 },
    shows: says('Matrix draft form of'),
  }),
  // An item that is not in the bank: refused naming it, and no form is made.
  'POST /api/v1/associations/:slug/exam/forms': viaApi('POST /associations/:slug/exam/forms', {
    ok: { status: 400 },
    json: () => ({ name: 'Matrix API form', exam: 'imh', category: 'clinical', itemIds: ['no-such-item'] }),
  }),
  'GET /api/v1/associations/:slug/exam/forms/:formId': viaApi('GET /associations/:slug/exam/forms/:formId', {
    ok: { status: 200 },
    shows: data<BankFixture>((b, res) => names(res.body, [b.code, b.key], [])),
  }),
  'POST /api/v1/associations/:slug/exam/forms/:formId/ready': viaApi(
    'POST /associations/:slug/exam/forms/:formId/ready',
    { ok: { status: 400 }, shows: says('cannot be made ready') },
  ),
  'POST /api/v1/associations/:slug/exam/forms/:formId/retire': viaApi(
    'POST /associations/:slug/exam/forms/:formId/retire',
    { ok: { status: 409 }, shows: codeIs('EXAM_ITEM_IN_USE') },
  ),
  'GET /api/v1/associations/:slug/exam/reading': viaApi('GET /associations/:slug/exam/reading', {
    ok: { status: 200 },
    shows: says('"queue"'),
  }),
  'GET /api/v1/associations/:slug/exam/reading/:blindCode': viaApi(
    'GET /associations/:slug/exam/reading/:blindCode',
    {
      ok: { status: 200 },
      shows: data<ExamFixture>((fx, res) =>
        names(res.body, [fx.essay], [fx.examinee.email, fx.examinee.name]),
      ),
    },
  ),
  'POST /api/v1/associations/:slug/exam/reading/:blindCode': viaApi(
    'POST /associations/:slug/exam/reading/:blindCode',
    { ok: { status: 200 }, json: () => ({ scores: [4, 3], comment: '' }) },
  ),
  'GET /api/v1/associations/:slug/exam/sittings/:sittingId/statistics': viaApi(
    'GET /associations/:slug/exam/sittings/:sittingId/statistics',
    { ok: { status: 200 }, shows: says('"attempts":1') },
  ),
  'POST /api/v1/associations/:slug/exam/sittings/:sittingId/statistics/discount': viaApi(
    'POST /associations/:slug/exam/sittings/:sittingId/statistics/discount',
    { ok: { status: 200 } },
  ),
  'GET /api/v1/associations/:slug/exam/sittings': viaApi('GET /associations/:slug/exam/sittings', {
    ok: { status: 200 },
    shows: says('"upcoming"'),
  }),
  // A form that is not the association's: refused, and no sitting is scheduled.
  'POST /api/v1/associations/:slug/exam/sittings': viaApi('POST /associations/:slug/exam/sittings', {
    ok: { status: 400 },
    json: () => ({
      exam: 'imh',
      startsAt: '2031-02-01T14:00:00Z',
      mode: 'online',
      capacity: 5,
      formIds: ['no-such-form'],
    }),
  }),
  'GET /api/v1/associations/:slug/exam/sittings/:sittingId': viaApi(
    'GET /associations/:slug/exam/sittings/:sittingId',
    { ok: { status: 200 }, shows: says('"roster"') },
  ),
  // The sitting as it stands: nothing changes.
  'POST /api/v1/associations/:slug/exam/sittings/:sittingId': viaApi(
    'POST /associations/:slug/exam/sittings/:sittingId',
    {
      ok: { status: 200 },
      json: () => ({ startsAt: '2031-01-15T14:00:00.000Z', mode: 'online', place: '', capacity: 10 }),
    },
  ),
  // A sitting of its own for each case: cancelled when allowed, untouched otherwise.
  'POST /api/v1/associations/:slug/exam/sittings/:sittingId/cancel': probe<string>({
    request: async (_a, scope) => {
      const made = await insertSitting(t.db.kysely, {
        associationId: assocOf(scope).id,
        exam: 'imh',
        startsAt: '2031-02-15T14:00:00.000Z',
        mode: 'online',
        place: '',
        capacity: 10,
        formIds: [],
        createdBy: null,
        at: new Date().toISOString(),
      });
      return post(`/api/v1/associations/${assocOf(scope).slug}/exam/sittings/${made.id}/cancel`, {}, made.id);
    },
    ok: { status: 200 },
    verify: async ({ allowed, req, scope }) => {
      const status = (
        await t.db.kysely
          .selectFrom('exam_sitting')
          .select('status')
          .where('id', '=', req.data)
          .where('association_id', '=', assocOf(scope).id)
          .executeTakeFirst()
      )?.status;
      return status === (allowed ? 'cancelled' : 'scheduled') ? undefined : `the sitting is ${status}`;
    },
  }),
  // The examinee, whose registration was sat: refused for a sitting without a form, nothing changes.
  'POST /api/v1/associations/:slug/exam/sittings/:sittingId/register': probe({
    request: async (_a, scope) => {
      const { applicationId } = await examineeOf(scope);
      const url = `/api/v1/associations/${assocOf(scope).slug}/exam/sittings/${await sittingOf(assocOf(scope))}/register`;
      return { ...post(url, {}), json: { application: applicationId } };
    },
    ok: { status: 400 },
  }),
  'GET /api/v1/associations/:slug/applications/:id/exam': viaApi(
    'GET /associations/:slug/applications/:id/exam',
    {
      ok: { status: 200 },
      shows: says('"registrations"', '"result"'),
    },
  ),
  'POST /api/v1/associations/:slug/applications/:id/exam/sitting': probe({
    request: (_a, scope) =>
      examineeStep('/sitting', async (sc) => ({ sitting: await sittingOf(assocOf(sc)) }))(scope),
    ok: { status: 400 },
  }),
  // Sat already: not a no-show, and nothing changes.
  'POST /api/v1/associations/:slug/applications/:id/exam/no-show': probe({
    request: (_a, scope) =>
      examineeStep('/no-show', async (sc) => ({ registration: (await examineeOf(sc)).registrationId }))(
        scope,
      ),
    ok: { status: 400 },
    shows: says('no longer waiting to be sat'),
  }),
  // Granted when allowed, then taken away again.
  'POST /api/v1/associations/:slug/applications/:id/exam/accommodations': probe<string>({
    request: (_a, scope) =>
      examineeStep('/accommodations', () => ({
        extraTime: 1.5,
        breakMinutes: 10,
        largeText: false,
        paper: false,
        note: 'Matrix',
      }))(scope),
    ok: { status: 200 },
    verify: async ({ allowed, req }) => {
      const gone = await t.db.kysely
        .deleteFrom('exam_accommodation')
        .where('application_id', '=', req.data)
        .executeTakeFirst();
      return Number(gone.numDeletedRows) === (allowed ? 1 : 0) ? undefined : 'the accommodations changed';
    },
  }),
  'GET /api/v1/applications/:id/exam': viaApi('GET /applications/:id/exam', {
    ok: { status: 200 },
    shows: says('"phase"'),
  }),
  'GET /api/v1/applications/:id/exam/sittings': viaApi('GET /applications/:id/exam/sittings', {
    ok: { status: 200 },
    shows: says('"sittings"'),
  }),
  // A sitting without a form: refused, and the application stays approved.
  'POST /api/v1/applications/:id/exam/sittings': probe({
    request: async (a, scope) => {
      const id = await approvedFor(a, scope);
      return id
        ? {
            ...post(`/api/v1/applications/${id}/exam/sittings`, {}),
            json: { sitting: await sittingOf(assocOf(scope)) },
          }
        : undefined;
    },
    ok: { status: 400 },
  }),
  'POST /api/v1/applications/:id/exam/start': apiTaking('POST /applications/:id/exam/start', 200),
  'GET /api/v1/applications/:id/exam/items/:n': apiTaking('GET /applications/:id/exam/items/:n', 409),
  'POST /api/v1/applications/:id/exam/items/:n': apiTaking(
    'POST /applications/:id/exam/items/:n',
    409,
    () => ({
      choice: 0,
    }),
  ),
  'GET /api/v1/applications/:id/exam/essays': apiTaking('GET /applications/:id/exam/essays', 409),
  'POST /api/v1/applications/:id/exam/essays': apiTaking('POST /applications/:id/exam/essays', 409, () => ({
    vignettes: [1, 2],
  })),
  'GET /api/v1/applications/:id/exam/essays/:n': apiTaking('GET /applications/:id/exam/essays/:n', 409),
  'POST /api/v1/applications/:id/exam/essays/:n': apiTaking('POST /applications/:id/exam/essays/:n', 409),
  'POST /api/v1/applications/:id/exam/submit': apiTaking('POST /applications/:id/exam/submit', 409),
  'GET /api/v1/applications/:id/exam/result': viaApi('GET /applications/:id/exam/result', {
    ok: { status: 200 },
    shows: says('"status":"not-sat"'),
  }),
});
// The endorsements through the API: the pages' probes (fixtures, and the check that nothing changed),
// with JSON bodies that pass the API's schema, so that the service says what it refuses.
Object.assign(probes, {
  'GET /api/v1/associations/:slug/endorsements': viaApi('GET /associations/:slug/endorsements', {
    ok: { status: 200 },
    shows: async ({ res, scope }) => {
      const [mine, theirs] = await Promise.all([
        endorsedIn(scope),
        endorsedIn(scope === 'own' ? 'other-association' : 'other'),
      ]);
      return names(res.body, [mine.email], [theirs.email]);
    },
  }),
  'GET /api/v1/associations/:slug/endorsements/:endorsementId': viaApi(
    'GET /associations/:slug/endorsements/:endorsementId',
    {
      ok: { status: 200 },
      shows: async ({ res, scope }) => names(res.body, [(await endorsedIn(scope)).email, '"may"'], []),
    },
  ),
  'POST /api/v1/associations/:slug/endorsements/:endorsementId/suspend': viaApi(
    'POST /associations/:slug/endorsements/:endorsementId/suspend',
    { ok: { status: 400 }, json: () => ({}), shows: says('"field":"reason"') },
  ),
  'POST /api/v1/associations/:slug/endorsements/:endorsementId/reinstate': viaApi(
    'POST /associations/:slug/endorsements/:endorsementId/reinstate',
    { ok: { status: 409 }, json: () => ({}), shows: codeIs('ENDORSEMENT_STATE_FORBIDS') },
  ),
  'POST /api/v1/associations/:slug/endorsements/:endorsementId/revoke': viaApi(
    'POST /associations/:slug/endorsements/:endorsementId/revoke',
    { ok: { status: 400 }, json: () => ({}), shows: says('"field":"reason"') },
  ),
  // A credential that is none: the allowed answer says why it cannot be accepted; nothing is transferred.
  'POST /api/v1/associations/:slug/endorsements/transfer': viaApi(
    'POST /associations/:slug/endorsements/transfer',
    {
      ok: { status: 400 },
      json: () => ({ credential: { id: 'urn:uuid:matrix' }, email: 'nobody.matrix@example.org' }),
      shows: codeIs('TRANSFER_REFUSED'),
    },
  ),
  'POST /api/v1/associations/:slug/applications/:id/finalize': viaApi(
    'POST /associations/:slug/applications/:id/finalize',
    { ok: { status: 409 }, json: () => ({}), shows: codeIs('APPLICATION_STATE_FORBIDS') },
  ),
});
// Advising fixtures: who advises an application, put back as it was after each probe.
interface AdvisorState {
  applicationId: string;
  /** Every advisor assignment of the application, and those active. */
  ids: string[];
  active: string[];
}
async function advisorState(applicationId: string): Promise<AdvisorState> {
  const rows = await t.db.kysely
    .selectFrom('application_assignment')
    .select(['id', 'status'])
    .where('application_id', '=', applicationId)
    .where('role', '=', 'advisor')
    .execute();
  return {
    applicationId,
    ids: rows.map((r) => r.id),
    active: rows.filter((r) => r.status === 'active').map((r) => r.id),
  };
}
async function activeAdvisors(applicationId: string): Promise<string[]> {
  const rows = await t.db.kysely
    .selectFrom('application_assignment')
    .select('user_id')
    .where('application_id', '=', applicationId)
    .where('role', '=', 'advisor')
    .where('status', '=', 'active')
    .execute();
  return rows.map((r) => r.user_id);
}
/** Puts the application's advisors back as they were; assignments and messages made since go. */
async function restoreAdvisors(before: AdvisorState): Promise<void> {
  const k = t.db.kysely;
  const now = await advisorState(before.applicationId);
  const made = now.ids.filter((id) => !before.ids.includes(id));
  if (made.length) await k.deleteFrom('application_assignment').where('id', 'in', made).execute();
  if (before.active.length)
    await k
      .updateTable('application_assignment')
      .set({ status: 'active', ended_at: null, end_reason: null })
      .where('id', 'in', before.active)
      .execute();
}
/** How many messages or comments of the application say `body`; they are removed. */
async function messagesOn(applicationId: string, body: string): Promise<number> {
  const rows = await t.db.kysely
    .selectFrom('application_message')
    .select('id')
    .where('application_id', '=', applicationId)
    .where('body', '=', body)
    .execute();
  if (rows.length)
    await t.db.kysely
      .deleteFrom('application_message')
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
  return rows.length;
}

async function tokenCount(association: Association): Promise<number> {
  const rows = await t.db.kysely
    .selectFrom('api_token')
    .select('id')
    .where('association_id', '=', association.id)
    .execute();
  return rows.length;
}

// ---------------------------------------------------------------------------
// Running a case.

async function send(c: Credentials, req: Req<unknown>): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  if (c.cookie) headers.cookie = c.cookie;
  if (c.bearer) headers.authorization = `Bearer ${c.bearer}`;
  if (req.method === 'GET') return t.app.inject({ method: 'GET', url: req.url, headers });
  // The API takes JSON, and a signed-in caller's CSRF token in a header.
  if (req.url.startsWith('/api/'))
    return t.app.inject({
      method: 'POST',
      url: req.url,
      headers: { ...headers, 'content-type': 'application/json', 'x-csrf-token': c.csrf },
      payload: JSON.stringify(req.json ?? req.form ?? {}),
    });
  const body = new URLSearchParams({ _csrf: c.csrf });
  for (const [k, v] of Object.entries(req.form ?? {})) {
    for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  }
  return t.app.inject({
    method: 'POST',
    url: req.url,
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  });
}

/** Everything a request could change, as lines to compare before and after a denied POST. */
async function fingerprint(): Promise<string[]> {
  const k = t.db.kysely;
  const users = await k.selectFrom('user').select(['id', 'name', 'email', 'isSiteAdmin']).execute();
  const members = await k.selectFrom('member').select(['organizationId', 'userId', 'role']).execute();
  const associations = await k.selectFrom('organization').select(['id', 'slug', 'name']).execute();
  const applications = await k.selectFrom('application').select(['id', 'status']).execute();
  const tokens = await k.selectFrom('api_token').select(['id', 'revoked_at']).execute();
  const sessions = await k.selectFrom('session').select(['id']).execute();
  const audit = await k.selectFrom('audit_event').select(['id']).execute();
  const assignments = await k.selectFrom('application_assignment').select(['id']).execute();
  const messages = await k.selectFrom('application_message').select(['id']).execute();
  return [
    ...assignments.map((x) => `assignment ${x.id}`),
    ...messages.map((m) => `message ${m.id}`),
    ...users.map((u) => `user ${u.id} ${u.name} ${u.email} admin=${String(u.isSiteAdmin)}`),
    ...members.map((m) => `member ${m.organizationId} ${m.userId} ${m.role}`),
    ...associations.map((a) => `association ${a.id} ${a.slug} ${a.name}`),
    ...applications.map((a) => `application ${a.id} ${a.status}`),
    ...tokens.map((x) => `api-token ${x.id} revoked=${x.revoked_at ?? ''}`),
    ...sessions.map((s) => `session ${s.id}`),
    ...audit.map((e) => `audit ${e.id}`),
  ].sort();
}

function diff(before: string[], after: string[]): string | undefined {
  const b = new Set(before);
  const a = new Set(after);
  const added = after.filter((x) => !b.has(x));
  const removed = before.filter((x) => !a.has(x));
  if (!added.length && !removed.length) return undefined;
  return `a denied request changed the data: +[${added.slice(0, 3).join(' | ')}] -[${removed.slice(0, 3).join(' | ')}]`;
}

const describeRes = (res: LightMyRequestResponse) =>
  `${res.statusCode}${res.headers.location ? ` → ${String(res.headers.location)}` : ''}`;

function allowedProblem(ok: Ok, res: LightMyRequestResponse): string | undefined {
  if (res.statusCode !== ok.status) return `expected allow (${ok.status}), got ${describeRes(res)}`;
  if (ok.location !== undefined && res.headers.location !== ok.location)
    return `expected a redirect to ${ok.location}, got ${describeRes(res)}`;
  return undefined;
}

/** What a person sees of an answer: status, type and body (the per-page form token aside). */
const seen = (res: LightMyRequestResponse) =>
  JSON.stringify({
    status: res.statusCode,
    type: res.headers['content-type'],
    body: res.body.replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value="…"'),
  });

/** The answer the same credentials get for an address with nothing there. */
const nothingThere = (c: Credentials, route: RouteInfo) =>
  send(c, get(route.kind === 'api' ? '/api/v1/nothing-here' : '/nothing-here'));

async function deniedProblem(
  route: RouteInfo,
  a: ActorFx,
  req: Req<unknown>,
  res: LightMyRequestResponse,
): Promise<string | undefined> {
  if (route.access === 'setup-token') {
    return res.statusCode === 400 && res.body.includes('This setup link does not work')
      ? undefined
      : `expected the "setup link does not work" page (400), got ${describeRes(res)}`;
  }
  // Not signed in; an API token on a page or form is nobody too.
  const nobodyHere = a.who === 'anonymous' || (!!a.bearer && route.kind !== 'api');
  if (nobodyHere && route.kind === 'api') {
    return res.statusCode === 401 ? undefined : `expected deny (401), got ${describeRes(res)}`;
  }
  if (nobodyHere) {
    // A form goes back to the page it was on (its Referer; these have none) once signed in.
    const location =
      req.method === 'GET' ? `/sign-in?next=${encodeURIComponent(req.url)}` : '/sign-in?next=%2F&resume=1';
    return res.statusCode === 303 && res.headers.location === location
      ? undefined
      : `expected deny (303 → ${location}), got ${describeRes(res)}`;
  }
  if (res.statusCode !== 404) return `expected deny (404), got ${describeRes(res)}`;
  return seen(res) === seen(await nothingThere(req.as ?? a, route))
    ? undefined
    : 'the refusal differs from the answer for an address with nothing there';
}

const counts = { allow: 0, deny: 0, notApplicable: 0 };

async function runCase(route: RouteInfo, p: Probe<unknown>, a: ActorFx, scope: Scope, allowed: boolean) {
  const req = await p.request(a, scope);
  if (!req) {
    counts.notApplicable++;
    return undefined;
  }
  counts[allowed ? 'allow' : 'deny']++;
  const before = req.method === 'POST' && !allowed ? await fingerprint() : undefined;
  const res = await send(req.as ?? a, req);
  // Taken before the probe's own checks, which may undo the fixture it made for the request.
  const afterwards = before ? await fingerprint() : undefined;
  const problems: string[] = [];
  const ok = typeof p.ok === 'function' ? p.ok(scope) : p.ok;
  const answer = allowed ? allowedProblem(ok, res) : await deniedProblem(route, a, req, res);
  if (answer) problems.push(answer);
  if (allowed && !answer && p.shows) {
    const shown = await p.shows({ a, scope, allowed, req, res });
    if (shown) problems.push(shown);
  }
  if (!allowed) {
    // A refusal says nothing about the people it protects.
    const leaked = names(res.body, [], [olive.email, cora.email, oliveApplication, coraApplication]);
    if (leaked) problems.push(`the answer ${leaked}`);
  }
  if (p.verify) {
    const changed = await p.verify({ a, scope, allowed, req, res });
    if (changed) problems.push(changed);
  }
  if (before && afterwards) {
    const changed = diff(before, afterwards);
    if (changed) problems.push(changed);
  }
  return problems.length ? problems.join('; ') : undefined;
}

// The endorsee's renewal (issue 12): the page for anyone signed in (each sees only their own), and its
// forms only for the endorsement's holder (own: each actor's endorsement in mi-aimh; other: Olive's;
// other-association: Cora's). The endorsements are not due yet and active, so an allowed form is refused
// with why (nothing changes): renewing is not open, a pause needs its date, only a lapsed or inactive
// endorsement is reinstated, an audited entry needs its file.
Object.assign(expected, {
  'GET /renewals': { own: signedIn },
  ...Object.fromEntries(
    [
      'POST /renewals/:endorsementId/submit',
      'POST /renewals/:endorsementId/pause',
      'POST /renewals/:endorsementId/reinstatement',
      'POST /renewals/audit-entries/:entryId/proof',
    ].map((key) => [key, { own: signedIn, other: nobody, 'other-association': nobody } satisfies Expected]),
  ),
} satisfies Record<string, Expected>);

// An audited renewal of an earlier year for each endorsement, with one entry claimed, made once.
const auditEntryFixtures = new Map<string, Promise<string>>();
function auditEntryOf(endorsementId: string): Promise<string> {
  if (!auditEntryFixtures.has(endorsementId))
    auditEntryFixtures.set(
      endorsementId,
      (async () => {
        const renewal = (await insertRenewal(t.db.kysely, {
          endorsementId,
          kind: 'renewal',
          dueOn: '2000-01-01',
          status: 'audit',
          late: false,
          audited: true,
          feeCents: null,
          lateFeeCents: null,
          currency: 'USD',
          checklist: [],
          submittedAt: timestamp(),
        }))!;
        await insertAuditEntries(t.db.kysely, renewal.id, [
          { section: 'training', entryId: 'matrix', entry: { title: 'Matrix training', hours: 15 } },
        ]);
        return (await auditEntriesOf(t.db.kysely, [renewal.id]))[0]!.id;
      })(),
    );
  return auditEntryFixtures.get(endorsementId)!;
}
const renewalForm = (step: string, form: Form, status: number, message: string) =>
  probe({
    request: async (a: ActorFx, scope: Scope) => {
      const id = await endorsementFor(a, scope);
      return id ? post(`/renewals/${id}/${step}`, form) : undefined;
    },
    ok: { status },
    shows: ({ res }) => names(pageText(res.body), [message], []),
  });

Object.assign(probes, {
  'GET /renewals': probe({
    request: async (a) => {
      if (a.self) await endorsementOfPerson(a.self, mi);
      return get('/renewals');
    },
    ok: { status: 200 },
    shows: ({ a, res }) =>
      names(
        pageText(res.body),
        ['Your renewals', ...(a.self ? ['Infant Mental Health Specialist'] : [])],
        [],
      ),
  }),
  'POST /renewals/:endorsementId/submit': renewalForm('submit', { attest: 'yes' }, 409, 'Renewing opens on'),
  'POST /renewals/:endorsementId/pause': renewalForm('pause', {}, 400, 'Enter the day the pause ends'),
  'POST /renewals/:endorsementId/reinstatement': renewalForm(
    'reinstatement',
    { attest: 'yes' },
    409,
    'Only a lapsed or inactive endorsement is reinstated',
  ),
  'POST /renewals/audit-entries/:entryId/proof': probe({
    request: async (a, scope) => {
      const id = await endorsementFor(a, scope);
      return id ? post(`/renewals/audit-entries/${await auditEntryOf(id)}/proof`, {}) : undefined;
    },
    ok: { status: 400 },
    shows: ({ res }) => names(pageText(res.body), ['Choose the file that proves this entry'], []),
  }),
});

// ---------------------------------------------------------------------------
// The matrix.

const keyOf = (r: RouteInfo) => `${r.method} ${r.url}`;

test('every route in the route table has a row in the matrix, and every row a route', () => {
  const keys = routeTable.map(keyOf);
  assert.deepEqual(
    keys.filter((k) => !(k in expected) || !(k in probes)),
    [],
    'routes without an expected row or a probe: add them to this file',
  );
  assert.deepEqual(
    Object.keys(expected).filter((k) => !keys.includes(k)),
    [],
    'rows for routes that are not in the table',
  );
  for (const [key, row] of Object.entries(expected)) {
    assert.ok(Object.keys(row).length > 0, `${key}: no scope`);
    for (const [scope, who] of Object.entries(row)) {
      assert.ok(scopes.includes(scope as Scope), `${key}: unknown scope ${scope}`);
      for (const w of who) assert.ok(whos.includes(w), `${key}: unknown actor ${w}`);
    }
  }
});

describe('every route × every actor × own / other / other-association', () => {
  for (const route of routeTable) {
    const key = keyOf(route);
    test(key, async () => {
      const row = expected[key];
      const p = probes[key];
      assert.ok(row && p, `${key} has no row in the authorization matrix`);
      const mismatches: string[] = [];
      for (const scope of scopes) {
        const allowedWho = row[scope];
        if (!allowedWho) continue;
        for (const who of whos) {
          const problem = await runCase(route, p, actor(who), scope, allowedWho.includes(who));
          if (problem) mismatches.push(`${who} / ${scope}: ${problem}`);
        }
      }
      assert.deepEqual(mismatches, [], `${key}:\n  ${mismatches.join('\n  ')}`);
    });
  }

  test('the matrix ran every case', (t) => {
    const planned = Object.values(expected).reduce((n, row) => n + Object.keys(row).length * whos.length, 0);
    t.diagnostic(
      `${counts.allow + counts.deny} cases: ${counts.allow} allowed, ${counts.deny} denied; ${counts.notApplicable} do not apply (no data of one's own)`,
    );
    assert.equal(counts.allow + counts.deny + counts.notApplicable, planned);
  });
});

describe('addresses that mix associations', () => {
  test("an application of ct-aimh under mi-aimh's address: for staff of mi-aimh it is not there", async () => {
    const res = await send(
      actor('coordinator'),
      get(`/associations/mi-aimh/applications/${coraApplication}`),
    );
    assert.equal(res.statusCode, 404);
    assert.equal(names(res.body, [], [cora.email, cora.name]), undefined);
    const api = await send(actor('token-mi'), get('/api/v1/associations/ct-aimh/applications'));
    assert.equal(api.statusCode, 404);
    assert.equal((json(api) as { error: string }).error, 'not_found');
  });

  test('the site admin finds no ct-aimh application at an mi-aimh address', async () => {
    const res = await send(actor('site-admin'), get(`/associations/mi-aimh/applications/${coraApplication}`));
    assert.equal(res.statusCode, 404);
  });

  test("an admin of mi-aimh cannot revoke ct-aimh's token through mi-aimh's address", async () => {
    const res = await send(actor('admin'), post(`/associations/mi-aimh/api-tokens/${ctTokenId}/revoke`, {}));
    assert.equal(res.statusCode, 404);
    assert.equal((await findApiToken(t.db.kysely, ctTokenId))?.revoked_at, null);
    const stillWorks = await send(actor('token-ct'), get('/api/v1/associations/ct-aimh/people'));
    assert.equal(stillWorks.statusCode, 200);
  });

  test('a form without its CSRF token is refused before the policy is asked', async () => {
    const a = actor('applicant');
    const res = await send(
      { cookie: a.cookie, csrf: 'forged' },
      post('/associations/mi-aimh/people', {
        email: a.self!.email,
        roles: ['admin'],
      }),
    );
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /did not come from this site/);
    assert.deepEqual(await rolesOf(mi, a.self!), ['applicant']);
  });
});

describe('assigned or not: an advisor or reviewer sees only the applications they are assigned to', () => {
  const reads = [
    'GET /applications/:id',
    'GET /applications/:id/portfolio',
    'GET /portfolio/files/:fileId',
    'GET /associations/:slug/applications/:id/references',
  ];
  const routeOf = (key: string) => routeTable.find((r) => keyOf(r) === key)!;
  const urlOf = async (key: string) =>
    key === 'GET /portfolio/files/:fileId'
      ? `/portfolio/files/${await fileOf(olive)}`
      : key === 'GET /applications/:id'
        ? `/applications/${oliveApplication}`
        : key === 'GET /applications/:id/portfolio'
          ? `/applications/${oliveApplication}/portfolio`
          : `/associations/mi-aimh/applications/${oliveApplication}/references`;

  for (const role of ['advisor', 'reviewer', 'exam-scorer'] as const)
    test(`an ${role} of mi-aimh not assigned to Olive's application: not found`, async () => {
      const a = unassigned.get(role)!;
      const problems: string[] = [];
      for (const key of reads) {
        const req = get(await urlOf(key));
        const res = await send(a, req);
        const problem =
          (await deniedProblem(routeOf(key), a, req, res)) ??
          names(res.body, [], [olive.email, oliveApplication]);
        if (problem) problems.push(`${key}: ${problem}`);
      }
      assert.deepEqual(problems, []);
    });

  test('the assigned reviewer reads what the unassigned cannot', async () => {
    for (const key of reads) {
      const res = await send(actor('reviewer'), get(await urlOf(key)));
      assert.equal(res.statusCode, 200, key);
    }
  });
});
