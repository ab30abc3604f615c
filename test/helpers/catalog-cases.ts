// Table-driven rule cases for the catalog tests (MI-AIMH, CT-AIMH, NCIMHA,
// Alliance). Each case is a whole portfolio written from the seed text and
// keyed by the rule it is about: an "unmet" case must leave exactly that rule
// (and the rules it declares in `alsoUnmet`) unmet and say what is missing, a
// "met" case must leave nothing unmet. Removing a rule, renaming it or changing
// its number makes a case fail; adding a rule without cases makes the coverage
// check fail.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Rule, RuleKind } from '../../src/engine/catalog.ts';
import type { PortfolioInput } from '../../src/engine/portfolio.ts';
import {
  catalogs,
  type EvaluationResult,
  evaluate,
  evaluateRenewal,
  type RenewalResult,
  type RequirementResult,
} from '../../src/index.ts';
import { shortId, unmetIds } from './portfolio.ts';

export interface Period {
  from: string;
  to: string;
}

export type Expectation =
  | { expect: 'met' }
  | {
      expect: 'unmet';
      /** What the rule's `missing` text must say (a number, or what to add). */
      missing: RegExp;
      /**
       * Rules that by the seed's own words cannot be met either (post-graduate
       * work without the degree): listed so that the case still pins exactly
       * which rules fail.
       */
      alsoUnmet?: string[];
    };

/** One case: a portfolio and what the rule it is keyed by must say of it. */
export type Case = Expectation & {
  name: string;
  portfolio: PortfolioInput;
  /** Evaluation date (requirements); default the table's `on`. */
  on?: string;
  /** Renewal period; default the table's `period`. */
  period?: Period;
};

/** Cases keyed by rule id without the credential prefix (e.g. "rsc.hours"). */
export type CaseTable = Record<string, Case[]>;

export interface CredentialTable {
  credential: string;
  /** The default evaluation date. */
  on: string;
  /** A portfolio that meets every requirement on `on`. */
  complete: PortfolioInput;
  /** Other dates on which `complete` must also be met (e.g. either side of a dated rule). */
  alsoCompleteOn?: string[];
  /** The kinds of requirement the seed lists for the credential. */
  kinds?: RuleKind[];
  /** The seed file every requirement judged for `complete` must cite. */
  source?: string;
  requirements: CaseTable;
  /** The default renewal period. */
  period: Period;
  /** A portfolio that meets every renewal rule in `period`. */
  renewalComplete: PortfolioInput;
  renewal: CaseTable;
}

/** `cases` when `condition` holds, else none: for cases that differ between credentials. */
export const casesIf = (condition: boolean, cases: Case[]): Case[] => (condition ? cases : []);

/** `table` when `condition` holds, else none: for rules that only some credentials have. */
export const rulesIf = (condition: boolean, table: CaseTable): CaseTable => (condition ? table : {});

// --- Judging one case -------------------------------------------------------------

/** The result of the rule `rule` (an id without the credential prefix). */
export function ruleResult(result: EvaluationResult | RenewalResult, rule: string): RequirementResult {
  const found = result.requirements.find((r) => shortId(r.id) === rule);
  if (!found) {
    throw new Error(`no rule "${rule}" in the result (${result.requirements.map((r) => r.id).join(', ')})`);
  }
  return found;
}

function describeUnmet(result: EvaluationResult | RenewalResult): string {
  const unmet = result.requirements.filter((r) => r.status === 'unmet');
  if (!unmet.length) return 'none unmet';
  return `unmet: ${unmet.map((r) => `${r.id} (${r.summary}; missing: ${r.missing.join(' | ')})`).join('; ')}`;
}

export function assertCase(result: EvaluationResult | RenewalResult, rule: string, c: Expectation): void {
  const judged = ruleResult(result, rule);
  const shown = `${judged.id}: ${judged.summary} | missing: ${judged.missing.join('; ')}`;
  if (c.expect === 'met') {
    assert.equal(judged.status, 'met', shown);
    assert.deepEqual(judged.missing, [], shown);
    assert.deepEqual(unmetIds(result), [], `expected every rule met; ${describeUnmet(result)}`);
    assert.equal(result.status, 'met');
    return;
  }
  const expected = [rule, ...(c.alsoUnmet ?? [])].sort();
  assert.deepEqual(
    [...unmetIds(result)].sort(),
    expected,
    `expected exactly ${expected.join(', ')} unmet; ${describeUnmet(result)}`,
  );
  assert.equal(result.status, 'unmet');
  assert.equal(judged.status, 'unmet', shown);
  assert.ok(judged.missing.length > 0, `an unmet requirement says what is missing (${shown})`);
  for (const m of judged.missing) assert.ok(m.trim().length > 0, shown);
  assert.match(judged.missing.join('; '), c.missing, shown);
}

// --- Running the tables -----------------------------------------------------------

const caseDay = (table: CredentialTable, c: Case) => c.on ?? table.on;
const casePeriod = (table: CredentialTable, c: Case) => c.period ?? table.period;

