// The account page: the person's endorsements, name, password, sign out everywhere; choosing a first password.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { hasOwnPassword } from '../../services/accounts.ts';
import { ownEndorsements } from '../../services/endorsee.ts';
import { AccountPage } from '../../views/pages/account.tsx';
import { ChoosePasswordPage } from '../../views/pages/session.tsx';
import { authFailure } from '../better-auth.ts';
import { passCookies, webHeaders } from '../context.ts';
import { type FieldError, keptValues, parseForm, safeNext } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { changePasswordForm, choosePasswordForm, choosePasswordQuery, nameForm } from '../schemas/account.ts';
import { requireUser, seeOther } from './helpers.ts';

export async function accountRoutes(app: FastifyInstance): Promise<void> {
  const { auth, config } = app.product;

  const page = async (
    request: Parameters<typeof sendPage>[0],
    reply: Parameters<typeof sendPage>[1],
    state: { errors?: FieldError[]; values?: Record<string, string | string[]> } = {},
  ) => {
    const { actor, user } = requireUser(request);
    const endorsements = await ownEndorsements(actor, app.product);
    return sendPage(request, reply, {
      title: 'Your account',
      status: state.errors ? 400 : 200,
      body: (
        <AccountPage user={user} endorsements={endorsements} errors={state.errors} values={state.values} />
      ),
    });
  };

  app.route({
    ...route('GET /account'),
    schema: { hide: true },
    handler: (request, reply) => page(request, reply),
  });

  app.route({
    ...route('POST /account/name'),
    schema: { hide: true },
    handler: async (request, reply) => {
      requireUser(request);
      const form = parseForm(nameForm, request.body);
      if (!form.ok) return page(request, reply, { errors: form.errors, values: form.values });
      await auth.api.updateUser({ body: { name: form.data.name }, headers: webHeaders(request) });
      setNotice(reply, 'Your name has been saved.');
      return seeOther(reply, '/account');
    },
  });

  app.route({
    ...route('POST /account/password'),
    schema: { hide: true },
    handler: async (request, reply) => {
      requireUser(request);
      const form = parseForm(changePasswordForm, request.body);
      if (!form.ok) return page(request, reply, { errors: form.errors, values: form.values });
      const response = await auth.api.changePassword({
        body: {
          currentPassword: form.data.currentPassword,
          newPassword: form.data.newPassword,
          revokeOtherSessions: true,
        },
        headers: webHeaders(request),
        asResponse: true,
      });
      if (!response.ok) {
        const failure = await authFailure(response);
        const errors = /INVALID_PASSWORD|INVALID/i.test(failure.code)
          ? [{ field: 'currentPassword', message: 'The current password is not right' }]
          : [{ field: 'newPassword', message: failure.message }];
        return page(request, reply, { errors, values: keptValues(request.body) });
      }
      // A new session replaces this one (the others are signed out): keep its cookie.
      passCookies(reply, response.headers);
      setNotice(reply, 'Your password has been changed. Your other sessions are signed out.');
      return seeOther(reply, '/account');
    },
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  const choosePage = async (
    request: Parameters<typeof sendPage>[0],
    reply: Parameters<typeof sendPage>[1],
    next: string,
    errors?: FieldError[],
  ) => {
    const { actor, user } = requireUser(request);
    const has = await hasOwnPassword(actor, app.product);
    return sendPage(request, reply, {
      title: has ? 'You have a password already' : 'Choose a password',
      status: errors ? 400 : 200,
      body: <ChoosePasswordPage email={user.email} next={next} hasPassword={has} errors={errors} />,
    });
  };

  r.route({
    ...route('GET /account/choose-password'),
    schema: { hide: true, querystring: choosePasswordQuery },
    handler: (request, reply) => choosePage(request, reply, safeNext(request.query.next, config.baseUrl)),
  });

  app.route({
    ...route('POST /account/choose-password'),
    schema: { hide: true },
    handler: async (request, reply) => {
      requireUser(request);
      const form = parseForm(choosePasswordForm, request.body);
      if (!form.ok) return choosePage(request, reply, '/', form.errors);
      const next = safeNext(form.data.next, config.baseUrl);
      // better-auth sets a password only on an account that has none.
      const response = await auth.api.setPassword({
        body: { newPassword: form.data.password },
        headers: webHeaders(request),
        asResponse: true,
      });
      if (!response.ok) {
        const failure = await authFailure(response);
        if (failure.code === 'PASSWORD_ALREADY_SET') return choosePage(request, reply, next);
        return choosePage(request, reply, next, [{ field: 'password', message: failure.message }]);
      }
      setNotice(reply, 'Your password is saved. Your account is ready.');
      return seeOther(reply, next);
    },
  });

  app.route({
    ...route('POST /account/sign-out-everywhere'),
    schema: { hide: true },
    handler: async (request, reply) => {
      requireUser(request);
      const headers = webHeaders(request);
      await auth.api.revokeSessions({ headers });
      // The session is gone from the database; clear this browser's cookies too.
      const response = await auth.api.signOut({ headers, asResponse: true });
      passCookies(reply, response.headers);
      setNotice(reply, 'You are signed out on every device.');
      return seeOther(reply, '/sign-in');
    },
  });
}
