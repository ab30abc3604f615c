// Every route the HTTP layer serves, with who may use it, in one list. The
// route modules look their method, path and access up here (route()), and
// buildApp checks at start that the list and the registered routes agree, so
// the authorization matrix test and the browser journey can walk this list.
//
// access:
//   'public'       anyone, signed in or not
//   'signed-in'    any signed-in person (no particular role)
//   'setup-token'  whoever holds the one-time setup link
//   an Action      what the policy (src/policies) must allow; `resource` says
//                  what the action is checked against: the association named
//                  by :slug, or the application :id (of the association :slug)
// signInLimit: the route checks a password or token, or sends sign-in, sign-up
// or reset mail, so it is counted against the sign-in limits
// (src/services/sign-in-limits.ts; the kind says what counts).
import type { Action } from '../policies/index.ts';
import type { AttemptKind } from '../services/sign-in-limits.ts';

export type Access = 'public' | 'signed-in' | 'setup-token' | Action;
export type RouteKind = 'page' | 'form' | 'api' | 'system';

export interface RouteInfo {
  method: 'GET' | 'POST';
  url: string;
  /** page: HTML (GET); form: HTML form POST (CSRF-checked, redirects or re-renders); api: JSON. */
  kind: RouteKind;
  access: Access;
  resource?: 'association' | 'application' | 'api-token' | 'portfolio-entry' | 'file';
  summary: string;
  signInLimit?: AttemptKind;
}

const r = (
  method: RouteInfo['method'],
  url: string,
  kind: RouteKind,
  access: Access,
  summary: string,
  resource?: RouteInfo['resource'],
): RouteInfo => ({ method, url, kind, access, summary, ...(resource ? { resource } : {}) });
const limited = (signInLimit: AttemptKind, info: RouteInfo): RouteInfo => ({ ...info, signInLimit });

