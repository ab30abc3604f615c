// The coordinator's renewal year: the year page's query, the extension form and an audited entry's decision.
import { z } from 'zod';
import { renewalStandings } from '../../domain/renewal.ts';
import { text } from '../forms.ts';
import { slug } from './common.ts';

export const renewalParams = z.object({ slug, endorsementId: z.string().min(1).max(100) });
export const auditEntryParams = z.object({ slug, entryId: z.string().min(1).max(100) });

/** The year page's query; `year` defaults to this year (the route's clock). */
export const renewalYearQuery = (thisYear: number) =>
  z.object({
    year: z.coerce
      .number({ error: 'The year must be a number, for example 2027' })
      .int('The year must be a whole number, for example 2027')
      .min(2000, 'Choose a year from 2000 on')
      .max(2200, 'Choose a year before 2200')
      .default(thisYear),
    standing: z
      .union([z.literal(''), z.enum(renewalStandings)], { error: 'Choose a standing from the list' })
      .default(''),
    q: text('a name, e-mail or number', { min: 0 }),
    page: z.coerce
      .number({ error: 'The page must be a number' })
      .int('The page must be a whole number')
      .min(1, 'The page must be 1 or more')
      .max(100_000, 'There are not that many pages')
      .default(1),
  });

export const extensionForm = z.object({
  untilOn: z
    .string({ error: 'Enter the date the renewal is extended to' })
    .default('')
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(1, 'Enter the date the renewal is extended to')
        .refine(
          (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && z.iso.date().safeParse(s).success,
          'Enter the date as a real date, for example 2027-04-30',
        ),
    ),
  reason: text('the reason', { kind: 'description' }),
});

export const auditDecisionForm = z.object({
  decision: z.enum(['accepted', 'rejected'], { error: 'Choose accept or reject' }),
  reason: text('the reason', { min: 0, kind: 'description' }),
});
