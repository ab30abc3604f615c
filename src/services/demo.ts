// `endorse seed --demo`: one account per role and applications in every state
// of their life, so that a new user can try every role in minutes and each
// has something to do at once. Every state is reached as people reach it,
// through the product's own services: raters answer through the link in their
// invitation; applicants sign the agreements, submit, amend and resubmit or
// withdraw; the coordinator records a payment, assigns the advisor and the
// reviewers (whose Mentor endorsements are on their staff profiles) and
// decides with reasons; the advisor comments and writes; reviewers review
// every requirement, and their recommendations decide when they agree. The
// written exam (demo-exam.ts): applicants approved weeks ago sat a sample
// exam at a past sitting, on its clock, and two readers scored it blind.
// Renewal (demo-renewal.ts): endorsees granted months ago live their renewal
// year on a clock moved a day at a time, the daily renewal job included.
import { readFileSync } from 'node:fs';
import { type AssociationRow, findAssociation } from '../db/repositories/associations.ts';
import { listJobs } from '../db/repositories/jobs.ts';
import { setMembershipRoles, setSiteAdmin } from '../db/repositories/people.ts';
import { replacePortfolio } from '../db/repositories/portfolio.ts';
import { feesDueOf } from '../db/repositories/fees.ts';
import { toNumber } from '../db/portable.ts';
import type { Recommendation } from '../domain/review-outcome.ts';
import type { Relationship } from '../engine/portfolio.ts';
import { MAIL_JOB, type MailMessage } from '../mail/mailer.ts';
import type { Actor, Role } from '../policies/index.ts';
import { createAccountForOperator } from './accounts.ts';
import { loadActor } from './actors.ts';
import { assignAdvisor, commentOnPortfolio, postMessage } from './advising.ts';
import { startApplication } from './applications.ts';
import { reviewSettingsOf } from './association-settings.ts';
import type { Services } from './context.ts';
import {
  decideApplication,
  type DecisionStep,
  resubmitApplication,
  withdrawApplication,
} from './decisions.ts';
import { AppError } from './errors.ts';
import type { FileServices } from './files.ts';
import { recordPayment } from './payments.ts';
import { addEntry, type Entry, signAgreement } from './portfolio.ts';
import { ratingDomains, requestReference, submitReferenceRating } from './references.ts';
import { findingsSchema, reviewPage, saveMyReview } from './review.ts';
import { assignReviewers, recordReviewerQualification } from './reviewer-assignment.ts';
import { submitApplication } from './submission.ts';
import { DAY, type DemoExam, type Sat, setUpExam, sitPastSitting } from './demo-exam.ts';
import { finalizeApplication } from './endorsements.ts';
import { playRenewalYear, renewalStories, setUpRenewals } from './demo-renewal.ts';
import { endorsementsOfPerson } from '../db/repositories/endorsements.ts';
import { registerForSitting } from './exam-sittings.ts';

export const DEMO_PASSWORD = 'endorse-demo-password';

/** Staff hold their roles in both associations the applicants apply to. */
const staffAssociations = ['mi-aimh', 'ct-aimh'];

type Reviewer = 'riley' | 'robin';
type Scorer = 'sasha' | 'elliot';

