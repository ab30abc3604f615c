// Accounts and sessions through better-auth: e-mail and password (scrypt),
// magic links, password reset by e-mail, sessions in the database behind
// HttpOnly SameSite cookies (Secure behind TLS). An association is a
// better-auth organization; Endorse's roles live on its memberships.
import { randomUUID } from 'node:crypto';
import { betterAuth } from 'better-auth';
import { magicLink, organization } from 'better-auth/plugins';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';

export interface AuthMail {
  to: string;
  subject: string;
  text: string;
}

export function createAuth(config: Config, db: Db, sendMail: (mail: AuthMail) => Promise<void>) {
  const secure = config.trustProxy || config.baseUrl.startsWith('https://');
  return betterAuth({
    appName: 'Endorse',
    baseURL: config.baseUrl,
    basePath: '/api/auth',
    secret: config.secret,
    database: { db: db.kysely, type: db.dialect === 'postgres' ? 'postgres' : 'sqlite' },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 10,
      revokeSessionsOnPasswordReset: true,
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
        sendMagicLink: async ({ email, url }) =>
          sendMail({
            to: email,
            subject: 'Your Endorse sign-in link',
            text: `Open this link within 15 minutes to sign in to Endorse:\n\n${url}\n\nIf you did not ask for it, you can ignore this e-mail.\n`,
          }),
      }),
    ],
    // Sign-in attempts are counted in the database, so the limit holds across server processes.
    rateLimit: {
      enabled: config.env !== 'test',
      storage: 'database',
      window: 60,
      max: 100,
      customRules: {
        '/sign-in/email': { window: 60, max: 5 },
        '/sign-up/email': { window: 60, max: 5 },
        '/sign-in/magic-link': { window: 60, max: 3 },
        '/request-password-reset': { window: 60, max: 3 },
      },
    },
    advanced: {
      useSecureCookies: secure,
      cookiePrefix: 'endorse',
      database: { generateId: () => randomUUID() },
      ipAddress: { ipAddressHeaders: config.trustProxy ? ['x-forwarded-for'] : [] },
    },
    telemetry: { enabled: false },
    logger: { disabled: config.env === 'test' },
  });
}

export type Auth = ReturnType<typeof createAuth>;
