// Taking the exam, and paper entry.
import { z } from 'zod';
import { slug } from './common.ts';

const id = z.string().min(1).max(100);
/** An item's or vignette's number on the exam, from 1. */
const number = z.coerce.number().int().min(1).max(10_000);

export const examParams = z.object({ id });
export const examItemParams = z.object({ id, n: number });
export const paperParams = z.object({ slug, sittingId: id, registrationId: id });

const go = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values).optional().catch(undefined);

/** One item's answer: the option's index; none sent leaves the answer saved as it was. */
export const itemForm = z.object({
  choice: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : Number(v)))
    .pipe(z.number({ error: 'Choose one of the options' }).int().min(0).max(25).optional()),
  go: go(['previous', 'next', 'list']),
});

export const vignettesForm = z.object({
  vignettes: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map(Number))
    .pipe(z.array(z.number().int().min(1).max(100), { error: 'Choose the vignettes from the list' })),
});

export const essayForm = z.object({
  text: z.string().default(''),
  go: go(['next', 'stay']),
});

/** The script's autosave: one item's choice ('' clears it), or one essay's text. */
export const autosaveForm = z.union([
  z.object({ item: number, choice: z.string().max(3) }),
  z.object({ essay: number, text: z.string() }),
]);
