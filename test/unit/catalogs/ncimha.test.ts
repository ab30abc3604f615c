// NCIMHA (North Carolina), read from 003_b2e3bf077778502f.txt (spec reading 0).
// Every rule of the IMHS credential has cases written from the seed's words: at
// the threshold (met) and just short of it (unmet, and only that rule unmet).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PortfolioInput } from '../../../src/engine/portfolio.ts';
import { evaluate, evaluateRenewal } from '../../../src/index.ts';
import {
  type CaseTable,
  type CredentialTable,
  checkCoverage,
  registerTable,
  ruleResult,
} from '../../helpers/catalog-cases.ts';
import {
  degree,
  member,
  type Parts,
  portfolio,
  reference,
  rsc,
  signed,
  training,
  unmetIds,
  variant,
  work,
} from '../../helpers/portfolio.ts';
import {
  agreementsSignedLateCases,
  annualMembershipCases,
  clockHourCases,
  examFailedCases,
  examPassedOn,
  renewalMembershipCases,
  trainingTotal,
} from '../../helpers/shared-cases.ts';

const A = 'ncimha';
const C = 'IMHS';
const ON = '2026-11-22';
const DAY_AFTER = '2026-11-23';
/** "NCIMHA will discontinue the use of [vetted professionals] on or before December 21, 2027" (reading 1). */
const LAST_VETTED_DAY = '2027-12-20';
const VETTING_ENDED = '2027-12-21';
/** A renewal year ending on the evaluation date. */
const PERIOD = { from: '2025-11-23', to: '2026-11-22' };

type Work = NonNullable<PortfolioInput['work']>[number];

const vettedProvider = { name: 'Vetted Provider', endorsements: [], vetted: true };
const providerWith = (
  endorsements: NonNullable<PortfolioInput['rsc']>[number]['provider']['endorsements'],
) => ({
  name: 'RSC Provider',
  endorsements,
  vetted: false,
});

const dyadic = (from: string, to: string | null, extra: Partial<Work> = {}) =>
  work(from, to, ['imh-dyadic'], { paid: true, supervised: true, ...extra });

const baseParts: Parts = {
  // "Transcripts are required if an applicant utilizes coursework": none here.
  degrees: [
    degree('bachelor', '2010-05-15', { title: 'BA' }),
    degree('master', '2014-05-15', { transcript: 'none' }),
  ],
  training: trainingTotal(36),
  work: [dyadic('2014-09-01', null, { title: 'Infant mental health therapist' })],
  rsc: [rsc('2015-01-05', '2016-06-30', 52, { provider: providerWith(['IMHM-C']) })],
  references: [
    reference('program-supervisor', { raterEndorsements: ['IMHS'] }),
    reference('rsc-provider'),
    reference('colleague'),
  ],
  agreements: signed('2026-09-30'),
  exam: { passed: true, date: '2026-10-20' },
  // Through 2027, so that the vetted cases of December 2027 are members too.
  memberships: [member('ncimha', '2026-01-01', '2027-12-31')],
};
const nc = variant(baseParts);

/** The master conferred 2020-12-31, with post-Masters RSC: for the internship alternative. */
const lateMaster = (parts: Parts = {}) =>
  nc({
    degrees: [degree('bachelor', '2010-05-15'), degree('master', '2020-12-31', { transcript: 'none' })],
    rsc: [rsc('2021-01-05', '2022-06-30', 52, { provider: providerWith(['IMHM-C']) })],
    ...parts,
  });
const internship = (from: string, to: string, extra: Partial<Work> = {}) =>
  work(from, to, ['imh-dyadic'], {
    internship: true,
    paid: false,
    supervised: true,
    supervisorEndorsements: ['IMHS'],
    ...extra,
  });

