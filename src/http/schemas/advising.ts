// Advising: assigning the advisor, comments and messages. What makes a
// choice or a text acceptable is the service's to say, so every way in says the same.
import { z } from 'zod';

export const advisorForm = z.object({
  advisor: z.string({ error: 'Choose the advisor' }).default(''),
});

export const messageForm = z.object({
  body: z.string({ error: 'Write the message' }).default(''),
});

export const commentForm = z.object({
  about: z.string({ error: 'Choose the section or entry the comment is about' }).default(''),
  body: z.string({ error: 'Write the comment' }).default(''),
});
