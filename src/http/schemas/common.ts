// Path parameters shared by the association pages and the API.
import { z } from 'zod';

export const slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'an association id: lower-case letters, digits and hyphens')
  .describe('The association id, e.g. mi-aimh');

export const associationParams = z.object({ slug });
export const idParams = z.object({ slug, id: z.string().min(1).max(100) });
