// What a reference request and a rating are, in words and numbers the rater's
// form, the applicant's page and the mails share. Pure.
import type { Relationship } from '../engine/portfolio.ts';

export const REFERENCE_LINK_DAYS = 30;
export const REMINDER_DAYS = [7, 14] as const;
/** A rating with this many "not enough information" answers or more does not count. */
export const NOT_ENOUGH_INFORMATION_LIMIT = 6;
/** The rating scale: 1–4, or "not enough information" (stored as null). */
export const ratingScale = [
  { value: '1', label: '1: Not yet' },
  { value: '2', label: '2: Sometimes' },
  { value: '3', label: '3: Consistently' },
  { value: '4', label: '4: Exceptionally' },
  { value: 'ni', label: 'Not enough information' },
] as const;
export type RatingValue = (typeof ratingScale)[number]['value'];

/** How the rater knows the applicant, in the rater's words (the applicant's labels say "your …"). */
export const raterRoleText: Record<Relationship, string> = {
  'program-supervisor': 'their program supervisor',
  'department-chair': 'their department supervisor or chair',
  teacher: 'their teacher',
  'cda-mentor': 'their CDA mentor',
  instructor: 'their instructor',
  trainer: 'their trainer',
  consultant: 'their consultant',
  colleague: 'a colleague',
  supervisee: 'someone they supervise',
  'rsc-provider': 'the person who provides their reflective supervision/consultation (RSC)',
  'rsc-recipient': 'someone who receives reflective supervision/consultation (RSC) from them',
  student: 'a student they taught or supervised',
  'service-recipient': 'a parent or service recipient they worked with',
};

// One formatter for every date: making one is far slower than using it, and
// the renewal sweep writes thousands of dates a run.
const longDates = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' });

/** "December 22, 2026" (UTC). */
export function longDate(iso: string): string {
  return longDates.format(new Date(iso));
}