const staff: Array<{
  email: string;
  name: string;
  roles: Role[];
  /** What they can do once the demo is seeded. */
  now: string;
  /** A reviewer's endorsement, recorded on their staff profile: Mentor level, so they may review every applicant here. */
  reviewer?: { key: Reviewer; holds: string };
  /** An exam scorer, who reads the demo's essays. */
  scorer?: Scorer;
}> = [
  {
    email: 'admin@demo.endorse.test',
    name: 'Avery Admin',
    roles: ['admin'],
    now: "give people their roles, change the association's review and exam settings, make API tokens",
  },
  {
    email: 'coordinator@demo.endorse.test',
    name: 'Casey Coordinator',
    roles: ['coordinator'],
    now: "assign reviewers to Sam's and Lee's submitted applications, send Noah's resubmitted one back to its reviewers, resume Priya's on hold; the queue shows Kim's review overdue; CT-AIMH's exam sittings: the past online one sat by Taylor, Omar and Ivy (each one's result on their application's exam page), the upcoming in-person one with Nina registered; CT-AIMH's renewals: accept or reject Audrey's audit proof, reinstate Ray, extend Gray's due date",
  },
  {
    email: 'reviewer@demo.endorse.test',
    name: 'Riley Reviewer',
    roles: ['reviewer'],
    now: "1 review due (Morgan Ellis's IFS application); Kim Okafor's is reviewed",
    reviewer: { key: 'riley', holds: 'IMHM-C' },
  },
  {
    email: 'reviewer2@demo.endorse.test',
    name: 'Robin Reviewer',
    roles: ['reviewer'],
    now: "1 review due, overdue (Kim Okafor's IMHS application); Morgan Ellis's is reviewed",
    reviewer: { key: 'robin', holds: 'IMHM-RF' },
  },
  {
    email: 'advisor@demo.endorse.test',
    name: 'Alex Advisor',
    roles: ['advisor'],
    now: "advises Rosa Example's draft: answer her message, comment on her portfolio",
  },
  {
    email: 'scorer@demo.endorse.test',
    name: 'Sasha Scorer',
    roles: ['exam-scorer'],
    now: "CT-AIMH's sample item bank and its ready form; Essays to read: 2 responses of the past sitting, known only by their codes; the past sitting's item statistics",
    scorer: 'sasha',
  },
  {
    email: 'scorer2@demo.endorse.test',
    name: 'Elliot Scorer',
    roles: ['exam-scorer'],
    now: "has read every essay of the past sitting (see the reads settled); CT-AIMH's sample item bank, forms and item statistics",
    scorer: 'elliot',
  },
];

/** Who acts on the demo applications, and the services they act through. */
interface Cast {
  services: FileServices;
  coordinator: Actor;
  advisor: Actor;
  reviewers: Record<Reviewer, Actor>;
  scorers: Record<Scorer, Actor>;
  exam: DemoExam;
}

/** Something that happens to an application, taken by whoever takes it in the product. */
type Step = (
  cast: Cast,
  applicant: Actor,
  application: { id: string; associationId: string },
) => Promise<unknown>;

const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

/**
 * The coordinator assigns the reviewers (the second starts the review). An
 * `overdue` assignment is made on the clock of long enough ago that its review
 * is past due now, so the demo shows what an overdue review looks like; one
 * `daysAgo` for an application decided before its exam.
 */
const assign =
  (reviewers: Reviewer[], options: { overdue?: boolean; daysAgo?: number } = {}): Step =>
  async (cast, _applicant, application) => {
    let at = daysAgo(options.daysAgo ?? 0);
    if (options.overdue) {
      const { reviewDays } = await reviewSettingsOf(cast.services, application.associationId);
      at = daysAgo(reviewDays + 7);
    }
    return assignReviewers(
      cast.coordinator,
      {
        applicationId: application.id,
        associationId: application.associationId,
        reviewerIds: reviewers.map((r) => cast.reviewers[r].userId),
        anyway: false,
      },
      cast.services,
      at,
    );
  };

/**
 * The reviewer submits their review: every automatic check confirmed and
 * every clause and domain marked; a review that does not approve says why on
 * the first clause the engine cannot check, in the words it sends the applicant.
 */
