// The fields of better-auth's own endpoints (/api/auth/*) that Endorse keeps,
// held to the same limits as the forms before better-auth reads them.
import { z } from 'zod';
import { limitedText } from '../../engine/limits.ts';

export const authApiBody = z.looseObject({
  name: limitedText('name').optional(),
  email: limitedText('email').optional(),
});
