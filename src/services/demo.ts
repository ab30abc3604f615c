// `endorse seed --demo`: one account per role and a few applicants at
// different stages, so that a new user can try every role in minutes.
import { readFileSync } from 'node:fs';
import { updateApplicationStatus } from '../db/repositories/applications.ts';
import { findAssociation } from '../db/repositories/associations.ts';
import { setMembershipRoles, setSiteAdmin } from '../db/repositories/people.ts';
import { replacePortfolio } from '../db/repositories/portfolio.ts';
import { toNumber } from '../db/portable.ts';
import type { Role } from '../policies/index.ts';
import { createAccountForOperator } from './accounts.ts';
import { loadActor } from './actors.ts';
import { startApplication } from './applications.ts';
import type { Services } from './context.ts';
import { AppError } from './errors.ts';

export const DEMO_PASSWORD = 'endorse-demo-password';

const staff: Array<{ email: string; name: string; roles: Role[] }> = [
  { email: 'admin@demo.endorse.test', name: 'Avery Admin', roles: ['admin'] },
  { email: 'coordinator@demo.endorse.test', name: 'Casey Coordinator', roles: ['coordinator'] },
  { email: 'reviewer@demo.endorse.test', name: 'Riley Reviewer', roles: ['reviewer'] },
  { email: 'advisor@demo.endorse.test', name: 'Alex Advisor', roles: ['advisor'] },
  { email: 'scorer@demo.endorse.test', name: 'Sasha Scorer', roles: ['exam-scorer'] },
];

const applicants: Array<{
  email: string;
  name: string;
  credential: string;
  status: 'draft' | 'submitted' | 'in-review' | 'endorsed';
}> = [
  { email: 'rosa@demo.endorse.test', name: 'Rosa Example', credential: 'IMHS', status: 'draft' },
  { email: 'sam@demo.endorse.test', name: 'Sam Applicant', credential: 'IFS', status: 'submitted' },
  { email: 'lee@demo.endorse.test', name: 'Lee Applicant', credential: 'IMHM-C', status: 'in-review' },
  { email: 'jo@demo.endorse.test', name: 'Jo Endorsee', credential: 'IFA', status: 'endorsed' },
];

export const demoAccounts = [
  { email: 'site-admin@demo.endorse.test', name: 'Sky Site-Admin', role: 'site administrator' },
  ...staff.map((s) => ({ email: s.email, name: s.name, role: `${s.roles.join(', ')} of mi-aimh` })),
  ...applicants.map((a) => ({
    email: a.email,
    name: a.name,
    role: `applicant for ${a.credential} (${a.status})`,
  })),
];

/** Fills an empty database with demo data; refuses a database that already has people in it. */
export async function seedDemo(services: Services): Promise<typeof demoAccounts> {
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
  const association = await findAssociation(db.kysely, 'mi-aimh');
  if (!association)
    throw new AppError('invalid', 'the mi-aimh association is missing; run endorse migrate first');

  // The operator seeding the demo vouches for its made-up addresses.
  const signUp = (email: string, name: string) =>
    createAccountForOperator({ email, name, password: DEMO_PASSWORD }, services);
  const siteAdmin = await signUp(demoAccounts[0]!.email, demoAccounts[0]!.name);
  await setSiteAdmin(db.kysely, db.dialect, siteAdmin.id, true);
  for (const s of staff) {
    const person = await signUp(s.email, s.name);
    await setMembershipRoles(db.kysely, db.dialect, association.id, person.id, s.roles.join(','));
  }
  const example = JSON.parse(
    readFileSync(new URL('../../examples/portfolio-imhs.json', import.meta.url), 'utf8'),
  );
  for (const a of applicants) {
    const person = await signUp(a.email, a.name);
    await setMembershipRoles(db.kysely, db.dialect, association.id, person.id, 'applicant');
    await replacePortfolio(db.kysely, person.id, { ...example, person: { name: a.name, email: a.email } });
    const actor = await loadActor(person.id, services);
    const application = await startApplication(
      actor,
      { association: 'mi-aimh', credential: a.credential },
      services,
    );
    if (a.status !== 'draft') await updateApplicationStatus(db.kysely, application.id, a.status);
  }
  return demoAccounts;
}
