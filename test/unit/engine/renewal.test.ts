import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PortfolioInput } from '../../../src/engine/portfolio.ts';
import { describe as describeCredential, evaluateRenewal, type RenewalOptions } from '../../../src/index.ts';
import { member, portfolio, requirement, rsc, training, work } from '../../helpers/portfolio.ts';

const year2025 = { from: '2025-01-01', to: '2025-12-31' };
const renewalStatus = (p: PortfolioInput, options: RenewalOptions, id: string) =>
  requirement(evaluateRenewal(p, options), id).status;
/** The status of rule `id` of `association`'s `credential` in the renewal year 2025 for a portfolio of `parts`. */
const in2025 = (association: string, credential: string, id: string, parts: Partial<PortfolioInput>) =>
  renewalStatus(portfolio(parts), { association, credential, ...year2025 }, id);

describe('renewal years (reading 10): training dated inside the period', () => {
  // MI-AIMH IFS (Level II): "15 hours per year of relationship-based education and training".
  const mi = (entries: ReturnType<typeof training>[]) =>
    in2025('mi-aimh', 'IFS', 'training.hours', { training: entries });

  test('15 hours on the first and last days of the period count', () => {
    assert.equal(mi([training('2025-01-01', 10), training('2025-12-31', 5)]), 'met');
  });

  test('hours the day before or after the period do not', () => {
    assert.equal(mi([training('2025-01-01', 10), training('2024-12-31', 5)]), 'unmet');
    assert.equal(mi([training('2025-01-01', 10), training('2026-01-01', 5)]), 'unmet');
  });

  test('the period defaults to the 12 months ending on its last day', () => {
    const p = (date: string) => portfolio({ training: [training(date, 15)] });
    const options = { association: 'mi-aimh', credential: 'IFS', to: '2025-12-31' };
    const result = evaluateRenewal(p('2025-01-01'), options);
    assert.equal(result.from, '2025-01-01');
    assert.equal(result.to, '2025-12-31');
    assert.equal(requirement(result, 'training.hours').status, 'met');
    assert.equal(renewalStatus(p('2024-12-31'), options, 'training.hours'), 'unmet');
    const leap = evaluateRenewal(p('2023-03-01'), { ...options, to: '2024-02-29' });
    assert.equal(leap.from, '2023-03-01');
    assert.equal(requirement(leap, 'training.hours').status, 'met');
  });
});

describe('"specialized training in infant mental health" (reading 11)', () => {
  const hours = (credential: string, topics: Array<'imh' | 'rsc' | 'dei'>) =>
    in2025('mi-aimh', credential, 'training.hours', { training: [training('2025-06-01', 15, topics)] });

  test('MI-AIMH Levels III and IV count only IMH hours; Levels I and II count every hour', () => {
    for (const credential of ['IMHS', 'IMHM-C', 'IMHM-P', 'IMHM-RF']) {
      assert.equal(hours(credential, ['imh']), 'met', credential);
      assert.equal(hours(credential, ['rsc', 'dei']), 'unmet', credential);
    }
    for (const credential of ['IFA', 'IFS']) assert.equal(hours(credential, ['dei']), 'met', credential);
  });

  test("the printed rule and the advice use the document's words", () => {
    const result = evaluateRenewal(portfolio({}), {
      association: 'mi-aimh',
      credential: 'IMHS',
      ...year2025,
    });
    assert.deepEqual(requirement(result, 'training.hours').missing, [
      '15 more hours of specialized training in infant mental health between 2025-01-01 and 2025-12-31',
    ]);
    const described = describeCredential({ association: 'mi-aimh', credential: 'IMHM-C', on: '2025-12-31' });
    const rule = described.renewal.find((r) => r.id === 'imhm-c.renewal.training.hours')!;
    assert.equal(
      rule.text,
      '15 hours of specialized training in infant mental health during the renewal year.',
    );
    assert.equal(
      rule.quote,
      'Endorsed professionals are required to obtain 15 hours of specialized training in infant mental health annually.',
    );
  });
});

