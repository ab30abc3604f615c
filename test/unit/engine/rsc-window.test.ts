import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate } from '../../../src/index.ts';
import { degree, portfolio, requirement, rsc } from '../../helpers/portfolio.ts';

type Rsc = ReturnType<typeof rsc>;
type Degree = ReturnType<typeof degree>;

const rscResult = (
  association: string,
  credential: string,
  entries: Rsc[],
  on = '2026-11-22',
  degrees: Degree[] = [degree('master', '2000-05-15')],
) =>
  requirement(evaluate(portfolio({ degrees, rsc: entries }), { association, credential, on }), 'rsc.hours');
const status = (...args: Parameters<typeof rscResult>) => rscResult(...args).status;

// MI-AIMH IMHS: "Minimum: 50 clock hours within a 1-year minimum and 2-year maximum timeframe."
const miImhs = (entries: Rsc[], on?: string) => status('mi-aimh', 'IMHS', entries, on);

describe('RSC windows (reading 4): 12 to 24 calendar months', () => {
  test('exactly 12 months (2015-01-05..2016-01-04) meets the 12-month minimum; one day less does not', () => {
    assert.equal(miImhs([rsc('2015-01-05', '2016-01-04', 50)]), 'met');
    assert.equal(miImhs([rsc('2015-01-05', '2016-01-03', 50)]), 'unmet');
  });

  test('the 12 months run from the earliest `from` to the latest `to` of the entries together', () => {
    assert.equal(miImhs([rsc('2015-01-05', '2015-02-04', 25), rsc('2015-12-05', '2016-01-04', 25)]), 'met');
    assert.equal(miImhs([rsc('2015-01-05', '2015-02-04', 25), rsc('2015-12-05', '2016-01-03', 25)]), 'unmet');
  });

  test('exactly 24 months (2015-01-05..2017-01-04) fits; one day more does not', () => {
    assert.equal(miImhs([rsc('2015-01-05', '2017-01-04', 50)]), 'met');
    assert.equal(miImhs([rsc('2015-01-05', '2017-01-05', 50)]), 'unmet');
    assert.equal(miImhs([rsc('2015-01-05', '2015-06-30', 25), rsc('2016-07-01', '2017-01-04', 25)]), 'met');
    assert.equal(miImhs([rsc('2015-01-05', '2015-06-30', 25), rsc('2016-07-01', '2017-01-05', 25)]), 'unmet');
  });

  test('calendar months, not day counts: 12 months from the 31st', () => {
    // 2015-01-31 + 12 months is 2016-01-31, so the 12 months end on 2016-01-30.
    assert.equal(miImhs([rsc('2015-01-31', '2016-01-30', 50)]), 'met');
    assert.equal(miImhs([rsc('2015-01-31', '2016-01-29', 50)]), 'unmet');
  });

  test('entries partly outside a window do not count in it', () => {
    // Any window holding both entries would run from 2015-01-05 to 2017-02-28: more than 24 months.
    const entries = [rsc('2015-01-05', '2016-01-04', 40), rsc('2016-12-01', '2017-02-28', 20)];
    assert.equal(miImhs(entries), 'unmet');
    // Control: the second entry ending inside the 24 months makes 60 hours in one window.
    assert.equal(miImhs([entries[0]!, rsc('2016-12-01', '2017-01-04', 20)]), 'met');
  });

  test('the right window is neither the one starting at the first entry nor the one with the most entries', () => {
    const entries = [
      // The first entry and six more inside its 24 months: 7 entries, 11 hours.
      rsc('2010-01-01', '2010-01-31', 5),
      ...['02', '03', '04', '05', '06', '07'].map((m) => rsc(`2010-${m}-01`, `2010-${m}-20`, 1)),
      // Two entries over 13 months: 55 hours. This is the window that meets the rule.
      rsc('2013-01-01', '2013-06-30', 30),
      rsc('2013-12-01', '2014-01-31', 25),
      // The most hours of any window, but over 3 months only.
      rsc('2017-01-01', '2017-03-31', 80),
    ];
    const result = rscResult('mi-aimh', 'IMHS', entries);
    assert.equal(result.status, 'met');
    assert.deepEqual([...result.evidence].sort(), ['rsc[7]', 'rsc[8]']);
  });

  test('the hours of the best window are not added to hours outside it', () => {
    assert.equal(miImhs([rsc('2010-01-05', '2011-01-04', 30), rsc('2014-01-05', '2015-01-04', 30)]), 'unmet');
  });

  test('RSC still running on the evaluation date counts only the hours of the days up to it', () => {
    // 2026-01-01..2026-12-31 is 365 days; on 2026-07-02 (day 183) half of 100 hours is 50.14.
    const running = [rsc('2025-07-02', '2025-12-31', 0.01), rsc('2026-01-01', '2026-12-31', 100)];
    const result = rscResult('mi-aimh', 'IMHS', running, '2026-07-02');
    assert.match(result.summary, /^50\.15 of 50 hours between 2025-07-02 and 2026-07-02/);
    assert.equal(result.status, 'met');
    assert.equal(rscResult('mi-aimh', 'IMHS', running, '2026-06-30').status, 'unmet');
  });

  test('RSC that begins after the evaluation date is ignored', () => {
    assert.equal(miImhs([rsc('2015-01-05', '2016-01-04', 50)], '2015-01-04'), 'unmet');
    assert.equal(miImhs([rsc('2015-01-05', '2016-01-04', 50)], '2016-01-04'), 'met');
  });
});

