// Following the advice literally meets the rule: every unmet requirement's
// `needs` (the data its `missing` words are written from), added to the
// portfolio as they say, makes that requirement met.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { catalogs } from '../../../src/catalogs/index.ts';
import type { PortfolioInput } from '../../../src/engine/portfolio.ts';
import {
  type EvaluationResult,
  evaluate,
  evaluateRenewal,
  type Need,
  type RaterOption,
  type RenewalResult,
  type RequirementResult,
} from '../../../src/index.ts';
import { dayIn, portfolioArb, richPortfolioArb } from '../../helpers/engine.ts';
import { formatDay, toDay } from '../../../src/engine/dates.ts';

const anyPortfolio = fc.oneof(portfolioArb, richPortfolioArb);
const pairs = [...catalogs()].flatMap(([association, catalog]) =>
  catalog.credentials.map((c) => ({ association, credential: c.id })),
);
const pairArb = fc.constantFrom(...pairs);
const periodArb = fc
  .tuple(fc.integer({ min: toDay('2001-01-01'), max: toDay('2040-12-31') }), fc.integer({ min: 0, max: 800 }))
  .map(([from, length]) => ({ from: formatDay(from), to: formatDay(from + length) }));

function rater(option: RaterOption, on: string) {
  const e = option.endorsed;
  return {
    relationship: option.relationship,
    current: option.current,
    raterEndorsements: e ? [e.endorsements === 'any' ? 'IFA' : e.endorsements[0]!] : [],
    raterVetted: false,
    submitted: on,
  };
}

/** The portfolio with `needs` added as they say; `pick` chooses the rater of each reference need. */
function following(
  p: PortfolioInput,
  needs: readonly Need[],
  on: string,
  pick = (anyOf: readonly RaterOption[]) => anyOf[0]!,
): PortfolioInput {
  const q = structuredClone(p) as Record<string, unknown> & PortfolioInput;
  const add = (section: string, entry: unknown) => {
    q[section] = [...((q[section] as unknown[] | undefined) ?? []), entry];
  };
  for (const need of needs) {
    switch (need.section) {
      case 'references':
        add('references', rater(pick(need.anyOf), on));
        break;
      case 'training':
        add('training', { date: need.to, hours: need.hours, topics: need.topic ? [need.topic] : [] });
        break;
      case 'rsc':
        add('rsc', {
          from: need.from ?? need.to,
          to: need.to,
          hours: need.hours,
          format: 'individual',
          provider: { endorsements: need.provider ? [need.provider.endorsements[0]] : [], vetted: false },
          providingRscHours: need.providingRscHours,
        });
        break;
      case 'agreements':
        q.agreements = { ...q.agreements, [need.agreement]: need.by };
        break;
      case 'exam':
        q.exam = { passed: true, date: need.by };
        break;
      case 'memberships':
        add('memberships', {
          association: need.associations === 'any' ? 'tx-aimh' : need.associations[0],
          from: need.covering,
          to: need.covering,
        });
        break;
      case 'leadership':
        for (let i = 0; i < need.activities; i++) add('leadership', { from: need.by, to: need.by });
        break;
    }
  }
  return q;
}

/** Unmet requirements that no added entry can complete: time still to pass, or a degree to earn first. */
function withoutEntryNeeds(r: RequirementResult): boolean {
  return (
    r.kind === 'education' ||
    r.kind === 'work' ||
    (r.kind === 'leadership' && /practice leadership/.test(r.missing.join(' '))) ||
    (r.kind === 'rsc' && r.needs.length === 0)
  );
}

function checkFollowing(
  before: EvaluationResult | RenewalResult,
  again: (p: PortfolioInput) => EvaluationResult | RenewalResult,
  p: PortfolioInput,
  on: string,
) {
  for (const r of before.requirements) {
    if (r.status === 'met') {
      assert.deepEqual(r.needs, [], `${r.id} is met and still needs something`);
      continue;
    }
    if (withoutEntryNeeds(r)) continue;
    assert.ok(r.needs.length > 0, `${r.id} is unmet and names nothing to add: ${r.missing.join(' | ')}`);
    const after = again(following(p, r.needs, on)).requirements.find((x) => x.id === r.id)!;
    assert.equal(
      after.status,
      'met',
      `${r.id}: following ${JSON.stringify(r.needs)} (${r.missing.join(' | ')}) leaves it unmet: ${after.summary} | ${after.missing.join(' | ')}`,
    );
  }
}

describe('following the missing advice meets the rule', () => {
  test('requirements: any portfolio, credential and date', () => {
    fc.assert(
      fc.property(anyPortfolio, pairArb, dayIn('2001-01-01', '2035-12-31'), (p, pair, on) => {
        const options = { ...pair, on };
        checkFollowing(evaluate(p, options), (q) => evaluate(q, options), p, on);
      }),
      { numRuns: 300 },
    );
  });

  test('renewal years', () => {
    fc.assert(
      fc.property(anyPortfolio, pairArb, periodArb, (p, pair, period) => {
        const options = { ...pair, ...period };
        checkFollowing(evaluateRenewal(p, options), (q) => evaluateRenewal(q, options), p, period.to);
      }),
      { numRuns: 200 },
    );
  });

  test('references: one more rating from anyone the advice names completes them (or it asks for more)', () => {
    fc.assert(
      fc.property(anyPortfolio, pairArb, dayIn('2001-01-01', '2035-12-31'), (p, pair, on) => {
        const options = { ...pair, on };
        const refs = evaluate(p, options).requirements.find((r) => r.kind === 'references')!;
        if (refs.status === 'met' || refs.needs.length !== 1) return;
        const need = refs.needs[0]!;
        assert.equal(need.section, 'references');
        if (need.section !== 'references') return;
        for (const option of need.anyOf) {
          const after: RequirementResult = evaluate(
            following(p, [need], on, () => option),
            options,
          ).requirements.find((r) => r.id === refs.id)!;
          assert.equal(
            after.status,
            'met',
            `${refs.id}: adding ${JSON.stringify(option)} (${refs.missing[0]})`,
          );
        }
      }),
      { numRuns: 400 },
    );
  });
});
