// The library API: the same evaluation the `endorse` command prints.
import { catalogs, getCatalog } from './catalogs/index.ts';
import { toDay } from './engine/dates.ts';
import { type DescribedCredential, describeCredential } from './engine/describe.ts';
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
export type { DescribedCredential, DescribedRule } from './engine/describe.ts';
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
  return describeCredential(catalog, findCredential(catalog, options.credential), on, (rules) =>
    rulesInForce(rules, day),
  );
}
