// The endorsee's own routes: an endorsement by id; the registry choice.
import { z } from 'zod';

export const endorsementParams = z.object({ id: z.string().min(1).max(100) });

export const listingForm = z.object({
  listed: z
    .enum(['yes', 'no'], { error: 'Choose whether the public registry lists this endorsement' })
    .transform((v) => v === 'yes'),
});
