import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { TrainingTopic } from '../../../src/engine/portfolio.ts';
import { preparePortfolio, trainingTopics } from '../../../src/engine/portfolio.ts';
import { allocateTopicHours } from '../../../src/engine/rules/training.ts';
import { evaluate } from '../../../src/index.ts';
import { portfolio, requirement, training } from '../../helpers/portfolio.ts';

type Training = ReturnType<typeof training>;

const trainingResult = (association: string, credential: string, entries: Training[], on: string) =>
  requirement(evaluate(portfolio({ training: entries }), { association, credential, on }), 'training.hours');
const status = (...args: Parameters<typeof trainingResult>) => trainingResult(...args).status;

describe('CT-AIMH IMHM-C from 2024-01-01: 48 hours, 30 IMH, 15 RSC, 3 DEI, each hour toward one topic', () => {
  const ct = (entries: Training[], on = '2024-06-01') => status('ct-aimh', 'IMHM-C', entries, on);

  test("the spec's example: 31 h IMH+RSC, 13 h RSC, 5 h DEI (49 h) does not meet it", () => {
    const entries = [
      training('2023-06-01', 31, ['imh', 'rsc']),
      training('2023-06-02', 13, ['rsc']),
      training('2023-06-03', 5, ['dei']),
    ];
    // IMH takes 30 of the 31 hours, leaving RSC 1 + 13 = 14.
    assert.equal(ct(entries), 'unmet');
    // One more IMH+RSC hour gives RSC its 15th.
    entries[0]!.hours = 32;
    assert.equal(ct(entries), 'met');
  });

  test('the rule is chosen by the evaluation date, not by the date of the training (reading 1)', () => {
    const entries = [
      training('2023-06-01', 31, ['imh', 'rsc']),
      training('2023-06-02', 13, ['rsc']),
      training('2023-06-03', 5, ['dei']),
    ];
    // Before 2024: 30 hours, of those 15 about RSC (the same hours may be IMH too).
    const before = trainingResult('ct-aimh', 'IMHM-C', entries, '2023-12-31');
    const after = trainingResult('ct-aimh', 'IMHM-C', entries, '2024-01-01');
    assert.equal(before.status, 'met');
    assert.equal(after.status, 'unmet');
    assert.equal(before.inForce?.to, '2023-12-31');
    assert.equal(after.inForce?.from, '2024-01-01');
    // Exactly one version of the rule is judged on each date.
    for (const on of ['2023-12-31', '2024-01-01']) {
      const result = evaluate(portfolio({ training: entries }), {
        association: 'ct-aimh',
        credential: 'IMHM-C',
        on,
      });
      assert.equal(result.requirements.filter((r) => r.id === 'imhm-c.training.hours').length, 1);
    }
  });

  test('a case a greedy allocation gets wrong: IMH must leave the IMH+RSC hours to RSC', () => {
    // Filling IMH first from the entries in order takes 15 h from the first and 15 h from the
    // second, and RSC is left with nothing. Max-flow: IMH from the second, RSC from the first.
    const entries = [
      training('2023-01-01', 15, ['imh', 'rsc']),
      training('2023-01-02', 30, ['imh']),
      training('2023-01-03', 3, ['dei', 'imh']),
    ];
    assert.equal(ct(entries), 'met');
    // Entry order makes no difference.
    assert.equal(ct([...entries].reverse()), 'met');
  });

  test('48 hours that all carry every topic meet it; 47 do not', () => {
    assert.equal(ct([training('2023-01-01', 48, ['imh', 'rsc', 'dei'])]), 'met');
    assert.equal(
      ct([training('2023-01-01', 47, ['imh', 'rsc', 'dei']), training('2023-01-02', 5, [])]),
      'unmet',
    );
  });

  test('hours without topics count toward the total only', () => {
    assert.equal(
      ct([
        training('2023-01-01', 30, ['imh']),
        training('2023-01-02', 15, ['rsc']),
        training('2023-01-03', 2, ['dei']),
        training('2023-01-04', 20, []),
      ]),
      'unmet',
    );
  });
});

describe('CT-AIMH IMHM-P from 2024: 33 hours, 30 IMH and 3 DEI, separate', () => {
  test('33 hours on IMH and DEI at once are split 30 + 3', () => {
    assert.equal(
      status('ct-aimh', 'IMHM-P', [training('2023-01-01', 33, ['imh', 'dei'])], '2024-06-01'),
      'met',
    );
    assert.equal(
      status(
        'ct-aimh',
        'IMHM-P',
        [training('2023-01-01', 32, ['imh', 'dei']), training('2023-01-02', 1, [])],
        '2024-06-01',
      ),
      'unmet',
    );
  });
});

