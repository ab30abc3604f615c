import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { toDay } from '../../../src/engine/dates.ts';
import { type FteSpan, fteDays } from '../../../src/engine/experience.ts';
import { evaluate } from '../../../src/index.ts';
import { inclusiveDays } from '../../helpers/engine.ts';
import { addDays, degree, portfolio, requirement, work } from '../../helpers/portfolio.ts';

const span = (from: string, to: string, fte = 1): FteSpan => ({ from: toDay(from), to: toDay(to), fte });
const counted = (spans: FteSpan[], from = '2000-01-01', to = '2100-12-31') =>
  fteDays(spans, toDay(from), toDay(to));

describe('FTE days (reading 2): each day adds min(1, sum of fte)', () => {
  test('overlapping full-time entries are counted once', () => {
    assert.equal(counted([span('2020-01-01', '2020-01-10'), span('2020-01-06', '2020-01-15')]), 15);
    assert.equal(counted([span('2020-01-01', '2020-01-10'), span('2020-01-01', '2020-01-10')]), 10);
  });

  test('0.5 + 0.5 is a full day; 0.6 + 0.6 is capped at 1', () => {
    assert.equal(counted([span('2020-01-01', '2020-01-10', 0.5)]), 5);
    assert.equal(counted([span('2020-01-01', '2020-01-10', 0.5), span('2020-01-01', '2020-01-10', 0.5)]), 10);
    assert.equal(counted([span('2020-01-01', '2020-01-10', 0.6), span('2020-01-01', '2020-01-10', 0.6)]), 10);
    assert.equal(
      counted([
        span('2020-01-01', '2020-01-10', 0.6),
        span('2020-01-01', '2020-01-10', 0.6),
        span('2020-01-01', '2020-01-10', 0.6),
      ]),
      10,
    );
  });

  test('half-time entries that overlap in part: 5 half days, 5 full days, 5 half days', () => {
    assert.equal(
      counted([span('2020-01-01', '2020-01-10', 0.5), span('2020-01-06', '2020-01-15', 0.5)]),
      2.5 + 5 + 2.5,
    );
  });

  test('only days between the bounds count', () => {
    assert.equal(counted([span('2020-01-01', '2020-12-31')], '2020-12-01', '2021-06-30'), 31);
    assert.equal(counted([span('2020-01-01', '2020-12-31')], '2021-01-01', '2021-06-30'), 0);
  });

  test('agrees with counting day by day', () => {
    const spanArb = fc
      .tuple(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 10 }),
      )
      .map(([from, length, tenths]) => ({ from, to: from + length, fte: tenths / 10 }));
    fc.assert(
      fc.property(
        fc.array(spanArb, { maxLength: 6 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 100 }),
        (spans, start, end) => {
          let expected = 0;
          for (let day = start; day <= end; day++) {
            const load = spans.filter((s) => s.from <= day && day <= s.to).reduce((a, s) => a + s.fte, 0);
            expected += Math.min(1, load);
          }
          assert.ok(Math.abs(fteDays(spans, start, end) - expected) < 1e-6);
        },
      ),
      { numRuns: 200 },
    );
  });
});

// MI-AIMH IFS: "Two years infant, early childhood, and family-related professional work experience."
const ifsWork = (p: ReturnType<typeof portfolio>, on: string) =>
  requirement(evaluate(p, { association: 'mi-aimh', credential: 'IFS', on }), 'work').status;
/** `p` meets the IFS work rule on `day` and not the day before. */
function assertFirstMetOn(p: ReturnType<typeof portfolio>, day: string): void {
  assert.equal(ifsWork(p, addDays(day, -1)), 'unmet', `the day before ${day}`);
  assert.equal(ifsWork(p, day), 'met', day);
}

