// One check of every request body, whatever route it goes to: JSON nested
// deeper than the limit is refused before it is parsed, and a control
// character in any text (a NUL, which PostgreSQL cannot store, among them)
// is refused with the field it is in. Both answer 400, never 500.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { jsonDepthProblem, textLimits, type ValueProblem, valueProblem } from '../engine/limits.ts';
import { jsonPath } from '../engine/portfolio.ts';
import { AppError } from '../services/errors.ts';
import { authApiBody } from './schemas/auth-api.ts';

const bodyError = (problem: ValueProblem) => {
  const field = problem.path === '$' ? 'body' : problem.path;
  return new AppError('invalid', `${field} ${problem.message}`, field);
};

export function registerBodyChecks(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    const deep = jsonDepthProblem(text);
    if (deep) done(bodyError(deep), undefined);
    else parseJson(request, text, done);
  });
  app.addHook('preValidation', async (request) => {
    const problem = valueProblem(request.body);
    if (problem) throw bodyError(problem);
  });
}

/**
 * better-auth reads its own bodies (sign-up, profile changes…): the same
 * checks, and the same limits on a person's name and e-mail address, first.
 * Returns what is wrong, if anything.
 */
export function authBodyProblem(request: FastifyRequest): AppError | undefined {
  if (!Buffer.isBuffer(request.body) || request.body.length === 0) return undefined;
  const type = String(request.headers['content-type'] ?? '').toLowerCase();
  const text = request.body.toString('utf8');
  let value: unknown;
  if (type.startsWith('application/json')) {
    const deep = jsonDepthProblem(text);
    if (deep) return bodyError(deep);
    try {
      value = JSON.parse(text);
    } catch {
      return undefined; // better-auth answers malformed JSON itself
    }
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    value = Object.fromEntries(new URLSearchParams(text));
  } else return undefined;
  const chars = valueProblem(value);
  if (chars) return bodyError(chars);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const fields = authApiBody.safeParse(value);
  if (!fields.success) {
    const issue = fields.error.issues[0]!;
    return bodyError({ path: jsonPath(issue.path), message: issue.message });
  }
  const long = valueProblem(value, { longest: textLimits.other });
  return long ? bodyError(long) : undefined;
}