describe('renewal years: RSC lying wholly inside the period', () => {
  // NCIMHA IMHS: "a minimum of 12 hours of reflective supervision or consultation annually".
  const nc = (entries: ReturnType<typeof rsc>[]) => in2025('ncimha', 'IMHS', 'rsc.hours', { rsc: entries });

  test('an entry inside the period counts', () => {
    assert.equal(nc([rsc('2025-01-01', '2025-12-31', 12)]), 'met');
  });

  test('an entry that starts before or ends after the period does not', () => {
    assert.equal(nc([rsc('2024-12-15', '2025-02-15', 12)]), 'unmet');
    assert.equal(nc([rsc('2025-06-01', '2026-01-01', 12)]), 'unmet');
    assert.equal(nc([rsc('2024-12-15', '2025-02-15', 12), rsc('2025-03-01', '2025-03-31', 6)]), 'unmet');
  });

  test("CT-AIMH IMHM-C: the year's RSC must come from an IMHM-C", () => {
    const ct = (endorsements: Array<'IMHS' | 'IMHM-C'>) =>
      in2025('ct-aimh', 'IMHM-C', 'rsc.hours', {
        rsc: [rsc('2025-02-01', '2025-11-30', 12, { provider: { name: 'P', endorsements } })],
      });
    assert.equal(ct(['IMHM-C']), 'met');
    assert.equal(ct(['IMHS']), 'unmet');
  });
});

describe('renewal years: "maintained for a minimum of 3 years" (alliance IMHM-C)', () => {
  const alliance = (granted: string, to: string, credential: 'IMHM-C' | 'IMHS' = 'IMHM-C') =>
    renewalStatus(
      portfolio({ endorsements: [{ credential, association: 'alliance', granted }] }),
      { association: 'alliance', credential: 'IMHM-C', to },
      'rsc.hours',
    );

  test("held 3 years from `granted` to the period's last day: no RSC needed", () => {
    // 2022-06-01..2025-05-31 is exactly 3 years, both ends counted.
    assert.equal(alliance('2022-06-01', '2025-05-31'), 'met');
    assert.equal(alliance('2018-06-01', '2025-05-31'), 'met');
  });

  test("held less than 3 years by the period's last day: 12 hours still needed", () => {
    assert.equal(alliance('2022-06-01', '2025-05-30'), 'unmet');
    assert.equal(alliance('2024-01-01', '2025-12-31'), 'unmet');
  });

  test('another credential held does not count', () => {
    assert.equal(alliance('2010-01-01', '2025-12-31', 'IMHS'), 'unmet');
  });
});

describe('renewal years: an endorsee "provides RSC" when a rsc-provision entry overlaps the period', () => {
  // MI-AIMH IMHS: those who provide RSC need 3 of the 15 hours about RSC.
  const mi = (workEntries: ReturnType<typeof work>[], topics: Array<'rsc' | 'imh'> = ['imh']) =>
    in2025('mi-aimh', 'IMHS', 'training.rsc-providers', {
      work: workEntries,
      training: [training('2025-03-01', 15, topics)],
    });
  const providing = (from: string, to: string | null) => work(from, to, ['rsc-provision']);

  test('overlapping by a day at either end binds the rule', () => {
    assert.equal(mi([providing('2020-01-01', '2025-01-01')]), 'unmet');
    assert.equal(mi([providing('2025-12-31', null)]), 'unmet');
    assert.equal(mi([providing('2020-01-01', null)]), 'unmet');
  });

  test('no overlap: the rule does not apply', () => {
    assert.equal(mi([providing('2020-01-01', '2024-12-31')]), 'met');
    assert.equal(mi([providing('2026-01-01', null)]), 'met');
    assert.equal(mi([work('2020-01-01', null, ['imh-dyadic'])]), 'met');
  });

  test('a provider with 3 hours about RSC inside the period meets it', () => {
    assert.equal(mi([providing('2020-01-01', null)], ['rsc']), 'met');
  });
});

describe("renewal years: membership on the period's last day (reading 8)", () => {
  const mi = (from: string, to: string) =>
    in2025('mi-aimh', 'IMHS', 'membership', { memberships: [member('mi-aimh', from, to)] });

  test('covering the last day counts; ending the day before does not', () => {
    assert.equal(mi('2025-12-31', '2026-12-30'), 'met');
    assert.equal(mi('2025-01-01', '2025-12-30'), 'unmet');
  });
});

describe('renewal rules dated by the evaluation date', () => {
  test("NCIMHA's DEI hour applies to renewal years ending from 2024", () => {
    const ids = (to: string) =>
      evaluateRenewal(portfolio(), { association: 'ncimha', credential: 'IMHS', to }).requirements.map(
        (r) => r.id,
      );
    assert.equal(ids('2023-12-31').includes('imhs.renewal.training.dei'), false);
    assert.equal(ids('2024-12-31').includes('imhs.renewal.training.dei'), true);
  });
});
