// The association's endorsements: the list's query, the status forms and the transfer form.
import { z } from 'zod';
import { endorsementStatuses } from '../../domain/endorsement.ts';
import { email, text } from '../forms.ts';
import { slug } from './common.ts';

export const endorsementParams = z.object({ slug, endorsementId: z.string().min(1).max(100) });

export const endorsementsQuery = z.object({
  q: text('a name, e-mail or number', { min: 0 }),
  status: z
    .union([z.literal(''), z.enum(endorsementStatuses)], { error: 'Choose a status from the list' })
    .default(''),
  page: z.coerce
    .number({ error: 'The page must be a number' })
    .int('The page must be a whole number')
    .min(1, 'The page must be 1 or more')
    .max(100_000, 'There are not that many pages')
    .default(1),
});

export const suspendForm = z.object({
  reason: text('the reason for the suspension', { kind: 'description' }),
});
export const reinstateForm = z.object({
  reason: text('a note', { min: 0, kind: 'description' }),
});
export const revokeForm = z.object({
  reason: text('the reason for the revocation', { kind: 'description' }),
  confirm: z.literal('yes', { error: 'Tick the box to confirm that the revocation is final' }),
});

/** A credential JSON is a few kilobytes; this is far more than any needs. */
export const CREDENTIAL_LIMIT = 256 * 1024;

export const transferForm = z.object({
  email: email(),
  file: z.string().default(''),
  json: z
    .string()
    .max(CREDENTIAL_LIMIT, 'The pasted credential is too long: paste only its JSON')
    .default(''),
});
