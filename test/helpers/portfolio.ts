// Builders for test portfolios in the interchange format, so that each test
// states only what it is about.
import type { PortfolioInput } from '../../src/engine/portfolio.ts';
import type { EvaluationResult, RenewalResult, RequirementResult } from '../../src/index.ts';

type P = PortfolioInput;
type Degree = NonNullable<P['degrees']>[number];
type Work = NonNullable<P['work']>[number];
type Training = NonNullable<P['training']>[number];
type Rsc = NonNullable<P['rsc']>[number];
type Reference = NonNullable<P['references']>[number];

export function portfolio(parts: Partial<P> = {}): P {
  return { format: 'endorse-portfolio/1', person: { name: 'Test Applicant' }, ...parts };
}

/** Some sections of a portfolio. */
export type Parts = Partial<P>;
/** Builds a portfolio with some sections replaced. */
export type Variant = (over?: Parts) => P;

/** A portfolio builder: `base` with some parts replaced. */
export const variant =
  (base: Parts): Variant =>
  (over = {}) =>
    portfolio({ ...base, ...over });

export const degree = (level: Degree['level'], conferred: string, extra: Partial<Degree> = {}): Degree => ({
  level,
  conferred,
  transcript: 'official',
  ...extra,
});

export const work = (
  from: string,
  to: string | null,
  kinds: Work['kinds'],
  extra: Partial<Work> = {},
): Work => ({
  from,
  to,
  kinds,
  fte: 1,
  paid: true,
  supervised: true,
  internship: false,
  ...extra,
});

export const training = (
  date: string,
  hours: number,
  topics: Training['topics'] = [],
  extra: Partial<Training> = {},
): Training => ({
  date,
  hours,
  topics,
  ...extra,
});

/** The person providing RSC, endorsed as `endorsements` (and perhaps vetted). */
export const rscProvider = (
  endorsements: Rsc['provider']['endorsements'],
  vetted = false,
): Rsc['provider'] => ({
  name: 'Dana Mentor',
  endorsements,
  vetted,
});

export const rsc = (from: string, to: string, hours: number, extra: Partial<Rsc> = {}): Rsc => ({
  from,
  to,
  hours,
  format: 'individual',
  provider: rscProvider(['IMHM-C']),
  providingRscHours: 0,
  ...extra,
});

export const reference = (
  relationship: Reference['relationship'],
  extra: Partial<Reference> = {},
): Reference => ({
  name: `Rater (${relationship})`,
  relationship,
  current: true,
  raterEndorsements: [],
  raterVetted: false,
  submitted: '2020-01-01',
  ...extra,
});

/** Submitted references, one per relationship, with optional extra fields. */
export function refs(
  ...items: Array<Reference['relationship'] | [Reference['relationship'], Partial<Reference>]>
): Reference[] {
  return items.map((item) => (typeof item === 'string' ? reference(item) : reference(item[0], item[1])));
}

export const signed = (date = '2020-01-01') => ({ codeOfEthics: date, endorsementAgreement: date });

export const member = (association: string, from = '2000-01-01', to: string | null = '2100-12-31') => ({
  association,
  from,
  to,
});

/** The result of one requirement, found by the end of its id (e.g. "rsc.hours"). */
export function requirement(result: EvaluationResult | RenewalResult, idSuffix: string): RequirementResult {
  const found = result.requirements.find((r) => r.id.endsWith(`.${idSuffix}`));
  if (!found) {
    throw new Error(`no requirement *.${idSuffix} in ${result.requirements.map((r) => r.id).join(', ')}`);
  }
  return found;
}

/** A result's rule id without the credential prefix (and `renewal.`): "imhs.renewal.rsc.hours" is "rsc.hours". */
export const shortId = (id: string): string =>
  id
    .split('.')
    .slice(1)
    .join('.')
    .replace(/^renewal\./, '');

/** Ids (without the credential prefix) of the requirements that are not met. */
export function unmetIds(result: EvaluationResult | RenewalResult): string[] {
  return result.requirements.filter((r) => r.status === 'unmet').map((r) => shortId(r.id));
}

// --- Dates ------------------------------------------------------------------------

const MS_PER_DAY = 86_400_000;
const toMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The date `n` days after `date` (negative: before). */
export const addDays = (date: string, n: number): string => fromMs(toMs(date) + n * MS_PER_DAY);

/** The last day of a span of `days` calendar days that starts on `from` (both ends counted). */
export const through = (from: string, days: number): string => addDays(from, days - 1);
