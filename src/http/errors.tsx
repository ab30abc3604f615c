// One place that turns errors into responses: an HTML page for pages, JSON
// for /api. Only messages written for people go out; stacks stay in the log.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ForbiddenError, SignInRequiredError } from '../policies/index.ts';
import { AppError, DomainError, httpStatus } from '../services/errors.ts';
import { ErrorPage } from '../views/pages/message.tsx';
import { isApiUrl } from './context.ts';
import { safeNext } from './forms.ts';
import { sendPage } from './render.tsx';

export interface ErrorBody {
  error: string;
  message: string;
  field?: string;
  /** The product's error code (src/services/errors.ts), when there is one. */
  code?: string;
}

const titles: Record<number, string> = {
  400: 'There is a problem with the request',
  401: 'Sign in required',
  // Only a form that failed its CSRF check answers 403: what a person may not see answers 404.
  403: 'This form could not be sent',
  404: 'Page not found',
  405: 'Method not allowed',
  409: 'That clashes with something that exists',
  413: 'What you sent is too large',
  415: 'Unsupported content type',
  429: 'Too many requests',
  500: 'Sorry, something went wrong',
  503: 'Service unavailable',
};
const codes: Record<number, string> = {
  400: 'invalid',
  401: 'unauthenticated',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

interface Classified {
  status: number;
  message: string;
  field?: string;
  code?: string;
}

/**
 * The one answer for an address with nothing there, and for everything the
 * actor may not see or do: the same status, page and JSON body, so that no
 * answer tells whether an application, entry, file, token or reference
 * request exists, or what an association's staff pages hold.
 */
const nothingHere: Classified = {
  status: 404,
  message: 'There is nothing at this address. Check it, or start from the home page.',
};

/** A "not found" about the address (not a field of a form) on a route that is not open to everyone. */
function hidesWhatExists(error: AppError, request: FastifyRequest): boolean {
  const access = request.routeOptions.config?.route?.access;
  return error.code === 'not_found' && !error.field && access !== 'public';
}

function classify(error: unknown, request: FastifyRequest): Classified {
  if (error instanceof ForbiddenError) return nothingHere;
  if (error instanceof AppError) {
    if (hidesWhatExists(error, request)) return nothingHere;
    return {
      status: httpStatus[error.code],
      message: error.message,
      ...(error.field ? { field: error.field } : {}),
      ...(error instanceof DomainError ? { code: error.domainCode } : {}),
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const first = error.validation[0]!;
    const field =
      first.instancePath.replace(/^\//, '').replaceAll('/', '.') || error.validationContext || 'request';
    return { status: 400, message: `${field}: ${first.message}`, field };
  }
  const e = error as Partial<FastifyError>;
  if (e.code === 'FST_CSRF_INVALID_TOKEN' || e.code === 'FST_CSRF_MISSING_SECRET') {
    return {
      status: 403,
      message:
        'This form has expired or did not come from this site. Go back, reload the page and try again.',
    };
  }
  if (e.validation) {
    return { status: 400, message: e.message ?? 'The request is not valid' };
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    return {
      status,
      message: status === 429 ? 'Too many requests. Wait a minute and try again.' : (e.message ?? ''),
    };
  }
  return { status: 500, message: 'The server could not finish this request. Please try again later.' };
}

export async function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
  field?: string,
  code?: string,
): Promise<FastifyReply> {
  if (isApiUrl(request.url)) {
    const body: ErrorBody = {
      error: codes[status] ?? 'error',
      message,
      ...(field ? { field } : {}),
      ...(code ? { code } : {}),
    };
    return reply.status(status).type('application/json; charset=utf-8').send(body);
  }
  return sendPage(request, reply, {
    title: titles[status] ?? 'Error',
    status,
    body: (
      <ErrorPage status={status} title={titles[status] ?? 'Error'} message={message} requestId={request.id} />
    ),
  });
}

/**
 * A page asked for without a session goes to sign-in and back. A form sent
 * after the session ended (its CSRF token was bound to that session, so it
 * fails that check first) goes back to the page the form was on, with
 * `resume=1`: the browser put aside what was typed when the form was sent and
 * puts it back there (public/keep-form.js). Keeping it in the browser's tab,
 * not on the server, means nothing typed is stored for someone not signed in,
 * and the form is sent again with a token of the new session; passwords and
 * files are never kept.
 */
function signInFirst(request: FastifyRequest, reply: FastifyReply) {
  if (request.method === 'GET')
    return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
  const referer = request.headers.referer;
  const page = safeNext(
    typeof referer === 'string' ? referer : undefined,
    request.server.product.config.baseUrl,
  );
  return reply.redirect(`/sign-in?next=${encodeURIComponent(page)}&resume=1`, 303);
}

/** A form of a page for signed-in people, sent by someone not signed in (any more). */
const isFormWithoutSession = (error: unknown, request: FastifyRequest) => {
  const code = (error as Partial<FastifyError>).code;
  const route = request.routeOptions.config?.route;
  return (
    (code === 'FST_CSRF_INVALID_TOKEN' || code === 'FST_CSRF_MISSING_SECRET') &&
    !request.actor &&
    route?.kind === 'form' &&
    route.access !== 'public' &&
    route.access !== 'setup-token'
  );
};

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof SignInRequiredError || isFormWithoutSession(error, request)) {
      if (isApiUrl(request.url)) return sendError(request, reply, 401, 'Sign in, or send an API token.');
      return signInFirst(request, reply);
    }
    const c = classify(error, request);
    if (c.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ status: c.status, code: (error as FastifyError).code }, c.message);
    // A 429 from the rate limiter carries retry-after already; keep it.
    return sendError(request, reply, c.status, c.message, c.field, c.code);
  });

  app.setNotFoundHandler(async (request, reply) =>
    sendError(request, reply, nothingHere.status, nothingHere.message),
  );
}