describe('years of experience through a work rule (MI-AIMH IFS, 2 years)', () => {
  test('a year is 365.25 days: 730 full-time days are short of 2 years, 731 meet them', () => {
    assert.equal(inclusiveDays('2020-01-01', '2021-12-30'), 730);
    const short = portfolio({ work: [work('2020-01-01', '2021-12-30', ['infant-family'])] });
    const enough = portfolio({ work: [work('2020-01-01', '2021-12-31', ['infant-family'])] });
    assert.equal(ifsWork(short, '2022-06-01'), 'unmet');
    assert.equal(ifsWork(enough, '2022-06-01'), 'met');
  });

  test('an open `to` ends on the evaluation date', () => {
    const p = portfolio({ work: [work('2020-01-01', null, ['infant-family'])] });
    assertFirstMetOn(p, '2021-12-31');
  });

  test('a closed entry that runs past the evaluation date counts only up to it', () => {
    const p = portfolio({ work: [work('2020-01-01', '2030-12-31', ['infant-family'])] });
    assertFirstMetOn(p, '2021-12-31');
  });

  test('entries beginning after the evaluation date are ignored', () => {
    const p = portfolio({
      work: [
        work('2020-01-01', '2021-12-30', ['infant-family']),
        work('2022-01-01', null, ['infant-family']),
      ],
    });
    assertFirstMetOn(p, '2022-01-01');
  });

  test('overlapping entries are counted once', () => {
    // 547 + 364 days if added up, but together they cover 2020-01-01..2021-12-30: 730 days.
    const p = portfolio({
      work: [
        work('2020-01-01', '2021-06-30', ['infant-family']),
        work('2021-01-01', '2021-12-30', ['infant-family']),
      ],
    });
    assert.equal(ifsWork(p, '2023-01-01'), 'unmet');
  });

  test('two half-time jobs at once make full-time days; one does not', () => {
    const half = (from: string, to: string) => work(from, to, ['infant-family'], { fte: 0.5 });
    assert.equal(ifsWork(portfolio({ work: [half('2020-01-01', '2021-12-31')] }), '2023-01-01'), 'unmet');
    assert.equal(
      ifsWork(
        portfolio({ work: [half('2020-01-01', '2021-12-31'), half('2020-01-01', '2021-12-31')] }),
        '2023-01-01',
      ),
      'met',
    );
    // Half-time for four years is two full-time years (1461 days x 0.5 = 730.5).
    assert.equal(ifsWork(portfolio({ work: [half('2020-01-01', '2023-12-31')] }), '2024-06-01'), 'met');
    assert.equal(ifsWork(portfolio({ work: [half('2020-01-01', '2023-12-30')] }), '2024-06-01'), 'unmet');
  });

  test('0.6 + 0.6 counts as one full day, not 1.2', () => {
    const p = (to: string) =>
      portfolio({
        work: [
          work('2020-01-01', to, ['infant-family'], { fte: 0.6 }),
          work('2020-01-01', to, ['infant-family'], { fte: 0.6 }),
        ],
      });
    assert.equal(ifsWork(p('2021-12-30'), '2023-01-01'), 'unmet');
    assert.equal(ifsWork(p('2021-12-31'), '2023-01-01'), 'met');
  });

  test('dyadic work is work in the infant, early childhood and family field; other kinds are not', () => {
    assert.equal(
      ifsWork(portfolio({ work: [work('2020-01-01', '2021-12-31', ['imh-dyadic'])] }), '2023-01-01'),
      'met',
    );
    assert.equal(
      ifsWork(portfolio({ work: [work('2020-01-01', '2021-12-31', ['ecmh-dyadic'])] }), '2023-01-01'),
      'met',
    );
    assert.equal(
      ifsWork(portfolio({ work: [work('2020-01-01', '2021-12-31', ['research-faculty'])] }), '2023-01-01'),
      'unmet',
    );
  });
});