/** One test per case of `cases`, judged by `judge`; `when` names the case's own date or period. */
function registerCases(
  list: string,
  cases: CaseTable,
  judge: (c: Case) => EvaluationResult | RenewalResult,
  when: (c: Case) => string,
): void {
  describe(list, () => {
    for (const [rule, ruleCases] of Object.entries(cases)) {
      for (const c of ruleCases) {
        test(`${rule} ${c.expect}: ${c.name}${when(c)}`, () => assertCase(judge(c), rule, c));
      }
    }
  });
}

/** Registers the tests of one credential's table. */
export function registerTable(association: string, table: CredentialTable): void {
  const credential = table.credential;
  describe(`${association} ${credential}`, () => {
    test(`a complete portfolio meets every requirement on ${table.on}`, () => {
      for (const on of [table.on, ...(table.alsoCompleteOn ?? [])]) {
        const result = evaluate(table.complete, { association, credential, on });
        assert.deepEqual(unmetIds(result), [], `on ${on}; ${describeUnmet(result)}`);
        assert.equal(result.status, 'met');
        assert.equal(result.on, on);
        assert.ok(result.requirements.length > 0);
        if (table.kinds) {
          assert.deepEqual(
            [...new Set(result.requirements.map((r) => r.kind))].sort(),
            [...table.kinds].sort(),
            'the kinds of requirement the seed lists',
          );
        }
        if (table.source) {
          for (const r of result.requirements) assert.equal(r.source, table.source, r.id);
        }
      }
    });
    test(`a complete renewal year ${table.period.from}..${table.period.to} is met`, () => {
      const result = evaluateRenewal(table.renewalComplete, { association, credential, ...table.period });
      assert.deepEqual(unmetIds(result), [], describeUnmet(result));
      assert.equal(result.status, 'met');
      assert.equal(result.from, table.period.from);
      assert.equal(result.to, table.period.to);
    });
    registerCases(
      'requirements',
      table.requirements,
      (c) => evaluate(c.portfolio, { association, credential, on: caseDay(table, c) }),
      (c) => (c.on ? ` (on ${c.on})` : ''),
    );
    registerCases(
      'renewal',
      table.renewal,
      (c) => evaluateRenewal(c.portfolio, { association, credential, ...casePeriod(table, c) }),
      (c) => (c.period ? ` (${c.period.from}..${c.period.to})` : ''),
    );
  });
}

// --- Coverage ---------------------------------------------------------------------

/** Whether a rule carries a number (hours, years, activities, …). */
function isNumeric(rule: Rule): boolean {
  switch (rule.kind) {
    case 'training':
    case 'rsc':
    case 'work':
      return true;
    case 'leadership':
      return rule.years !== undefined || rule.activities !== undefined;
    default:
      return false;
  }
}

const inForceOn = (rule: Rule, day: string) =>
  (!rule.inForce?.from || rule.inForce.from <= day) && (!rule.inForce?.to || day <= rule.inForce.to);

export interface CoverageOptions {
  /**
   * Which rules need a met case in the table besides an unmet one: every rule
   * (the default), or only the numeric ones, at their threshold (the others
   * are met by the complete portfolio).
   */
  metCases?: 'every rule' | 'numeric rules';
}

/**
 * There is one table per credential of the catalog; every rule of every
 * credential (requirements and renewal, each dated version on its own) has an
 * unmet case on a day it is in force, and a met case on such a day (every rule,
 * or the numeric ones: see `metCases`); and no table key names a rule the
 * catalog does not have.
 */
export function checkCoverage(
  association: string,
  tables: readonly CredentialTable[],
  { metCases = 'every rule' }: CoverageOptions = {},
): void {
  const catalog = catalogs().get(association);
  assert.ok(catalog, `no catalog ${association}`);
  assert.deepEqual(
    tables.map((t) => t.credential).sort(),
    catalog.credentials.map((c) => c.id).sort(),
    'one table per credential of the catalog',
  );
  const gaps: string[] = [];
  for (const cred of catalog.credentials) {
    const table = tables.find((t) => t.credential === cred.id)!;
    const lists = [
      ['requirements', cred.requirements as readonly Rule[], table.requirements],
      ['renewal', cred.renewal as readonly Rule[], table.renewal],
    ] as const;
    for (const [list, rules, cases] of lists) {
      const day = (c: Case) => (list === 'renewal' ? casePeriod(table, c).to : caseDay(table, c));
      for (const rule of rules) {
        const where = `${cred.id} ${list} rule ${rule.id}${rule.inForce ? ` (in force ${rule.inForce.from ?? '…'}..${rule.inForce.to ?? '…'})` : ''}`;
        const inForce = (cases[rule.id] ?? []).filter((c) => inForceOn(rule, day(c)));
        if (!inForce.some((c) => c.expect === 'unmet'))
          gaps.push(`${where}: no unmet case on a day it is in force`);
        if ((metCases === 'every rule' || isNumeric(rule)) && !inForce.some((c) => c.expect === 'met')) {
          gaps.push(`${where}: no met case on a day it is in force`);
        }
      }
      for (const key of Object.keys(cases)) {
        if (!rules.some((r) => r.id === key)) {
          gaps.push(`${cred.id} ${list} ${key}: cases for a rule the catalog does not have`);
        }
      }
    }
  }
  assert.deepEqual(gaps, []);
}