const review =
  (
    reviewer: Reviewer,
    recommendation: Recommendation,
    words: { toApplicant?: string; beforeApplyingAgain?: string; daysAgo?: number } = {},
  ): Step =>
  async (cast, _applicant, application) => {
    const actor = cast.reviewers[reviewer];
    const page = await reviewPage(actor, application.id, cast.services);
    const toApplicant = words.toApplicant ?? '';
    const mark = recommendation === 'approve' ? 'met' : recommendation === 'defer' ? 'not-met' : 'not-clear';
    const findings = findingsSchema.parse({
      requirements: Object.fromEntries(page.requirements.map((r) => [r.id, { verdict: 'confirmed' }])),
      clauses: Object.fromEntries(
        page.clauses.map((c, i) => [
          c.key,
          i === 0 && mark !== 'met' ? { mark, comment: toApplicant } : { mark: 'met' },
        ]),
      ),
      domains: Object.fromEntries(page.domains.map((d) => [d.key, { mark: 'met' }])),
      responseDueOn: recommendation === 'request-information' ? page.defaultResponseDue : null,
      beforeApplyingAgain: words.beforeApplyingAgain ?? null,
    });
    return saveMyReview(
      actor,
      application.id,
      { findings, recommendation, toApplicant, toStaff: '' },
      true,
      cast.services,
      daysAgo(words.daysAgo ?? 0),
    );
  };

/** Both reviewers approve, `days` ago (assigned five days before): weeks ago, it has had time to sit the exam since. */
const approved = (days = 0): Step[] => [
  assign(['riley', 'robin'], { daysAgo: days && days + 5 }),
  review('riley', 'approve', { daysAgo: days }),
  review('robin', 'approve', { daysAgo: days }),
];

/** The applicant sat the past sitting; the scorers read the essays, one a day after it in this order. */
const satExam =
  (sat: Sat, readers: Scorer[]): Step =>
  (cast, applicant, application) =>
    sitPastSitting(
      cast.exam,
      { coordinator: cast.coordinator, applicant, readers: readers.map((r) => cast.scorers[r]) },
      application.id,
      sat,
      cast.services,
    );

/** The coordinator registers the approved application for the upcoming sitting. */
const registeredForUpcoming: Step = (cast, _applicant, application) =>
  registerForSitting(cast.coordinator, application.id, cast.exam.upcoming.id, cast.services);

/** The coordinator finalizes the endorsement (seed 002, step 10), `days` ago. */
const finalizedAgo =
  (days: number): Step =>
  (cast, _applicant, application) =>
    finalizeApplication(
      cast.coordinator,
      application.id,
      application.associationId,
      cast.services,
      daysAgo(days),
    );
const finalized = finalizedAgo(0);

/** The coordinator's decision, with the reason the applicant is told. */
const decide =
  (step: DecisionStep, reason: string): Step =>
  (cast, _applicant, application) =>
    decideApplication(
      cast.coordinator,
      application.id,
      application.associationId,
      { step, reason },
      cast.services,
    );

/** The coordinator records a check for the first fee due. */
const payFirstFee: Step = async (cast, _applicant, application) => {
  const [first] = await feesDueOf(cast.services.db.kysely, application.id);
  if (!first) return;
  await recordPayment(
    cast.coordinator,
    {
      applicationId: application.id,
      associationId: application.associationId,
      feeDueId: first.id,
      amountCents: first.amountCents,
      method: 'check',
      note: 'demo payment',
    },
    cast.services,
  );
};

/** The applicant adds what was asked for and resubmits: the next round's snapshot. */
const amendAndResubmit =
  (training: Entry): Step =>
  async (cast, applicant, application) => {
    await addEntry(applicant, 'training', { entry: training }, cast.services);
    return resubmitApplication(applicant, application.id, cast.services);
  };

const withdraw: Step = (cast, applicant, application) =>
  withdrawApplication(applicant, application.id, cast.services);

/** The coordinator assigns the advisor, who comments and writes; the applicant writes back. */
const advise: Step = async (cast, applicant, application) => {
  const { services } = cast;
  const applicationId = application.id;
  await assignAdvisor(
    cast.coordinator,
    { applicationId, associationId: application.associationId, advisorId: cast.advisor.userId },
    services,
    new Date(),
  );
  await commentOnPortfolio(
    cast.advisor,
    {
      applicationId,
      about: 'section:training',
      body: 'Your infant mental health training is all from 2019–2021: add anything more recent, with its hours.',
    },
    services,
    new Date(),
  );
  await postMessage(
    cast.advisor,
    { applicationId, body: 'Welcome! I have read your portfolio; see my comment on your training.' },
    services,
    new Date(),
  );
  await postMessage(
    applicant,
    { applicationId, body: 'Thank you. Should the home-visiting workshop count as reflective practice?' },
    services,
    new Date(),
  );
};

