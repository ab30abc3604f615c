// The account page: name, password, sign out everywhere.
import type { FastifyInstance } from 'fastify';
import { AccountPage } from '../../views/pages/account.tsx';
import { authFailure } from '../better-auth.ts';
import { passCookies, webHeaders } from '../context.ts';
import { type FieldError, keptValues, parseForm } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { changePasswordForm, nameForm } from '../schemas/account.ts';
import { requireUser, seeOther } from './helpers.ts';

export async function accountRoutes(app: FastifyInstance): Promise<void> {
  const { auth } = app.product;

  const page = (
    request: Parameters<typeof sendPage>[0],
    reply: Parameters<typeof sendPage>[1],
    state: { errors?: FieldError[]; values?: Record<string, string | string[]> } = {},
  ) => {
    const { user } = requireUser(request);
    return sendPage(request, reply, {
      title: 'Your account',
      status: state.errors ? 400 : 200,
      body: <AccountPage user={user} errors={state.errors} values={state.values} />,
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
