// The JSON API's requests and responses for the association's endorsements:
// the list, one endorsement, finalizing an application, the status steps and
// accepting a transfer. The same schemas validate requests, check responses
// and write the OpenAPI document.
import { z } from 'zod';
import { endorsementStatuses, endorsementSteps } from '../../domain/endorsement.ts';
import { textLimits } from '../../engine/limits.ts';
import { errorBody } from './api.ts';
import { slug } from './common.ts';

const status = z.enum(endorsementStatuses);
const day = z.string().describe('A date as YYYY-MM-DD');

export const endorsementParams = z.object({ slug, endorsementId: z.string().min(1).max(100) });

export const endorsementsQuery = z.object({
  q: z
    .string()
    .max(200, 'q (search) must be at most 200 characters')
    .optional()
    .describe("Part of the endorsee's name or e-mail address, in any case, or the endorsement's number"),
  status: z
    .enum(endorsementStatuses, { error: `status must be one of ${endorsementStatuses.join(', ')}` })
    .optional()
    .describe('Only endorsements in this status. Default: every status'),
  page: z.coerce
    .number({ error: 'page must be a whole number of 1 or more' })
    .int('page must be a whole number of 1 or more')
    .min(1, 'page must be a whole number of 1 or more')
    .max(100_000, 'page must be at most 100000')
    .optional()
    .describe('Which page of 25, from 1 (the default)'),
});

/** An endorsement as the list and its own answer show it. */
export const endorsementSummary = z
  .object({
    id: z.string(),
    number: z.number().describe("The endorsement's number in its association"),
    credential: z.string().describe("The credential's code in the association's catalog, e.g. IMHS"),
    status,
    statusLabel: z.string(),
    grantedOn: day,
    renewalDueOn: day,
    listed: z.boolean().describe('The endorsee lets the public registry list them (while active)'),
    applicationId: z
      .string()
      .nullable()
      .describe('The application it was granted on; null when transferred in'),
    transferredFrom: z
      .string()
      .nullable()
      .describe("Another association's endorsement this one continues, after a transfer"),
    endorsee: z.object({ id: z.string(), name: z.string(), email: z.string() }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'EndorsementSummary' });

export const endorsementsPage = z
  .object({
    endorsements: z.array(endorsementSummary).describe('The latest number first'),
    total: z.number().describe('How many endorsements match'),
    page: z.number(),
    pages: z.number(),
  })
  .meta({ id: 'EndorsementsPage' });

const elsewhere = z
  .object({ association: z.string(), number: z.number(), status })
  .nullable()
  .describe("Another association's endorsement, by its association's name and its number");

export const endorsementDetail = endorsementSummary
  .extend({
    credentialName: z.string(),
    inRegistry: z.boolean().describe('The public registry lists it now (active and listed)'),
    issued: z
      .object({ id: z.string(), issuedAt: z.string() })
      .nullable()
      .describe('The credential in force: the latest issued'),
    urls: z.object({
      verification: z.string().describe('The public verification page: give it to anyone'),
      credential: z.string().describe('The signed credential (Open Badges 3.0), JSON'),
      certificate: z.string().describe('The certificate, PDF (the endorsee and the coordination)'),
      letter: z.string().describe('The endorsement letter (the endorsee and the coordination)'),
      achievement: z.string().describe('What the credential means: the achievement it points at'),
    }),
    history: z
      .array(
        z.object({
          kind: z.string().describe('granted, suspended, reinstated, revoked, transferred, transferred-in…'),
          reason: z.string().nullable(),
          at: z.string(),
          actor: z.string().nullable().describe('Who acted, by name'),
        }),
      )
      .describe('Oldest first'),
    transfers: z.object({ from: elsewhere, to: elsewhere }),
    may: z.object({
      steps: z
        .array(z.enum(endorsementSteps))
        .describe('The steps its status allows the caller now: POST …/endorsements/:endorsementId/<step>'),
    }),
  })
  .meta({ id: 'EndorsementDetail' });

const reason = z
  .string()
  .max(textLimits.description, `reason must be at most ${textLimits.description} characters`);

export const suspendRequest = z.object({
  reason: reason.optional().describe('Why it is suspended (required): the endorsee is told it'),
});
export const reinstateRequest = z.object({
  reason: reason.optional().describe('A note for the history and the endorsee (optional)'),
});
export const revokeRequest = z.object({
  reason: reason.optional().describe('Why it is revoked (required): the endorsee is told it'),
});

export const transferRequest = z.object({
  credential: z
    .record(z.string(), z.unknown())
    .describe('The credential JSON the endorsee received from the association that granted it'),
  email: z
    .string()
    .max(textLimits.email, `email must be at most ${textLimits.email} characters`)
    .pipe(z.email('email must be an e-mail address, e.g. name@example.org'))
    .describe('The e-mail address the credential was issued to: the endorsee’s account here'),
});

/** Finalizing refused for what is unmet: the reasons, each a sentence a person can act on. */
export const finalizeRefused = errorBody
  .extend({
    unmet: z
      .array(z.string())
      .optional()
      .describe(
        'With code APPLICATION_STEP_BLOCKED: every requirement still unmet on the application as judged',
      ),
  })
  .meta({ id: 'FinalizeRefused' });
