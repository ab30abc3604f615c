// The one-time setup link.
import { z } from 'zod';
import { email, password, text } from '../forms.ts';

export const setupQuery = z.object({ token: z.string().max(200).optional() });

export const setupForm = z.object({
  token: z.string().default(''),
  name: text('your name'),
  email: email(),
  password: password(),
});
