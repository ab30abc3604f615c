// The sittings' forms as browsers send them. Dates and times are entered in
// UTC (`datetime-local`, which carries no zone; the pages say UTC).
import { z } from 'zod';
import { examNames } from '../../domain/exam.ts';
import { checkboxes, text } from '../forms.ts';
import { slug } from './common.ts';

const id = z.string().max(100);
export const sittingParams = z.object({ slug, sittingId: id.min(1) });

const startsAt = z
  .string({ error: 'Enter the date and time it starts' })
  .default('')
  .transform((v) => v.trim())
  .pipe(
    z
      .string()
      .min(1, 'Enter the date and time it starts')
      .regex(
        /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$/,
        'Enter the date and time as 2030-03-06 14:00 (UTC)',
      )
      .transform((v, ctx) => {
        const iso = `${v.replace(' ', 'T').slice(0, 16)}:00Z`;
        if (Number.isNaN(Date.parse(iso)) || new Date(iso).toISOString().slice(0, 16) !== iso.slice(0, 16)) {
          ctx.addIssue({
            code: 'custom',
            message: 'Enter a date and time that exists, such as 2030-03-06 14:00',
          });
          return z.NEVER;
        }
        return iso;
      }),
  );

const whole = (label: string, example: string) =>
  z
    .string({ error: `${label}: a whole number, such as ${example}` })
    .default('')
    .transform((v) => v.trim())
    .pipe(z.string().regex(/^\d+$/, `${label}: a whole number, such as ${example}`))
    .transform(Number);

const sittingFields = {
  startsAt,
  mode: z.enum(['online', 'in-person'], { error: 'Choose how the sitting is sat: online or in person' }),
  place: text('the place', { min: 0, max: 500 }),
  capacity: whole('Seats', '20'),
};

export const changeSittingForm = z.object(sittingFields);

export const scheduleSittingForm = z.object({
  exam: z.enum(examNames, { error: 'Choose the exam' }),
  ...sittingFields,
  formIds: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});

export const registerApplicantForm = z.object({
  application: z
    .string({ error: 'Choose an application' })
    .default('')
    .pipe(id.min(1, 'Choose an application')),
});

export const sittingChoiceForm = z.object({
  sitting: z.string({ error: 'Choose a sitting' }).default('').pipe(id.min(1, 'Choose a sitting')),
});

export const noShowForm = z.object({
  registration: z.string().default('').pipe(id.min(1, 'Say which registration')),
  /** Back to this sitting's roster rather than the application's exam page. */
  sitting: id.optional(),
});

export const cancelSittingForm = z.object({
  confirm: z.literal('yes', { error: 'Tick the box to confirm the sitting is to be cancelled' }),
});

export const accommodationForm = z.object({
  extraTime: z
    .string()
    .default('')
    .transform((v) => v.trim())
    .pipe(z.string().regex(/^\d+(\.\d+)?$/, 'Time allowed: a number such as 1.5, or 1 for the usual time'))
    .transform(Number),
  breakMinutes: whole('Break minutes', '15'),
  aids: checkboxes(['large-text', 'paper'] as const, 'the other accommodations'),
  note: text('the note', { min: 0, max: 2000, kind: 'description' }),
});