export const routeTable: readonly RouteInfo[] = [
  r('GET', '/healthz', 'system', 'public', 'The process is alive'),
  r('GET', '/readyz', 'system', 'public', 'The database answers'),

  r('GET', '/', 'page', 'public', 'Home'),
  r('GET', '/sign-up', 'page', 'public', 'Sign-up form'),
  limited('mail', r('POST', '/sign-up', 'form', 'public', 'Ask for an account: e-mails a confirmation link')),
  r('GET', '/sign-in', 'page', 'public', 'Sign-in form'),
  limited('password', r('POST', '/sign-in', 'form', 'public', 'Sign in with e-mail and password')),
  limited('mail', r('POST', '/sign-in/link', 'form', 'public', 'E-mail me a sign-in link')),
  r('GET', '/forgot-password', 'page', 'public', 'Ask for a password reset link'),
  limited('mail', r('POST', '/forgot-password', 'form', 'public', 'Send a password reset link')),
  r('GET', '/reset-password', 'page', 'public', 'Choose a new password (token from the e-mail)'),
  limited('password', r('POST', '/reset-password', 'form', 'public', 'Set the new password')),
  r('POST', '/sign-out', 'form', 'public', 'Sign out (this browser)'),

  // Self-study, signed in or not: nothing is stored.
  r('GET', '/self-study', 'page', 'public', 'Self-study: which credential fits'),
  r('POST', '/self-study', 'form', 'public', 'Self-study: judge my answers'),
  r('POST', '/self-study/import', 'form', 'public', 'Self-study: judge a portfolio JSON (upload or paste)'),

  r('GET', '/account', 'page', 'signed-in', 'Account'),
  r('POST', '/account/name', 'form', 'signed-in', 'Change my name'),
  limited('password', r('POST', '/account/password', 'form', 'signed-in', 'Change my password')),
  r('GET', '/account/choose-password', 'page', 'signed-in', 'Choose a first password (or skip it)'),
  r('POST', '/account/choose-password', 'form', 'signed-in', 'Set a first password'),
  r('POST', '/account/sign-out-everywhere', 'form', 'signed-in', 'Sign out on every device'),

  r('GET', '/setup', 'page', 'setup-token', 'Create the first site administrator'),
  limited('password', r('POST', '/setup', 'form', 'setup-token', 'Create the first site administrator')),

  r('GET', '/admin/associations', 'page', 'association.list', 'All associations'),
  r('POST', '/admin/associations', 'form', 'association.create', 'Create an association'),
  r(
    'POST',
    '/admin/associations/:slug/name',
    'form',
    'association.update',
    'Rename an association',
    'association',
  ),

  r('GET', '/associations/:slug/people', 'page', 'people.read', 'People and their roles', 'association'),
  r('POST', '/associations/:slug/people', 'form', 'role.assign', "Set a person's roles", 'association'),
  r(
    'GET',
    '/associations/:slug/settings',
    'page',
    'associationSettings.update',
    'Review settings: days to review and to answer, reminders, how the reviews are read',
    'association',
  ),
  r(
    'POST',
    '/associations/:slug/settings',
    'form',
    'associationSettings.update',
    'Save the review settings',
    'association',
  ),
  r(
    'POST',
    '/associations/:slug/settings/exam',
    'form',
    'associationSettings.update',
    'Save the exam settings: forms, pass marks, reading, retakes, reminders',
    'association',
  ),
  r('GET', '/associations/:slug/api-tokens', 'page', 'apiToken.manage', 'API tokens', 'association'),
  r(
    'POST',
    '/associations/:slug/api-tokens',
    'form',
    'apiToken.manage',
    'Create an API token',
    'association',
  ),
  r(
    'POST',
    '/associations/:slug/api-tokens/:id/revoke',
    'form',
    'apiToken.manage',
    'Revoke an API token',
    'api-token',
  ),
  r(
    'GET',
    '/associations/:slug/applications',
    'page',
    'application.list',
    "The association's applications: search, filter, sort, pages",
    'association',
  ),
  r(
    'GET',
    '/associations/:slug/applications.csv',
    'page',
    'application.list',
    "Download the association's applications as filtered (CSV)",
    'association',
  ),
  r(
    'GET',
    '/associations/:slug/applications/:id',
    'page',
    'application.history',
    'One application: state, checklist and sections as submitted, files, fees, history',
    'application',
  ),
  r(
    'POST',
    '/associations/:slug/applications/:id/payments',
    'form',
    'payment.record',
    'Record a payment against a fee due',
    'application',
  ),
  r(
    'POST',
    '/associations/:slug/applications/:id/waivers',
    'form',
    'fee.waive',
    'Waive a fee due, with a reason',
    'application',
  ),

  // The exam's item bank and forms: exam administrators only (the exam-scorer role and association admins).
  r(
    'GET',
    '/associations/:slug/exam/items',
    'page',
    'examBank.read',
    'The item bank: search, pages of items, a new item',
    'association',
  ),
  r(
    'POST',
    '/associations/:slug/exam/items',
    'form',
    'examBank.edit',
    'Add an item to the bank',
    'association',
  ),
  r(
    'GET',
    '/associations/:slug/exam/items/import',
    'page',
    'examBank.edit',
    'Import items: CSV or QTI 3.0 XML',
    'association',
  ),
  r(
    'POST',
    '/associations/:slug/exam/items/import',
    'form',
    'examBank.edit',
    'Import items, all or nothing',
    'association',
  ),
  r(
    'GET',
    '/associations/:slug/exam/items/export.csv',
    'page',
    'examBank.read',
    'The items (of a search) as CSV',
    'association',
  ),
  r(
    'GET',
    '/associations/:slug/exam/items/export.qti.xml',
    'page',
    'examBank.read',
    'The multiple-choice items (of a search) as QTI 3.0 XML',
    'association',
  ),
  r(
    'GET',
    '/associations/:slug/exam/items/:itemId',
    'page',
    'examBank.read',
    'One item: its key, versions and forms',
    'association',
  ),
  r(
    'POST',
    '/associations/:slug/exam/items/:itemId',
    'form',
    'examBank.edit',
    'Change an item (in use or active: a new version)',
    'association',
  ),
  r(
    'POST',
    '/associations/:slug/exam/items/:itemId/status',
    'form',
    'examBank.edit',
    'Make an item active, or retire it',
    'association',
  ),
  r(
    'GET',
    '/associations/:slug/exam/forms',
    'page',
    'examBank.read',
    'Exam forms, and composing one',
    'association',
  ),
  r(
    'POST',
    '/associations/:slug/exam/forms',
    'form',
    'examForm.compose',
    'Compose a form: chosen items or a random draw',
    'association',
  ),
  r(
    'GET',
    '/associations/:slug/exam/forms/:formId',
    'page',
    'examBank.read',
    'One form: its items in order, with keys',
    'association',
  ),
  r(
    'POST',
    '/associations/:slug/exam/forms/:formId/ready',
    'form',
    'examForm.compose',
    'Make a form ready to be sat (then it is fixed)',
    'association',
  ),
  r(
    'POST',
    '/associations/:slug/exam/forms/:formId/retire',
    'form',
    'examForm.compose',
    'Retire a form',
    'association',
  ),

  // Reviewers: the endorsements they hold (staff record them), an application's reviewers, a reviewer's own list.
  r(
    'GET',
    '/associations/:slug/reviewers',
    'page',
    'reviewerQualification.record',
    'Reviewers: the endorsements they hold and their reviews on hand',
    'association',
  ),
  r(
    'POST',
    '/associations/:slug/reviewers',
    'form',
    'reviewerQualification.record',
    'Record an endorsement a reviewer holds',
    'association',
  ),
  r(
    'POST',
    '/associations/:slug/reviewers/:qualificationId/remove',
    'form',
    'reviewerQualification.record',
    "Remove an endorsement from a reviewer's profile",
    'association',
  ),
  r(
    'GET',
    '/associations/:slug/applications/:id/reviewers',
    'page',
    'application.history',
    "An application's reviewers: assigned, suggested least loaded first, warnings",
    'application',
  ),
  r(
    'POST',
    '/associations/:slug/applications/:id/reviewers',
    'form',
    'application.assignReviewers',
    'Assign one or two reviewers (the second starts the review)',
    'application',
  ),
  r(
    'POST',
    '/associations/:slug/applications/:id/reviewers/:assignmentId/remove',
    'form',
    'application.assignReviewers',
    'Remove a reviewer who has not submitted their review',
    'application',
  ),
  // Exam sittings: the coordinators schedule, change and cancel sittings and register applicants; the
  // applicant chooses or changes their own sitting.
  r(
    'GET',
    '/associations/:slug/exam/sittings',
    'page',
    'examSitting.schedule',
    'Exam sittings ahead and past, seats taken; the schedule form',
    'association',
  ),
  r(
    'POST',
    '/associations/:slug/exam/sittings',
    'form',
    'examSitting.schedule',
    'Schedule a sitting',
    'association',
  ),
  r(
    'GET',
    '/associations/:slug/exam/sittings/:sittingId',
    'page',
    'examSitting.schedule',
    'One sitting: its roster with accommodations, register, change, cancel',
    'association',
  ),
  r(
    'POST',
    '/associations/:slug/exam/sittings/:sittingId',
    'form',
    'examSitting.schedule',
    'Change a sitting (the applicants registered are told)',
    'association',
  ),
  r(
    'POST',
    '/associations/:slug/exam/sittings/:sittingId/cancel',
    'form',
    'examSitting.schedule',
    'Cancel a sitting and its registrations (the applicants are told)',
    'association',
  ),
  r(
    'POST',
    '/associations/:slug/exam/sittings/:sittingId/register',
    'form',
    'exam.register',
    'Register an approved applicant for the sitting',
    'association',
  ),
  r(
    'GET',
    '/associations/:slug/applications/:id/exam',
    'page',
    'application.history',
    "An application's exam: registrations, accommodations, register or move, no-show",
    'application',
  ),
  r(
    'POST',
    '/associations/:slug/applications/:id/exam/sitting',
    'form',
    'exam.register',
    'Register the application for a sitting, or move its registration to another',
    'application',
  ),
  r(
    'POST',
    '/associations/:slug/applications/:id/exam/no-show',
    'form',
    'exam.markNoShow',
    'Record that the applicant did not come (not an attempt)',
    'application',
  ),
  r(
    'POST',
    '/associations/:slug/applications/:id/exam/accommodations',
    'form',
    'examAccommodation.grant',
    'Grant accommodations: extra time, breaks, larger text, a paper sitting',
    'application',
  ),
  r(
    'GET',
    '/applications/:id/exam/sittings',
    'page',
    'exam.chooseSitting',
    'My exam sitting: choose one, or change it before it starts',
    'application',
  ),
  r(
    'POST',
    '/applications/:id/exam/sittings',
    'form',
    'exam.chooseSitting',
    'Choose or change my exam sitting',
    'application',
  ),
  r('GET', '/reviews', 'page', 'signed-in', 'My reviews: my assignments, overdue first'),
  r(
    'POST',
    '/reviews/:id/decline',
    'form',
    'review.decline',
    'Decline a review assignment, with the reason',
    'application',
  ),

  // Advising: the coordinator assigns the advisor; the advisor's advisees, comments; the applicant and advisor's thread.
  r(
    'POST',
    '/associations/:slug/applications/:id/advisor',
    'form',
    'application.assignAdvisor',
    "Assign or replace an application's endorsement advisor",
    'application',
  ),
  r(
    'POST',
    '/associations/:slug/applications/:id/advisor/remove',
    'form',
    'application.assignAdvisor',
    "Remove an application's endorsement advisor",
    'application',
  ),
  r('GET', '/advising', 'page', 'signed-in', 'My advisees: the applications I advise'),
  r(
    'GET',
    '/applications/:id/messages',
    'page',
    'application.readMessages',
    'The messages between the applicant and their advisor',
    'application',
  ),
  r(
    'POST',
    '/applications/:id/messages',
    'form',
    'application.message',
    'Write to the applicant or the advisor (e-mailed)',
    'application',
  ),
  r(
    'POST',
    '/applications/:id/comments',
    'form',
    'application.advise',
    "The advisor's comment on a section or entry of the portfolio",
    'application',
  ),

  r('GET', '/applications', 'page', 'application.create', 'My applications'),
  r(
    'GET',
    '/applications/start',
    'page',
    'application.create',
    'Start an application: association, then credential',
  ),
  r('POST', '/applications', 'form', 'application.create', 'Start an application'),
  // Submission: the applicant's own application only.
  r(
    'GET',
    '/applications/:id/submit',
    'page',
    'application.track',
    'Submit an application: what blocks it, the fees',
    'application',
  ),
  r('POST', '/applications/:id/submit', 'form', 'application.submit', 'Submit an application', 'application'),
  r(
    'POST',
    '/applications/:id/resubmit',
    'form',
    'application.resubmit',
    'Resubmit an amended portfolio after a request for more information',
    'application',
  ),
  r(
    'POST',
    '/applications/:id/withdraw',
    'form',
    'application.withdraw',
    'Withdraw an application',
    'application',
  ),
  r(
    'GET',
    '/applications/:id/decision',
    'page',
    'application.track',
    'The decision letter: outcome, reasons, what happens next',
    'application',
  ),

  // Taking the exam: the applicant's own exam page (before, during, after); the items, essays and
  // submission only while their application awaits the exam. Paper entry: exam administrators.
  r(
    'GET',
    '/applications/:id/exam',
    'page',
    'application.track',
    'My exam: the sitting, my attempt, what follows',
    'application',
  ),
  r(
    'POST',
    '/applications/:id/exam/start',
    'form',
    'exam.take',
    'Start the exam (at the sitting’s time)',
    'application',
  ),
  r(
    'GET',
    '/applications/:id/exam/items/:n',
    'page',
    'exam.take',
    'One multiple-choice item of my exam',
    'application',
  ),
  r(
    'POST',
    '/applications/:id/exam/items/:n',
    'form',
    'exam.take',
    'Save my answer to an item',
    'application',
  ),
  r(
    'GET',
    '/applications/:id/exam/essays',
    'page',
    'exam.take',
    'The vignettes offered: choose those I answer',
    'application',
  ),
  r(
    'POST',
    '/applications/:id/exam/essays',
    'form',
    'exam.take',
    'Choose the vignettes I answer',
    'application',
  ),
  r(
    'GET',
    '/applications/:id/exam/essays/:n',
    'page',
    'exam.take',
    'One chosen vignette and my essay',
    'application',
  ),
  r('POST', '/applications/:id/exam/essays/:n', 'form', 'exam.take', 'Save my essay', 'application'),
  r(
    'POST',
    '/applications/:id/exam/autosave',
    'form',
    'exam.take',
    'Autosave one answer or essay (JSON answer, for the page’s script)',
    'application',
  ),
  r(
    'GET',
    '/applications/:id/exam/submit',
    'page',
    'exam.take',
    'Submit my exam: what is unanswered',
    'application',
  ),
  r(
    'POST',
    '/applications/:id/exam/submit',
    'form',
    'exam.take',
    'Submit my exam (multiple choice scored at once)',
    'application',
  ),
  r(
    'GET',
    '/associations/:slug/exam/sittings/:sittingId/paper/:registrationId',
    'page',
    'exam.enterPaper',
    'Paper entry: the sheets of one applicant at an in-person sitting',
    'association',
  ),
  r(
    'POST',
    '/associations/:slug/exam/sittings/:sittingId/paper/:registrationId',
    'form',
    'exam.enterPaper',
    'Enter the sheets: the letters marked and the essays; scored at once',
    'association',
  ),

  // Review: an assigned reviewer's form beside the snapshot; the coordinator's decisions.
  r(
    'GET',
    '/reviews/:applicationId',
    'page',
    'application.read',
    'My review of an application: the form beside the snapshot (assigned reviewers)',
    'application',
  ),
  r('POST', '/reviews/:applicationId', 'form', 'review.submit', 'Save or submit my review', 'application'),
  r(
    'POST',
    '/associations/:slug/applications/:id/decide',
    'form',
    'application.decide',
    'Decide on an application, with a reason',
    'application',
  ),
  r(
    'POST',
    '/associations/:slug/applications/:id/resume',
    'form',
    'application.resume',
    'Resume the review of an application on hold',
    'application',
  ),
  r(
    'POST',
    '/associations/:slug/applications/:id/start-review',
    'form',
    'application.startReview',
    'Start the review (again, once resubmitted)',
    'application',
  ),

  // References: the applicant's requests (statuses only), the rater's single-use link, the staff view.
  r(
    'GET',
    '/applications/:id/references',
    'page',
    'application.track',
    'My reference requests and their status',
    'application',
  ),
  r(
    'POST',
    '/applications/:id/references',
    'form',
    'reference.request',
    'Ask a rater for a reference',
    'application',
  ),
  r(
    'POST',
    '/applications/:id/references/:requestId/resend',
    'form',
    'reference.request',
    'Send a rater a new link',
    'application',
  ),
  r(
    'POST',
    '/applications/:id/references/:requestId/revoke',
    'form',
    'reference.request',
    'Withdraw a reference request',
    'application',
  ),
  r(
    'GET',
    '/references/respond/:token',
    'page',
    'public',
    "A rater's form (single-use link from the e-mail)",
  ),
  r('POST', '/references/respond/:token', 'form', 'public', "Send a rater's rating"),
  r(
    'GET',
    '/associations/:slug/applications/:id/references',
    'page',
    'reference.readContent',
    "An application's reference ratings",
    'application',
  ),

  // Exam scoring: the reader's blind queue, the results, item statistics and discounting an item.
  r(
    'GET',
    '/associations/:slug/exam/reading',
    'page',
    'essay.score',
    'Essays to read: my blind reading queue',
    'association',
  ),
  r(
    'GET',
    '/associations/:slug/exam/reading/:blindCode',
    'page',
    'essay.score',
    'One essay response by its blind code, with the vignette and rubric',
    'association',
  ),
  r(
    'POST',
    '/associations/:slug/exam/reading/:blindCode',
    'form',
    'essay.score',
    'Score an essay response by the rubric',
    'association',
  ),
  r('GET', '/applications/:id/exam/result', 'page', 'exam.readResult', 'My exam result', 'application'),
  r(
    'GET',
    '/associations/:slug/applications/:id/exam/result',
    'page',
    'application.history',
    "An application's exam result",
    'application',
  ),
  r(
    'GET',
    '/associations/:slug/exam/sittings/:sittingId/statistics',
    'page',
    'examStatistics.read',
    "A sitting's item statistics: difficulty, discrimination, options no one chose",
    'association',
  ),
  r(
    'POST',
    '/associations/:slug/exam/sittings/:sittingId/statistics/discount',
    'form',
    'examItem.discount',
    'Discount an item for the sitting and rescore every attempt there',
    'association',
  ),

  // The applicant's portfolio (their own: no id in the address), shared by all their applications.
  r(
    'GET',
    '/applications/:id',
    'page',
    'application.read',
    'An application and its live checklist',
    'application',
  ),
  r(
    'GET',
    '/applications/:id/portfolio',
    'page',
    'portfolio.read',
    "An application's portfolio, read only",
    'application',
  ),
  r('GET', '/portfolio', 'page', 'portfolio.read', 'My portfolio: every section'),
  r('GET', '/portfolio/agreements', 'page', 'portfolio.read', 'The agreements to sign'),
  r('POST', '/portfolio/agreements', 'form', 'portfolio.update', 'Sign an agreement by typed name'),
  r('GET', '/portfolio/competencies', 'page', 'portfolio.read', 'Competency coverage'),
  r('GET', '/portfolio/export', 'page', 'portfolio.read', 'Download my portfolio (interchange JSON)'),
  r('GET', '/portfolio/import', 'page', 'portfolio.update', 'Import a portfolio file'),
  r('POST', '/portfolio/import', 'form', 'portfolio.update', 'Check an import: what it would add'),
  r('POST', '/portfolio/import/confirm', 'form', 'portfolio.update', 'Add the entries of a checked import'),
  r('GET', '/portfolio/files/:fileId', 'page', 'portfolio.read', 'An uploaded file', 'file'),
  r('GET', '/portfolio/:section', 'page', 'portfolio.read', 'A portfolio section and a form to add to it'),
  r('POST', '/portfolio/:section', 'form', 'portfolio.update', 'Add an entry to a portfolio section'),
  r('GET', '/portfolio/:section/:entryId', 'page', 'portfolio.update', 'Change an entry', 'portfolio-entry'),
  r('POST', '/portfolio/:section/:entryId', 'form', 'portfolio.update', 'Save an entry', 'portfolio-entry'),
  r(
    'POST',
    '/portfolio/:section/:entryId/remove',
    'form',
    'portfolio.update',
    'Remove an entry',
    'portfolio-entry',
  ),

  r('GET', '/api/v1/me', 'api', 'signed-in', 'Who I am, with my roles'),
  r(
    'GET',
    '/api/v1/associations/:slug/applications',
    'api',
    'application.list',
    "The association's applications",
    'association',
  ),
  r(
    'GET',
    '/api/v1/associations/:slug/applications/:id',
    'api',
    'application.history',
    'One application, as submitted: its checklist and portfolio',
    'application',
  ),
  // The process through the API: the same services as the staff pages, answered in JSON.
  r(
    'POST',
    '/api/v1/associations/:slug/applications/:id/advisor',
    'api',
    'application.assignAdvisor',
    "Assign or replace an application's endorsement advisor",
    'application',
  ),
  r(
    'POST',
    '/api/v1/associations/:slug/applications/:id/advisor/remove',
    'api',
    'application.assignAdvisor',
    "Remove an application's endorsement advisor",
    'application',
  ),
  r(
    'GET',
    '/api/v1/associations/:slug/applications/:id/reviewers',
    'api',
    'application.history',
    "An application's reviewers: assigned, suggested least loaded first, with conflicts and warnings",
    'application',
  ),
  r(
    'POST',
    '/api/v1/associations/:slug/applications/:id/reviewers',
    'api',
    'application.assignReviewers',
    'Assign one or two reviewers (the second starts the review)',
    'application',
  ),
  r(
    'POST',
    '/api/v1/associations/:slug/applications/:id/reviewers/:assignmentId/remove',
    'api',
    'application.assignReviewers',
    'Remove a reviewer who has not submitted their review',
    'application',
  ),
  r(
    'POST',
    '/api/v1/associations/:slug/applications/:id/decision',
    'api',
    'application.decide',
    'Decide on an application, with a reason',
    'application',
  ),
  r(
    'POST',
    '/api/v1/associations/:slug/applications/:id/resume',
    'api',
    'application.resume',
    'Resume the review of an application on hold',
    'application',
  ),
  r(
    'POST',
    '/api/v1/associations/:slug/applications/:id/start-review',
    'api',
    'application.startReview',
    'Start the review (again, once resubmitted)',
    'application',
  ),
  r(
    'POST',
    '/api/v1/associations/:slug/applications/:id/fees/:feeDueId/waiver',
    'api',
    'fee.waive',
    'Waive a fee due, with a reason',
    'application',
  ),
  // The reviewer's own work: signed in only (an API token acts for the admin who made it).
  r('GET', '/api/v1/reviews', 'api', 'signed-in', 'My reviews: my assignments, overdue first'),
  r(
    'GET',
    '/api/v1/reviews/:applicationId',
    'api',
    'application.read',
    'My review of an application, beside the engine verdicts (assigned reviewers)',
    'application',
  ),
  r(
    'POST',
    '/api/v1/reviews/:applicationId',
    'api',
    'review.submit',
    'Save or submit my review',
    'application',
  ),
  r(
    'GET',
    '/api/v1/associations/:slug/people',
    'api',
    'people.read',
    'People and their roles',
    'association',
  ),
  r(
    'GET',
    '/api/v1/associations/:slug/catalog/:credential',
    'api',
    'public',
    "A credential's requirements in force on a date",
  ),
];

/** The HTML routes (pages and forms), for the authorization matrix and the browser journey. */
export const pageRoutes: readonly RouteInfo[] = routeTable.filter(
  (x) => x.kind === 'page' || x.kind === 'form',
);
export const apiRoutes: readonly RouteInfo[] = routeTable.filter((x) => x.kind === 'api');

const byKey = new Map(routeTable.map((x) => [`${x.method} ${x.url}`, x]));

/** The table's entry for "METHOD /path"; throws at start-up for a route missing from the table. */
export function routeInfo(key: `${RouteInfo['method']} /${string}`): RouteInfo {
  const info = byKey.get(key);
  if (!info) throw new Error(`route ${key} is not in src/http/route-table.ts`);
  return info;
}

/** Fastify route options (method, url, config.route) for a table entry. */
export function route(key: `${RouteInfo['method']} /${string}`) {
  const info = routeInfo(key);
  return { method: info.method, url: info.url, config: { route: info } };
}

/** Routes that are not in the table because a library owns them. */
export const libraryRoutePrefixes = ['/api/auth/', '/api/docs', '/assets/'] as const;
