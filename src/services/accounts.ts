// Accounts. An address is proven before its account holds a password or a
// role: a person makes their account by opening a link e-mailed to the
// address, and chooses a password after that. An operator (the one-time setup
// link, `endorse admin create`, the demo seed) vouches for the addresses it
// makes accounts for.
import type { LinkPurpose } from '../auth.ts';
import { findPersonByEmail, hasPassword, type PersonRow } from '../db/repositories/people.ts';
import type { Actor } from '../policies/index.ts';
import type { Services } from './context.ts';
import { AppError } from './errors.ts';

/** Where a new account lands after its first link: choosing a password (or skipping it). */
export const choosePasswordPath = (next: string): string =>
  next === '/' ? '/account/choose-password' : `/account/choose-password?next=${encodeURIComponent(next)}`;

const normal = (email: string) => email.trim().toLowerCase();

/**
 * Sign-up. A new address gets a link that makes the account when it is
 * opened; the owner of an existing account is told instead. The caller learns
 * nothing about which happened, so the answer is the same either way.
 */
export async function requestAccount(
  input: { name: string; email: string; next: string },
  services: Services,
): Promise<void> {
  const email = normal(input.email);
  const existing = await findPersonByEmail(services.db.kysely, email);
  if (existing) {
    const base = services.config.baseUrl;
    await services.sendMail({
      to: existing.email,
      subject: 'You already have an Endorse account',
      text:
        `Hello ${existing.name},\n\nSomeone (perhaps you) asked to create an Endorse account with this e-mail address. ` +
        `You have one already, so nothing was changed.\n\n` +
        `Sign in at ${base}/sign-in (you can ask for a sign-in link there), ` +
        `or choose a new password at ${base}/forgot-password.\n\n` +
        `If it was not you, you can ignore this e-mail.\n`,
    });
    return;
  }
  await sendLink(
    email,
    'sign-up',
    { callbackURL: input.next, newUserCallbackURL: choosePasswordPath(input.next), name: input.name },
    services,
  );
}

/** "E-mail me a sign-in link": only to an address that has an account (the form never makes one). */
export async function sendSignInLink(input: { email: string; next: string }, services: Services) {
  const person = await findPersonByEmail(services.db.kysely, normal(input.email));
  if (!person) return;
  await sendLink(person.email, 'sign-in', { callbackURL: input.next }, services);
}

/** A link for an account an operator made: it signs in and offers to choose a password. */
export async function sendWelcomeLink(person: PersonRow, services: Services): Promise<void> {
  await sendLink(person.email, 'sign-in', { callbackURL: choosePasswordPath('/') }, services);
}

async function sendLink(
  email: string,
  purpose: LinkPurpose,
  to: { callbackURL: string; newUserCallbackURL?: string; name?: string },
  services: Services,
): Promise<void> {
  await services.auth.api.signInMagicLink({
    body: { email, ...to, errorCallbackURL: '/sign-in', metadata: { purpose } },
    headers: new Headers(),
  });
}

/**
 * An account an operator makes (setup link, `endorse admin create`, demo
 * seed): the operator's act vouches for the address, so it counts as proven.
 * Without a password the person signs in by e-mailed link and may choose one.
 */
export async function createAccountForOperator(
  input: { name: string; email: string; password?: string },
  services: Services,
): Promise<PersonRow> {
  const email = normal(input.email);
  if (await findPersonByEmail(services.db.kysely, email)) {
    throw new AppError('conflict', `an account with the e-mail address ${email} exists already`, 'email');
  }
  const auth = await services.auth.$context;
  const user = await auth.internalAdapter.createUser(
    { email, name: input.name, emailVerified: true },
    { method: 'admin' },
  );
  if (input.password) {
    await auth.internalAdapter.linkAccount({
      userId: user.id,
      providerId: 'credential',
      accountId: user.id,
      password: await auth.password.hash(input.password),
    });
  }
  const person = await findPersonByEmail(services.db.kysely, email);
  if (!person) throw new AppError('invalid', `the account for ${email} could not be created`);
  return person;
}

/** Whether the signed-in person has a password yet. */
export async function hasOwnPassword(actor: Actor, services: Services): Promise<boolean> {
  return hasPassword(services.db.kysely, actor.userId);
}
