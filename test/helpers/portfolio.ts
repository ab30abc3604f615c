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

export const rsc = (from: string, to: string, hours: number, extra: Partial<Rsc> = {}): Rsc => ({
  from,
  to,
  hours,
  format: 'individual',
  provider: { name: 'Dana Mentor', endorsements: ['IMHM-C'], vetted: false },
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

/** Ids (without the credential prefix) of the requirements that are not met. */
export function unmetIds(result: EvaluationResult | RenewalResult): string[] {
  return result.requirements
    .filter((r) => r.status === 'unmet')
    .map((r) =>
      r.id
        .split('.')
        .slice(1)
        .join('.')
        .replace(/^renewal\./, ''),
    );
}
