// Site administration: associations.
import { z } from 'zod';
import { text } from '../forms.ts';

export const createAssociationForm = z.object({
  slug: z
    .string({ error: 'Enter an id' })
    .default('')
    .transform((s) => s.trim().toLowerCase())
    .pipe(
      z
        .string()
        .min(2, 'Enter an id of at least 2 characters')
        .max(64, 'The id must be at most 64 characters')
        .regex(
          /^[a-z0-9][a-z0-9-]*$/,
          'The id may hold only lower-case letters, digits and hyphens, like mi-aimh',
        ),
    ),
  name: text('a name'),
});

export const renameAssociationForm = z.object({ name: text('a name') });
