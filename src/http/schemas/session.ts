// Sign-up, sign-in, magic link and password reset: form bodies and query strings.
import { z } from 'zod';
import { email, existingPassword, nextPath, password, text } from '../forms.ts';

// No password at sign-up: it is chosen after the e-mailed link proves the address.
export const signUpForm = z.object({
  name: text('your name'),
  email: email(),
  next: nextPath(),
});

export const signInForm = z.object({
  email: email(),
  password: existingPassword(),
  next: nextPath(),
});

export const magicLinkForm = z.object({ email: email(), next: nextPath() });

export const forgotPasswordForm = z.object({ email: email() });

export const resetPasswordForm = z.object({
  token: z.string({ error: 'The reset link is incomplete' }).min(1, 'The reset link is incomplete'),
  password: password('a new password'),
});

export const nextQuery = z.object({
  next: nextPath(),
  error: z.string().max(100).optional(),
  /** A form was sent after the session ended: what was typed waits in the browser. */
  resume: z.literal('1').optional().catch(undefined),
});

export const resetPasswordQuery = z.object({
  token: z.string().max(500).optional(),
  error: z.string().max(100).optional(),
});
