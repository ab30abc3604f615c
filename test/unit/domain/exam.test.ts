// The exam's pure rules: multiple-choice scoring with discounted items and
// performance by domain, how blind essay reads settle, the pass rule, the
// retake rules, the time allowed, and item statistics against a worked example.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  allowedMinutes,
  type EssayRead,
  examFor,
  itemStatistics,
  type MultipleChoiceScore,
  passes,
  retakeBlocker,
  scoreMultipleChoice,
  settleEssay,
} from '../../../src/domain/exam.ts';

const near = (actual: number | null, expected: number, what: string) => {
  assert.ok(actual !== null, `${what} is defined`);
  assert.equal(Math.round(actual * 1000) / 1000, expected, `${what}: ${actual}`);
};

describe('examFor', () => {
  test('the early-childhood credentials sit the ECMH exam; the specialist writes clinical essays', () => {
    assert.deepEqual(examFor({ id: 'ECMHM-P', category: 'policy' }), { exam: 'ecmh', category: 'policy' });
    assert.deepEqual(examFor({ id: 'IMHS' }), { exam: 'imh', category: 'clinical' });
  });
});

describe('scoreMultipleChoice', () => {
  const items = [
    { id: 'a', key: 0, domains: ['1-theoretical-foundations'] },
    { id: 'b', key: 1, domains: ['1-theoretical-foundations', '8-thinking'] },
    { id: 'c', key: 2, domains: ['8-thinking'] },
    { id: 'd', key: 3, domains: ['9-reflection'] },
  ];

  test('right answers count; unanswered and wrong ones do not; each domain the item tests counts it', () => {
    const score = scoreMultipleChoice(
      items,
      new Map([
        ['a', 0],
        ['b', 1],
        ['c', 0],
      ]),
    );
    assert.equal(score.correct, 2);
    assert.equal(score.counted, 4);
    assert.equal(score.percent, 50);
    assert.deepEqual(score.byDomain, [
      { domain: '1-theoretical-foundations', correct: 2, of: 2 },
      { domain: '8-thinking', correct: 1, of: 2 },
      { domain: '9-reflection', correct: 0, of: 1 },
    ]);
  });

  test('a discounted item counts for no one: neither right nor wrong, nor in its domains', () => {
    const score = scoreMultipleChoice(
      items,
      new Map([
        ['a', 0],
        ['b', 1],
        ['c', 2],
        ['d', 0],
      ]),
      new Set(['d']),
    );
    assert.equal(score.correct, 3);
    assert.equal(score.counted, 3);
    assert.equal(score.percent, 100);
    assert.ok(!score.byDomain.some((d) => d.domain === '9-reflection'));
  });

  test('with every item discounted the percentage is 0, not a division by zero', () => {
    assert.equal(scoreMultipleChoice(items, new Map(), new Set(['a', 'b', 'c', 'd'])).percent, 0);
  });

  test('property: correct ≤ counted, 0 ≤ percent ≤ 100, domain counts add up', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 3 })), { minLength: 4, maxLength: 4 }),
        fc.subarray(['a', 'b', 'c', 'd']),
        (choices, discounted) => {
          const answers = new Map(items.map((i, n) => [i.id, choices[n] ?? null]));
          const s = scoreMultipleChoice(items, answers, new Set(discounted));
          assert.ok(s.correct <= s.counted && s.counted === 4 - discounted.length);
          assert.ok(s.percent >= 0 && s.percent <= 100);
          const tested = items.filter((i) => !discounted.includes(i.id)).flatMap((i) => i.domains).length;
          assert.equal(
            s.byDomain.reduce((x, d) => x + d.of, 0),
            tested,
          );
        },
      ),
    );
  });
});

describe('settleEssay', () => {
  const reads = (...totals: Array<number | undefined>): EssayRead[] =>
    totals.flatMap((total, i) => (total === undefined ? [] : [{ slot: (i + 1) as 1 | 2 | 3, total }]));

  test('awaiting the first two reads: the open slots', () => {
    assert.deepEqual(settleEssay([], 3), { status: 'awaiting-reads', slots: [1, 2] });
    assert.deepEqual(settleEssay(reads(7), 3), { status: 'awaiting-reads', slots: [2] });
    assert.deepEqual(settleEssay(reads(undefined, 7), 3), { status: 'awaiting-reads', slots: [1] });
  });

  test('within the threshold (inclusive): the mean of the two', () => {
    assert.deepEqual(settleEssay(reads(7, 10), 3), { status: 'settled', points: 8.5, thirdRead: false });
    assert.deepEqual(settleEssay(reads(8, 8), 0), { status: 'settled', points: 8, thirdRead: false });
  });

  test('beyond it: a third read, then the mean of the third and the nearer first score', () => {
    assert.deepEqual(settleEssay(reads(4, 10), 3), { status: 'awaiting-reads', slots: [3] });
    assert.deepEqual(settleEssay(reads(4, 10, 9), 3), { status: 'settled', points: 9.5, thirdRead: true });
    assert.deepEqual(settleEssay(reads(4, 10, 5), 3), { status: 'settled', points: 4.5, thirdRead: true });
    // A tie goes to the first reader's score.
    assert.deepEqual(settleEssay(reads(4, 10, 7), 3), { status: 'settled', points: 5.5, thirdRead: true });
  });

  test('property: a settled score lies between the lowest and highest read', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 5 }),
        (a, b, c, threshold) => {
          const s = settleEssay(reads(a, b, c), threshold);
          assert.equal(s.status, 'settled');
          if (s.status !== 'settled') return;
          assert.ok(s.points >= Math.min(a, b, c) && s.points <= Math.max(a, b, c));
          assert.equal(s.thirdRead, Math.abs(a - b) > threshold);
        },
      ),
    );
  });
});

