// References: the applicant's request form, and the rater's rating form (one
// rating per competency domain, so it is built for the domains at hand).
import { z } from 'zod';
import { credentialIds, relationships } from '../../engine/portfolio.ts';
import { ratingScale } from '../../services/references.ts';
import { capitalize, checkboxes, text } from '../forms.ts';

const id = z.string().min(1).max(100);
export const applicationReferencesParams = z.object({ id });
export const referenceRequestParams = z.object({ id, requestId: id });
export const referenceTokenParams = z.object({ token: z.string().min(1).max(200) });

const singleLine = (label: string, max: number) =>
  text(label, { max }).refine(
    (s) => ![...s].some((c) => c < ' ' || c === '\u007f'),
    `${capitalize(label)} must be on one line`,
  );

const choice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.enum(values, { error: message });

export const referenceRequestForm = z.object({
  raterName: singleLine('the rater’s name', 120),
  raterEmail: z
    .string({ error: 'Enter the rater’s e-mail address' })
    .default('')
    .transform((s) => s.trim().toLowerCase())
    .pipe(
      z
        .string()
        .min(1, 'Enter the rater’s e-mail address')
        .max(254, 'That e-mail address is too long')
        .pipe(z.email('Enter an e-mail address in the form name@example.org')),
    ),
  relationship: choice(relationships, 'Choose how the rater knows you'),
  waived: choice(['yes', 'no'] as const, 'Choose whether you waive your right to see the rating'),
});

const wholeNumber = (label: string, max: number) =>
  z
    .string()
    .default('')
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .regex(/^\d{0,3}$/, `Enter the number of ${label} as a whole number, such as 2`)
        .transform((s) => (s === '' ? 0 : Number(s)))
        .pipe(z.number().max(max, `Enter at most ${max} ${label}`)),
    );

const ratingValues = ratingScale.map((r) => r.value) as unknown as readonly [
  (typeof ratingScale)[number]['value'],
  ...(typeof ratingScale)[number]['value'][],
];

/** The rater's form for these domains; field `rating-<domain id>` holds 1–4 or "ni". */
export function referenceRatingForm(domains: ReadonlyArray<{ id: string; name: string }>) {
  return z
    .object({
      endorsements: checkboxes(credentialIds, 'your endorsements'),
      vetted: z
        .string()
        .optional()
        .transform((v) => v === 'yes'),
      knownYears: wholeNumber('years', 80),
      knownMonths: wholeNumber('months', 11),
      role: singleLine('the role in which you know the applicant', 200),
      current: choice(['yes', 'no'] as const, 'Say whether you know the applicant in this role now'),
      ...Object.fromEntries(
        domains.map((d) => [
          `rating-${d.id}`,
          choice(ratingValues, `Rate the applicant on ${d.name}, or choose “Not enough information”`),
        ]),
      ),
      comments: z
        .string()
        .default('')
        .transform((s) => s.trim())
        .pipe(z.string().max(5000, 'Comments must be at most 5000 characters')),
    })
    .refine((v) => v.knownYears > 0 || v.knownMonths > 0, {
      path: ['knownYears'],
      message: 'Enter how long you have known the applicant, in years and months',
      // Said together with the form's other problems, unless the numbers themselves are wrong.
      when: (payload) =>
        payload.issues.every((i) => i.path?.[0] !== 'knownYears' && i.path?.[0] !== 'knownMonths'),
    });
}
