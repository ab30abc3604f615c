// The one-time setup link printed at start while the site has no administrator.
// Whoever holds it is the operator, so the first administrator is made here
// directly, with a password, without an e-mailed confirmation link.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { completeSetup, setupTokenIsValid } from '../../services/setup.ts';
import { SetupInvalidPage, SetupPage } from '../../views/pages/setup.tsx';
import { authFailure } from '../better-auth.ts';
import { passCookies } from '../context.ts';
import { AppError, type FieldError, formErrorOf, keptValues, parseForm } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { setupForm, setupQuery } from '../schemas/setup.ts';
import { seeOther } from './helpers.ts';

export async function setupRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const invalid = { title: 'Setup link not valid', status: 400, body: <SetupInvalidPage /> };

  r.route({
    ...route('GET /setup'),
    schema: { hide: true, querystring: setupQuery },
    handler: async (request, reply) => {
      const token = request.query.token;
      if (!token || !(await setupTokenIsValid(token, app.product))) return sendPage(request, reply, invalid);
      return sendPage(request, reply, {
        title: 'Create the first administrator',
        body: <SetupPage token={token} />,
      });
    },
  });

  r.route({
    ...route('POST /setup'),
    schema: { hide: true },
    handler: async (request, reply) => {
      const form = parseForm(setupForm, request.body);
      const token = (request.body as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || !(await setupTokenIsValid(token, app.product)))
        return sendPage(request, reply, invalid);
      if (!form.ok) {
        return sendPage(request, reply, {
          title: 'Create the first administrator',
          status: 400,
          body: <SetupPage token={token} errors={form.errors} values={form.values} />,
        });
      }
      const { name, email, password } = form.data;
      const rerender = (errors: FieldError[]) =>
        sendPage(request, reply, {
          title: 'Create the first administrator',
          status: 400,
          body: <SetupPage token={token} errors={errors} values={keptValues(request.body)} />,
        });
      let response: Response;
      try {
        response = await completeSetup(token, { name, email, password }, app.product);
      } catch (e) {
        if (e instanceof AppError && e.field) return rerender(formErrorOf(e));
        throw e;
      }
      if (!response.ok) {
        const failure = await authFailure(response);
        return rerender([{ field: 'form', message: failure.message }]);
      }
      passCookies(reply, response.headers);
      setNotice(reply, `Welcome, ${name}. You are the site administrator.`);
      return seeOther(reply, '/admin/associations');
    },
  });
}
