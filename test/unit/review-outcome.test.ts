// The combination rule of the reviewers' recommendations: two approvals
// approve, two matching recommendations decide, disagreement goes to the
// coordinator, and with three reviewers a majority decides.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type Recommendation, recommendations, reviewOutcome } from '../../src/domain/review-outcome.ts';

const recommendation = fc.constantFrom(...recommendations);
/** Active reviewers and the recommendations some of them have submitted. */
const round = fc
  .integer({ min: 2, max: 5 })
  .chain((reviewers) =>
    fc.tuple(fc.constant(reviewers), fc.array(recommendation, { minLength: 0, maxLength: reviewers })),
  );
const count = (list: readonly Recommendation[], r: Recommendation) => list.filter((x) => x === r).length;

describe('review outcome', () => {
  test('the cases of the process', () => {
    assert.deepEqual(reviewOutcome(['approve', 'approve'], 2), { kind: 'decided', step: 'approve' });
    assert.deepEqual(reviewOutcome(['defer', 'defer'], 2), { kind: 'decided', step: 'defer' });
    assert.deepEqual(reviewOutcome(['approve', 'hold'], 2), { kind: 'disagreement' });
    assert.equal(reviewOutcome(['approve'], 2).kind, 'pending');
    assert.equal(reviewOutcome([], 2).kind, 'pending');
    assert.equal(reviewOutcome(['approve', 'hold'], 3).kind, 'pending');
    assert.deepEqual(reviewOutcome(['approve', 'hold', 'hold'], 3), { kind: 'decided', step: 'hold' });
    assert.deepEqual(reviewOutcome(['approve', 'hold', 'defer'], 3), { kind: 'disagreement' });
    // One reviewer alone never decides.
    assert.equal(reviewOutcome(['approve'], 1).kind, 'pending');
  });

  test('a decision is always the recommendation of a majority of the active reviewers, and of two at least', () => {
    fc.assert(
      fc.property(round, ([reviewers, submitted]) => {
        const o = reviewOutcome(submitted, reviewers);
        if (o.kind !== 'decided') return;
        const n = count(submitted, o.step);
        assert.ok(n * 2 > reviewers && n >= 2);
      }),
    );
  });

  test('a majority decides as soon as it exists; otherwise the coordinator once every review is in', () => {
    fc.assert(
      fc.property(round, ([reviewers, submitted]) => {
        const o = reviewOutcome(submitted, reviewers);
        const majority = recommendations.find((r) => count(submitted, r) * 2 > reviewers);
        if (majority) assert.deepEqual(o, { kind: 'decided', step: majority });
        else if (submitted.length === reviewers) assert.deepEqual(o, { kind: 'disagreement' });
        else assert.equal(o.kind, 'pending');
      }),
    );
  });

  test('the order in which reviews arrive does not matter', () => {
    fc.assert(
      fc.property(round, fc.integer(), ([reviewers, submitted], seed) => {
        const shuffled = [...submitted].sort(() => ((seed = (seed * 1103515245 + 12345) | 0) & 1 ? 1 : -1));
        assert.deepEqual(reviewOutcome(shuffled, reviewers), reviewOutcome(submitted, reviewers));
      }),
    );
  });

  test('a decided outcome stays decided as further reviews come in', () => {
    fc.assert(
      fc.property(round, recommendation, ([reviewers, submitted], more) => {
        const o = reviewOutcome(submitted, reviewers);
        if (o.kind !== 'decided' || submitted.length >= reviewers) return;
        assert.deepEqual(reviewOutcome([...submitted, more], reviewers), o);
      }),
    );
  });
});
