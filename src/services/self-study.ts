// Self-study: "which credential fits me?" before applying. The applicant's
// answers to a short set of questions become an interchange portfolio (a pure
// function: answers + date in, portfolio out), and the engine judges it
// against every credential of the chosen associations. This replaces the
// associations' "Getting Started" self-study worksheet. References, signed
// agreements and the exam belong to the application itself, so they are shown
// as coming later and do not decide whether a credential fits now.
import { catalogs } from '../catalogs/index.ts';
import { addMonths, type Day, formatDay, toDay } from '../engine/dates.ts';
import type { CredentialId, DegreeLevel, PortfolioInput, WorkKind } from '../engine/portfolio.ts';
import { describe, eligible, evaluate, type RequirementResult } from '../index.ts';

export const leadershipKinds = ['practice-leader', 'policy-leadership', 'research-faculty'] as const;
export type LeadershipKind = (typeof leadershipKinds)[number] & WorkKind;

/** The answers, as numbers and choices (the form's schema turns the text fields into these). */
export interface SelfStudyAnswers {
  /** Highest degree, or none. */
  degree: DegreeLevel | 'none';
  /** The year it was conferred (required with a degree). */
  degreeYear?: number | undefined;
  /** Years (full-time) of paid work in the infant, early childhood and family field since the degree. */
  familyYears: number;
  /** Of those, years of relationship-based IMH work with infants/toddlers and their parents. */
  imhYears: number;
  /** Training hours in all, and how many of them were about IMH, RSC and DEI. */
  trainingHours: number;
  imhTrainingHours: number;
  rscTrainingHours: number;
  deiTrainingHours: number;
  /** RSC hours received, over how many months, from a provider with which endorsement. */
  rscHours: number;
  rscMonths: number;
  rscProvider: CredentialId | 'vetted' | 'none';
  /** Whether the person provides RSC to others, for how many years, and how many of the RSC hours received were about it. */
  providesRsc: boolean;
  providingRscYears: number;
  rscAboutProvidingHours: number;
  /** Years of leadership, and in what role. */
  leadershipYears: number;
  leadershipKinds: readonly LeadershipKind[];
  /** A membership: of the chosen associations, of another infant mental health association, or none. */
  membership: 'none' | 'chosen' | 'other';
}

/** The association id a membership "of another infant mental health association" is written with. */
export const OTHER_ASSOCIATION = 'other-imh-association';

const DAYS_PER_YEAR = 365.25;

/** The first day of a span of `years` (full-time) ending on `on`, both ends counted. */
function yearsBefore(on: Day, years: number): Day {
  return on - Math.ceil(years * DAYS_PER_YEAR) + 1;
}

/** The first day of a span of `months` calendar months ending on `on`: 12 months to 2016-01-04 start 2015-01-05. */
function monthsBefore(on: Day, months: number): Day {
  return addMonths(on, -months) + 1;
}

type Work = NonNullable<PortfolioInput['work']>[number];
type Rsc = NonNullable<PortfolioInput['rsc']>[number];

/**
 * The interchange portfolio the answers describe, judged on `on`. How the
 * answers are read (the questions say so too):
 * - the degree was conferred on 1 January of its year, with an official
 *   transcript (transcripts are sent with the application);
 * - work, leadership and RSC are the most recent years or months up to `on`,
 *   paid, supervised and full-time; IMH work counts as work in the infant and
 *   family field too, so overlapping years are counted once;
 * - all training hours are dated `on`, each topic's hours in its own entry;
 * - RSC over more than 24 months is spread evenly over those months, so that
 *   the engine can look for the best window of at most 24 months;
 * - a membership covers `on`.
 */
