// What every rule evaluator receives, and what it returns.
import type { Catalog, CredentialDef } from './catalog.ts';
import type { Day } from './dates.ts';
import { formatDay } from './dates.ts';
import type { PreparedPortfolio } from './portfolio.ts';

export interface Context {
  portfolio: PreparedPortfolio;
  catalog: Catalog;
  credential: CredentialDef;
  /** The evaluation date: entries that begin after it are ignored, open ends end on it. */
  on: Day;
  /** For a renewal year: the period judged (both ends inclusive); `on` is its last day. */
  period?: { from: Day; to: Day };
}

export interface Outcome {
  met: boolean;
  /** One line with the numbers, e.g. "42 of 50 hours between 2015-01-05 and 2016-06-30". */
  summary: string;
  /** What is missing, in words a person can act on. Empty when met. */
  missing: string[];
  /** JSON paths of the portfolio entries the result used. */
  evidence: string[];
}

export const DAYS_PER_YEAR = 365.25;

/** Hours as people write them: 42, 42.5, 0.25. */
export function hoursText(hours: number): string {
  return String(Math.round(hours * 100) / 100);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${hoursText(n)} ${n === 1 ? one : many}`;
}

/** Years of experience, rounded down so that "2 of 2" is never shown for 1.999. */
export function yearsText(days: number): string {
  return String(Math.floor((days / DAYS_PER_YEAR) * 100) / 100);
}

export const dayText = formatDay;

export function listText(items: readonly string[], conjunction = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}
