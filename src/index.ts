// The library API: the same evaluation the `endorse` command prints.
import { catalogs, getCatalog } from './catalogs/index.ts';
import { toDay } from './engine/dates.ts';
import { type CompetencyDomain, type Designation } from './catalogs/competencies.ts';
import type { Catalog, CredentialDef } from './engine/catalog.ts';
import {
  type DescribedCompetencies,
  type DescribedCredential,
  describeCredential,
} from './engine/describe.ts';
import {
  type EligibilityRow,
  type EvaluationResult,
  evaluateCredential,
  evaluateEligibility,
  evaluateRenewalPeriod,
  findCredential,
  type RenewalResult,
  rulesInForce,
} from './engine/evaluate.ts';

export type { Catalog, CatalogInput, CredentialDef, Rule } from './engine/catalog.ts';
export { CatalogError, loadCatalog } from './engine/catalog.ts';
export type { Need, RaterOption } from './engine/context.ts';
export type { DescribedCompetencies, DescribedCredential, DescribedRule } from './engine/describe.ts';
export type {
  EligibilityRow,
  EvaluationResult,
  RenewalResult,
  RequirementResult,
  Status,
} from './engine/evaluate.ts';
export { UsageError } from './engine/evaluate.ts';
export type { Portfolio, PortfolioInput, PortfolioProblem, PreparedPortfolio } from './engine/portfolio.ts';
export { PortfolioError, parsePortfolio, portfolioJsonSchema, preparePortfolio } from './engine/portfolio.ts';
export { catalogs, getCatalog };

/** Today as YYYY-MM-DD (UTC): the default evaluation date. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export interface EvaluateOptions {
  association: string;
  credential: string;
  /** Evaluation date, YYYY-MM-DD; default today. */
  on?: string;
}

/** Judges a portfolio (raw JSON value or prepared) against one credential. */
export function evaluate(portfolio: unknown, options: EvaluateOptions): EvaluationResult {
  return evaluateCredential(
    portfolio,
    getCatalog(options.association),
    options.credential,
    options.on ?? today(),
  );
}

export interface RenewalOptions {
  association: string;
  credential: string;
  /** First day of the renewal year; default: 12 months before `to`. */
  from?: string;
  /** Last day of the renewal year; default: 12 months after `from`, or else today. */
  to?: string;
}

export function evaluateRenewal(portfolio: unknown, options: RenewalOptions): RenewalResult {
  return evaluateRenewalPeriod(portfolio, getCatalog(options.association), options.credential, {
    from: options.from,
    to: options.to,
    on: today(),
  });
}

/** Every credential of an association with its status and count of unmet requirements, best fit first. */
export function eligible(
  portfolio: unknown,
  options: { association: string; on?: string },
): EligibilityRow[] {
  return evaluateEligibility(portfolio, getCatalog(options.association), options.on ?? today());
}

/** A credential's requirements in force on a date, in plain language with their sources. */
export function describe(options: {
  association: string;
  credential: string;
  on?: string;
}): DescribedCredential {
  const catalog = getCatalog(options.association);
  const on = options.on ?? today();
  const day = toDay(on);
  const credential = findCredential(catalog, options.credential);
  const described = describeCredential(catalog, credential, on, (rules) => rulesInForce(rules, day));
  const competencies = competenciesOf(catalog, credential);
  return competencies ? { ...described, competencies } : described;
}

const designationOf: Record<NonNullable<CredentialDef['category']>, Designation> = {
  clinical: 'C',
  policy: 'P',
  'research-faculty': 'R-F',
};

/**
 * The Competency Guidelines' domains a Mentor applicant documents (004): the
 * competencies coded A (every designation) or with the credential's own code.
 * The Guidelines list them for the Mentor designations only.
 */
function competenciesOf(catalog: Catalog, credential: CredentialDef): DescribedCompetencies | undefined {
  if (!catalog.competencies || !credential.category) return undefined;
  const designation = designationOf[credential.category];
  const applies = (codes: readonly Designation[]) => codes.filter((c) => c === 'A' || c === designation);
  const domains = (catalog.competencies.domains as CompetencyDomain[]).flatMap((d) => {
    const competencies = d.competencies
      .filter((c) => applies(c.designations).length)
      .map((c) => ({ id: c.id, text: c.text, codes: applies(c.designations) }));
    if (!competencies.length) return [];
    const codes = (['A', designation] as const).filter((code) =>
      competencies.some((c) => c.codes.includes(code)),
    );
    return [{ id: d.id, number: d.number, name: d.name, codes, competencies }];
  });
  return { source: catalog.competencies.source, designation, domains };
}