describe('an hour counts once toward a total, whatever its topics (reading 5)', () => {
  test('MI-AIMH IMHS 30 hours: 20 h on three topics and 9 h are 29 hours', () => {
    const entries = [training('2020-01-01', 20, ['imh', 'rsc', 'dei']), training('2020-01-02', 9, [])];
    assert.equal(status('mi-aimh', 'IMHS', entries, '2021-01-01'), 'unmet');
    entries[1]!.hours = 10;
    assert.equal(status('mi-aimh', 'IMHS', entries, '2021-01-01'), 'met');
  });

  test('recommendations do not bind (reading 7): NCIMHA IMHS needs the 30 hours required, not the 75 typical', () => {
    assert.equal(status('ncimha', 'IMHS', [training('2020-01-01', 30, ['imh'])], '2021-01-01'), 'met');
    assert.equal(status('ncimha', 'IMHS', [training('2020-01-01', 29.75, ['imh'])], '2021-01-01'), 'unmet');
  });

  test('training dated after the evaluation date is ignored', () => {
    const entries = [training('2021-01-02', 30, ['imh'])];
    assert.equal(status('mi-aimh', 'IMHS', entries, '2021-01-01'), 'unmet');
    assert.equal(status('mi-aimh', 'IMHS', entries, '2021-01-02'), 'met');
  });
});

describe('"of those" topics are inside the total (alliance IMHM-C: 30 hours, of those 15 RSC)', () => {
  const alliance = (entries: Training[]) => status('alliance', 'IMHM-C', entries, '2026-01-01');

  test('30 hours, all about RSC, meet both', () => {
    assert.equal(alliance([training('2020-01-01', 30, ['rsc'])]), 'met');
    assert.equal(alliance([training('2020-01-01', 15, ['rsc']), training('2020-01-02', 15, ['imh'])]), 'met');
  });

  test('the RSC minimum is not met by other hours', () => {
    assert.equal(
      alliance([training('2020-01-01', 14, ['rsc']), training('2020-01-02', 16, ['imh'])]),
      'unmet',
    );
  });

  test('the total is not met by the RSC hours alone', () => {
    assert.equal(alliance([training('2020-01-01', 15, ['rsc']), training('2020-01-02', 14, [])]), 'unmet');
  });
});

describe('allocateTopicHours: each hour toward one topic, as much as can be', () => {
  // Max-flow value = min over topic sets S of (minimums outside S + hours of entries touching S).
  const bestPossible = (
    entries: Array<{ hours: number; topics: TrainingTopic[] }>,
    minimums: Record<string, number>,
  ) => {
    const topics = Object.keys(minimums) as TrainingTopic[];
    let best = Number.POSITIVE_INFINITY;
    for (let mask = 0; mask < 1 << topics.length; mask++) {
      const inside = topics.filter((_, i) => mask & (1 << i));
      const outside = topics.filter((_, i) => !(mask & (1 << i)));
      const cut =
        outside.reduce((s, t) => s + minimums[t]!, 0) +
        entries.filter((e) => e.topics.some((t) => inside.includes(t))).reduce((s, e) => s + e.hours, 0);
      best = Math.min(best, cut);
    }
    return best;
  };

  test('allocates as many hours as a min-cut allows, never more than an entry has or a topic needs', () => {
    const entryArb = fc.record({
      hours: fc.integer({ min: 1, max: 40 }),
      topics: fc.subarray([...trainingTopics]),
    });
    const minimumsArb = fc.record(
      {
        imh: fc.integer({ min: 1, max: 40 }),
        rsc: fc.integer({ min: 1, max: 20 }),
        dei: fc.integer({ min: 1, max: 5 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 7 }), minimumsArb, (entries, minimums) => {
        const prepared = preparePortfolio(
          portfolio({
            training: entries.map((e, i) =>
              training(`2020-01-${String(i + 1).padStart(2, '0')}`, e.hours, e.topics),
            ),
          }),
        ).training;
        const allocated = allocateTopicHours(prepared, minimums);
        let total = 0;
        for (const [topic, hours] of allocated) {
          assert.ok(hours <= minimums[topic]! + 1e-9);
          const available = entries.filter((e) => e.topics.includes(topic)).reduce((s, e) => s + e.hours, 0);
          assert.ok(hours <= available + 1e-9);
          total += hours;
        }
        assert.ok(Math.abs(total - bestPossible(entries, minimums)) < 1e-9);
      }),
      { numRuns: 200 },
    );
  });

  test('decimal hours are allocated exactly', () => {
    const prepared = preparePortfolio(
      portfolio({
        training: [training('2020-01-01', 0.25, ['imh', 'rsc']), training('2020-01-02', 0.5, ['rsc'])],
      }),
    ).training;
    const allocated = allocateTopicHours(prepared, { imh: 0.25, rsc: 0.5 });
    assert.equal(allocated.get('imh'), 0.25);
    assert.equal(allocated.get('rsc'), 0.5);
  });
});
