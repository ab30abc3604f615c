// Tables of catalog cases keyed by rule id, and the checks that run them, for
// the CT-AIMH and Alliance catalog tests. Each case is a portfolio written from
// the seed text and the rule it is about; an "unmet" case must leave exactly
// that rule unmet, so removing a rule or changing its number fails the suite.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Rule, RuleKind } from '../../src/engine/catalog.ts';
import type { PortfolioInput, WorkKind } from '../../src/engine/portfolio.ts';
import {
  catalogs,
  type EvaluationResult,
  evaluate,
  evaluateRenewal,
  type RenewalResult,
} from '../../src/index.ts';
import { portfolio, reference, requirement, unmetIds, work } from './portfolio.ts';

type Reference = NonNullable<PortfolioInput['references']>[number];
type Relationship = Reference['relationship'];

/** One case: a portfolio and what the rule it is about must say of it. */
export type Case = {
  /** Rule id without the credential prefix, e.g. "rsc.hours". */
  rule: string;
  name: string;
  portfolio: PortfolioInput;
  /** Evaluation date (requirements); default the table's. */
  on?: string;
  /** Renewal period; default the table's. */
  period?: { from: string; to: string };
} & ({ expect: 'met' } | { expect: 'unmet'; missing: RegExp });

export interface CredentialTable {
  credential: string;
  /** The default evaluation date. */
  on: string;
  /** A portfolio that meets every requirement on `on`. */
  complete: PortfolioInput;
  /** Other dates on which `complete` must also be met (e.g. either side of a dated rule). */
  alsoCompleteOn?: string[];
  /** The kinds of requirement the seed lists for the credential. */
  kinds: RuleKind[];
  requirements: Case[];
  /** The default renewal year. */
  period: { from: string; to: string };
  /** A portfolio that meets every renewal rule in `period`. */
  renewalComplete: PortfolioInput;
  renewal: Case[];
}

// --- Dates ----------------------------------------------------------------

const MS_PER_DAY = 86_400_000;
const toMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The date `n` days after `date` (negative: before). */
export const addDays = (date: string, n: number): string => fromMs(toMs(date) + n * MS_PER_DAY);

/** The last day of a span of `days` calendar days that starts on `from` (both ends counted). */
export const through = (from: string, days: number): string => addDays(from, days - 1);

// --- Portfolio parts --------------------------------------------------------

type Parts = Partial<PortfolioInput>;

/** A portfolio builder: `base` with some parts replaced. */
export const variant =
  (base: Parts) =>
  (over: Parts = {}): PortfolioInput =>
    portfolio({ ...base, ...over });

/** Submitted references, one per relationship, with optional extra fields. */
export function refs(...items: Array<Relationship | [Relationship, Partial<Reference>]>): Reference[] {
  return items.map((item) => (typeof item === 'string' ? reference(item) : reference(item[0], item[1])));
}

// --- Cases shared by the catalogs -------------------------------------------

/**
 * "Three years of post-graduate experience" of one kind, counted after the
 * degree conferred on `conferred` (spec readings 2 and 3): 3 × 365.25 = 1095.75
 * days, so 1096 full-time days meet it, 1095 do not, and 4383 days at quarter
 * time meet it exactly. `others` are work entries kept alongside.
 */
export function postGraduateWorkCases(
  v: (over?: Parts) => PortfolioInput,
  rule: string,
  kind: WorkKind,
  conferred: string,
  others: NonNullable<PortfolioInput['work']> = [],
): Case[] {
  const start = addDays(conferred, 1);
  const w = (from: string, days: number, fte = 1) => ({
    work: [...others, work(from, through(from, days), [kind], { fte })],
  });
  return [
    { rule, name: '1096 full-time days after the degree', portfolio: v(w(start, 1096)), expect: 'met' },
    {
      rule,
      name: '1095 full-time days after the degree',
      portfolio: v(w(start, 1095)),
      expect: 'unmet',
      missing: /1 more .*day/,
    },
    {
      rule,
      name: 'exactly 3 years at quarter time (4383 days × 0.25 = 1095.75)',
      portfolio: v(w(start, 4383, 0.25)),
      expect: 'met',
    },
    {
      rule,
      name: '4382 days at quarter time',
      portfolio: v(w(start, 4382, 0.25)),
      expect: 'unmet',
      missing: /more .*day/,
    },
    {
      rule,
      name: '"post-graduate": the year before the degree does not count',
      portfolio: v({ work: [...others, work(addDays(start, -365), through(start, 1095), [kind])] }),
      expect: 'unmet',
      missing: /1 more .*day/,
    },
  ];
}

// --- Running the tables -------------------------------------------------------

