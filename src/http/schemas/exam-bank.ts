// The item bank and exam forms: addresses, the search, and the forms' fields.
import { z } from 'zod';
import { examNames, itemStatuses } from '../../domain/exam.ts';
import { text } from '../forms.ts';
import { slug } from './common.ts';

const id = z.string().min(1).max(100);
export const itemParams = z.object({ slug, itemId: id });
export const formParams = z.object({ slug, formId: id });

/** An empty choice means "any". */
const choice = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.enum(values, { error: `Choose ${label} from the list` }).optional());

export const bankSearchQuery = z.object({
  q: z.string().max(200, 'Search for at most 200 characters').optional(),
  domain: z.string().max(100).optional(),
  status: choice(itemStatuses, 'a status'),
  kind: choice(['multiple-choice', 'vignette'] as const, 'a kind'),
  exam: choice(examNames, 'an exam'),
  page: z.coerce.number({ error: 'The page is a number' }).int().min(1).max(100_000).optional(),
});

export const statusForm = z.object({
  status: z.string({ error: 'Choose the status' }).default('').pipe(z.string().min(1, 'Choose the status')),
});

const count = (label: string) =>
  z
    .string()
    .default('')
    .transform((v) => v.trim())
    .refine((v) => /^\d*$/.test(v), `${label} is a whole number`)
    .transform((v) => (v === '' ? undefined : Number(v)));

export const composeForm = z.object({
  name: text('the name of the form'),
  exam: z.enum(examNames, { error: 'Choose the exam' }),
  category: z.string().default(''),
  how: z.enum(['draw', 'chosen'], { error: 'Choose how the items are picked' }),
  mcItems: count('The number of multiple-choice items'),
  vignettes: count('The number of vignettes'),
  itemCodes: z.string().max(50_000).default(''),
});

export const importForm = z.object({
  format: z.enum(['csv', 'qti'], { error: 'Choose CSV or QTI 3.0 XML' }),
  file: z
    .string({ error: 'Paste the CSV or XML' })
    .default('')
    .pipe(z.string().trim().min(1, 'Paste the CSV or XML')),
  exam: z.string().default(''),
  domain: z.string().default(''),
});
