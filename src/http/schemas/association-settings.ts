// An association's review settings, as its admins send them.
import { z } from 'zod';
import { reviewModes } from '../../services/association-settings.ts';

const days = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { error: `${label}: a whole number of days, such as 30` })
    .transform(Number)
    .refine((n) => n >= 1 && n <= 365, { error: `${label}: between 1 and 365 days` });

export const reviewSettingsForm = z.object({
  reviewDays: days('Days to review'),
  responseDays: days('Days to answer a request'),
  reviewMode: z.enum(reviewModes, { error: 'choose how the two reviews are read' }),
  reminderDaysBefore: z
    .string()
    .trim()
    .transform((text, ctx) => {
      const parts = text ? text.split(/[\s,]+/).filter(Boolean) : [];
      const numbers = parts.map(Number);
      if (parts.some((p) => !/^\d+$/.test(p)) || numbers.some((n) => n < 1 || n > 90)) {
        ctx.addIssue({
          code: 'custom',
          message: 'Reminders: whole numbers of days between 1 and 90, such as 7, 1',
        });
        return z.NEVER;
      }
      if (numbers.length > 5) {
        ctx.addIssue({ code: 'custom', message: 'Reminders: at most five' });
        return z.NEVER;
      }
      return numbers;
    }),
});
