// The first site administrator: no default password. Either a one-time setup
// link printed at start while no administrator exists, or `endorse admin create`.
import { randomBytes } from 'node:crypto';
import { appendAudit } from '../db/repositories/audit.ts';
import { countSiteAdmins, findPersonByEmail, setSiteAdmin } from '../db/repositories/people.ts';
import { deleteSetting, readSetting, writeSetting } from '../db/repositories/settings.ts';
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
 * Creates the first site administrator with the setup token; returns the
 * sign-up response so that the caller can pass its session cookie on.
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
  const response = await services.auth.api.signUpEmail({ body: input, asResponse: true });
  if (!response.ok) return response;
  const person = await findPersonByEmail(db.kysely, input.email);
  if (!person) throw new AppError('invalid', 'the account could not be created');
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
  return response;
}

/**
 * `endorse admin create`: makes (or promotes) a site administrator and e-mails
 * them a sign-in link. A new account gets a random password nobody knows; they
 * sign in by the link and may set a password from their account page.
 */
export async function createSiteAdmin(input: { email: string; name?: string }, services: Services) {
  const { db } = services;
  const email = input.email.trim().toLowerCase();
  let person = await findPersonByEmail(db.kysely, email);
  const created = !person;
  if (!person) {
    await services.auth.api.signUpEmail({
      body: {
        email,
        name: input.name ?? email.split('@')[0]!,
        password: randomBytes(24).toString('base64url'),
      },
    });
    person = await findPersonByEmail(db.kysely, email);
    if (!person) throw new AppError('invalid', `could not create an account for ${email}`);
  }
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
  await services.auth.api.signInMagicLink({ body: { email, callbackURL: '/' }, headers: new Headers() });
  return { person, created };
}
