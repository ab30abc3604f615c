// Signing up, in and out through plain HTML forms. The forms post here; these
// routes call better-auth's API on the server and pass its Set-Cookie headers
// on before redirecting, so no page needs JavaScript. Signing up e-mails a
// link: the account is made when it is opened, and a password chosen after.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requestAccount, sendSignInLink } from '../../services/accounts.ts';
import {
  CheckEmailPage,
  ForgotPasswordPage,
  ResetPasswordPage,
  SignInPage,
  SignUpPage,
} from '../../views/pages/session.tsx';
import { authFailure } from '../better-auth.ts';
import { passCookies, webHeaders } from '../context.ts';
import { keptValues, parseForm, safeNext } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import {
  forgotPasswordForm,
  magicLinkForm,
  nextQuery,
  resetPasswordForm,
  resetPasswordQuery,
  signInForm,
  signUpForm,
} from '../schemas/session.ts';
import { seeOther } from './helpers.ts';

export async function sessionRoutes(app: FastifyInstance): Promise<void> {
  const { auth, config } = app.product;
  const back = (next: string | undefined) => safeNext(next, config.baseUrl);
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.route({
    ...route('GET /sign-up'),
    schema: { hide: true, querystring: nextQuery },
    handler: async (request, reply) =>
      sendPage(request, reply, {
        title: 'Create an account',
        body: <SignUpPage next={back(request.query.next)} />,
      }),
  });

  r.route({
    ...route('POST /sign-up'),
    schema: { hide: true },
    handler: async (request, reply) => {
      const form = parseForm(signUpForm, request.body);
      if (!form.ok) {
        return sendPage(request, reply, {
          title: 'Create an account',
          status: 400,
          body: <SignUpPage next="/" errors={form.errors} values={form.values} />,
        });
      }
      const { name, email } = form.data;
      await requestAccount({ name, email, next: back(form.data.next) }, app.product);
      // The same page whether or not the address has an account (its owner is told by e-mail).
      return sendPage(request, reply, { title: 'Check your e-mail', body: <CheckEmailPage email={email} /> });
    },
  });

  r.route({
    ...route('GET /sign-in'),
    schema: { hide: true, querystring: nextQuery },
    handler: async (request, reply) => {
      const next = back(request.query.next);
      if (request.user && next !== '/') return seeOther(reply, next);
      const problem = request.query.error
        ? 'That sign-in link does not work any more (links work once, for 15 minutes). Ask for a new one below.'
        : undefined;
      return sendPage(request, reply, {
        title: 'Sign in',
        body: <SignInPage next={next} problem={problem} resumed={request.query.resume === '1'} />,
      });
    },
  });

  r.route({
    ...route('POST /sign-in'),
    schema: { hide: true },
    handler: async (request, reply) => {
      const form = parseForm(signInForm, request.body);
      const next = form.ok ? back(form.data.next) : '/';
      if (!form.ok) {
        return sendPage(request, reply, {
          title: 'Sign in',
          status: 400,
          body: <SignInPage next={next} errors={form.errors} values={form.values} />,
        });
      }
      const response = await auth.api.signInEmail({
        body: { email: form.data.email, password: form.data.password },
        headers: webHeaders(request),
        asResponse: true,
      });
      if (!response.ok) {
        const failure = await authFailure(response);
        // Only after the right password: an account made before addresses were confirmed.
        const unconfirmed = failure.code === 'EMAIL_NOT_VERIFIED';
        const message = unconfirmed
          ? 'Your e-mail address is not confirmed yet. To confirm it, use "Forgot your password?" below: we will e-mail you a link to choose a new password.'
          : 'The e-mail address or password is not right. Check them and try again, or use a sign-in link.';
        return sendPage(request, reply, {
          title: 'Sign in',
          status: unconfirmed ? 403 : 401,
          body: (
            <SignInPage
              next={next}
              errors={[{ field: 'email', message }]}
              values={keptValues(request.body)}
            />
          ),
        });
      }
      passCookies(reply, response.headers);
      return seeOther(reply, next);
    },
  });

  r.route({
    ...route('POST /sign-in/link'),
    schema: { hide: true },
    handler: async (request, reply) => {
      const form = parseForm(magicLinkForm, request.body);
      if (!form.ok) {
        const errors = form.errors.map((e) => (e.field === 'email' ? { ...e, field: 'link-email' } : e));
        return sendPage(request, reply, {
          title: 'Sign in',
          status: 400,
          body: (
            <SignInPage
              next="/"
              linkErrors={errors}
              values={{ 'link-email': typeof form.values.email === 'string' ? form.values.email : '' }}
            />
          ),
        });
      }
      await sendSignInLink({ email: form.data.email, next: back(form.data.next) }, app.product);
      // The same answer whether or not the address has an account.
      setNotice(
        reply,
        `If ${form.data.email} has an account, we sent it a sign-in link. Open it within 15 minutes, in this browser or another.`,
      );
      return seeOther(reply, '/sign-in');
    },
  });

  r.route({
    ...route('GET /forgot-password'),
    schema: { hide: true },
    handler: async (request, reply) =>
      sendPage(request, reply, { title: 'Forgot your password?', body: <ForgotPasswordPage /> }),
  });

  r.route({
    ...route('POST /forgot-password'),
    schema: { hide: true },
    handler: async (request, reply) => {
      const form = parseForm(forgotPasswordForm, request.body);
      if (!form.ok) {
        return sendPage(request, reply, {
          title: 'Forgot your password?',
          status: 400,
          body: <ForgotPasswordPage errors={form.errors} values={form.values} />,
        });
      }
      const response = await auth.api.requestPasswordReset({
        body: { email: form.data.email, redirectTo: `${config.baseUrl}/reset-password` },
        headers: webHeaders(request),
        asResponse: true,
      });
      if (!response.ok) request.log.warn({ status: response.status }, 'password reset not sent');
      // The same answer whether or not the address has an account.
      setNotice(
        reply,
        `If ${form.data.email} has an account, we sent it a link to choose a new password. It works for one hour.`,
      );
      return seeOther(reply, '/sign-in');
    },
  });

  r.route({
    ...route('GET /reset-password'),
    schema: { hide: true, querystring: resetPasswordQuery },
    handler: async (request, reply) => {
      const token = request.query.error ? undefined : request.query.token;
      return sendPage(request, reply, {
        title: 'Choose a new password',
        status: token ? 200 : 400,
        body: <ResetPasswordPage token={token} />,
      });
    },
  });

  r.route({
    ...route('POST /reset-password'),
    schema: { hide: true },
    handler: async (request, reply) => {
      const form = parseForm(resetPasswordForm, request.body);
      const token = (request.body as { token?: unknown } | undefined)?.token;
      if (!form.ok) {
        return sendPage(request, reply, {
          title: 'Choose a new password',
          status: 400,
          body: (
            <ResetPasswordPage token={typeof token === 'string' ? token : undefined} errors={form.errors} />
          ),
        });
      }
      const response = await auth.api.resetPassword({
        body: { token: form.data.token, newPassword: form.data.password },
        headers: webHeaders(request),
        asResponse: true,
      });
      if (!response.ok) {
        const failure = await authFailure(response);
        const tokenProblem = /TOKEN/i.test(failure.code);
        return sendPage(request, reply, {
          title: 'Choose a new password',
          status: 400,
          body: (
            <ResetPasswordPage
              token={tokenProblem ? undefined : form.data.token}
              errors={[{ field: 'password', message: failure.message }]}
            />
          ),
        });
      }
      setNotice(
        reply,
        'Your password has been changed, and every session signed out. Sign in with the new one.',
      );
      return seeOther(reply, '/sign-in');
    },
  });

  r.route({
    ...route('POST /sign-out'),
    schema: { hide: true },
    handler: async (request, reply) => {
      if (request.user) {
        const response = await auth.api.signOut({ headers: webHeaders(request), asResponse: true });
        passCookies(reply, response.headers);
      }
      setNotice(reply, 'You are signed out.');
      return seeOther(reply, '/');
    },
  });
}
