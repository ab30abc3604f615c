// The registry's query, the credential file the verify form takes, and the
// JSON lookup by number (its schema writes the OpenAPI document too).
import { z } from 'zod';
import { endorsementStatuses } from '../../domain/endorsement.ts';
import { slug } from './common.ts';

/** The largest credential file or pasted text accepted: a credential is a few kilobytes. */
export const CREDENTIAL_FILE_LIMIT = 256 * 1024;

export const registryQuery = z.object({
  q: z.string().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
});

export const registryLookupParams = z.object({
  slug,
  number: z.string().min(1).max(20).describe("The endorsement's number in its association, e.g. 12"),
});

export const registryLookup = z
  .object({
    number: z.number(),
    association: slug,
    associationName: z.string(),
    credential: z.string().describe('The credential id, e.g. IMHS'),
    credentialName: z.string(),
    level: z.number(),
    name: z
      .string()
      .nullable()
      .describe("The endorsee's name; null when the registry does not list the endorsement"),
    status: z.enum(endorsementStatuses),
    grantedOn: z.string().describe('YYYY-MM-DD'),
    validUntil: z.string().describe('YYYY-MM-DD: the renewal date'),
    verification: z.string().describe('The public page that verifies the credential now'),
    credentialJson: z.string().describe('The signed credential (Open Badges 3.0), as JSON'),
  })
  .meta({ id: 'RegistryEntry' });
