// The first site administrator: no default password. Either a one-time setup
// link printed at start while no administrator exists, or `endorse admin create`.
import { appendAudit } from '../db/repositories/audit.ts';
import { countSiteAdmins, findPersonByEmail, setSiteAdmin } from '../db/repositories/people.ts';
import { deleteSetting, readSetting, writeSetting } from '../db/repositories/settings.ts';
import { createAccountForOperator, sendWelcomeLink } from './accounts.ts';
import { hashToken, newToken } from './actors.ts';
import type { Services } from './context.ts';
import { AppError } from './errors.ts';

const SETUP_TOKEN = 'setup_token_hash';

/** While no site administrator exists, makes a new one-time setup link (the previous one stops working). */
export async function issueSetupLink(services: Services): Promise<string | undefined> {
  const { db } = services;
  if ((await countSiteAdmins(db.kysely, db.dialect)) > 0) return undefined;
  const token = newToken('setup');
  await writeSetting(db.kysely, SETUP_TOKEN, hashToken(token));
  return `${services.config.baseUrl}/setup?token=${encodeURIComponent(token)}`;
}

export async function setupTokenIsValid(token: string, services: Services): Promise<boolean> {
  const stored = await readSetting(services.db.kysely, SETUP_TOKEN);
  return !!stored && stored === hashToken(token);
}

/**
 * Creates the first site administrator with the setup token and signs them in;
 * returns the sign-in response so that the caller can pass its session cookie
 * on. The holder of the setup token is the operator, whose act vouches for the
 * address (as with `endorse admin create`), so no confirmation link is needed.
 */
export async function completeSetup(
  token: string,
  input: { name: string; email: string; password: string },
  services: Services,
): Promise<Response> {
  const { db } = services;
  if (!(await setupTokenIsValid(token, services)) || (await countSiteAdmins(db.kysely, db.dialect)) > 0) {
    throw new AppError('invalid', 'this setup link is no longer valid; restart the server for a new one');
  }
  const person = await createAccountForOperator(input, services);
  await db.kysely.transaction().execute(async (tx) => {
    await setSiteAdmin(tx, db.dialect, person.id, true);
    await deleteSetting(tx, SETUP_TOKEN);
    await appendAudit(tx, {
      actorId: person.id,
      associationId: null,
      subjectType: 'person',
      subjectId: person.id,
      action: 'site-admin.setup',
      after: { isSiteAdmin: true },
    });
  });
  return services.auth.api.signInEmail({
    body: { email: person.email, password: input.password },
    asResponse: true,
  });
}

/**
 * `endorse admin create`: makes (or promotes) a site administrator and e-mails
 * them a sign-in link. A new account has no password: they sign in by the link
 * and choose one. An existing account is promoted only once its address is
 * proven, so that nobody who signed up first with someone else's address
 * becomes administrator.
 */
export async function createSiteAdmin(input: { email: string; name?: string }, services: Services) {
  const { db } = services;
  const email = input.email.trim().toLowerCase();
  const existing = await findPersonByEmail(db.kysely, email);
  if (existing && !existing.emailVerified) {
    throw new AppError(
      'invalid',
      `the account of ${email} has not confirmed its e-mail address yet, so it cannot be made an administrator. ` +
        `Ask them to confirm it (sign in with an e-mailed link, or choose a new password through "Forgot your password?"), then run this again`,
      'email',
    );
  }
  const person =
    existing ??
    (await createAccountForOperator({ email, name: input.name ?? email.split('@')[0]! }, services));
  await db.kysely.transaction().execute(async (tx) => {
    await setSiteAdmin(tx, db.dialect, person.id, true);
    await deleteSetting(tx, SETUP_TOKEN);
    await appendAudit(tx, {
      actorId: null,
      associationId: null,
      subjectType: 'person',
      subjectId: person.id,
      action: 'site-admin.create',
      after: { isSiteAdmin: true, email },
    });
  });
  await sendWelcomeLink(person, services);
  return { person, created: !existing };
}