const requirements: CaseTable = {
  education: [
    { name: 'master with no transcript (no coursework used)', portfolio: nc(), expect: 'met' },
    {
      name: 'PhD only',
      portfolio: nc({ degrees: [degree('doctorate', '2014-05-15', { title: 'PhD', transcript: 'none' })] }),
      expect: 'met',
    },
    {
      // Work is "postgraduate" and RSC "post-Masters": without the degree neither can count.
      name: 'bachelor only',
      portfolio: nc({ degrees: [degree('bachelor', '2010-05-15')] }),
      expect: 'unmet',
      missing: /master's degree or doctorate/,
      alsoUnmet: ['work.specialized', 'rsc.hours'],
    },
  ],
  /** "Minimum 30 clock hours required" */
  'training.hours': clockHourCases(nc, ON),
  /**
   * "Two years, postgraduate, supervised paid work experiences providing …
   * infant mental health services … with both the infant/toddler and his/her …
   * parent … 1 year of a supervised graduate internship … may be counted
   * toward the 2 years paid work experience requirement if the supervisor of
   * the internship has earned IMH-E® at IMHM-Clinical or IMHS."
   */
  'work.specialized': [
    {
      // 2020-01-01..2023-12-31 is 1461 days: at half time exactly 730.5 days = 2 years of 365.25.
      name: 'exactly two years (half time over four years)',
      portfolio: nc({ work: [dyadic('2020-01-01', '2023-12-31', { fte: 0.5 })] }),
      expect: 'met',
    },
    {
      name: 'one day short of two years',
      portfolio: nc({ work: [dyadic('2020-01-01', '2023-12-30', { fte: 0.5 })] }),
      expect: 'unmet',
      missing: /1 more full-time days?/,
    },
    {
      name: 'four years unpaid (NC asks for paid work)',
      portfolio: nc({ work: [dyadic('2016-01-01', '2019-12-31', { paid: false })] }),
      expect: 'unmet',
      missing: /731 more full-time days .*paid/,
    },
    {
      name: 'four years, not supervised',
      portfolio: nc({ work: [dyadic('2016-01-01', '2019-12-31', { supervised: false })] }),
      expect: 'unmet',
      missing: /731 more full-time days .*supervised/,
    },
    {
      name: 'four years of infant/family work that is not dyadic IMH work',
      portfolio: nc({ work: [work('2016-01-01', '2019-12-31', ['infant-family'])] }),
      expect: 'unmet',
      missing: /731 more full-time days .*infant mental health/,
    },
    {
      name: 'the master conferred 2020-01-01: only 730 post-graduate days of 2018-2021 work',
      portfolio: nc({
        degrees: [degree('master', '2020-01-01', { transcript: 'none' })],
        rsc: [rsc('2020-01-05', '2021-06-30', 52, { provider: providerWith(['IMHM-C']) })],
        work: [dyadic('2018-01-01', '2021-12-31')],
      }),
      expect: 'unmet',
      missing: /1 more full-time days? .*after 2020-01-01/,
    },
    {
      name: 'internship supervised by an IMHS (366 days) + 366 days of paid post-graduate work',
      portfolio: lateMaster({
        work: [internship('2019-09-01', '2020-08-31'), dyadic('2021-01-01', '2022-01-01')],
      }),
      expect: 'met',
    },
    {
      name: 'internship supervised by an IMHM-C',
      portfolio: lateMaster({
        work: [
          internship('2019-09-01', '2020-08-31', { supervisorEndorsements: ['IMHM-C'] }),
          dyadic('2021-01-01', '2022-01-01'),
        ],
      }),
      expect: 'met',
    },
    {
      name: 'internship supervised by an IFS',
      portfolio: lateMaster({
        work: [
          internship('2019-09-01', '2020-08-31', { supervisorEndorsements: ['IFS'] }),
          dyadic('2021-01-01', '2022-01-01'),
        ],
      }),
      expect: 'unmet',
      missing: /internship .*supervised by someone endorsed as IMHM-C or IMHS/,
    },
    {
      name: 'internship whose supervisor is not endorsed',
      portfolio: lateMaster({
        work: [
          internship('2019-09-01', '2020-08-31', { supervisorEndorsements: [] }),
          dyadic('2021-01-01', '2022-01-01'),
        ],
      }),
      expect: 'unmet',
      missing: /internship .*supervised by someone endorsed as IMHM-C or IMHS/,
    },
    {
      name: 'internship of 365 days, short of a year',
      portfolio: lateMaster({
        work: [internship('2019-09-02', '2020-08-31'), dyadic('2021-01-01', '2022-01-01')],
      }),
      expect: 'unmet',
      missing: /or 1 year of supervised graduate internship .*plus 1 year/,
    },
    {
      name: 'internship + 365 days of post-graduate work, short of a year',
      portfolio: lateMaster({
        work: [internship('2019-09-01', '2020-08-31'), dyadic('2021-01-01', '2021-12-31')],
      }),
      expect: 'unmet',
      missing: /or 1 year of supervised graduate internship .*plus 1 year/,
    },
    {
      name: 'internship + a year of unpaid post-graduate work',
      portfolio: lateMaster({
        work: [internship('2019-09-01', '2020-08-31'), dyadic('2021-01-01', '2022-01-01', { paid: false })],
      }),
      expect: 'unmet',
      missing: /paid/,
    },
  ],
  /**
   * "50 clock hours of … RSC …, post-Masters … Provider of RSC must have earned
   * Endorsement as an [Infant] Mental Health Mentor-Clinical, Endorsed
   * Reflective Supervisor (ERS) or someone 'vetted' as such."
   */
  'rsc.hours': [
    {
      name: 'exactly 50 hours from an IMHM-C',
      portfolio: nc({ rsc: [rsc('2015-01-05', '2016-06-30', 50, { provider: providerWith(['IMHM-C']) })] }),
      expect: 'met',
    },
    {
      name: '49.5 of 50 hours',
      portfolio: nc({ rsc: [rsc('2015-01-05', '2016-06-30', 49.5, { provider: providerWith(['IMHM-C']) })] }),
      expect: 'unmet',
      missing: /0\.5 more RSC hours?/,
    },
    {
      name: 'from an Endorsed Reflective Supervisor (ERS)',
      portfolio: nc({ rsc: [rsc('2015-01-05', '2016-06-30', 50, { provider: providerWith(['ERS']) })] }),
      expect: 'met',
    },
    {
      name: 'no time frame: 25 hours in 2015 and 25 in 2020',
      portfolio: nc({
        rsc: [
          rsc('2015-01-05', '2015-03-31', 25, { provider: providerWith(['IMHM-C']) }),
          rsc('2020-01-06', '2020-03-30', 25, { provider: providerWith(['ERS']), format: 'group' }),
        ],
      }),
      expect: 'met',
    },
    {
      name: 'from an IMHS provider',
      portfolio: nc({ rsc: [rsc('2015-01-05', '2016-06-30', 52, { provider: providerWith(['IMHS']) })] }),
      expect: 'unmet',
      missing: /provider endorsed as IMHM-C, ERS/,
    },
    {
      name: 'from a Policy mentor (IMHM-P), not Clinical',
      portfolio: nc({ rsc: [rsc('2015-01-05', '2016-06-30', 52, { provider: providerWith(['IMHM-P']) })] }),
      expect: 'unmet',
      missing: /provider endorsed as IMHM-C, ERS/,
    },
    {
      name: `from a vetted provider, judged on ${LAST_VETTED_DAY}`,
      portfolio: nc({ rsc: [rsc('2015-01-05', '2016-06-30', 52, { provider: vettedProvider })] }),
      on: LAST_VETTED_DAY,
      expect: 'met',
    },
    {
      name: `from a vetted provider, judged on ${VETTING_ENDED}`,
      portfolio: nc({ rsc: [rsc('2015-01-05', '2016-06-30', 52, { provider: vettedProvider })] }),
      on: VETTING_ENDED,
      expect: 'unmet',
      // From the cut-off the ended option is no longer offered (spec reading 12).
      missing: /^(?!.*vetted).*endorsed as IMHM-C or ERS.*rsc\[0\] does not count/,
    },
    {
      name: 'beginning the day after the master was conferred',
      portfolio: nc({ rsc: [rsc('2014-05-16', '2015-05-15', 50, { provider: providerWith(['IMHM-C']) })] }),
      expect: 'met',
    },
    {
      name: 'after the bachelor but before the master (post-Masters only)',
      portfolio: nc({ rsc: [rsc('2013-01-07', '2014-12-31', 60, { provider: providerWith(['IMHM-C']) })] }),
      expect: 'unmet',
      missing: /after your master's degree \(2014-05-15\)/,
    },
  ],
  references: [
    {
      name: 'current program supervisor, RSC provider, supervisee; the RSC provider is an ERS',
      portfolio: nc({
        references: [
          reference('program-supervisor'),
          reference('rsc-provider', { raterEndorsements: ['ERS'] }),
          reference('supervisee'),
        ],
      }),
      expect: 'met',
    },
    {
      name: `a vetted rater, judged on ${LAST_VETTED_DAY}`,
      portfolio: nc({
        references: [
          reference('program-supervisor'),
          reference('rsc-provider', { raterVetted: true }),
          reference('colleague'),
        ],
      }),
      on: LAST_VETTED_DAY,
      expect: 'met',
    },
    {
      name: `a vetted rater, judged on ${VETTING_ENDED}`,
      portfolio: nc({
        references: [
          reference('program-supervisor'),
          reference('rsc-provider', { raterVetted: true }),
          reference('colleague'),
        ],
      }),
      on: VETTING_ENDED,
      expect: 'unmet',
      missing: /someone endorsed/,
    },
    {
      name: 'no rater endorsed or vetted',
      portfolio: nc({
        references: [reference('program-supervisor'), reference('rsc-provider'), reference('colleague')],
      }),
      expect: 'unmet',
      missing: /someone endorsed/,
    },
    {
      name: 'a current teacher in place of the current program supervisor',
      portfolio: nc({
        references: [
          reference('teacher', { raterEndorsements: ['IMHS'] }),
          reference('rsc-provider'),
          reference('colleague'),
        ],
      }),
      expect: 'unmet',
      missing: /current program supervisor/,
    },
    {
      name: 'the program supervisor is a former one',
      portfolio: nc({
        references: [
          reference('program-supervisor', { current: false, raterEndorsements: ['IMHS'] }),
          reference('rsc-provider'),
          reference('colleague'),
        ],
      }),
      expect: 'unmet',
      missing: /current program supervisor/,
    },
    {
      name: 'no rating from the RSC provider',
      portfolio: nc({
        references: [
          reference('program-supervisor', { raterEndorsements: ['IMHS'] }),
          reference('trainer'),
          reference('colleague'),
        ],
      }),
      expect: 'unmet',
      missing: /person providing your reflective supervision/,
    },
  ],
  agreements: agreementsSignedLateCases(nc, ON),
  exam: [examPassedOn(nc, ON), ...examFailedCases(nc, '2026-10-20', /pass the written examination/)],
  /** "Membership in the North Carolina Infant and Early Childhood Mental Health Association (NCIMHA)" */
  membership: [
    ...annualMembershipCases(nc, 'ncimha', ON, /NCIMHA.*2026-11-22/),
    {
      name: 'MI-AIMH membership only (no "or another association" here)',
      portfolio: nc({ memberships: [member('mi-aimh', '2026-01-01', '2026-12-31')] }),
      expect: 'unmet',
      missing: /NCIMHA.*2026-11-22/,
    },
    {
      name: 'CT-AIMH membership only',
      portfolio: nc({ memberships: [member('ct-aimh', '2026-01-01', '2026-12-31')] }),
      expect: 'unmet',
      missing: /NCIMHA.*2026-11-22/,
    },
  ],
};