function check(result: EvaluationResult | RenewalResult, c: Case): void {
  const req = requirement(result, c.rule);
  const shown = `${req.id}: ${req.summary} | missing: ${req.missing.join('; ')}`;
  if (c.expect === 'met') {
    assert.equal(req.status, 'met', shown);
    assert.deepEqual(req.missing, [], shown);
    assert.deepEqual(unmetIds(result), [], `nothing else may be unmet (${shown})`);
    assert.equal(result.status, 'met');
    return;
  }
  assert.deepEqual(unmetIds(result), [c.rule], `exactly ${c.rule} must be unmet (${shown})`);
  assert.equal(result.status, 'unmet');
  assert.ok(req.missing.length > 0, `an unmet requirement says what is missing (${shown})`);
  for (const m of req.missing) assert.ok(m.trim().length > 0, shown);
  assert.match(req.missing.join('; '), c.missing, shown);
}

const caseDate = (table: CredentialTable, c: Case) => c.on ?? table.on;
const casePeriod = (table: CredentialTable, c: Case) => c.period ?? table.period;

/** Registers the tests of one credential's table. */
export function registerTable(association: string, table: CredentialTable): void {
  const credential = table.credential;
  describe(`${association} ${credential}`, () => {
    test(`a complete portfolio meets every requirement on ${table.on}`, () => {
      for (const on of [table.on, ...(table.alsoCompleteOn ?? [])]) {
        const result = evaluate(table.complete, { association, credential, on });
        assert.deepEqual(unmetIds(result), [], `on ${on}`);
        assert.equal(result.status, 'met');
        assert.equal(result.on, on);
        assert.deepEqual(
          [...new Set(result.requirements.map((r) => r.kind))].sort(),
          [...table.kinds].sort(),
          'the kinds of requirement the seed lists',
        );
      }
    });
    test(`a complete renewal year ${table.period.from}..${table.period.to} is met`, () => {
      const result = evaluateRenewal(table.renewalComplete, { association, credential, ...table.period });
      assert.deepEqual(unmetIds(result), []);
      assert.equal(result.status, 'met');
      assert.equal(result.from, table.period.from);
      assert.equal(result.to, table.period.to);
    });
    describe('requirements', () => {
      for (const c of table.requirements) {
        test(`${c.rule} ${c.expect}: ${c.name}${c.on ? ` (on ${c.on})` : ''}`, () => {
          check(evaluate(c.portfolio, { association, credential, on: caseDate(table, c) }), c);
        });
      }
    });
    describe('renewal', () => {
      for (const c of table.renewal) {
        const period = casePeriod(table, c);
        test(`${c.rule} ${c.expect}: ${c.name}${c.period ? ` (${period.from}..${period.to})` : ''}`, () => {
          check(evaluateRenewal(c.portfolio, { association, credential, ...period }), c);
        });
      }
    });
  });
}

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

/**
 * Every rule of every credential of the catalog has an unmet case in its table
 * (each dated version one on a day it is in force), every numeric rule also a
 * met case, and no case names a rule the catalog does not have.
 */
export function checkCoverage(association: string, tables: readonly CredentialTable[]): void {
  const catalog = catalogs().get(association);
  assert.ok(catalog, `no catalog ${association}`);
  assert.deepEqual(
    tables.map((t) => t.credential).sort(),
    catalog.credentials.map((c) => c.id).sort(),
    'one table per credential of the catalog',
  );
  for (const cred of catalog.credentials) {
    const table = tables.find((t) => t.credential === cred.id)!;
    const lists = [
      ['requirements', cred.requirements as readonly Rule[], table.requirements],
      ['renewal', cred.renewal as readonly Rule[], table.renewal],
    ] as const;
    for (const [list, rules, cases] of lists) {
      for (const rule of rules) {
        const where = `${cred.id} ${list} rule ${rule.id}${rule.inForce ? ` (in force ${rule.inForce.from ?? '…'}..${rule.inForce.to ?? '…'})` : ''}`;
        const unmet = cases.filter((c) => c.rule === rule.id && c.expect === 'unmet');
        const met = cases.filter((c) => c.rule === rule.id && c.expect === 'met');
        const day = (c: Case) => (list === 'renewal' ? casePeriod(table, c).to : caseDate(table, c));
        assert.ok(
          unmet.some((c) => inForceOn(rule, day(c))),
          `${where} has no unmet case on a day it is in force`,
        );
        if (isNumeric(rule)) {
          assert.ok(
            met.some((c) => inForceOn(rule, day(c))),
            `${where} has no met (threshold) case on a day it is in force`,
          );
        }
      }
      for (const c of cases) {
        assert.ok(
          rules.some((r) => r.id === c.rule),
          `${cred.id} ${list}: the case "${c.name}" names rule ${c.rule}, which the catalog does not have`,
        );
      }
    }
  }
}