export function selfStudyPortfolio(
  answers: SelfStudyAnswers,
  options: { on: string; associations: readonly string[]; name?: string },
): PortfolioInput {
  const on = toDay(options.on);
  const today = formatDay(on);
  const portfolio: PortfolioInput = {
    format: 'endorse-portfolio/1',
    person: { name: options.name?.trim() || 'Self-study' },
    degrees: [],
    work: [],
    training: [],
    rsc: [],
    leadership: [],
    memberships: [],
  };

  if (answers.degree !== 'none' && answers.degreeYear !== undefined) {
    portfolio.degrees!.push({
      level: answers.degree,
      conferred: `${String(answers.degreeYear).padStart(4, '0')}-01-01`,
      transcript: 'official',
    });
  }

  const work = (years: number, kinds: Work['kinds'], title: string): Work => ({
    title,
    from: formatDay(yearsBefore(on, years)),
    to: today,
    fte: 1,
    paid: true,
    supervised: true,
    internship: false,
    kinds,
  });
  if (answers.familyYears > 0)
    portfolio.work!.push(work(answers.familyYears, ['infant-family'], 'Work in the infant and family field'));
  if (answers.imhYears > 0)
    portfolio.work!.push(
      work(answers.imhYears, ['imh-dyadic'], 'Relationship-based infant mental health work'),
    );
  if (answers.providesRsc && answers.providingRscYears > 0)
    portfolio.work!.push(work(answers.providingRscYears, ['rsc-provision'], 'Providing RSC to others'));
  if (answers.leadershipYears > 0) {
    portfolio.leadership!.push({
      activity: 'Leadership in the infant and family field',
      from: formatDay(yearsBefore(on, answers.leadershipYears)),
      to: today,
    });
    if (answers.leadershipKinds.length)
      portfolio.work!.push(work(answers.leadershipYears, [...answers.leadershipKinds], 'Leadership'));
  }

  const topicHours = [
    ['imh', answers.imhTrainingHours, 'Training specific to infant mental health'],
    ['rsc', answers.rscTrainingHours, 'Training about reflective supervision/consultation'],
    ['dei', answers.deiTrainingHours, 'Training on diversity, equity and inclusion'],
  ] as const;
  for (const [topic, hours, title] of topicHours) {
    if (hours > 0) portfolio.training!.push({ title, date: today, hours, topics: [topic] });
  }
  const rest = answers.trainingHours - topicHours.reduce((s, [, h]) => s + h, 0);
  if (rest > 0)
    portfolio.training!.push({
      title: 'Other relationship-based training',
      date: today,
      hours: rest,
      topics: [],
    });

  if (answers.rscHours > 0 && answers.rscMonths > 0) {
    const provider = {
      endorsements:
        answers.rscProvider === 'vetted' || answers.rscProvider === 'none' ? [] : [answers.rscProvider],
      vetted: answers.rscProvider === 'vetted',
    };
    const providing = answers.providesRsc ? Math.min(answers.rscAboutProvidingHours, answers.rscHours) : 0;
    const months = Math.round(answers.rscMonths);
    const start = monthsBefore(on, months);
    const entry = (from: Day, to: Day, share: number): Rsc => ({
      from: formatDay(from),
      to: formatDay(to),
      hours: answers.rscHours * share,
      format: 'individual',
      provider,
      providingRscHours: providing * share,
    });
    if (months <= 24) portfolio.rsc!.push(entry(start, on, 1));
    else
      for (let i = 0; i < months; i++)
        portfolio.rsc!.push(entry(addMonths(start, i), addMonths(start, i + 1) - 1, 1 / months));
  }

  if (answers.membership === 'chosen')
    for (const association of options.associations)
      portfolio.memberships!.push({ association, from: today, to: null });
  if (answers.membership === 'other')
    portfolio.memberships!.push({ association: OTHER_ASSOCIATION, from: today, to: null });

  return portfolio;
}

// ---------------------------------------------------------------------------
// What fits: every credential of each chosen association, best fit first.

/** Requirements met in the application itself, after the self-study: they never decide the fit. */
export const laterKinds: ReadonlySet<RequirementResult['kind']> = new Set([
  'references',
  'agreements',
  'exam',
]);

export interface RequirementFit {
  id: string;
  kind: RequirementResult['kind'];
  /** What the requirement asks, in plain words. */
  text: string;
  status: RequirementResult['status'];
  /** What was counted ("42 of 50 hours …"). */
  summary: string;
  /** What is still missing, in words a person can act on. */
  missing: string[];
}

export interface CredentialFit {
  credential: string;
  name: string;
  level: number;
  /** Every requirement that can be judged now is met. */
  fits: boolean;
  /** Unmet requirements among those judged now. */
  unmet: number;
  now: RequirementFit[];
  later: RequirementFit[];
}

export interface AssociationFit {
  association: string;
  name: string;
  credentials: CredentialFit[];
}

/** For every credential of each association (ids), whether it fits and what is missing, best fit first. */
export function selfStudyResults(
  portfolio: unknown,
  associations: readonly string[],
  on: string,
): AssociationFit[] {
  return associations.map((association) => {
    const catalog = catalogs().get(association);
    if (!catalog) return { association, name: association, credentials: [] };
    // The engine's order (met first, fewest unmet, higher level) is the tie-break below.
    const rows = eligible(portfolio, { association, on });
    const credentials = rows.map((row): CredentialFit => {
      const result = evaluate(portfolio, { association, credential: row.credential, on });
      const texts = new Map(
        describe({ association, credential: row.credential, on }).requirements.map((r) => [r.id, r.text]),
      );
      const fit = (r: RequirementResult): RequirementFit => ({
        id: r.id,
        kind: r.kind,
        text: texts.get(r.id) ?? r.summary,
        status: r.status,
        summary: r.summary,
        missing: r.missing,
      });
      const now = result.requirements.filter((r) => !laterKinds.has(r.kind)).map(fit);
      const later = result.requirements.filter((r) => laterKinds.has(r.kind)).map(fit);
      const unmet = now.filter((r) => r.status === 'unmet').length;
      return {
        credential: row.credential,
        name: row.name,
        level: row.level,
        fits: unmet === 0,
        unmet,
        now,
        later,
      };
    });
    const order = new Map(rows.map((r, i) => [r.credential, i]));
    credentials.sort(
      (a, b) => a.unmet - b.unmet || b.level - a.level || order.get(a.credential)! - order.get(b.credential)!,
    );
    return { association, name: catalog.name, credentials };
  });
}