describe('years of practice leadership (CT-AIMH IMHM-P, 3 years)', () => {
  const status = (leadership: Array<{ from: string; to: string | null }>, on: string) =>
    requirement(
      evaluate(portfolio({ leadership }), { association: 'ct-aimh', credential: 'IMHM-P', on }),
      'leadership',
    ).status;

  test('3 x 365.25 = 1095.75 days: 1095 are short, 1096 meet', () => {
    assert.equal(inclusiveDays('2020-01-01', '2022-12-31'), 1096);
    assert.equal(status([{ from: '2020-01-01', to: null }], '2022-12-30'), 'unmet');
    assert.equal(status([{ from: '2020-01-01', to: null }], '2022-12-31'), 'met');
  });

  test('overlapping activities count their days once', () => {
    const leadership = [
      { from: '2020-01-01', to: '2021-12-31' },
      { from: '2021-01-01', to: '2022-12-30' },
    ];
    assert.equal(status(leadership, '2025-01-01'), 'unmet');
  });
});

describe('post-graduate days (reading 3)', () => {
  // MI-AIMH IMHM-P: three years post-graduate policy leadership; the education rule asks a master's or doctorate.
  const policy = (degrees: ReturnType<typeof degree>[], on: string) =>
    requirement(
      evaluate(portfolio({ degrees, work: [work('2012-01-01', null, ['policy-leadership'])] }), {
        association: 'mi-aimh',
        credential: 'IMHM-P',
        on,
      }),
      'work.policy-leader',
    ).status;

  test('days count from the day after the earliest qualifying degree is conferred', () => {
    // From 2018-05-16, 3 x 365.25 = 1095.75 days are reached on the 1096th day, 2021-05-15.
    assert.equal(inclusiveDays('2018-05-16', '2021-05-15'), 1096);
    const degrees = [
      degree('bachelor', '2010-05-15'),
      degree('doctorate', '2021-01-10'),
      degree('master', '2018-05-15'),
    ];
    assert.equal(policy(degrees, '2021-05-14'), 'unmet');
    assert.equal(policy(degrees, '2021-05-15'), 'met');
  });

  test('a degree that does not meet the education rule does not start the count', () => {
    assert.equal(policy([degree('bachelor', '2010-05-15')], '2030-01-01'), 'unmet');
  });

  test('a degree conferred after the evaluation date does not start the count', () => {
    assert.equal(policy([degree('master', '2031-05-15')], '2030-01-01'), 'unmet');
  });

  test('"post Masters": the earliest master or doctorate (CT-AIMH IMHS, 2 years)', () => {
    const status = (on: string) =>
      requirement(
        evaluate(
          portfolio({
            degrees: [degree('doctorate', '2018-05-15'), degree('bachelor', '2005-05-15')],
            work: [work('2010-01-01', null, ['infant-family'])],
          }),
          { association: 'ct-aimh', credential: 'IMHS', on },
        ),
        'work',
      ).status;
    // From 2018-05-16: 731 days are reached on 2020-05-15 (the span holds 2020-02-29).
    assert.equal(inclusiveDays('2018-05-16', '2020-05-15'), 731);
    assert.equal(status('2020-05-14'), 'unmet');
    assert.equal(status('2020-05-15'), 'met');
  });

  test('a graduate internship may precede the degree (MI-AIMH IMHS internship alternative)', () => {
    const status = (internshipTo: string) =>
      requirement(
        evaluate(
          portfolio({
            degrees: [degree('master', '2018-05-15')],
            work: [
              work('2017-01-01', internshipTo, ['imh-dyadic'], { internship: true, paid: false }),
              work('2018-05-16', '2019-05-16', ['imh-dyadic']),
            ],
          }),
          { association: 'mi-aimh', credential: 'IMHS', on: '2020-01-01' },
        ),
        'work.specialized',
      ).status;
    // 366 days of internship and of post-graduate work each make a year of 365.25 days; 365 do not.
    assert.equal(inclusiveDays('2018-05-16', '2019-05-16'), 366);
    assert.equal(status('2018-01-01'), 'met');
    assert.equal(status('2017-12-31'), 'unmet');
  });
});
