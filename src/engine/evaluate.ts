// The engine: portfolio + catalog + date in, explained result out. Pure: no I/O, no clock.
import type { Catalog, CredentialDef, Rule, RuleKind, RuleOf } from './catalog.ts';
import type { Context, Need, Outcome } from './context.ts';
import { addMonths, type Day, endOfMonths, formatDay, toDay } from './dates.ts';
import { type PreparedPortfolio, preparePortfolio } from './portfolio.ts';
import { evaluateEducation } from './rules/education.ts';
import { evaluateReferences } from './rules/references.ts';
import { evaluateRsc } from './rules/rsc.ts';
import { evaluateAgreements, evaluateExam, evaluateLeadership, evaluateMembership } from './rules/simple.ts';
import { evaluateTraining } from './rules/training.ts';
import { evaluateWork } from './rules/work.ts';

export type Status = 'met' | 'unmet';

export interface RequirementResult {
  id: string;
  kind: RuleKind;
  status: Status;
  summary: string;
  missing: string[];
  /** What would complete it, for programs: `missing` in data (see `Need`). */
  needs: Need[];
  evidence: string[];
  /** The seed file the rule comes from. */
  source: string;
  /** Other seed files the rule relies on. */
  also?: string[];
  /** The dates between which the version of the rule used is in force, when it is dated. */
  inForce?: { from?: string; to?: string };
}

export interface EvaluationResult {
  association: string;
  credential: string;
  on: string;
  status: Status;
  requirements: RequirementResult[];
}

export interface RenewalResult extends Omit<EvaluationResult, 'on'> {
  from: string;
  to: string;
}

const evaluators: { [K in RuleKind]: (rule: RuleOf<K>, ctx: Context) => Outcome } = {
  education: evaluateEducation,
  work: evaluateWork,
  leadership: evaluateLeadership,
  training: evaluateTraining,
  rsc: evaluateRsc,
  references: evaluateReferences,
  agreements: evaluateAgreements,
  exam: evaluateExam,
  membership: evaluateMembership,
};

export class UsageError extends Error {
  override name = 'UsageError';
}

export function findCredential(catalog: Catalog, credential: string): CredentialDef {
  const found = catalog.credentials.find((c) => c.id === credential.toUpperCase());
  if (!found) {
    throw new UsageError(
      `${catalog.id} has no credential "${credential}"; it has ${catalog.credentials.map((c) => c.id).join(', ')}`,
    );
  }
  return found;
}

/** The version of each rule in force on `day` (rules without dates are always in force). */
export function rulesInForce<R extends Rule>(rules: readonly R[], day: Day): R[] {
  return rules.filter((r) => {
    const f = r.inForce;
    return !f || ((!f.from || toDay(f.from) <= day) && (!f.to || day <= toDay(f.to)));
  });
}

function judge(rules: readonly Rule[], ctx: Context, prefix: string): RequirementResult[] {
  return rules.map((rule) => {
    const outcome = (evaluators[rule.kind] as (r: Rule, c: Context) => Outcome)(rule, ctx);
    const result: RequirementResult = {
      id: `${prefix}.${rule.id}`,
      kind: rule.kind,
      status: outcome.met ? 'met' : 'unmet',
      summary: outcome.summary,
      missing: outcome.missing,
      needs: outcome.needs,
      evidence: outcome.evidence,
      source: rule.source,
    };
    // Added after the others, in this order, as a result is written out; not spread (a copy for each rule).
    if (rule.also) result.also = rule.also;
    if (rule.inForce) result.inForce = rule.inForce;
    return result;
  });
}

const overall = (requirements: readonly RequirementResult[]): Status =>
  requirements.every((r) => r.status === 'met') ? 'met' : 'unmet';

/** Judges an application for `credential` on the date `on` (YYYY-MM-DD). */
export function evaluateCredential(
  portfolio: unknown,
  catalog: Catalog,
  credential: string,
  on: string,
): EvaluationResult {
  const prepared = preparePortfolio(portfolio);
  const cred = findCredential(catalog, credential);
  const day = parseDate(on, 'on');
  const ctx: Context = { portfolio: prepared, catalog, credential: cred, on: day };
  const requirements = judge(rulesInForce(cred.requirements, day), ctx, cred.id.toLowerCase());
  return {
    association: catalog.id,
    credential: cred.id,
    on: formatDay(day),
    status: overall(requirements),
    requirements,
  };
}

/**
 * Judges one renewal year, `from` to `to` inclusive. Without dates it is the
 * 12 months ending on `on`; with only one end, the 12 months from or to it.
 */
export function evaluateRenewalPeriod(
  portfolio: unknown,
  catalog: Catalog,
  credential: string,
  period: { from?: string | undefined; to?: string | undefined; on: string },
): RenewalResult {
  const prepared: PreparedPortfolio = preparePortfolio(portfolio);
  const cred = findCredential(catalog, credential);
  const given = period.from === undefined ? undefined : parseDate(period.from, 'from');
  const to =
    period.to !== undefined
      ? parseDate(period.to, 'to')
      : given !== undefined
        ? endOfMonths(given, 12)
        : parseDate(period.on, 'on');
  const from = given ?? addMonths(to + 1, -12);
  if (from > to)
    throw new UsageError(`the renewal period starts (${formatDay(from)}) after it ends (${formatDay(to)})`);
  const ctx: Context = { portfolio: prepared, catalog, credential: cred, on: to, period: { from, to } };
  const requirements = judge(rulesInForce(cred.renewal, to), ctx, `${cred.id.toLowerCase()}.renewal`);
  return {
    association: catalog.id,
    credential: cred.id,
    from: formatDay(from),
    to: formatDay(to),
    status: overall(requirements),
    requirements,
  };
}

export interface EligibilityRow {
  credential: string;
  name: string;
  level: number;
  status: Status;
  unmet: number;
  requirements: number;
}

/** Every credential of the association with its status, best fit first. */
export function evaluateEligibility(portfolio: unknown, catalog: Catalog, on: string): EligibilityRow[] {
  const prepared = preparePortfolio(portfolio);
  const rows = catalog.credentials.map((c) => {
    const result = evaluateCredential(prepared, catalog, c.id, on);
    return {
      credential: c.id,
      name: c.name,
      level: c.level,
      status: result.status,
      unmet: result.requirements.filter((r) => r.status === 'unmet').length,
      requirements: result.requirements.length,
    };
  });
  // Met first; then fewest unmet; among equals the higher level is the better fit.
  return rows.sort((a, b) => a.unmet - b.unmet || b.level - a.level);
}

function parseDate(text: string, name: string): Day {
  try {
    return toDay(text);
  } catch {
    throw new UsageError(`--${name} must be a date written YYYY-MM-DD, not "${text}"`);
  }
}