// --- Renewal ("CONTINUING ENDORSEMENT® REQUIREMENTS for IMH SPECIALIST") --------

const renewalParts: Parts = {
  training: [
    training('2026-01-17', 10, ['imh']),
    training('2026-06-13', 5, ['imh']),
    training('2026-09-19', 1, ['dei'], { title: 'Equity in IMH practice' }),
  ],
  rsc: [rsc('2025-12-01', '2026-10-31', 14, { format: 'group' })],
  memberships: [member('ncimha', '2025-01-01', '2026-12-31')],
};
const renew = variant(renewalParts);
const providesRsc = [work('2024-01-01', null, ['rsc-provision'], { supervised: false })];

/** The renewal year 2023-07-01..2024-06-30, which ends in 2024. */
const year2024 = { from: '2023-07-01', to: '2024-06-30' };
const renew2024 = (training2024: NonNullable<PortfolioInput['training']>) =>
  portfolio({
    training: training2024,
    rsc: [rsc('2023-08-01', '2024-05-31', 12)],
    memberships: [member('ncimha', '2023-01-01', '2024-12-31')],
  });

const renewal: CaseTable = {
  /** "Minimum of 15 clock hours per year of relationship-based education and training" */
  'training.hours': [
    {
      name: 'exactly 15 hours (14 + the DEI hour), on the first and the last day of the year',
      portfolio: renew({ training: [training(PERIOD.from, 14, ['imh']), training(PERIOD.to, 1, ['dei'])] }),
      expect: 'met',
    },
    {
      name: '14.5 of 15 hours',
      portfolio: renew({
        training: [training('2026-01-17', 13.5, ['imh']), training('2026-09-19', 1, ['dei'])],
      }),
      expect: 'unmet',
      missing: /0\.5 more hours? of training/,
    },
    {
      name: '15 hours, 5 of them the day before the year began',
      portfolio: renew({
        training: [
          training('2025-11-22', 5, ['imh']),
          training('2026-01-17', 9, ['imh']),
          training('2026-09-19', 1, ['dei']),
        ],
      }),
      expect: 'unmet',
      missing: /5 more hours of training/,
    },
  ],
  /**
   * "For those who earn Endorsement® at IMHS and provide reflective supervision
   * or consultation to others, at least three of the hours of specialized
   * training must be about reflective supervision or consultation"
   */
  'training.rsc-providers': [
    {
      name: 'provides RSC; 11 + 3 RSC + 1 DEI hours',
      portfolio: renew({
        work: providesRsc,
        training: [
          training('2026-01-17', 11, ['imh']),
          training('2026-06-13', 3, ['rsc']),
          training('2026-09-19', 1, ['dei']),
        ],
      }),
      expect: 'met',
    },
    {
      name: 'provides RSC; 11.5 + 2.5 RSC + 1 DEI hours',
      portfolio: renew({
        work: providesRsc,
        training: [
          training('2026-01-17', 11.5, ['imh']),
          training('2026-06-13', 2.5, ['rsc']),
          training('2026-09-19', 1, ['dei']),
        ],
      }),
      expect: 'unmet',
      missing: /0\.5 more hours? of training about reflective supervision/,
    },
    {
      name: 'provided RSC until the first day of the year; no RSC hours',
      portfolio: renew({ work: [work('2020-01-01', PERIOD.from, ['rsc-provision'])] }),
      expect: 'unmet',
      missing: /3 more hours of training about reflective supervision/,
    },
    {
      name: 'stopped providing RSC the day before the year; no RSC hours',
      portfolio: renew({ work: [work('2020-01-01', '2025-11-22', ['rsc-provision'])] }),
      expect: 'met',
    },
  ],
  /** "Beginning in 2024, one of these hours will be required to cover diversity, equity, inclusion, and access" */
  'training.dei': [
    { name: 'one DEI hour in the year', portfolio: renew(), expect: 'met' },
    {
      name: 'no DEI hour in a year ending 2026-11-22',
      portfolio: renew({ training: [training('2026-01-17', 16, ['imh'])] }),
      expect: 'unmet',
      missing: /1 more hour of training on diversity/,
    },
    {
      name: 'the DEI hour dated the day before the year',
      portfolio: renew({
        training: [training('2026-01-17', 16, ['imh']), training('2025-11-22', 1, ['dei'])],
      }),
      expect: 'unmet',
      missing: /1 more hour of training on diversity/,
    },
    {
      name: 'no DEI hour in the year 2023-07-01..2024-06-30, which ends in 2024',
      portfolio: renew2024([training('2023-10-07', 16, ['imh'])]),
      period: year2024,
      expect: 'unmet',
      missing: /1 more hour of training on diversity/,
    },
    {
      name: 'a DEI hour in the year 2023-07-01..2024-06-30',
      portfolio: renew2024([training('2023-10-07', 15, ['imh']), training('2024-03-02', 1, ['dei'])]),
      period: year2024,
      expect: 'met',
    },
  ],
  /** "Annual renewal of membership in NCIMHA" (reading 8: covering the year's last day) */
  membership: [
    ...renewalMembershipCases(renew, 'ncimha', PERIOD, {
      since: '2025-01-01',
      until: '2027-11-22',
      missing: /NCIMHA.*2026-11-22/,
    }),
    {
      name: 'MI-AIMH membership only',
      portfolio: renew({ memberships: [member('mi-aimh', '2025-01-01', '2026-12-31')] }),
      expect: 'unmet',
      missing: /NCIMHA.*2026-11-22/,
    },
  ],
  /** "must receive a minimum of 12 hours of reflective supervision or consultation annually" (reading 10) */
  'rsc.hours': [
    {
      name: 'exactly 12 hours, from the first to the last day of the year',
      portfolio: renew({ rsc: [rsc(PERIOD.from, PERIOD.to, 12, { format: 'group' })] }),
      expect: 'met',
    },
    {
      name: '11.5 of 12 hours',
      portfolio: renew({ rsc: [rsc('2025-12-01', '2026-10-31', 11.5)] }),
      expect: 'unmet',
      missing: /0\.5 more RSC hours?/,
    },
    {
      name: '12 hours in an entry that began the day before the year',
      portfolio: renew({ rsc: [rsc('2025-11-22', '2026-10-31', 12)] }),
      expect: 'unmet',
      missing: /12 more RSC hours/,
    },
    {
      name: '12 hours in an entry that ends the day after the year',
      portfolio: renew({ rsc: [rsc('2025-12-01', DAY_AFTER, 12)] }),
      expect: 'unmet',
      missing: /12 more RSC hours/,
    },
  ],
};