const askedReflective =
  'Please add the dates and hours of the reflective supervision you have had since 2016: your log ends in June 2016.';
const askedTraining =
  'Please add the culturally responsive practice training your work description mentions, with its date and hours.';

// CT-AIMH has a fee schedule, so its submitted applications have fees due.
const applicants: Array<{
  email: string;
  name: string;
  association: string;
  credential: string;
  /** The state it is left in, in the demo list's words. */
  stage: string;
  /** What the applicant can do once the demo is seeded. */
  now: string;
  /** Left a draft, with this many of its three raters answered (0: none asked yet); otherwise submitted. */
  draft?: { answered: 0 | 1 };
  /** What happens to it then, in order. */
  steps?: Step[];
}> = [
  {
    email: 'rosa@demo.endorse.test',
    name: 'Rosa Example',
    association: 'mi-aimh',
    credential: 'IMHS',
    stage: 'draft, with an advisor',
    now: "read Alex Advisor's comment and messages, add to the portfolio",
    draft: { answered: 0 },
    steps: [advise],
  },
  {
    email: 'jo@demo.endorse.test',
    name: 'Jo Applicant',
    association: 'ct-aimh',
    credential: 'IFA',
    stage: 'draft, waiting for references',
    now: 'send the invitation again to the two raters who have not answered',
    draft: { answered: 1 },
  },
  {
    email: 'sam@demo.endorse.test',
    name: 'Sam Applicant',
    association: 'ct-aimh',
    credential: 'IFS',
    stage: 'submitted',
    now: 'see the fees due (the association records payments); reviewers come next',
  },
  {
    email: 'lee@demo.endorse.test',
    name: 'Lee Applicant',
    association: 'ct-aimh',
    credential: 'IMHS',
    stage: 'submitted, application fee paid',
    now: 'see the processing fee still due',
    steps: [payFirstFee],
  },
  {
    email: 'kim@demo.endorse.test',
    name: 'Kim Okafor',
    association: 'ct-aimh',
    credential: 'IMHS',
    stage: 'in review, one review in and one overdue',
    now: 'follow the review on the application page',
    steps: [assign(['robin'], { overdue: true }), assign(['riley']), review('riley', 'approve')],
  },
  {
    email: 'morgan@demo.endorse.test',
    name: 'Morgan Ellis',
    association: 'ct-aimh',
    credential: 'IFS',
    stage: 'in review, one review in and one due',
    now: 'follow the review on the application page',
    steps: [assign(['riley', 'robin']), review('robin', 'approve')],
  },
  {
    email: 'maria@demo.endorse.test',
    name: 'Maria Lopez',
    association: 'ct-aimh',
    credential: 'IMHS',
    stage: 'more information requested',
    now: 'answer the request for more information: amend the portfolio and resubmit',
    steps: [
      assign(['riley', 'robin']),
      review('riley', 'request-information', { toApplicant: askedReflective }),
      review('robin', 'request-information', { toApplicant: askedReflective }),
    ],
  },
  {
    email: 'noah@demo.endorse.test',
    name: 'Noah Bennett',
    association: 'ct-aimh',
    credential: 'IFS',
    stage: 'resubmitted',
    now: 'wait for the reviewers to read the amended portfolio',
    steps: [
      assign(['riley', 'robin']),
      review('riley', 'request-information', { toApplicant: askedTraining }),
      review('robin', 'request-information', { toApplicant: askedTraining }),
      amendAndResubmit({
        title: 'Culturally responsive practice with families',
        date: '2024-05-02',
        hours: 6,
        topics: ['dei'],
      }),
    ],
  },
  {
    email: 'priya@demo.endorse.test',
    name: 'Priya Shah',
    association: 'ct-aimh',
    credential: 'IMHS',
    stage: 'on hold',
    now: 'wait for the association to resume the review',
    steps: [
      assign(['riley', 'robin']),
      decide('hold', 'Paused at your request while you are on family leave; we will resume when you return.'),
    ],
  },
  {
    email: 'jordan@demo.endorse.test',
    name: 'Jordan Miles',
    association: 'ct-aimh',
    credential: 'IFS',
    stage: 'approved',
    now: 'read the decision letter',
    steps: approved(),
  },
  {
    email: 'endorsee@demo.endorse.test',
    name: 'Jo Endorsee',
    association: 'ct-aimh',
    credential: 'IMHS',
    stage: 'endorsed',
    now: 'endorsed: the account page holds the certificate, the letter and the verifiable credential; anyone finds Jo in the public registry (/registry?q=Jo) and her verification page says Valid',
    steps: [
      ...approved(50),
      satExam({ right: 57, vignettes: [1, 2], points: [3, 3, 2, 2] }, ['elliot', 'sasha']),
      finalized,
    ],
  },
  {
    email: 'taylor@demo.endorse.test',
    name: 'Taylor Brooks',
    association: 'ct-aimh',
    credential: 'IMHS',
    stage: 'exam passed',
    now: 'read the exam result by competency domain; the checklist shows the exam requirement met',
    steps: [
      ...approved(45),
      satExam({ right: 54, vignettes: [1, 2], points: [3, 2, 2, 2] }, ['elliot', 'sasha']),
    ],
  },
  {
    email: 'omar@demo.endorse.test',
    name: 'Omar Haddad',
    association: 'ct-aimh',
    credential: 'IMHS',
    stage: 'awaiting the exam, essays being scored',
    now: 'see that the exam was submitted and is being scored (one reader has read the essays)',
    steps: [...approved(45), satExam({ right: 51, vignettes: [1, 3], points: [3, 2, 2, 1] }, ['elliot'])],
  },
  {
    email: 'ivy@demo.endorse.test',
    name: 'Ivy Chen',
    association: 'ct-aimh',
    credential: 'IMHS',
    stage: 'exam failed',
    now: 'read the exam result and the retake rules: when a retake may be sat, attempts left',
    steps: [
      ...approved(45),
      satExam({ right: 42, vignettes: [2, 3], points: [2, 2, 2, 1] }, ['elliot', 'sasha']),
    ],
  },
  {
    email: 'nina@demo.endorse.test',
    name: 'Nina Walsh',
    association: 'ct-aimh',
    credential: 'IMHS',
    stage: 'awaiting the exam, registered for a sitting',
    now: "see the upcoming in-person sitting's date and place on the exam page",
    steps: [...approved(), registeredForUpcoming],
  },
  {
    email: 'chris@demo.endorse.test',
    name: 'Chris Taylor',
    association: 'ct-aimh',
    credential: 'IMHS',
    stage: 'deferred',
    now: 'read the decision letter: what to do before applying again',
    steps: [
      assign(['riley', 'robin']),
      ...(['riley', 'robin'] as const).map((r) =>
        review(r, 'defer', {
          toApplicant:
            'The reflective supervision in the portfolio ended in 2016; this endorsement asks for current reflective supervision.',
          beforeApplyingAgain: 'Take part in a year of regular reflective supervision, then apply again.',
        }),
      ),
    ],
  },
  {
    email: 'dev@demo.endorse.test',
    name: 'Dev Patel',
    association: 'ct-aimh',
    credential: 'IFS',
    stage: 'declined',
    now: 'read the decision letter and its reasons',
    steps: [
      assign(['riley', 'robin']),
      decide(
        'decline',
        'Your work is with school-age children; this endorsement is for work with infants, toddlers and their families.',
      ),
    ],
  },
  {
    email: 'quinn@demo.endorse.test',
    name: 'Quinn Harper',
    association: 'ct-aimh',
    credential: 'IMHS',
    stage: 'withdrawn',
    now: 'start a new application at any time',
    steps: [withdraw],
  },
  // The renewal year (demo-renewal.ts): endorsed at CT-AIMH long enough ago to be where they are now.
  ...renewalStories.map((story) => ({
    email: story.email,
    name: story.name,
    association: 'ct-aimh',
    credential: 'IFS',
    stage: `endorsed, ${story.stage}`,
    now: story.now,
    steps: [...approved(story.grantedDaysAgo + 1), finalizedAgo(story.grantedDaysAgo)],
  })),
];

