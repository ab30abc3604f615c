// Applications: starting one.
import { z } from 'zod';
import { text } from '../forms.ts';

export const startApplicationForm = z.object({
  association: text('an association', { max: 64 }),
  credential: text('a credential', { max: 32 }),
});