const table: CredentialTable = {
  credential: C,
  on: ON,
  complete: nc(),
  source: '003_b2e3bf077778502f.txt',
  requirements,
  period: PERIOD,
  renewalComplete: renew(),
  renewal,
};
registerTable(A, table);

describe('NCIMHA catalog', () => {
  describe(C, () => {
    test('a renewal year ending 2023-12-31 needs no DEI hour', () => {
      const result = evaluateRenewal(
        portfolio({
          training: [training('2023-03-04', 15, ['imh'])],
          rsc: [rsc('2023-02-01', '2023-11-30', 12)],
          memberships: [member('ncimha', '2023-01-01', '2023-12-31')],
        }),
        { association: A, credential: C, from: '2023-01-01', to: '2023-12-31' },
      );
      assert.deepEqual(unmetIds(result), []);
      assert.equal(result.status, 'met');
      assert.ok(!result.requirements.some((r) => r.id.endsWith('.dei')), 'no DEI rule before 2024');
    });

    test('the same year with a DEI hour still counts it toward the 15', () => {
      const result = evaluateRenewal(
        renew({ training: [training('2026-01-17', 14, ['imh']), training('2026-09-19', 1, ['dei'])] }),
        { association: A, credential: C, ...PERIOD },
      );
      assert.equal(ruleResult(result, 'training.hours').status, 'met');
      assert.equal(ruleResult(result, 'training.dei').status, 'met');
    });

    test('vetted RSC provider and vetted rater together: met on 2027-12-20, both unmet on 2027-12-21', () => {
      const p = nc({
        rsc: [rsc('2015-01-05', '2016-06-30', 52, { provider: vettedProvider })],
        references: [
          reference('program-supervisor'),
          reference('rsc-provider', { raterVetted: true }),
          reference('colleague'),
        ],
      });
      assert.deepEqual(unmetIds(evaluate(p, { association: A, credential: C, on: LAST_VETTED_DAY })), []);
      assert.deepEqual(unmetIds(evaluate(p, { association: A, credential: C, on: VETTING_ENDED })).sort(), [
        'references',
        'rsc.hours',
      ]);
    });
  });

  test('every rule of every NCIMHA credential has a met and an unmet case', () => {
    checkCoverage(A, [table]);
  });
});
