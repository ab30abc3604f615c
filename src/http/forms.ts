// HTML forms: the body is checked by the route group's zod schema in the
// handler, so that a bad value re-renders the form (error summary, a message
// at each field, the other values kept) instead of ending in an error page.
import { z } from 'zod';
import { controlProblem, count, type TextKind, textLimits } from '../engine/limits.ts';
import { AppError } from '../services/errors.ts';

import type { FieldError, FormValues } from '../views/components.tsx';

export type { FieldError, FormValues };

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldError[]; values: FormValues };

const secret = (name: string) => /password|token|_csrf/i.test(name);

/** The submitted values worth showing again. */
export function keptValues(body: unknown): FormValues {
  const values: FormValues = {};
  if (!body || typeof body !== 'object') return values;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (secret(name)) continue;
    if (typeof value === 'string') values[name] = value;
    else if (Array.isArray(value)) values[name] = value.filter((v): v is string => typeof v === 'string');
  }
  return values;
}

/** Checks a form body against its schema; on failure, one message per field in the form's order. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldError[] = [];
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (!errors.some((e) => e.field === field)) errors.push({ field, message: issue.message });
  }
  return { ok: false, errors, values: keptValues(body) };
}

/** A service's AppError as a form error (on its field when it names one). */
export function formErrorOf(error: AppError): FieldError[] {
  return [{ field: error.field ?? 'form', message: capitalize(error.message) }];
}

export const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

// Field builders with messages that say what to do. Missing fields arrive as
// undefined from a browser that left them out: treat them as empty.

/** Text of a kind (a name unless told), at most as long as the limits allow, without control characters. */
export const text = (label: string, options: { min?: number; max?: number; kind?: TextKind } = {}) => {
  const { min = 1, max = textLimits[options.kind ?? 'name'] } = options;
  return z
    .string({ error: `Enter ${label}` })
    .default('')
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(min, min === 1 ? `Enter ${label}` : `${capitalize(label)} must be at least ${min} characters`)
        .max(max, `${capitalize(label)} must be at most ${count(max)} characters`)
        .superRefine(noControl(label)),
    );
};

/** Refuses control characters (other than tab and line breaks), naming the field. */
export const noControl = (label: string) => (value: string, ctx: z.RefinementCtx) => {
  const problem = controlProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `${capitalize(label)} ${problem}` });
};

export const email = () =>
  z
    .string({ error: 'Enter your e-mail address' })
    .default('')
    .transform((s) => s.trim().toLowerCase())
    .pipe(
      z
        .string()
        .min(1, 'Enter an e-mail address')
        .max(textLimits.email, `An e-mail address must be at most ${textLimits.email} characters`)
        .pipe(z.email('Enter an e-mail address in the form name@example.org')),
    );

export const password = (label = 'a password') =>
  z
    .string({ error: `Enter ${label}` })
    .default('')
    .pipe(
      z
        .string()
        .min(1, `Enter ${label}`)
        .min(10, 'Choose a password of at least 10 characters')
        .max(128, 'Choose a password of at most 128 characters'),
    );

/** A password being checked (sign-in, current password): any length. */
export const existingPassword = (label = 'your password') =>
  z
    .string({ error: `Enter ${label}` })
    .default('')
    .pipe(z.string().min(1, `Enter ${label}`).max(1000, 'That password is too long'));

/** Checkboxes with one name: absent, one value, or several. */
export const checkboxes = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z
    .union([z.string(), z.array(z.string())], { error: `Choose ${label}` })
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.enum(values, { error: `Choose ${label} from the list` })));

/**
 * Where to go back to after signing in, as sent: one line (a line break
 * answers 400). Pass it through `safeNext` before using it.
 */
export const nextPath = () =>
  z
    .string({ error: 'The page to go back to must be text' })
    .max(2000, 'The address of the page to go back to is too long')
    .refine((v) => !/[\r\n]/.test(v), 'The address of the page to go back to must be one line')
    .default('/');

/**
 * The page to go back to after signing in: `next` resolved against this
 * installation's address, kept only when it stays on the same origin (so
 * //host, /\host and tabs or other characters the URL parser drops cannot
 * lead elsewhere) and is not the JSON API; anything else gives "/". The
 * answer is the parsed path, never the raw text.
 */
export function safeNext(next: string | undefined, baseUrl: string): string {
  if (!next) return '/';
  let url: URL;
  try {
    url = new URL(next, baseUrl);
  } catch {
    return '/';
  }
  if (url.origin !== new URL(baseUrl).origin || url.pathname.startsWith('/api/')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

export { AppError };
