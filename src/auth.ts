// Accounts and sessions through better-auth: e-mail and password (scrypt),
// magic links, password reset by e-mail, sessions in the database behind
// HttpOnly SameSite cookies (Secure behind TLS). An association is a
// better-auth organization; Endorse's roles live on its memberships.
//
// No account ever holds a password its address has not proven: accounts are
// made by an e-mailed link (src/services/accounts.ts) or by an operator, and a
// password is chosen only after that. Accounts made before this rule that are
// still unconfirmed cannot sign in with their password until they reset it.
import { randomUUID } from 'node:crypto';
import { betterAuth } from 'better-auth';
// Each plugin from its own module: better-auth/plugins would load every plugin there is.
import { magicLink } from 'better-auth/plugins/magic-link';
import { organization } from 'better-auth/plugins/organization';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { markEmailVerified } from './db/repositories/people.ts';

/** The header that tells better-auth the client's address; only Endorse sets it (src/http/context.ts). */
export const CLIENT_ADDRESS_HEADER = 'x-endorse-client-address';

export interface AuthMail {
  to: string;
  subject: string;
  text: string;
}

/** Why a sign-in link is sent; it chooses the e-mail's words. */
export type LinkPurpose = 'sign-in' | 'sign-up';

function linkMail(email: string, url: string, purpose: unknown): AuthMail {
  if (purpose === 'sign-up') {
    return {
      to: email,
      subject: 'Confirm your e-mail address for Endorse',
      text: `To finish creating your Endorse account, open this link within 15 minutes:\n\n${url}\n\nIt confirms that this address is yours, signs you in, and lets you choose a password.\n\nIf you did not ask for an account, you can ignore this e-mail: no account is made.\n`,
    };
  }
  return {
    to: email,
    subject: 'Your Endorse sign-in link',
    text: `Open this link within 15 minutes to sign in to Endorse:\n\n${url}\n\nIf you did not ask for it, you can ignore this e-mail.\n`,
  };
}

export function createAuth(config: Config, db: Db, sendMail: (mail: AuthMail) => Promise<void>) {
  const secure = config.trustProxy !== false || config.baseUrl.startsWith('https://');
  return betterAuth({
    appName: 'Endorse',
    baseURL: config.baseUrl,
    basePath: '/api/auth',
    secret: config.secret,
    database: { db: db.kysely, type: db.dialect === 'postgres' ? 'postgres' : 'sqlite' },
    emailAndPassword: {
      enabled: true,
      // Accounts come from an e-mailed link or an operator, never from a bare password.
      disableSignUp: true,
      requireEmailVerification: true,
      minPasswordLength: 10,
      revokeSessionsOnPasswordReset: true,
      // The reset link was opened from the address's mailbox, every session ended and the
      // password replaced: the address is proven.
      onPasswordReset: async ({ user }) => markEmailVerified(db.kysely, db.dialect, user.id),
      sendResetPassword: async ({ user, url }) =>
        sendMail({
          to: user.email,
          subject: 'Reset your Endorse password',
          text: `Hello ${user.name},\n\nTo choose a new password, open this link within an hour:\n\n${url}\n\nIf you did not ask for this, you can ignore this e-mail.\n`,
        }),
    },
    user: {
      additionalFields: { isSiteAdmin: { type: 'boolean', defaultValue: false, input: false } },
    },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    plugins: [
      organization({ allowUserToCreateOrganization: false }),
      magicLink({
        expiresIn: 15 * 60,
        sendMagicLink: async ({ email, url, metadata }) => sendMail(linkMail(email, url, metadata?.purpose)),
      }),
    ],
    // Endorse counts sign-in attempts itself, per client address and per
    // account, on its forms and on these endpoints alike (src/services/sign-in-limits.ts).
    rateLimit: { enabled: false },
    advanced: {
      useSecureCookies: secure,
      cookiePrefix: 'endorse',
      database: { generateId: () => randomUUID() },
      // The client's address as Endorse determined it (behind a proxy, from the
      // hops TRUST_PROXY trusts); never X-Forwarded-For, which a client can make up.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
    },
    telemetry: { enabled: false },
    logger: { disabled: config.env === 'test' },
  });
}

export type Auth = ReturnType<typeof createAuth>;