describe('passes', () => {
  const mc = (correct: number, counted = 60): MultipleChoiceScore => ({
    correct,
    counted,
    percent: (100 * correct) / counted,
    byDomain: [],
  });
  const both = { mcPercent: 80, essayPoints: 14, combine: 'both' as const };
  const sum = { ...both, combine: 'sum' as const };

  test('80% of 60 is 48 right: 48 passes, 47 does not', () => {
    assert.equal(passes(both, mc(48), 14), true);
    assert.equal(passes(both, mc(47), 14), false);
  });

  test('a percentage of an odd count rounds up: 80% of 59 needs 48 (47.2 is not enough)', () => {
    assert.equal(passes(both, mc(47, 59), 20), false);
    assert.equal(passes(both, mc(48, 59), 20), true);
  });

  test('both: each part must pass on its own', () => {
    assert.equal(passes(both, mc(60), 13.5), false);
    assert.equal(passes(both, mc(47), 20), false);
  });

  test('sum: a strong part makes up for a weak one', () => {
    assert.equal(passes(sum, mc(47), 15), true);
    assert.equal(passes(sum, mc(47), 14.5), false);
    assert.equal(passes(sum, mc(60), 2), true);
  });
});

describe('retakeBlocker', () => {
  const rules = { waitDays: 90, maxAttempts: 3 };

  test('before the waiting period ends: the date a retake may be taken from', () => {
    assert.equal(
      retakeBlocker(rules, { attempts: 1, lastFailedOn: '2030-01-01', sittingDay: '2030-03-31' }),
      'a retake may be taken from 2030-04-01, 90 days after the last sitting',
    );
    assert.equal(
      retakeBlocker(rules, { attempts: 1, lastFailedOn: '2030-01-01', sittingDay: '2030-04-01' }),
      undefined,
    );
  });

  test('every attempt used: no retake, whatever the date', () => {
    assert.equal(
      retakeBlocker(rules, { attempts: 3, lastFailedOn: '2029-01-01', sittingDay: '2030-06-01' }),
      'all 3 attempts the association allows have been used',
    );
  });
});

describe('allowedMinutes', () => {
  test('the limit, stretched by extra time, plus breaks', () => {
    assert.equal(allowedMinutes(180), 180);
    assert.equal(allowedMinutes(180, { extraTime: 1.5 }), 270);
    assert.equal(allowedMinutes(180, { extraTime: 1.5, breakMinutes: 20 }), 290);
    assert.equal(allowedMinutes(45, { extraTime: 1.25 }), 56);
  });
});

