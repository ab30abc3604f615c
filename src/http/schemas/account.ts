// The account page's forms.
import { z } from 'zod';
import { existingPassword, nextPath, password, text } from '../forms.ts';

export const nameForm = z.object({ name: text('your name') });

export const changePasswordForm = z.object({
  currentPassword: existingPassword('your current password'),
  newPassword: password('a new password'),
});

export const choosePasswordForm = z.object({ password: password(), next: nextPath() });

export const choosePasswordQuery = z.object({ next: nextPath() });