/** The raters of every demo application: the three roles the seeds ask for at these levels. */
const raters: Array<{ name: string; relationship: Relationship; endorsements: ['IMHS'] | [] }> = [
  { name: 'Pat Supervisor', relationship: 'program-supervisor', endorsements: ['IMHS'] },
  { name: 'Dana Mentor', relationship: 'rsc-provider', endorsements: ['IMHS'] },
  { name: 'Lou Colleague', relationship: 'colleague', endorsements: [] },
];

const staffRole = (roles: Role[]) => `${roles.join(', ')} of ${staffAssociations.join(' and ')}`;

/** Every demo account: who it is and what it can do as soon as the demo is seeded. */
export const demoAccounts = [
  {
    email: 'site-admin@demo.endorse.test',
    name: 'Sky Site-Admin',
    role: 'site administrator',
    now: 'add associations and people; see every association',
  },
  ...staff.map((s) => ({ email: s.email, name: s.name, role: staffRole(s.roles), now: s.now })),
  ...applicants.map((a) => ({
    email: a.email,
    name: a.name,
    role: a.stage.startsWith('endorsed, ')
      ? `endorsee, ${a.credential} at ${a.association} (${a.stage.slice('endorsed, '.length)})`
      : `applicant for ${a.credential} at ${a.association} (${a.stage})`,
    now: a.now,
  })),
];