describe('itemStatistics against a worked example', () => {
  // Three items of four options (keys A, B, C), five attempts:
  //
  //   attempt  item 1 (key A)  item 2 (key B)  item 3 (key C)  total
  //   1        A ✓             B ✓             C ✓             3
  //   2        A ✓             B ✓             A ✗             2
  //   3        A ✓             C ✗             C ✓             2
  //   4        B ✗             B ✓             A ✗             1
  //   5        A ✓             — ✗             B ✗             1
  //
  // Totals 3, 2, 2, 1, 1: mean 9/5 = 1.8; squared deviations 1.44, 0.04, 0.04,
  // 0.64, 0.64 sum to 2.8; population variance 0.56, s = √0.56 = 0.748331.
  // r = (M1 − M0) / s × √(p q):
  //   item 1: p = 4/5 = 0.8; M1 = (3+2+2+1)/4 = 2, M0 = 1;
  //           r = 1 / 0.748331 × √(0.8 × 0.2) = 1.336306 × 0.4 = 0.535
  //   item 2: p = 3/5 = 0.6; M1 = (3+2+1)/3 = 2, M0 = (2+1)/2 = 1.5;
  //           r = 0.5 / 0.748331 × √0.24 = 0.668153 × 0.489898 = 0.327
  //   item 3: p = 2/5 = 0.4; M1 = (3+2)/2 = 2.5, M0 = (2+1+1)/3 = 1.333333;
  //           r = 1.166667 / 0.748331 × √0.24 = 1.559024 × 0.489898 = 0.764
  // Options chosen: item 1 A4 B1 (C, D never); item 2 B3 C1 (A, D never; one
  // left blank); item 3 A2 B1 C2 (D never).
  const items = [
    { id: 'i1', key: 0, domains: [], options: 4 },
    { id: 'i2', key: 1, domains: [], options: 4 },
    { id: 'i3', key: 2, domains: [], options: 4 },
  ];
  const rows: Array<[number | null, number | null, number | null]> = [
    [0, 1, 2],
    [0, 1, 0],
    [0, 2, 2],
    [1, 1, 0],
    [0, null, 1],
  ];
  const attempts = rows.map((r) => ({ answers: new Map(items.map((i, n) => [i.id, r[n]!])) }));
  const [s1, s2, s3] = itemStatistics(items, attempts);

  test('difficulty: the share who answered right', () => {
    assert.deepEqual(
      [s1!.difficulty, s2!.difficulty, s3!.difficulty].map((p) => Math.round(p * 1000) / 1000),
      [0.8, 0.6, 0.4],
    );
    assert.ok([s1, s2, s3].every((s) => s!.takers === 5));
  });

  test('discrimination: the point-biserial correlation with the total', () => {
    near(s1!.discrimination, 0.535, 'item 1');
    near(s2!.discrimination, 0.327, 'item 2');
    near(s3!.discrimination, 0.764, 'item 3');
  });

  test('options chosen and those no one chose, flagged when a distractor is never chosen', () => {
    assert.deepEqual(s1!.chosen, [4, 1, 0, 0]);
    assert.deepEqual(s2!.chosen, [0, 3, 1, 0]);
    assert.deepEqual(s3!.chosen, [2, 1, 2, 0]);
    assert.deepEqual(s1!.unchosen, [2, 3]);
    assert.deepEqual(s2!.unchosen, [0, 3]);
    assert.deepEqual(s3!.unchosen, [3]);
    assert.deepEqual(s1!.flags, ['no one chose option C, D']);
    assert.deepEqual(s2!.flags, ['no one chose option A, D']);
    assert.deepEqual(s3!.flags, ['no one chose option D']);
  });

  test('flags: too hard, too easy, weak or negative discrimination', () => {
    const [hard, easy] = itemStatistics(
      [
        { id: 'h', key: 0, domains: [], options: 2 },
        { id: 'e', key: 0, domains: [], options: 2 },
      ],
      [
        {
          answers: new Map([
            ['h', 1],
            ['e', 0],
          ]),
        },
        {
          answers: new Map([
            ['h', 1],
            ['e', 0],
          ]),
        },
        {
          answers: new Map([
            ['h', 1],
            ['e', 0],
          ]),
        },
        {
          answers: new Map([
            ['h', 0],
            ['e', 0],
          ]),
        },
      ],
    );
    assert.ok(hard!.flags.includes('few answered it right'), hard!.flags.join());
    assert.ok(easy!.flags.includes('almost everyone answered it right'), easy!.flags.join());
    assert.equal(easy!.discrimination, null, 'everyone right: the correlation is undefined');
    // Item 1 right only by those who got item 2 wrong, and the totals vary: stronger candidates did worse.
    const [neg] = itemStatistics(
      [
        { id: 'x', key: 0, domains: [], options: 2 },
        { id: 'y', key: 0, domains: [], options: 2 },
        { id: 'z', key: 0, domains: [], options: 2 },
      ],
      [
        {
          answers: new Map([
            ['x', 0],
            ['y', 1],
            ['z', 1],
          ]),
        },
        {
          answers: new Map([
            ['x', 1],
            ['y', 0],
            ['z', 0],
          ]),
        },
        {
          answers: new Map([
            ['x', 1],
            ['y', 0],
            ['z', 1],
          ]),
        },
      ],
    );
    assert.ok(neg!.discrimination! < 0);
    assert.ok(neg!.flags.includes('stronger candidates did worse on it'), neg!.flags.join());
  });

  test('no attempts: nothing to say, no flags', () => {
    const [s] = itemStatistics(items.slice(0, 1), []);
    assert.deepEqual(s, {
      itemId: 'i1',
      takers: 0,
      difficulty: 0,
      discrimination: null,
      chosen: [0, 0, 0, 0],
      unchosen: [0, 1, 2, 3],
      flags: [],
    });
  });

  test('property: difficulty in [0, 1], discrimination in [−1, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.option(fc.integer({ min: 0, max: 3 })), { minLength: 3, maxLength: 3 }), {
          minLength: 1,
          maxLength: 12,
        }),
        (answers) => {
          const stats = itemStatistics(
            items,
            answers.map((r) => ({ answers: new Map(items.map((i, n) => [i.id, r[n] ?? null])) })),
          );
          for (const s of stats) {
            assert.ok(s.difficulty >= 0 && s.difficulty <= 1);
            if (s.discrimination !== null)
              assert.ok(s.discrimination >= -1 - 1e-9 && s.discrimination <= 1 + 1e-9, `${s.discrimination}`);
            assert.equal(s.chosen.reduce((x, y) => x + y, 0) <= answers.length, true);
          }
        },
      ),
    );
  });
});
