// The JSON API's requests and responses. The same schemas validate requests,
// check responses and write the OpenAPI document at /api/docs/json.
import { z } from 'zod';
import { roles } from '../../policies/index.ts';
import { applicationSorts, applicationStates } from '../../services/applications.ts';
import { applicationProcess } from './api-process.ts';
import { associationParams, slug } from './common.ts';
import { type DomainErrorCode, domainErrorKinds } from '../../services/errors.ts';

export const errorBody = z
  .object({
    error: z.string().describe('invalid | unauthenticated | not_found | conflict | rate_limited | error'),
    message: z.string(),
    field: z.string().optional().describe('The parameter or field at fault'),
    code: z
      .enum(Object.keys(domainErrorKinds) as [DomainErrorCode, ...DomainErrorCode[]])
      .optional()
      .describe("The product's error code, when there is one (e.g. APPLICATION_STATE_CHANGED)"),
  })
  .meta({ id: 'Error' });

/** What may go wrong; what the caller may not see answers 404, as what does not exist. */
export const errorResponses = {
  400: errorBody,
  401: errorBody,
  404: errorBody,
  409: errorBody,
  429: errorBody,
} as const;

const role = z.enum(roles);

export const me = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    isSiteAdmin: z.boolean(),
    via: z.enum(['session', 'api-token']),
    associations: z.array(z.object({ slug, name: z.string(), roles: z.array(role) })),
    csrfToken: z
      .string()
      .optional()
      .describe('Signed in (session): send it in an x-csrf-token header with every POST'),
  })
  .meta({ id: 'Me' });

export const applicationSummary = z
  .object({
    id: z.string(),
    credential: z.string(),
    status: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    submittedAt: z.string().nullable(),
    applicant: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  })
  .meta({ id: 'ApplicationSummary' });

/** A row of the coordinator's queue: the summary, who is assigned, how long it has waited, what is overdue. */
export const queuedApplication = applicationSummary
  .extend({
    advisors: z.array(z.string()).describe('Names of the advisors assigned'),
    reviewers: z.array(z.string()).describe('Names of the reviewers assigned (active assignments)'),
    daysSinceSubmitted: z.number().nullable().describe('Days since it was submitted; null for a draft'),
    daysInState: z.number().describe('Days since its state last changed'),
    reviewDueOn: z
      .string()
      .nullable()
      .describe('In review: the earliest due date (YYYY-MM-DD) of the reviews still to come'),
    responseDueOn: z
      .string()
      .nullable()
      .describe('More information requested: when the answer is due (YYYY-MM-DD)'),
    reviewOverdue: z.boolean().describe('A review is past its due date'),
    responseOverdue: z
      .boolean()
      .describe('The answer to a request for more information is past its due date'),
  })
  .meta({ id: 'QueuedApplication' });

/** The list's filters, sort and page, for the coordinator's page, its CSV download and the API alike. */
export const applicationsQuery = z.object({
  q: z
    .string()
    .max(200, 'q (search) must be at most 200 characters')
    .optional()
    .describe("Part of the applicant's name or e-mail address, in any case"),
  status: z
    .enum([...applicationStates, 'all'], {
      error: `status must be one of ${applicationStates.join(', ')} or all`,
    })
    .optional()
    .describe('Only applications in this status; `all` for every status. Default: every status but draft'),
  credential: z
    .string()
    .max(32, 'credential must be at most 32 characters')
    .optional()
    .describe("Only applications for this credential of the association's catalog, e.g. IMHS"),
  sort: z
    .enum(applicationSorts, { error: `sort must be one of ${applicationSorts.join(', ')}` })
    .optional()
    .describe(
      'latest: latest change first (default); newest: most recently received first; oldest: waiting longest first (received: submitted, or started for a draft)',
    ),
  cursor: z
    .string()
    .max(1000, 'cursor must be at most 1000 characters')
    .optional()
    .describe('Where the previous page ended: its `next`. Leave out for the first page'),
  overdue: z
    .enum(['true', 'false'], { error: 'overdue must be true or false' })
    .optional()
    .describe('true: only applications with a review or an answer to a request past its due date'),
  limit: z.coerce
    .number({ error: 'limit must be a whole number from 1 to 100' })
    .int('limit must be a whole number from 1 to 100')
    .min(1, 'limit must be a whole number from 1 to 100')
    .max(100, 'limit must be a whole number from 1 to 100')
    .optional()
    .describe('Applications per page, 1 to 100; default 50'),
});

export const applicationPage = z
  .object({
    applications: z.array(queuedApplication),
    counts: z
      .array(z.object({ state: z.string(), count: z.number() }))
      .describe(
        "How many of the association's applications are in each state (every state, whatever the filters)",
      ),
    next: z
      .string()
      .nullable()
      .describe('The cursor of the next page (pass it as `cursor`), or null on the last page'),
  })
  .meta({ id: 'ApplicationPage' });
const judgedRequirement = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.enum(['met', 'unmet', 'after-review']).describe('after-review: met only after review (the exam)'),
  summary: z.string(),
  missing: z.array(z.string()),
});

export const applicationDetail = applicationSummary
  .extend({
    ...applicationProcess,
    submission: z
      .object({
        submittedAt: z.string().nullable(),
        catalogVersion: z
          .string()
          .nullable()
          .describe(
            'The catalog version (date) the snapshot was judged against; null before it was recorded',
          ),
        changedSince: z
          .array(z.string())
          .describe('The parts of the portfolio the applicant has changed since submitting (not part of it)'),
      })
      .nullable()
      .describe('null for a draft'),
    checklist: z
      .object({ on: z.string(), status: z.enum(['met', 'unmet']), requirements: z.array(judgedRequirement) })
      .nullable()
      .describe('Of the snapshot once submitted; null when a draft holds an entry the format refuses'),
    portfolio: z
      .record(z.string(), z.unknown())
      .describe('The portfolio in the interchange format: as submitted, once submitted'),
  })
  .meta({ id: 'ApplicationDetail' });

export const person = z
  .object({ id: z.string(), name: z.string(), email: z.string(), roles: z.array(role) })
  .meta({ id: 'Person' });

const describedRule = z.object({
  id: z.string(),
  kind: z.string(),
  text: z.string().describe('The requirement in plain language'),
  source: z.string().describe('The document the rule comes from'),
  also: z.array(z.string()).optional(),
  quote: z.string().optional(),
  inForce: z.object({ from: z.string().optional(), to: z.string().optional() }).optional(),
});

export const describedCredential = z
  .object({
    association: z.string(),
    credential: z.string(),
    name: z.string(),
    level: z.number(),
    on: z.string(),
    requirements: z.array(describedRule),
    renewal: z.array(describedRule),
    review: z.array(z.object({ text: z.string(), source: z.string() })),
    fees: z
      .object({ application: z.number(), processing: z.number(), currency: z.string(), source: z.string() })
      .optional(),
  })
  .meta({ id: 'DescribedCredential' });

export { associationParams };

export const catalogParams = z.object({
  slug,
  credential: z.string().min(1).max(32).describe('A credential id, e.g. IMHS'),
});

export const catalogQuery = z.object({
  on: z.iso
    .date('on must be a date as YYYY-MM-DD')
    .optional()
    .describe('The date (YYYY-MM-DD); default today'),
});