/** The rater's link, from the invitation e-mail waiting in the queue (as the rater would open it). */
async function invitationToken(services: Services, raterEmail: string): Promise<string> {
  const mails = await listJobs(services.db.kysely, { kind: MAIL_JOB, state: 'pending', limit: 1000 });
  for (const job of mails) {
    const mail = job.payload as MailMessage;
    const token = mail.to === raterEmail && /\/references\/respond\/([^\s/]+)/.exec(mail.text)?.[1];
    if (token) return decodeURIComponent(token);
  }
  throw new AppError('invalid', `no reference invitation to ${raterEmail} is waiting`);
}

async function rateApplication(
  applicant: Actor | undefined,
  applicationId: string,
  association: string,
  who: string,
  answered: number,
  services: Services,
) {
  const domains = ratingDomains(association);
  for (const [i, rater] of raters.entries()) {
    const raterEmail = `${rater.name.split(' ')[0]!.toLowerCase()}.for.${who}@demo.endorse.test`;
    await requestReference(
      applicant,
      applicationId,
      { raterName: rater.name, raterEmail, relationship: rater.relationship, waived: true },
      services,
    );
    if (i >= answered) continue;
    await submitReferenceRating(
      await invitationToken(services, raterEmail),
      {
        raterEndorsements: rater.endorsements,
        raterVetted: false,
        knownYears: 3,
        knownMonths: 0,
        role: rater.relationship,
        current: true,
        ratings: Object.fromEntries(domains.map((d) => [d.id, '3'])),
        comments: 'A thoughtful, reliable colleague (demo rating).',
      },
      services,
    );
  }
}

