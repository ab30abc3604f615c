// `endorse seed --demo`: one account per role and a few applicants at
// different stages, so that a new user can try every role in minutes. Every
// stage is reached as people reach it, through the product's own services:
// raters answer through the link in their invitation, applicants sign the
// agreements and submit (a snapshot, the fees due and the history follow),
// and the coordinator records a payment.
import { readFileSync } from 'node:fs';
import { findAssociation } from '../db/repositories/associations.ts';
import { listJobs } from '../db/repositories/jobs.ts';
import { setMembershipRoles, setSiteAdmin } from '../db/repositories/people.ts';
import { replacePortfolio } from '../db/repositories/portfolio.ts';
import { feesDueOf } from '../db/repositories/fees.ts';
import { toNumber } from '../db/portable.ts';
import type { Relationship } from '../engine/portfolio.ts';
import { MAIL_JOB, type MailMessage } from '../mail/mailer.ts';
import type { Actor, Role } from '../policies/index.ts';
import { createAccountForOperator } from './accounts.ts';
import { loadActor } from './actors.ts';
import { startApplication } from './applications.ts';
import type { Services } from './context.ts';
import { AppError } from './errors.ts';
import type { FileServices } from './files.ts';
import { recordPayment } from './payments.ts';
import { signAgreement } from './portfolio.ts';
import { ratingDomains, requestReference, submitReferenceRating } from './references.ts';
import { submitApplication } from './submission.ts';

export const DEMO_PASSWORD = 'endorse-demo-password';

/** Staff hold their roles in both associations the applicants apply to. */
const staffAssociations = ['mi-aimh', 'ct-aimh'];

const staff: Array<{ email: string; name: string; roles: Role[] }> = [
  { email: 'admin@demo.endorse.test', name: 'Avery Admin', roles: ['admin'] },
  { email: 'coordinator@demo.endorse.test', name: 'Casey Coordinator', roles: ['coordinator'] },
  { email: 'reviewer@demo.endorse.test', name: 'Riley Reviewer', roles: ['reviewer'] },
  { email: 'advisor@demo.endorse.test', name: 'Alex Advisor', roles: ['advisor'] },
  { email: 'scorer@demo.endorse.test', name: 'Sasha Scorer', roles: ['exam-scorer'] },
];

type Stage = 'draft' | 'waiting for references' | 'submitted' | 'submitted, partly paid';

// CT-AIMH has a fee schedule, so its submitted applications have fees due.
const applicants: Array<{
  email: string;
  name: string;
  association: string;
  credential: string;
  stage: Stage;
}> = [
  {
    email: 'rosa@demo.endorse.test',
    name: 'Rosa Example',
    association: 'mi-aimh',
    credential: 'IMHS',
    stage: 'draft',
  },
  {
    email: 'jo@demo.endorse.test',
    name: 'Jo Applicant',
    association: 'ct-aimh',
    credential: 'IFA',
    stage: 'waiting for references',
  },
  {
    email: 'sam@demo.endorse.test',
    name: 'Sam Applicant',
    association: 'ct-aimh',
    credential: 'IFS',
    stage: 'submitted',
  },
  {
    email: 'lee@demo.endorse.test',
    name: 'Lee Applicant',
    association: 'ct-aimh',
    credential: 'IMHS',
    stage: 'submitted, partly paid',
  },
];

/** The raters of every demo application: the three roles the seeds ask for at these levels. */
const raters: Array<{ name: string; relationship: Relationship; endorsements: ['IMHS'] | [] }> = [
  { name: 'Pat Supervisor', relationship: 'program-supervisor', endorsements: ['IMHS'] },
  { name: 'Dana Mentor', relationship: 'rsc-provider', endorsements: ['IMHS'] },
  { name: 'Lou Colleague', relationship: 'colleague', endorsements: [] },
];

export const demoAccounts = [
  { email: 'site-admin@demo.endorse.test', name: 'Sky Site-Admin', role: 'site administrator' },
  ...staff.map((s) => ({
    email: s.email,
    name: s.name,
    role: `${s.roles.join(', ')} of ${staffAssociations.join(' and ')}`,
  })),
  ...applicants.map((a) => ({
    email: a.email,
    name: a.name,
    role: `applicant for ${a.credential} at ${a.association} (${a.stage})`,
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
  const associations = new Map<string, { id: string }>();
  for (const slug of staffAssociations) {
    const association = await findAssociation(db.kysely, slug);
    if (!association)
      throw new AppError('invalid', `the ${slug} association is missing; run endorse migrate first`);
    associations.set(slug, association);
  }

  // The operator seeding the demo vouches for its made-up addresses.
  const signUp = (email: string, name: string) =>
    createAccountForOperator({ email, name, password: DEMO_PASSWORD }, services);
  const siteAdmin = await signUp(demoAccounts[0]!.email, demoAccounts[0]!.name);
  await setSiteAdmin(db.kysely, db.dialect, siteAdmin.id, true);
  let coordinator: Actor | undefined;
  for (const s of staff) {
    const person = await signUp(s.email, s.name);
    for (const association of associations.values())
      await setMembershipRoles(db.kysely, db.dialect, association.id, person.id, s.roles.join(','));
    if (s.roles.includes('coordinator')) coordinator = await loadActor(person.id, services);
  }
  const example = JSON.parse(
    readFileSync(new URL('../../examples/portfolio-imhs.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  for (const a of applicants) {
    const person = await signUp(a.email, a.name);
    // Their own entries, as an import leaves them: ratings, signatures and the exam come from the application.
    const { references: _r, agreements: _g, exam: _e, ...declared } = example;
    await replacePortfolio(db.kysely, person.id, { ...declared, person: { name: a.name, email: a.email } });
    const actor = await loadActor(person.id, services);
    const application = await startApplication(
      actor,
      { association: a.association, credential: a.credential },
      services,
    );
    if (a.stage === 'draft') continue;
    const who = a.email.split('@')[0]!;
    await rateApplication(
      actor,
      application.id,
      a.association,
      who,
      a.stage === 'waiting for references' ? 1 : 3,
      services,
    );
    if (a.stage === 'waiting for references') continue;
    for (const kind of ['code-of-ethics', 'endorsement-agreement'] as const)
      await signAgreement(actor, { association: a.association, kind, typedName: a.name }, services);
    await submitApplication(actor, application.id, services);
    if (a.stage !== 'submitted, partly paid') continue;
    const [first] = await feesDueOf(db.kysely, application.id);
    if (first)
      await recordPayment(
        coordinator,
        {
          applicationId: application.id,
          associationId: application.associationId,
          feeDueId: first.id,
          amountCents: first.amountCents,
          method: 'check',
          note: 'demo payment',
        },
        services,
      );
  }
  return demoAccounts;
}
