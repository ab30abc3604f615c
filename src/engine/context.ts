// What every rule evaluator receives, and what it returns.
import type { Catalog, CredentialDef } from './catalog.ts';
import type { Day } from './dates.ts';
import { formatDay } from './dates.ts';
import type { CredentialId, PreparedPortfolio, Relationship, TrainingTopic } from './portfolio.ts';

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
  /**
   * What would complete the requirement, for programs: adding every need
   * (each in one of its forms) meets it. The same advice as `missing`, which
   * is written from it; empty when met, and for what no entry can add (time
   * still to pass, a degree to earn first).
   */
  needs: Need[];
}

/** A rater who would fill an open slot: `current` in the role, endorsed when `endorsed` says so. */
export interface RaterOption {
  relationship: Relationship;
  current: boolean;
  endorsed?: { endorsements: 'any' | CredentialId[]; vetted: boolean };
}

/** One entry to add to the portfolio (dates YYYY-MM-DD, both ends inclusive). */
export type Need =
  | { section: 'references'; anyOf: RaterOption[] }
  | { section: 'training'; hours: number; topic?: TrainingTopic; from?: string; to: string }
  | {
      section: 'rsc';
      hours: number;
      providingRscHours: number;
      /** Received on or after this day (no bound when absent). */
      from?: string;
      to: string;
      /** The provider must hold one of these (or be vetted, where `vetted`). */
      provider?: { endorsements: CredentialId[]; vetted: boolean };
    }
  | { section: 'agreements'; agreement: 'codeOfEthics' | 'endorsementAgreement'; by: string }
  | { section: 'exam'; by: string }
  | { section: 'memberships'; associations: 'any' | string[]; covering: string }
  | { section: 'leadership'; activities: number; by: string };

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