/** Fills an empty database with demo data; refuses a database that already has people in it. */
export async function seedDemo(services: FileServices): Promise<typeof demoAccounts> {
  const { db } = services;
  if (services.config.env === 'production') {
    throw new AppError('invalid', 'demo data is never seeded in production (NODE_ENV=production)');
  }
  const people = await db.kysely
    .selectFrom('user')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  if (toNumber(people.n) > 0)
    throw new AppError('conflict', 'the database already has accounts; demo data goes into an empty one');
  const associations: AssociationRow[] = [];
  for (const slug of staffAssociations) {
    const association = await findAssociation(db.kysely, slug);
    if (!association)
      throw new AppError('invalid', `the ${slug} association is missing; run endorse migrate first`);
    associations.push(association);
  }

  // The operator seeding the demo vouches for its made-up addresses. Accounts are
  // made at once: hashing their passwords is most of the seed's time.
  const [siteAdmin, ...made] = await Promise.all(
    demoAccounts.map(({ email, name }) =>
      createAccountForOperator({ email, name, password: DEMO_PASSWORD }, services),
    ),
  );
  const byEmail = new Map(made.map((p) => [p.email, p]));
  await setSiteAdmin(db.kysely, db.dialect, siteAdmin!.id, true);
  const members: Array<{ id: string; s: (typeof staff)[number] }> = [];
  for (const s of staff) {
    const person = byEmail.get(s.email)!;
    for (const association of associations)
      await setMembershipRoles(db.kysely, db.dialect, association.id, person.id, s.roles.join(','));
    members.push({ id: person.id, s });
  }
  // Accounts just made: each loads.
  const actorOf = async (id: string) => (await loadActor(id, services))!;
  const staffOf = (role: Role) => actorOf(members.find((p) => p.s.roles.includes(role))!.id);
  const coordinator = await staffOf('coordinator');
  const reviewers = {} as Record<Reviewer, Actor>;
  for (const { id, s } of members) {
    if (!s.reviewer) continue;
    reviewers[s.reviewer.key] = await actorOf(id);
    for (const association of associations)
      await recordReviewerQualification(
        coordinator,
        {
          association,
          userId: id,
          credential: s.reviewer.holds,
          evidence: `${s.reviewer.holds} certificate seen by the coordinator (demo)`,
        },
        services,
      );
  }
  const scorers = {} as Record<Scorer, Actor>;
  for (const { id, s } of members) if (s.scorer) scorers[s.scorer] = await actorOf(id);
  const ct = associations.find((a) => a.slug === 'ct-aimh')!;
  const exam = await setUpExam(services, ct, {
    admin: await staffOf('admin'),
    scorer: scorers.sasha,
    coordinator,
  });
  const cast: Cast = { services, coordinator, advisor: await staffOf('advisor'), reviewers, scorers, exam };
  const renewalCast = { services, admin: await staffOf('admin'), association: ct };
  await setUpRenewals(renewalCast, daysAgo(Math.max(...renewalStories.map((s) => s.grantedDaysAgo)) + 10));

  const example = JSON.parse(
    readFileSync(new URL('../../examples/portfolio-imhs.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  for (const a of applicants) {
    const person = byEmail.get(a.email)!;
    // Their own entries, as an import leaves them: ratings, signatures and the exam come from the application.
    const { references: _r, agreements: _g, exam: _e, ...declared } = example;
    await replacePortfolio(db.kysely, person.id, { ...declared, person: { name: a.name, email: a.email } });
    const actor = await actorOf(person.id);
    const application = await startApplication(
      actor,
      { association: a.association, credential: a.credential },
      services,
    );
    const answered = a.draft ? a.draft.answered : raters.length;
    if (answered > 0)
      await rateApplication(actor, application.id, a.association, a.email.split('@')[0]!, answered, services);
    if (!a.draft) {
      for (const kind of ['code-of-ethics', 'endorsement-agreement'] as const)
        await signAgreement(actor, { association: a.association, kind, typedName: a.name }, services);
      await submitApplication(actor, application.id, services);
    }
    for (const step of a.steps ?? []) await step(cast, actor, application);
  }
  const endorsees = new Map<string, { actor: Actor; endorsementId: string }>();
  for (const story of renewalStories) {
    const actor = await actorOf(byEmail.get(story.email)!.id);
    const [endorsement] = await endorsementsOfPerson(db.kysely, actor.userId);
    endorsees.set(story.email, { actor, endorsementId: endorsement!.id });
  }
  await playRenewalYear(renewalCast, endorsees, new Date());
  return demoAccounts;
}
