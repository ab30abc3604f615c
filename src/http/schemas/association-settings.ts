// An association's review, exam and renewal settings, as its admins send them.
import { z } from 'zod';
import { passCombinations } from '../../domain/exam.ts';
import { parseMoney } from '../../domain/fees.ts';
import { reviewModes } from '../../services/association-settings.ts';

const days = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { error: `${label}: a whole number of days, such as 30` })
    .transform(Number)
    .refine((n) => n >= 1 && n <= 365, { error: `${label}: between 1 and 365 days` });

/** Days before a date, as a list such as "7, 1": whole days between 1 and 90, at most five. */
const dayList = (label: string) =>
  z
    .string()
    .trim()
    .transform((text, ctx) => {
      const parts = text ? text.split(/[\s,]+/).filter(Boolean) : [];
      const numbers = parts.map(Number);
      if (parts.some((p) => !/^\d+$/.test(p)) || numbers.some((n) => n < 1 || n > 90)) {
        ctx.addIssue({
          code: 'custom',
          message: `${label}: whole numbers of days between 1 and 90, such as 7, 1`,
        });
        return z.NEVER;
      }
      if (numbers.length > 5) {
        ctx.addIssue({ code: 'custom', message: `${label}: at most five` });
        return z.NEVER;
      }
      return numbers;
    });

export const reviewSettingsForm = z.object({
  reviewDays: days('Days to review'),
  responseDays: days('Days to answer a request'),
  reviewMode: z.enum(reviewModes, { error: 'choose how the two reviews are read' }),
  reminderDaysBefore: dayList('Reminders'),
});

/** A number typed in a form, within `min`..`max`, each mistake naming the field by its label. */
const numberIn = (label: string, min: number, max: number, o: { whole?: boolean; example: string }) =>
  z
    .string({ error: `${label}: enter a number, such as ${o.example}` })
    .default('')
    .transform((v) => v.trim())
    .pipe(
      z.string().regex(o.whole === false ? /^\d+(\.\d+)?$/ : /^\d+$/, {
        error: `${label}: ${o.whole === false ? 'a number' : 'a whole number'}, such as ${o.example}`,
      }),
    )
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `${label}: between ${min} and ${max}` });

export const examSettingsForm = z.object({
  mcItems: numberIn('Multiple-choice items', 1, 500, { example: '60' }),
  mcPassPercent: numberIn('Multiple-choice pass mark', 1, 100, { whole: false, example: '80' }),
  essayPassPoints: numberIn('Essay pass mark', 0, 1000, { whole: false, example: '14' }),
  passCombine: z.enum(passCombinations, { error: 'Choose how the two parts combine' }),
  vignettesOffered: numberIn('Vignettes offered', 1, 10, { example: '3' }),
  vignettesAnswered: numberIn('Vignettes answered', 1, 10, { example: '2' }),
  timeLimitMinutes: numberIn('Time limit', 10, 600, { example: '180' }),
  readerThreshold: numberIn('Third-reader threshold', 0, 100, { whole: false, example: '3' }),
  retakeWaitDays: numberIn('Days before a retake', 0, 730, { example: '90' }),
  maxAttempts: numberIn('Attempts allowed', 1, 10, { example: '3' }),
  retakeFee: z
    .string({ error: 'Retake fee: an amount such as 75.00' })
    .default('')
    .transform((v) => v.trim())
    .pipe(z.string().regex(/^\d{1,6}(\.\d{1,2})?$/, { error: 'Retake fee: an amount such as 75.00, or 0' }))
    .transform((v) => Math.round(Number(v) * 100)),
  sittingReminderDaysBefore: dayList('Sitting reminders'),
});

/** Days in each month, February's in a leap year: 02-29 falls on February 28 in other years. */
const monthDays = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** An amount typed as fee forms take it ("75", "$1,025.00"); empty is none. */
const optionalMoney = (label: string) =>
  z
    .string()
    .default('')
    .transform((s, ctx) => {
      if (!s.trim()) return null;
      const cents = parseMoney(s);
      if (cents === undefined || cents > 10_000_000) {
        ctx.addIssue({
          code: 'custom',
          message: `${label}: an amount such as 75.00, or leave it empty for none`,
        });
        return z.NEVER;
      }
      return cents;
    });

/** Days from the due date, as a list such as "60, 30, 7": whole days between 1 and 365, at most six. */
const offsetList = (label: string) =>
  z
    .string()
    .default('')
    .transform((text, ctx) => {
      const parts = text.split(/[\s,]+/).filter(Boolean);
      const numbers = parts.map(Number);
      if (parts.some((p) => !/^\d+$/.test(p)) || numbers.some((n) => n < 1 || n > 365)) {
        ctx.addIssue({
          code: 'custom',
          message: `${label}: whole numbers of days between 1 and 365, such as 60, 30, 7`,
        });
        return z.NEVER;
      }
      if (numbers.length > 6) {
        ctx.addIssue({ code: 'custom', message: `${label}: at most six` });
        return z.NEVER;
      }
      return numbers;
    });

const limitDays = numberIn('Longest inactive pause', 1, 3650, { example: '365' });

export const renewalSettingsForm = z
  .object({
    dueDayKind: z.enum(['anniversary', 'fixed'], { error: 'Choose when renewal is due each year' }),
    fixedDay: z
      .string()
      .default('')
      .transform((v) => v.trim()),
    fee: optionalMoney('Renewal fee'),
    lateFee: optionalMoney('Late fee'),
    reinstatementFee: optionalMoney('Reinstatement fee'),
    auditPercent: numberIn('Share audited', 0, 100, { whole: false, example: '5' }),
    remindBefore: offsetList('Reminders before the due date'),
    remindAfter: offsetList('Reminders after the due date'),
    graceDays: numberIn('Grace period', 0, 365, { example: '30' }),
    inactiveLimitDays: z
      .string()
      .default('')
      .transform((v, ctx) => {
        if (!v.trim()) return null;
        const days = limitDays.safeParse(v);
        if (days.success) return days.data;
        ctx.addIssue({ code: 'custom', message: days.error.issues[0]!.message });
        return z.NEVER;
      }),
  })
  .transform((form, ctx) => {
    const { dueDayKind, fixedDay, fee, lateFee, reinstatementFee, ...rest } = form;
    let dueDay: 'anniversary' | `${number}-${number}` = 'anniversary';
    if (dueDayKind === 'fixed') {
      const [month, day] = fixedDay.split('-').map(Number) as [number, number];
      if (
        !/^\d{2}-\d{2}$/.test(fixedDay) ||
        !(month >= 1 && month <= 12) ||
        day < 1 ||
        day > monthDays[month - 1]!
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['fixedDay'],
          message: 'The fixed day: a day of the year as MM-DD, such as 12-31',
        });
        return z.NEVER;
      }
      dueDay = fixedDay as `${number}-${number}`;
    }
    return {
      ...rest,
      dueDay,
      feeCents: fee,
      lateFeeCents: lateFee,
      reinstatementFeeCents: reinstatementFee,
    };
  });
