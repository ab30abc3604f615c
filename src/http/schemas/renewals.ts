// The endorsee's renewal forms: an endorsement or an audited entry by id; the attest box; a pause.
import { z } from 'zod';
import { text } from '../forms.ts';

export const renewalParams = z.object({ endorsementId: z.string().min(1).max(100) });
export const auditEntryParams = z.object({ entryId: z.string().min(1).max(100) });

/** The attest box: ticked sends "yes"; the service says what to do when it is not. */
export const attestForm = z.object({
  attest: z
    .unknown()
    .optional()
    .transform((v) => v === 'yes'),
});

export const pauseForm = z.object({
  untilOn: z
    .string({ error: 'Enter the day the pause ends' })
    .default('')
    .pipe(
      z.string().refine((v) => {
        const at = Date.parse(`${v}T00:00:00Z`);
        return /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(at) && new Date(at).toISOString().startsWith(v);
      }, 'Enter the day the pause ends, as a date'),
    ),
  reason: text('why (leave, illness…)', { kind: 'description' }),
});