describe('what the result says', () => {
  test("the spec's printed requirement for its example RSC entry (MI-AIMH IMHS)", () => {
    const entry = rsc('2015-01-05', '2016-06-30', 52, {
      provider: { name: 'Dana Mentor', endorsements: ['IMHM-C'], vetted: false },
    });
    const result = rscResult('mi-aimh', 'IMHS', [entry], '2026-11-22', [degree('master', '2014-05-15')]);
    assert.equal(result.id, 'imhs.rsc.hours');
    assert.equal(result.kind, 'rsc');
    assert.equal(result.status, 'met');
    assert.equal(result.summary, '52 of 50 hours between 2015-01-05 and 2016-06-30');
    assert.equal(result.source, '001_a4361f1f3dc13180.txt');
    assert.deepEqual(result.evidence, ['rsc[0]']);
    assert.deepEqual(result.missing, []);
  });

  test('an unmet requirement says what is missing: "8 more RSC hours"', () => {
    const result = rscResult('mi-aimh', 'IMHS', [rsc('2015-01-05', '2016-06-30', 42)]);
    assert.equal(result.status, 'unmet');
    assert.ok(
      result.missing.some((m) => m.includes('8 more RSC hours')),
      result.missing.join('; '),
    );
  });
});

describe('"within a two-year time frame (maximum)" alone (MI-AIMH IMHM-C)', () => {
  const miMentor = (entries: Rsc[]) => status('mi-aimh', 'IMHM-C', entries);

  test('sets no 12-month minimum', () => {
    assert.equal(miMentor([rsc('2015-01-05', '2015-02-05', 50)]), 'met');
    // The same hours do not meet IMHS, which has the 1-year minimum.
    assert.equal(miImhs([rsc('2015-01-05', '2015-02-05', 50)]), 'unmet');
  });

  test('RSC is optional for the Policy category: MI-AIMH IMHM-P has no RSC requirement', () => {
    const result = evaluate(portfolio(), { association: 'mi-aimh', credential: 'IMHM-P', on: '2026-01-01' });
    assert.equal(
      result.requirements.some((r) => r.kind === 'rsc'),
      false,
    );
  });

  test('still sets the 24-month maximum', () => {
    assert.equal(miMentor([rsc('2015-01-05', '2015-02-05', 25), rsc('2016-12-05', '2017-01-04', 25)]), 'met');
    assert.equal(
      miMentor([rsc('2015-01-05', '2015-02-05', 25), rsc('2016-12-05', '2017-01-05', 25)]),
      'unmet',
    );
  });
});

describe('post-Masters RSC (reading 3)', () => {
  // NCIMHA IMHS: "50 clock hours … post-Masters"; no window.
  const nc = (entries: Rsc[], degrees: Degree[], on = '2026-11-22') =>
    status('ncimha', 'IMHS', entries, on, degrees);
  const endorsed = { provider: { name: 'P', endorsements: ['IMHM-C' as const], vetted: false } };

  test('RSC received before the master is conferred does not count; after it, it does', () => {
    const master = [degree('master', '2015-05-15')];
    assert.equal(nc([rsc('2014-01-01', '2015-03-31', 50, endorsed)], master), 'unmet');
    assert.equal(nc([rsc('2015-06-01', '2016-03-31', 50, endorsed)], master), 'met');
  });

  test('the earliest master or doctorate counts; a bachelor does not', () => {
    const entries = [rsc('2016-01-01', '2016-12-31', 50, endorsed)];
    assert.equal(nc(entries, [degree('doctorate', '2020-05-15'), degree('master', '2015-05-15')]), 'met');
    assert.equal(nc(entries, [degree('doctorate', '2015-05-15')]), 'met');
    assert.equal(nc(entries, [degree('bachelor', '2010-05-15')]), 'unmet');
  });

  test('a master conferred after the evaluation date does not count', () => {
    const entries = [rsc('2016-01-01', '2016-12-31', 50, endorsed)];
    assert.equal(nc(entries, [degree('master', '2015-05-15')], '2017-01-01'), 'met');
    assert.equal(nc(entries, [degree('master', '2017-05-15')], '2017-01-01'), 'unmet');
  });
});

