// The account page's forms.
import { z } from 'zod';
import { existingPassword, password, text } from '../forms.ts';

export const nameForm = z.object({ name: text('your name') });

export const changePasswordForm = z.object({
  currentPassword: existingPassword('your current password'),
  newPassword: password('a new password'),
});
