// Table-driven rule cases for the catalog tests (MI-AIMH, NCIMHA): each case
// is a whole portfolio and says which single rule it leaves unmet, so that a
// rule removed, renamed or given another number makes a case fail, and a rule
// added without cases makes the coverage check fail.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PortfolioInput } from '../../src/engine/portfolio.ts';
import {
  catalogs,
  type EvaluationResult,
  evaluate,
  evaluateRenewal,
  type RenewalResult,
  type RequirementResult,
} from '../../src/index.ts';
import { unmetIds } from './portfolio.ts';

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

export type Case = Expectation & { name: string; portfolio: PortfolioInput; on?: string };
export type RenewalCase = Expectation & {
  name: string;
  portfolio: PortfolioInput;
  from?: string;
  to?: string;
};

/** Cases keyed by rule id (without the credential prefix). */
export type CaseTable = Record<string, Case[]>;
export type RenewalTable = Record<string, RenewalCase[]>;

export interface CredentialTables {
  requirements: CaseTable;
  renewal: RenewalTable;
}

/** A rule id as `unmetIds` writes it: the credential prefix (and `renewal.`) removed. */
const shortId = (id: string) =>
  id
    .split('.')
    .slice(1)
    .join('.')
    .replace(/^renewal\./, '');

export function ruleResult(result: EvaluationResult | RenewalResult, rule: string): RequirementResult {
  const found = result.requirements.find((r) => shortId(r.id) === rule);
  if (!found) {
    throw new Error(`no rule "${rule}" in the result (${result.requirements.map((r) => r.id).join(', ')})`);
  }
  return found;
}

export function assertCase(result: EvaluationResult | RenewalResult, rule: string, c: Expectation): void {
  const judged = ruleResult(result, rule);
  if (c.expect === 'met') {
    assert.deepEqual(unmetIds(result), [], `expected every rule met; ${describeUnmet(result)}`);
    assert.equal(result.status, 'met');
    assert.equal(judged.status, 'met');
    assert.deepEqual(judged.missing, []);
    return;
  }
  assert.deepEqual(
    [...unmetIds(result)].sort(),
    [rule, ...(c.alsoUnmet ?? [])].sort(),
    `expected exactly ${[rule, ...(c.alsoUnmet ?? [])].join(', ')} unmet; ${describeUnmet(result)}`,
  );
  assert.equal(result.status, 'unmet');
  assert.equal(judged.status, 'unmet');
  assert.ok(judged.missing.length > 0, `${judged.id} is unmet but says nothing is missing`);
  assert.match(judged.missing.join(' | '), c.missing);
}

function describeUnmet(result: EvaluationResult | RenewalResult): string {
  const unmet = result.requirements.filter((r) => r.status === 'unmet');
  if (!unmet.length) return 'none unmet';
  return `unmet: ${unmet.map((r) => `${r.id} (${r.summary}; missing: ${r.missing.join(' | ')})`).join('; ')}`;
}

/** One test per case of a credential's requirement table, judged on `on` unless the case names a date. */
export function requirementTests(
  association: string,
  credential: string,
  table: CaseTable,
  on: string,
): void {
  for (const [rule, cases] of Object.entries(table)) {
    for (const c of cases) {
      test(`${rule}: ${c.name} → ${c.expect}`, () => {
        const result = evaluate(c.portfolio, { association, credential, on: c.on ?? on });
        assertCase(result, rule, c);
      });
    }
  }
}

/** One test per case of a credential's renewal table, for the period `from`..`to` unless the case names one. */
export function renewalTests(
  association: string,
  credential: string,
  table: RenewalTable,
  period: { from: string; to: string },
): void {
  for (const [rule, cases] of Object.entries(table)) {
    for (const c of cases) {
      test(`renewal ${rule}: ${c.name} → ${c.expect}`, () => {
        const result = evaluateRenewal(c.portfolio, {
          association,
          credential,
          from: c.from ?? period.from,
          to: c.to ?? period.to,
        });
        assertCase(result, rule, c);
      });
    }
  }
}

/**
 * Every credential of the association has tables; every rule (requirement and
 * renewal) has at least one case that leaves it unmet and one that meets it;
 * and every table key is a rule of the catalog.
 */
export function assertCoverage(association: string, tables: Record<string, CredentialTables>): void {
  const catalog = catalogs().get(association);
  assert.ok(catalog, `no catalog ${association}`);
  assert.deepEqual(
    Object.keys(tables).sort(),
    catalog.credentials.map((c) => c.id).sort(),
    'one set of case tables per credential of the catalog',
  );
  const gaps: string[] = [];
  for (const cred of catalog.credentials) {
    const own = tables[cred.id]!;
    for (const [list, rules, table] of [
      ['requirements', cred.requirements, own.requirements],
      ['renewal', cred.renewal, own.renewal],
    ] as const) {
      const ids = new Set(rules.map((r) => r.id));
      for (const id of ids) {
        const cases: Expectation[] = (table as Record<string, Expectation[]>)[id] ?? [];
        if (!cases.some((c) => c.expect === 'unmet')) gaps.push(`${cred.id} ${list} ${id}: no unmet case`);
        if (!cases.some((c) => c.expect === 'met')) gaps.push(`${cred.id} ${list} ${id}: no met case`);
      }
      for (const key of Object.keys(table)) {
        if (!ids.has(key)) gaps.push(`${cred.id} ${list} ${key}: cases for a rule the catalog does not have`);
      }
    }
  }
  assert.deepEqual(gaps, []);
}
