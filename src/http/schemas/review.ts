// The review form, the coordinator's decisions, resubmission and withdrawal.
import { z } from 'zod';
import { recommendations } from '../../domain/review-outcome.ts';
import { decisionSteps } from '../../services/decisions.ts';
import { text } from '../forms.ts';

export const reviewParams = z.object({ applicationId: z.string().min(1).max(100) });

const optionalText = (label: string) => text(label, { min: 0, kind: 'description' });
const optionalDate = (label: string) =>
  z
    .string()
    .default('')
    .transform((s) => s.trim())
    .pipe(z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `Enter ${label} as YYYY-MM-DD`)]));

/** The fixed fields of the review form; the findings (req.*, clause.*, domain.*) are read by name. */
export const reviewForm = z.looseObject({
  action: z
    .enum(['save', 'submit'], { error: 'Choose to save the draft or submit the review' })
    .default('save'),
  recommendation: z
    .union([z.literal(''), z.enum(recommendations)], { error: 'Choose a recommendation from the list' })
    .default(''),
  toApplicant: optionalText('the words for the applicant'),
  toStaff: optionalText('the note for the association'),
  responseDueOn: optionalDate('the date a response is due'),
  beforeApplyingAgain: optionalText('what to do before applying again'),
});

export const decideForm = z.object({
  step: z.enum(decisionSteps, { error: 'Choose a decision' }),
  reason: text('the reason for the decision', { kind: 'description' }),
  responseDueOn: optionalDate('the date a response is due'),
});

export const withdrawForm = z.object({
  confirm: z.literal('yes', { error: 'Tick the box to confirm that you want to withdraw this application' }),
});
