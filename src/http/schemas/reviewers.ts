// Reviewers: recording an endorsement a reviewer holds, assigning reviewers, declining a review.
import { z } from 'zod';
import { text } from '../forms.ts';
import { slug } from './common.ts';

const id = z.string().min(1).max(100);
export const qualificationParams = z.object({ slug, qualificationId: id });
export const assignmentParams = z.object({ slug, id, assignmentId: id });
export const reviewParams = z.object({ id });

const chosen = (message: string) =>
  z.string({ error: message }).default('').pipe(z.string().min(1, message).max(100));

export const qualificationForm = z.object({
  person: chosen('Choose the reviewer'),
  credential: chosen('Choose the endorsement they hold'),
  evidence: text('how you know they hold it', { kind: 'title' }),
});

export const assignForm = z.object({
  reviewer: z
    .union([z.string(), z.array(z.string())], { error: 'Choose a reviewer to assign' })
    .default([])
    .transform((v) => (Array.isArray(v) ? v : [v]).filter((x) => x !== ''))
    .pipe(
      z
        .array(z.string().max(100))
        .min(1, 'Choose a reviewer to assign')
        .max(2, 'Choose at most two reviewers at once'),
    ),
  anyway: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
});

export const declineForm = z.object({
  reason: text('why you decline this review', { kind: 'description' }),
});
