// Applications: starting one (choose the association, then one of its credentials).
import { z } from 'zod';
import { textLimits } from '../../engine/limits.ts';

const chosen = (what: string) =>
  z
    .string({ error: `Choose ${what}` })
    .default('')
    .transform((s) => s.trim())
    .pipe(z.string().min(1, `Choose ${what}`).max(textLimits.id, `Choose ${what} from the list`));

export const startApplicationForm = z.object({
  association: chosen('an association'),
  credential: chosen('a credential'),
});

/** Step 1 (a GET form): the chosen association, if any. */
export const startApplicationQuery = z.object({
  // Anything else than an offered association's slug just asks again.
  association: z.string().optional(),
});
