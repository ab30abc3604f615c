// One check of every request body, whatever route it goes to: JSON nested
// deeper than the limit is refused before it is parsed, and a control
// character in any text (a NUL, which PostgreSQL cannot store, among them)
// is refused with the field it is in. Both answer 400, never 500.
import type { FastifyInstance } from 'fastify';
import { jsonDepthProblem, type ValueProblem, valueProblem } from '../engine/limits.ts';
import { AppError } from '../services/errors.ts';

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
