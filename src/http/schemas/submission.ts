// Submission and payments.
import { z } from 'zod';
import { paymentMethods, parseMoney } from '../../services/payments.ts';
import { slug } from './common.ts';

export const applicationIdParams = z.object({ id: z.string().min(1).max(100) });
export const associationApplicationParams = z.object({ slug, id: z.string().min(1).max(100) });

export const paymentForm = z.object({
  feeDue: z
    .string({ error: 'Choose the fee the payment is for' })
    .default('')
    .pipe(z.string().min(1, 'Choose the fee the payment is for').max(100)),
  amount: z
    .string({ error: 'Enter the amount paid' })
    .default('')
    .transform((s, ctx) => {
      if (!s.trim()) {
        ctx.addIssue({ code: 'custom', message: 'Enter the amount paid, such as 25.00' });
        return z.NEVER;
      }
      const cents = parseMoney(s);
      if (cents === undefined || cents <= 0) {
        ctx.addIssue({
          code: 'custom',
          message: 'Enter the amount paid as dollars and cents, such as 25.00',
        });
        return z.NEVER;
      }
      return cents;
    }),
  method: z
    .string({ error: 'Choose how it was paid' })
    .default('')
    .pipe(z.enum(paymentMethods, { error: 'Choose how it was paid' })),
  note: z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim())
    .pipe(z.string().max(500, 'The note must be at most 500 characters'))
    .transform((s) => s || null),
});

export const waiverForm = z.object({
  feeDue: z
    .string({ error: 'Choose the fee to waive' })
    .default('')
    .pipe(z.string().min(1, 'Choose the fee to waive').max(100)),
  reason: z
    .string({ error: 'Say why the fee is waived' })
    .default('')
    .pipe(
      z
        .string()
        .trim()
        .min(1, 'Say why the fee is waived')
        .max(2000, 'Keep the reason under 2,000 characters'),
    ),
});