describe('RSC provider qualifications', () => {
  const provider = (endorsements: Rsc['provider']['endorsements'], vetted = false) => ({
    provider: { name: 'P', endorsements, vetted },
  });
  const nc = (entries: Rsc[], on = '2026-11-22') => status('ncimha', 'IMHS', entries, on);

  test('NCIMHA counts RSC from an IMHM-C or ERS, not from an IMHS', () => {
    assert.equal(nc([rsc('2016-01-01', '2016-12-31', 50, provider(['IMHM-C']))]), 'met');
    assert.equal(nc([rsc('2016-01-01', '2016-12-31', 50, provider(['ERS']))]), 'met');
    assert.equal(nc([rsc('2016-01-01', '2016-12-31', 50, provider(['IMHS']))]), 'unmet');
    assert.equal(
      nc([
        rsc('2016-01-01', '2016-06-30', 25, provider(['IMHM-C'])),
        rsc('2016-07-01', '2016-12-31', 25, provider(['IMHS'])),
      ]),
      'unmet',
    );
  });

  test('vetted providers count only when evaluating before 2027-12-21 (reading 1)', () => {
    const entries = [rsc('2016-01-01', '2016-12-31', 50, provider([], true))];
    assert.equal(nc(entries, '2027-12-20'), 'met');
    assert.equal(nc(entries, '2027-12-21'), 'unmet');
  });

  test('a provider endorsed in another credential does not count for CT-AIMH IMHM-C', () => {
    const entries = [rsc('2015-01-05', '2016-01-04', 50, { ...provider(['IMHS']), providingRscHours: 25 })];
    assert.equal(status('ct-aimh', 'IMHM-C', entries), 'unmet');
    entries[0]!.provider = { name: 'P', endorsements: ['IMHM-C'], vetted: false };
    assert.equal(status('ct-aimh', 'IMHM-C', entries), 'met');
  });

  test('the Guidelines accept vetted providers for ECMHM-C but not for IMHM-C', () => {
    const entries = [rsc('2015-01-05', '2016-01-04', 50, { ...provider([], true), providingRscHours: 25 })];
    assert.equal(status('alliance', 'ECMHM-C', entries), 'met');
    assert.equal(status('alliance', 'IMHM-C', entries), 'unmet');
  });
});

describe('hours about the RSC the applicant provides, inside the same window', () => {
  // CT-AIMH IMHM-C: 50 hours over 12 to 24 months, post-Masters, of which 25 about the RSC provided.
  const ct = (entries: Rsc[]) => status('ct-aimh', 'IMHM-C', entries);

  test('25 of the 50 hours must be about the RSC the applicant provides', () => {
    assert.equal(ct([rsc('2015-01-05', '2016-01-04', 50, { providingRscHours: 25 })]), 'met');
    assert.equal(ct([rsc('2015-01-05', '2016-01-04', 50, { providingRscHours: 24 })]), 'unmet');
  });

  test('providing hours in another window do not count', () => {
    const base = rsc('2015-01-05', '2016-01-04', 50, { providingRscHours: 0 });
    assert.equal(ct([base, rsc('2018-01-01', '2018-03-31', 25, { providingRscHours: 25 })]), 'unmet');
    // Control: the same entry inside the window of the 50 hours.
    assert.equal(ct([base, rsc('2015-06-01', '2015-08-31', 25, { providingRscHours: 25 })]), 'met');
  });

  test('a window meeting both minimums is chosen over one with more hours but no providing hours', () => {
    const entries = [
      rsc('2010-01-05', '2011-06-30', 80, { providingRscHours: 0 }),
      rsc('2014-01-05', '2015-01-04', 50, { providingRscHours: 25 }),
    ];
    const result = rscResult('ct-aimh', 'IMHM-C', entries);
    assert.equal(result.status, 'met');
    assert.deepEqual(result.evidence, ['rsc[1]']);
  });

  test('the Guidelines\' "should be" binds (reading 7): alliance IMHM-C needs the 25 providing hours', () => {
    const alliance = (providing: number) =>
      status('alliance', 'IMHM-C', [rsc('2015-01-05', '2016-01-04', 50, { providingRscHours: providing })]);
    assert.equal(alliance(25), 'met');
    assert.equal(alliance(24), 'unmet');
  });
});
