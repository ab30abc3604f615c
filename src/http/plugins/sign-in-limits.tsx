// The sign-in limits (src/services/sign-in-limits.ts) on every route that
// checks a password or token or sends sign-in mail: the forms marked
// `signInLimit` in the route table, and better-auth's own endpoints under
// /api/auth/ (the links in e-mails land there). A refused attempt answers 429
// with how long to wait: the form again for a form, JSON under /api/.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  type AttemptKind,
  type CountedAttempt,
  countSignInAttempt,
  forgiveSignInAttempt,
  type SignInLimits,
} from '../../services/sign-in-limits.ts';
import { AccountPage } from '../../views/pages/account.tsx';
import { ForgotPasswordPage, ResetPasswordPage, SignInPage, SignUpPage } from '../../views/pages/session.tsx';
import { SetupPage } from '../../views/pages/setup.tsx';
import { isApiUrl } from '../context.ts';
import { sendError } from '../errors.tsx';
import { type FieldError, keptValues, safeNext } from '../forms.ts';
import { type Page, sendPage } from '../render.tsx';
import { routeTable } from '../route-table.ts';
import { requireUser } from '../routes/helpers.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** A password attempt counted against an account, taken back if it succeeds. */
    countedSignIn: CountedAttempt | undefined;
  }
}

/** better-auth's endpoints that send e-mail; every other one under /api/auth/ checks a password or token. */
const mailEndpoints = [
  '/api/auth/sign-in/magic-link',
  '/api/auth/sign-up/email',
  '/api/auth/request-password-reset',
  '/api/auth/forget-password',
  '/api/auth/send-verification-email',
];

/** Each limited form, shown again with the limit's message and the values sent. */
const formPages: Record<string, (request: FastifyRequest, errors: FieldError[]) => Page> = {
  '/sign-up': (request, errors) => ({
    title: 'Create an account',
    body: (
      <SignUpPage
        next={safeNext(field(request, 'next'), request.server.product.config.baseUrl)}
        errors={errors}
        values={keptValues(request.body)}
      />
    ),
  }),
  '/sign-in': (request, errors) => ({
    title: 'Sign in',
    body: (
      <SignInPage
        next={safeNext(field(request, 'next'), request.server.product.config.baseUrl)}
        errors={errors}
        values={keptValues(request.body)}
      />
    ),
  }),
  '/sign-in/link': (request, errors) => ({
    title: 'Sign in',
    body: (
      <SignInPage
        next={safeNext(field(request, 'next'), request.server.product.config.baseUrl)}
        linkErrors={errors}
        values={{ 'link-email': field(request, 'email') ?? '' }}
      />
    ),
  }),
  '/forgot-password': (request, errors) => ({
    title: 'Forgot your password?',
    body: <ForgotPasswordPage errors={errors} values={keptValues(request.body)} />,
  }),
  '/reset-password': (request, errors) => ({
    title: 'Choose a new password',
    body: <ResetPasswordPage token={field(request, 'token')} errors={errors} />,
  }),
  '/account/password': (request, errors) => ({
    title: 'Your account',
    body: <AccountPage user={requireUser(request).user} errors={errors} />,
  }),
  '/setup': (request, errors) => ({
    title: 'Create the first administrator',
    body: (
      <SetupPage token={field(request, 'token') ?? ''} errors={errors} values={keptValues(request.body)} />
    ),
  }),
};

export function signInLimitPlugin(app: FastifyInstance, limits: SignInLimits): void {
  for (const info of routeTable) {
    if (info.signInLimit && info.kind === 'form' && !formPages[info.url])
      throw new Error(`${info.method} ${info.url} has a sign-in limit but no form page to show it on`);
  }
  app.decorateRequest('countedSignIn', undefined);

  app.addHook('preHandler', async (request, reply) => {
    const kind = attemptKind(request);
    if (!kind || request.ip === undefined) return;
    const decision = await countSignInAttempt(
      { kind, address: request.ip, email: emailOf(request) },
      limits,
      app.product,
      new Date(),
    );
    if (decision.allowed) {
      request.countedSignIn = decision.counted;
      return;
    }
    reply.header('retry-after', String(decision.waitSeconds));
    const page = formPages[request.url.split('?')[0]!];
    if (isApiUrl(request.url) || !page) return sendError(request, reply, 429, decision.message);
    return sendPage(request, reply, {
      ...page(request, [{ field: 'form', message: decision.message }]),
      status: 429,
    });
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.countedSignIn && reply.statusCode < 400)
      await forgiveSignInAttempt(request.countedSignIn, app.product);
    return payload;
  });
}

function attemptKind(request: FastifyRequest): AttemptKind | undefined {
  const marked = request.routeOptions.config.route?.signInLimit;
  if (marked) return marked;
  if (!request.url.startsWith('/api/auth/')) return undefined;
  return mailEndpoints.includes(request.url.split('?')[0]!) ? 'mail' : 'password';
}

/** The account an attempt is for: the e-mail address sent (a form, or JSON to better-auth), else the signed-in person's. */
function emailOf(request: FastifyRequest): string | undefined {
  let body: unknown = request.body;
  if (Buffer.isBuffer(body)) {
    try {
      body = JSON.parse(body.toString('utf8'));
    } catch {
      body = undefined;
    }
  }
  const email = (body as { email?: unknown } | null | undefined)?.email;
  return typeof email === 'string' && email.trim() ? email : request.user?.email;
}

function field(request: FastifyRequest, name: string): string | undefined {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}
