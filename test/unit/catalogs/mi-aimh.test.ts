// MI-AIMH (Michigan), read from 001_a4361f1f3dc13180.txt only (spec reading 0).
// Every rule of every credential has cases written from the seed's words: at
// the threshold (met) and just short of it (unmet, and only that rule unmet).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PortfolioInput } from '../../../src/engine/portfolio.ts';
import { evaluate } from '../../../src/index.ts';
import {
  type Case,
  type CredentialTable,
  checkCoverage,
  registerTable,
} from '../../helpers/catalog-cases.ts';
import {
  degree,
  member,
  type Parts,
  reference,
  rsc,
  signed,
  training,
  unmetIds,
  variant,
  type Variant,
  work,
} from '../../helpers/portfolio.ts';
import {
  agreementsSignedLateCases,
  annualMembershipCases,
  clockHourCases,
  examFailedCases,
  examPassedAfter,
  examPassedOn,
  renewalMembershipCases,
  trainingTotal,
} from '../../helpers/shared-cases.ts';

const A = 'mi-aimh';
const ON = '2026-11-22';
const DAY_AFTER = '2026-11-23';
/** A renewal year ending on the evaluation date. */
const PERIOD = { from: '2025-11-23', to: '2026-11-22' };

type Kinds = NonNullable<PortfolioInput['work']>[number]['kinds'];
/** A credential's cases: the rest of its `CredentialTable` is the same at every level. */
type Tables = Pick<CredentialTable, 'requirements' | 'renewal'>;

// --- Pieces of the portfolios ------------------------------------------------

const miMember = member('mi-aimh', '2026-01-01', '2026-12-31');
const agreements = signed('2026-09-30');
const exam = { passed: true, date: '2026-10-20' };

/** 2020-01-01..2023-12-31 is 1461 days: at half time, exactly 730.5 days = 2 years of 365.25 (reading 2). */
const twoYearsExactly = (kinds: Kinds, extra = {}) =>
  work('2020-01-01', '2023-12-31', kinds, { fte: 0.5, ...extra });
/** The same, ending one day earlier: 730 days, one day short of 2 years. */
const twoYearsLessADay = (kinds: Kinds, extra = {}) =>
  work('2020-01-01', '2023-12-30', kinds, { fte: 0.5, ...extra });
/** 1461 days at three-quarter time: exactly 1095.75 days = 3 years. */
const threeYearsExactly = (kinds: Kinds) =>
  work('2020-01-01', '2023-12-31', kinds, { fte: 0.75, supervised: false });
const threeYearsLessADay = (kinds: Kinds) =>
  work('2020-01-01', '2023-12-30', kinds, { fte: 0.75, supervised: false });

// --- Cases shared by several credentials ------------------------------------

const agreementsCases = (make: Variant): Case[] => [
  ...agreementsSignedLateCases(make, ON),
  {
    name: 'Code of Ethics not signed',
    portfolio: make({ agreements: { endorsementAgreement: '2026-09-30' } }),
    expect: 'unmet',
    missing: /sign the Code of Ethics/,
  },
];

/** "Membership in MI-AIMH or another infant mental health association." */
const membershipCases = (make: Variant): Case[] => [
  ...annualMembershipCases(make, 'mi-aimh', ON, /membership .*2026-11-22/),
  {
    name: 'membership in another association (CT-AIMH)',
    portfolio: make({ memberships: [member('ct-aimh', '2026-01-01', '2026-12-31')] }),
    expect: 'met',
  },
  {
    name: 'membership in another association (NCIMHA)',
    portfolio: make({ memberships: [member('ncimha', '2026-01-01', '2026-12-31')] }),
    expect: 'met',
  },
  {
    name: 'membership beginning the day after',
    portfolio: make({ memberships: [member('mi-aimh', DAY_AFTER, '2027-11-22')] }),
    expect: 'unmet',
    missing: /membership .*2026-11-22/,
  },
];

/** Levels III and IV: "Successful completion of the MI-AIMH written examination." */
const examCases = (make: Variant): Case[] => [
  examPassedOn(make, ON),
  examPassedAfter(make, ON, /pass the written examination/),
  ...examFailedCases(make, '2026-10-20', /pass the written examination/),
];

/** Master's or doctorate, official transcript (Levels III and IV). */
const graduateEducationCases = (make: Variant): Case[] => [
  {
    name: 'PhD with official transcript, no master listed',
    portfolio: make({ degrees: [degree('doctorate', '2014-05-15', { title: 'PhD' })] }),
    expect: 'met',
  },
  {
    name: 'MSW with an unofficial transcript',
    portfolio: make({
      degrees: [degree('master', '2014-05-15', { title: 'MSW', transcript: 'unofficial' })],
    }),
    expect: 'unmet',
    missing: /official transcript/,
  },
  {
    name: 'MSW with no transcript',
    portfolio: make({ degrees: [degree('master', '2014-05-15', { title: 'MSW', transcript: 'none' })] }),
    expect: 'unmet',
    missing: /official transcript/,
  },
];

/**
 * Level IV: "Three years post-graduate experience as …" (fte-weighted, reading 2).
 * `others` is the rest of the credential's work (Level IV-Clinical's dyadic work).
 */
const threeYearCases = (
  make: Variant,
  kind: 'practice-leader' | 'policy-leadership' | 'research-faculty',
  others: NonNullable<PortfolioInput['work']> = [],
): Case[] => [
  {
    name: 'exactly 3 years (three-quarter time over four years)',
    portfolio: make({ work: [threeYearsExactly([kind]), ...others] }),
    expect: 'met',
  },
  {
    name: 'one day short of 3 years',
    portfolio: make({ work: [threeYearsLessADay([kind]), ...others] }),
    expect: 'unmet',
    missing: /1 more full-time days?/,
  },
  {
    name: '6 years of which fewer than 3 after the master (conferred 2019-01-01)',
    portfolio: make({
      degrees: [degree('master', '2019-01-01', { title: 'MA' })],
      work: [work('2016-01-01', '2021-12-31', [kind], { supervised: false }), ...others],
    }),
    expect: 'unmet',
    missing: /more full-time days .*after 2019-01-01/,
  },
];

// Renewal ("Continuing Endorsement Requirements"), the same at every level.
const renewalBase: Parts = {
  training: [training('2026-01-17', 10, ['imh']), training('2026-06-13', 6, ['imh'])],
  memberships: [miMember],
};
const renew = variant(renewalBase);

/** "15 clock hours per year of relationship-based education and training". */
const renewalTrainingCases = (make: Variant): Case[] => [
  {
    name: 'exactly 15 hours, on the first and the last day of the year',
    portfolio: make({ training: [training(PERIOD.from, 5), training(PERIOD.to, 10)] }),
    expect: 'met',
  },
  {
    name: '14.5 of 15 hours',
    portfolio: make({ training: [training('2026-01-17', 10), training('2026-06-13', 4.5)] }),
    expect: 'unmet',
    missing: /0\.5 more hours? of training/,
  },
  {
    name: '15 hours, 5 of them the day before the year began',
    portfolio: make({ training: [training('2025-11-22', 5), training('2026-06-13', 10)] }),
    expect: 'unmet',
    missing: /5 more hours of training/,
  },
];

/** "Annual renewal of membership in MI-AIMH or another infant mental health association" (reading 8). */
const miRenewalMembershipCases = (make: Variant): Case[] => [
  ...renewalMembershipCases(make, 'mi-aimh', PERIOD, {
    since: '2025-01-01',
    until: '2027-11-22',
    missing: /membership .*2026-11-22/,
  }),
  {
    name: 'membership in another association',
    portfolio: make({ memberships: [member('ct-aimh', '2026-01-01', '2026-12-31')] }),
    expect: 'met',
  },
];

const basicRenewal = (make: Variant) => ({
  'training.hours': [
    ...renewalTrainingCases(make),
    {
      name: '15 hours, none of them specific to infant mental health (Levels I and II: all count)',
      portfolio: make({ training: [training('2026-01-17', 10), training('2026-06-13', 5, ['dei'])] }),
      expect: 'met',
    },
  ] as Case[],
  membership: miRenewalMembershipCases(make),
});

/**
 * Levels III and IV: "15 hours of specialized training in infant mental
 * health annually": only hours with the `imh` topic count (spec reading 11).
 */
const specializedTrainingCases = (make: Variant): Case[] => [
  {
    name: 'exactly 15 IMH hours, on the first and the last day of the year',
    portfolio: make({
      training: [training(PERIOD.from, 5, ['imh']), training(PERIOD.to, 10, ['imh', 'rsc'])],
    }),
    expect: 'met',
  },
  {
    name: '14.5 of 15 IMH hours',
    portfolio: make({
      training: [training('2026-01-17', 10, ['imh']), training('2026-06-13', 4.5, ['imh'])],
    }),
    expect: 'unmet',
    missing:
      /^0\.5 more hours? of specialized training in infant mental health between 2025-11-23 and 2026-11-22$/,
  },
  {
    name: '20 hours, 5 of them not specific to infant mental health',
    portfolio: make({
      training: [
        training('2026-01-17', 10, ['imh']),
        training('2026-06-13', 5, ['dei']),
        training('2026-07-01', 5),
      ],
    }),
    expect: 'unmet',
    missing: /^5 more hours of specialized training in infant mental health/,
  },
  {
    name: '15 IMH hours, 5 of them the day before the year began',
    portfolio: make({ training: [training('2025-11-22', 5, ['imh']), training('2026-06-13', 10, ['imh'])] }),
    expect: 'unmet',
    missing: /5 more hours of specialized training in infant mental health/,
  },
];

const levelIIIandIVRenewal = (make: Variant) => ({
  'training.hours': specializedTrainingCases(make),
  membership: miRenewalMembershipCases(make),
});

// --- Level I: Infant Family Associate ----------------------------------------

const ifa = variant({
  degrees: [degree('cda', '2022-06-01', { title: 'Child Development Associate' })],
  training: trainingTotal(36),
  references: [
    reference('teacher'),
    reference('consultant'),
    reference('colleague', { raterEndorsements: ['IFS'] }),
  ],
  agreements,
  memberships: [miMember],
});

/** "Three ratings from: Teacher, CDA mentor, instructor, supervisor, consultant and/or colleague." */
const ifaCases: Tables = {
  requirements: {
    education: [
      {
        name: "associate's degree with official transcript",
        portfolio: ifa({ degrees: [degree('associate', '2021-05-15', { title: 'AA' })] }),
        expect: 'met',
      },
      {
        name: 'CDA with an unofficial transcript and no work',
        portfolio: ifa({ degrees: [degree('cda', '2022-06-01', { transcript: 'unofficial' })] }),
        expect: 'unmet',
        missing: /official transcript/,
      },
      {
        name: 'no degree: exactly two years of paid infant/family work instead',
        portfolio: ifa({ degrees: [], work: [twoYearsExactly(['infant-family'], { supervised: false })] }),
        expect: 'met',
      },
      {
        name: 'no degree: dyadic IMH work is infant/family work too',
        portfolio: ifa({ degrees: [], work: [twoYearsExactly(['imh-dyadic'])] }),
        expect: 'met',
      },
      {
        name: 'no degree: one day short of two years of paid work',
        portfolio: ifa({ degrees: [], work: [twoYearsLessADay(['infant-family'])] }),
        expect: 'unmet',
        missing: /1 more full-time days?/,
      },
      {
        name: 'no degree: four years of unpaid work',
        portfolio: ifa({
          degrees: [],
          work: [work('2020-01-01', '2023-12-31', ['infant-family'], { paid: false })],
        }),
        expect: 'unmet',
        missing: /731 more full-time days .*paid/,
      },
      {
        name: 'no degree and no work',
        portfolio: ifa({ degrees: [] }),
        expect: 'unmet',
        missing: /associate.*or 731 more full-time days/,
      },
    ],
    'training.hours': clockHourCases(ifa, ON),
    references: [
      {
        name: 'current supervisor, colleague, consultant endorsed at Level IV',
        portfolio: ifa({
          references: [
            reference('program-supervisor'),
            reference('colleague'),
            reference('consultant', { raterEndorsements: ['IMHM-P'] }),
          ],
        }),
        expect: 'met',
      },
      {
        name: 'current CDA mentor, instructor, colleague endorsed at Level III',
        portfolio: ifa({
          references: [
            reference('cda-mentor'),
            reference('instructor'),
            reference('colleague', { raterEndorsements: ['IMHS'] }),
          ],
        }),
        expect: 'met',
      },
      {
        name: 'no current teacher, CDA mentor, instructor or supervisor',
        portfolio: ifa({
          references: [
            reference('consultant'),
            reference('colleague'),
            reference('colleague', { raterEndorsements: ['IFS'] }),
          ],
        }),
        expect: 'unmet',
        missing: /current teacher/,
      },
      {
        name: 'the teacher is a former teacher',
        portfolio: ifa({
          references: [
            reference('teacher', { current: false }),
            reference('consultant'),
            reference('colleague', { raterEndorsements: ['IFS'] }),
          ],
        }),
        expect: 'unmet',
        missing: /current teacher/,
      },
      {
        name: 'the only endorsed rater holds Level I (IFA)',
        portfolio: ifa({
          references: [
            reference('teacher'),
            reference('consultant'),
            reference('colleague', { raterEndorsements: ['IFA'] }),
          ],
        }),
        expect: 'unmet',
        missing: /someone endorsed/,
      },
      {
        name: 'two ratings only',
        portfolio: ifa({
          references: [reference('teacher'), reference('colleague', { raterEndorsements: ['IFS'] })],
        }),
        expect: 'unmet',
        missing: /a reference rating from someone who is/,
      },
      {
        name: 'the third rating not yet submitted',
        portfolio: ifa({
          references: [
            reference('teacher'),
            reference('consultant', { submitted: null }),
            reference('colleague', { raterEndorsements: ['IFS'] }),
          ],
        }),
        expect: 'unmet',
        missing: /has not submitted/,
      },
      {
        name: 'the third rating submitted the day after',
        portfolio: ifa({
          references: [
            reference('teacher'),
            reference('consultant', { submitted: DAY_AFTER }),
            reference('colleague', { raterEndorsements: ['IFS'] }),
          ],
        }),
        expect: 'unmet',
        missing: /has not submitted/,
      },
    ],
    agreements: agreementsCases(ifa),
    membership: membershipCases(ifa),
  },
  renewal: basicRenewal(renew),
};

// --- Level II: Infant Family Specialist --------------------------------------

const ifs = variant({
  degrees: [degree('bachelor', '2014-05-15', { title: 'BSW' })],
  training: trainingTotal(36),
  work: [work('2014-09-01', null, ['infant-family'], { supervised: false })],
  rsc: [rsc('2015-01-05', '2016-06-30', 30, { format: 'group' })],
  references: [
    reference('program-supervisor'),
    reference('rsc-provider', { raterEndorsements: ['IMHS'] }),
    reference('colleague'),
  ],
  agreements,
  memberships: [miMember],
});

const ifsCases: Tables = {
  requirements: {
    education: [
      {
        name: 'MSW with official transcript ("and including Master …")',
        portfolio: ifs({ degrees: [degree('master', '2014-05-15', { title: 'MSW' })] }),
        expect: 'met',
      },
      {
        name: 'BSW with an unofficial transcript',
        portfolio: ifs({ degrees: [degree('bachelor', '2014-05-15', { transcript: 'unofficial' })] }),
        expect: 'unmet',
        missing: /official transcript/,
      },
      {
        name: "associate's degree only (RSC is post-bachelors, so it cannot count either)",
        portfolio: ifs({ degrees: [degree('associate', '2012-05-15')] }),
        expect: 'unmet',
        missing: /bachelor/,
        alsoUnmet: ['rsc.hours'],
      },
    ],
    'training.hours': clockHourCases(ifs, ON),
    work: [
      {
        name: 'exactly two years (half time over four years)',
        portfolio: ifs({ work: [twoYearsExactly(['infant-family'])] }),
        expect: 'met',
      },
      {
        name: 'two half-time jobs at once count as full time',
        portfolio: ifs({
          work: [
            work('2020-01-01', '2021-12-31', ['infant-family'], { fte: 0.5 }),
            work('2020-01-01', '2021-12-31', ['infant-family'], { fte: 0.5 }),
          ],
        }),
        expect: 'met',
      },
      {
        name: 'one day short of two years',
        portfolio: ifs({ work: [twoYearsLessADay(['infant-family'])] }),
        expect: 'unmet',
        missing: /1 more full-time days?/,
      },
      {
        name: 'overlapping full-time jobs count each day once (730 days)',
        portfolio: ifs({
          work: [
            work('2020-01-01', '2021-06-30', ['infant-family']),
            work('2020-07-01', '2021-12-30', ['infant-family']),
          ],
        }),
        expect: 'unmet',
        missing: /1 more full-time days?/,
      },
    ],
    'rsc.hours': [
      {
        name: '24 hours over exactly 12 months (2015-01-05..2016-01-04)',
        portfolio: ifs({ rsc: [rsc('2015-01-05', '2016-01-04', 24)] }),
        expect: 'met',
      },
      {
        name: '24 hours over one day less than 12 months',
        portfolio: ifs({ rsc: [rsc('2015-01-05', '2016-01-03', 24)] }),
        expect: 'unmet',
        missing: /at least 12 months.*2016-01-04/,
      },
      {
        name: '23.5 of 24 hours',
        portfolio: ifs({ rsc: [rsc('2015-01-05', '2016-06-30', 23.5)] }),
        expect: 'unmet',
        missing: /0\.5 more RSC hours?/,
      },
      {
        name: '12 + 12 hours over exactly 24 months',
        portfolio: ifs({
          rsc: [
            rsc('2015-01-05', '2016-01-04', 12),
            rsc('2016-01-05', '2017-01-04', 12, { format: 'group' }),
          ],
        }),
        expect: 'met',
      },
      {
        name: '12 + 12 hours over 24 months and a day',
        portfolio: ifs({
          rsc: [
            rsc('2015-01-05', '2016-01-04', 12),
            rsc('2016-01-05', '2017-01-05', 12, { format: 'group' }),
          ],
        }),
        expect: 'unmet',
        missing: /12 more RSC hours within the 24 months/,
      },
      {
        name: 'RSC beginning the day after the bachelor was conferred',
        portfolio: ifs({ rsc: [rsc('2014-05-16', '2015-05-15', 24)] }),
        expect: 'met',
      },
      {
        name: 'RSC beginning before the bachelor (post-bachelors only)',
        portfolio: ifs({ rsc: [rsc('2014-01-06', '2015-06-30', 30)] }),
        expect: 'unmet',
        missing: /after your bachelor's degree \(2014-05-15\)/,
      },
    ],
    references: [
      {
        name: 'current instructor, RSC provider, consultant endorsed at Level IV',
        portfolio: ifs({
          references: [
            reference('instructor'),
            reference('rsc-provider'),
            reference('consultant', { raterEndorsements: ['IMHM-C'] }),
          ],
        }),
        expect: 'met',
      },
      {
        name: 'no rating from the RSC provider',
        portfolio: ifs({
          references: [
            reference('program-supervisor'),
            reference('colleague', { raterEndorsements: ['IMHS'] }),
            reference('colleague'),
          ],
        }),
        expect: 'unmet',
        missing: /person providing your reflective supervision/,
      },
      {
        name: 'the program supervisor is a former one',
        portfolio: ifs({
          references: [
            reference('program-supervisor', { current: false }),
            reference('rsc-provider', { raterEndorsements: ['IMHS'] }),
            reference('colleague'),
          ],
        }),
        expect: 'unmet',
        missing: /current teacher, program supervisor/,
      },
      {
        name: 'the only endorsed rater holds Level II (IFS): Level III or IV is asked',
        portfolio: ifs({
          references: [
            reference('program-supervisor'),
            reference('rsc-provider', { raterEndorsements: ['IFS'] }),
            reference('colleague'),
          ],
        }),
        expect: 'unmet',
        missing: /someone endorsed/,
      },
    ],
    agreements: agreementsCases(ifs),
    membership: membershipCases(ifs),
  },
  renewal: basicRenewal(renew),
};

// --- Level III: Infant Mental Health Specialist ------------------------------

const imhsParts: Parts = {
  degrees: [
    degree('bachelor', '2010-05-15', { title: 'BA' }),
    degree('master', '2014-05-15', { title: 'MSW' }),
  ],
  training: trainingTotal(36),
  work: [work('2014-09-01', null, ['imh-dyadic'], { title: 'Infant mental health therapist' })],
  rsc: [rsc('2015-01-05', '2016-06-30', 52)],
  references: [
    reference('program-supervisor'),
    reference('rsc-provider', { raterEndorsements: ['IMHM-C'] }),
    reference('supervisee'),
  ],
  agreements,
  exam,
  memberships: [miMember],
};
const imhs = variant(imhsParts);

/**
 * "2 years, post-graduate, supervised work experiences providing … infant
 * mental health services … with both the infant/toddler and his/her …
 * parent … OR 1 year supervised graduate internship … and 1 year,
 * post-graduate, supervised work experience as described above."
 * `others` is the rest of the credential's work (Level IV-Clinical's practice leadership).
 */
const specializedWorkCases = (make: Variant, others: NonNullable<PortfolioInput['work']> = []): Case[] => {
  const internship = (from: string, to: string, extra = {}) =>
    work(from, to, ['imh-dyadic'], { internship: true, paid: false, supervised: true, ...extra });
  const lateMaster = [degree('bachelor', '2010-05-15'), degree('master', '2020-12-31', { title: 'MSW' })];
  return [
    {
      name: 'exactly two years (half time over four years)',
      portfolio: make({ work: [twoYearsExactly(['imh-dyadic']), ...others] }),
      expect: 'met',
    },
    {
      name: 'one day short of two years',
      portfolio: make({ work: [twoYearsLessADay(['imh-dyadic']), ...others] }),
      expect: 'unmet',
      missing: /1 more full-time days?/,
    },
    {
      name: 'unpaid supervised work counts (MI does not ask for paid)',
      portfolio: make({
        work: [work('2016-01-01', '2019-12-31', ['imh-dyadic'], { paid: false }), ...others],
      }),
      expect: 'met',
    },
    {
      name: 'four years, not supervised',
      portfolio: make({
        work: [work('2016-01-01', '2019-12-31', ['imh-dyadic'], { supervised: false }), ...others],
      }),
      expect: 'unmet',
      missing: /731 more full-time days .*supervised/,
    },
    {
      name: 'four years of infant/family work that is not dyadic IMH work (Level II work)',
      portfolio: make({ work: [work('2016-01-01', '2019-12-31', ['infant-family']), ...others] }),
      expect: 'unmet',
      missing: /731 more full-time days .*infant mental health/,
    },
    {
      name: 'four years of dyadic work with 3- to 6-year-olds only',
      portfolio: make({ work: [work('2016-01-01', '2019-12-31', ['ecmh-dyadic']), ...others] }),
      expect: 'unmet',
      missing: /731 more full-time days/,
    },
    {
      name: 'two years after the master conferred 2019-12-31 (2020-01-01..2021-12-31)',
      portfolio: make({
        degrees: [degree('bachelor', '2010-05-15'), degree('master', '2019-12-31', { title: 'MSW' })],
        work: [work('2018-01-01', '2021-12-31', ['imh-dyadic']), ...others],
      }),
      expect: 'met',
    },
    {
      name: 'the master conferred 2020-01-01: only 730 post-graduate days',
      portfolio: make({
        degrees: [degree('bachelor', '2010-05-15'), degree('master', '2020-01-01', { title: 'MSW' })],
        work: [work('2018-01-01', '2021-12-31', ['imh-dyadic']), ...others],
      }),
      expect: 'unmet',
      missing: /1 more full-time days? .*after 2020-01-01/,
    },
    {
      name: 'internship alternative: 366-day supervised graduate internship + 366 days post-graduate work',
      portfolio: make({
        degrees: lateMaster,
        work: [
          internship('2019-09-01', '2020-08-31'),
          work('2021-01-01', '2022-01-01', ['imh-dyadic']),
          ...others,
        ],
      }),
      expect: 'met',
    },
    {
      name: 'internship alternative: internship of 365 days, short of a year',
      portfolio: make({
        degrees: lateMaster,
        work: [
          internship('2019-09-02', '2020-08-31'),
          work('2021-01-01', '2022-01-01', ['imh-dyadic']),
          ...others,
        ],
      }),
      expect: 'unmet',
      missing: /or 1 year of supervised graduate internship .*plus 1 year/,
    },
    {
      name: 'internship alternative: post-graduate work of 365 days, short of a year',
      portfolio: make({
        degrees: lateMaster,
        work: [
          internship('2019-09-01', '2020-08-31'),
          work('2021-01-01', '2021-12-31', ['imh-dyadic']),
          ...others,
        ],
      }),
      expect: 'unmet',
      missing: /or 1 year of supervised graduate internship .*plus 1 year/,
    },
    {
      name: 'internship alternative: the internship was not supervised',
      portfolio: make({
        degrees: lateMaster,
        work: [
          internship('2019-09-01', '2020-08-31', { supervised: false }),
          work('2021-01-01', '2022-01-01', ['imh-dyadic']),
          ...others,
        ],
      }),
      expect: 'unmet',
      missing: /or 1 year of supervised graduate internship/,
    },
  ];
};

/** "Minimum: 50 clock hours within a 1-year minimum and 2-year maximum timeframe" (reading 4). */
const imhsRscCases: Case[] = [
  {
    name: '25 + 25 hours over exactly 24 months (2015-01-05..2017-01-04)',
    portfolio: imhs({
      rsc: [rsc('2015-01-05', '2016-06-30', 25), rsc('2016-07-01', '2017-01-04', 25, { format: 'group' })],
    }),
    expect: 'met',
  },
  {
    name: '25 + 25 hours over 24 months and a day',
    portfolio: imhs({
      rsc: [rsc('2015-01-05', '2016-06-30', 25), rsc('2016-07-01', '2017-01-05', 25, { format: 'group' })],
    }),
    expect: 'unmet',
    missing: /25 more RSC hours within the 24 months/,
  },
  {
    name: '50 hours over exactly 12 months',
    portfolio: imhs({ rsc: [rsc('2015-01-05', '2016-01-04', 50)] }),
    expect: 'met',
  },
  {
    name: '50 hours over one day less than 12 months',
    portfolio: imhs({ rsc: [rsc('2015-01-05', '2016-01-03', 50)] }),
    expect: 'unmet',
    missing: /at least 12 months.*2016-01-04/,
  },
  {
    name: '49.5 of 50 hours',
    portfolio: imhs({ rsc: [rsc('2015-01-05', '2016-06-30', 24.5), rsc('2016-07-01', '2016-12-31', 25)] }),
    expect: 'unmet',
    missing: /0\.5 more RSC hours?/,
  },
];

const imhsCases: Tables = {
  requirements: {
    education: [
      ...graduateEducationCases(imhs),
      {
        name: 'bachelor only (the work is post-graduate, so it cannot count either)',
        portfolio: imhs({ degrees: [degree('bachelor', '2010-05-15')] }),
        expect: 'unmet',
        missing: /master's degree or doctorate/,
        alsoUnmet: ['work.specialized'],
      },
    ],
    'training.hours': clockHourCases(imhs, ON),
    'work.specialized': specializedWorkCases(imhs),
    'rsc.hours': imhsRscCases,
    references: [
      {
        name: 'current trainer, RSC provider, colleague endorsed at Level II (IFS)',
        portfolio: imhs({
          references: [
            reference('trainer'),
            reference('rsc-provider'),
            reference('colleague', { raterEndorsements: ['IFS'] }),
          ],
        }),
        expect: 'met',
      },
      {
        name: 'no rating from the RSC provider',
        portfolio: imhs({
          references: [
            reference('program-supervisor'),
            reference('consultant', { raterEndorsements: ['IMHM-C'] }),
            reference('supervisee'),
          ],
        }),
        expect: 'unmet',
        missing: /person providing your reflective supervision/,
      },
      {
        name: 'the program supervisor is a former one, and no other current supervisor, teacher, trainer or consultant',
        portfolio: imhs({
          references: [
            reference('program-supervisor', { current: false }),
            reference('rsc-provider', { raterEndorsements: ['IMHM-C'] }),
            reference('supervisee'),
          ],
        }),
        expect: 'unmet',
        missing: /current program supervisor, teacher, trainer or consultant/,
      },
      {
        name: 'the only endorsed rater holds Level I (IFA)',
        portfolio: imhs({
          references: [
            reference('program-supervisor'),
            reference('rsc-provider', { raterEndorsements: ['IFA'] }),
            reference('supervisee'),
          ],
        }),
        expect: 'unmet',
        missing: /someone endorsed/,
      },
      {
        name: 'a student is not among the third rating’s roles',
        portfolio: imhs({
          references: [
            reference('program-supervisor'),
            reference('rsc-provider', { raterEndorsements: ['IMHM-C'] }),
            reference('student'),
          ],
        }),
        expect: 'unmet',
        missing: /a reference rating from someone who is/,
      },
    ],
    agreements: agreementsCases(imhs),
    exam: examCases(imhs),
    membership: membershipCases(imhs),
  },
  renewal: {
    ...levelIIIandIVRenewal(renew),
    /**
     * "For those who earn endorsement at Level III and provide reflective
     * supervision or consultation to others, at least 3 of the hours of
     * specialized training must be about reflective supervision or consultation."
     */
    'training.rsc-providers': [
      {
        name: 'provides RSC; 12 + 3 RSC hours',
        portfolio: renew({
          work: [work('2024-01-01', null, ['rsc-provision'])],
          training: [training('2026-01-17', 12, ['imh']), training('2026-06-13', 3, ['imh', 'rsc'])],
        }),
        expect: 'met',
      },
      {
        name: 'provides RSC; 12.5 + 2.5 RSC hours',
        portfolio: renew({
          work: [work('2024-01-01', null, ['rsc-provision'])],
          training: [training('2026-01-17', 12.5, ['imh']), training('2026-06-13', 2.5, ['imh', 'rsc'])],
        }),
        expect: 'unmet',
        missing: /0\.5 more hours? of training about reflective supervision/,
      },
      {
        name: 'does not provide RSC; no RSC hours',
        portfolio: renew({ training: [training('2026-01-17', 15, ['imh'])] }),
        expect: 'met',
      },
      {
        name: 'stopped providing RSC the day before the year began',
        portfolio: renew({
          work: [work('2020-01-01', '2025-11-22', ['rsc-provision'])],
          training: [training('2026-01-17', 15, ['imh'])],
        }),
        expect: 'met',
      },
      {
        name: 'provided RSC on the first day of the year only',
        portfolio: renew({
          work: [work('2020-01-01', PERIOD.from, ['rsc-provision'])],
          training: [training('2026-01-17', 15, ['imh'])],
        }),
        expect: 'unmet',
        missing: /3 more hours of training about reflective supervision/,
      },
      {
        name: 'provides RSC; the 3 RSC hours dated the day before the year',
        portfolio: renew({
          work: [work('2024-01-01', null, ['rsc-provision'])],
          training: [training('2026-01-17', 15, ['imh']), training('2025-11-22', 3, ['rsc'])],
        }),
        expect: 'unmet',
        missing: /3 more hours of training about reflective supervision/,
      },
    ],
  },
};

// --- Level IV: Infant Mental Health Mentor -----------------------------------

const mentorParts: Parts = {
  degrees: [degree('master', '2014-05-15', { title: 'MSW' })],
  training: trainingTotal(36),
  agreements,
  exam,
  memberships: [miMember],
};

const practiceLeader = work('2018-01-01', null, ['practice-leader'], {
  title: 'Infant mental health supervisor',
  supervised: false,
});
const dyadic = work('2014-09-01', null, ['imh-dyadic'], { title: 'Infant mental health therapist' });
const imhmC = variant({
  ...mentorParts,
  work: [dyadic, practiceLeader],
  rsc: [rsc('2015-01-05', '2016-06-30', 52)],
  references: [
    reference('colleague'),
    reference('rsc-provider', { raterEndorsements: ['IMHM-C'] }),
    reference('supervisee'),
  ],
});

const imhmCCases: Tables = {
  requirements: {
    education: graduateEducationCases(imhmC),
    'training.hours': clockHourCases(imhmC, ON),
    'work.specialized': specializedWorkCases(imhmC, [practiceLeader]),
    'work.practice-leader': threeYearCases(imhmC, 'practice-leader', [dyadic]),
    /** "Minimum: 50 clock hours within a two-year time frame (maximum). (Required for Clinical …)" */
    'rsc.hours': [
      {
        name: '50 hours within one month (no 12-month minimum at Level IV)',
        portfolio: imhmC({ rsc: [rsc('2015-01-05', '2015-02-04', 50)] }),
        expect: 'met',
      },
      {
        name: '25 + 25 hours over exactly 24 months',
        portfolio: imhmC({ rsc: [rsc('2015-01-05', '2016-06-30', 25), rsc('2016-07-01', '2017-01-04', 25)] }),
        expect: 'met',
      },
      {
        name: '25 + 25 hours over 24 months and a day',
        portfolio: imhmC({ rsc: [rsc('2015-01-05', '2016-06-30', 25), rsc('2016-07-01', '2017-01-05', 25)] }),
        expect: 'unmet',
        missing: /25 more RSC hours within the 24 months/,
      },
      {
        name: '49.5 of 50 hours',
        portfolio: imhmC({ rsc: [rsc('2015-01-05', '2016-06-30', 49.5)] }),
        expect: 'unmet',
        missing: /0\.5 more RSC hours?/,
      },
      {
        name: 'no RSC at all (required for Clinical)',
        portfolio: imhmC({ rsc: [] }),
        expect: 'unmet',
        missing: /50 more RSC hours/,
      },
    ],
    references: [
      {
        name: 'current consultant, RSC provider, consultee (receives RSC from the applicant)',
        portfolio: imhmC({
          references: [
            reference('consultant'),
            reference('rsc-provider', { raterEndorsements: ['IMHS'] }),
            reference('rsc-recipient'),
          ],
        }),
        expect: 'met',
      },
      {
        name: 'no supervisee/consultee',
        portfolio: imhmC({
          references: [
            reference('colleague'),
            reference('rsc-provider', { raterEndorsements: ['IMHM-C'] }),
            reference('colleague'),
          ],
        }),
        expect: 'unmet',
        missing: /supervisee/,
      },
      {
        name: 'no rating from the RSC provider',
        portfolio: imhmC({
          references: [
            reference('colleague', { raterEndorsements: ['IMHM-C'] }),
            reference('trainer'),
            reference('supervisee'),
          ],
        }),
        expect: 'unmet',
        missing: /person providing your reflective supervision/,
      },
      {
        name: 'the colleague is a former colleague',
        portfolio: imhmC({
          references: [
            reference('colleague', { current: false }),
            reference('rsc-provider', { raterEndorsements: ['IMHM-C'] }),
            reference('supervisee'),
          ],
        }),
        expect: 'unmet',
        missing: /current program supervisor, teacher, trainer, consultant or colleague/,
      },
      {
        name: 'the only endorsed rater holds Level I (IFA)',
        portfolio: imhmC({
          references: [
            reference('colleague'),
            reference('rsc-provider', { raterEndorsements: ['IFA'] }),
            reference('supervisee'),
          ],
        }),
        expect: 'unmet',
        missing: /someone endorsed/,
      },
    ],
    agreements: agreementsCases(imhmC),
    exam: examCases(imhmC),
    membership: membershipCases(imhmC),
  },
  renewal: {
    ...levelIIIandIVRenewal(renew),
    'training.hours': [
      ...specializedTrainingCases(renew),
      {
        // "it is recommended that at least 3 … be about reflective supervision" (reading 7: does not bind)
        name: 'provides RSC with no RSC-topic hours (only recommended at Level IV-Clinical)',
        portfolio: renew({
          work: [work('2024-01-01', null, ['rsc-provision'])],
          training: [training('2026-01-17', 15, ['imh'])],
        }),
        expect: 'met',
      },
    ],
  },
};

const imhmP = variant({
  ...mentorParts,
  work: [threeYearsExactly(['policy-leadership'])],
  references: [
    reference('program-supervisor'),
    reference('rsc-provider', { raterEndorsements: ['IMHS'] }),
    reference('colleague'),
  ],
});

const imhmPCases: Tables = {
  requirements: {
    education: graduateEducationCases(imhmP),
    'training.hours': clockHourCases(imhmP, ON),
    'work.policy-leader': threeYearCases(imhmP, 'policy-leadership'),
    references: [
      {
        name: 'three colleagues, one endorsed ("candidate may ask three colleagues")',
        portfolio: imhmP({
          references: [
            reference('colleague'),
            reference('colleague'),
            reference('colleague', { raterEndorsements: ['IMHM-P'] }),
          ],
        }),
        expect: 'met',
      },
      {
        name: 'two colleagues only',
        portfolio: imhmP({
          references: [reference('colleague'), reference('colleague', { raterEndorsements: ['IMHM-P'] })],
        }),
        expect: 'unmet',
        missing: /a reference rating from someone who is/,
      },
      {
        name: 'three colleagues, none endorsed',
        portfolio: imhmP({
          references: [reference('colleague'), reference('colleague'), reference('colleague')],
        }),
        expect: 'unmet',
        missing: /someone endorsed/,
      },
      {
        name: 'the only endorsed rater holds Level I (IFA)',
        portfolio: imhmP({
          references: [
            reference('program-supervisor'),
            reference('rsc-provider', { raterEndorsements: ['IFA'] }),
            reference('colleague'),
          ],
        }),
        expect: 'unmet',
        missing: /someone endorsed/,
      },
    ],
    agreements: agreementsCases(imhmP),
    exam: examCases(imhmP),
    membership: membershipCases(imhmP),
  },
  renewal: levelIIIandIVRenewal(renew),
};

const imhmRF = variant({
  ...mentorParts,
  work: [threeYearsExactly(['research-faculty'])],
  references: [
    reference('department-chair'),
    reference('rsc-provider', { raterEndorsements: ['IMHM-C'] }),
    reference('student'),
  ],
});

const imhmRFCases: Tables = {
  requirements: {
    education: graduateEducationCases(imhmRF),
    'training.hours': clockHourCases(imhmRF, ON),
    'work.research-faculty': threeYearCases(imhmRF, 'research-faculty'),
    references: [
      {
        name: 'colleagues standing in for the chair and the RSC provider, and a student',
        portfolio: imhmRF({
          references: [
            reference('colleague'),
            reference('colleague', { raterEndorsements: ['IMHS'] }),
            reference('student'),
          ],
        }),
        expect: 'met',
      },
      {
        name: 'no student',
        portfolio: imhmRF({
          references: [
            reference('department-chair'),
            reference('rsc-provider', { raterEndorsements: ['IMHM-C'] }),
            reference('colleague'),
          ],
        }),
        expect: 'unmet',
        missing: /student/,
      },
      {
        name: 'the chair is a former chair and no colleague stands in',
        portfolio: imhmRF({
          references: [
            reference('department-chair', { current: false }),
            reference('rsc-provider', { raterEndorsements: ['IMHM-C'] }),
            reference('student'),
          ],
        }),
        expect: 'unmet',
        missing: /current department supervisor or chair/,
      },
      {
        name: 'the only endorsed rater holds Level I (IFA)',
        portfolio: imhmRF({
          references: [
            reference('department-chair'),
            reference('rsc-provider', { raterEndorsements: ['IFA'] }),
            reference('student'),
          ],
        }),
        expect: 'unmet',
        missing: /someone endorsed/,
      },
    ],
    agreements: agreementsCases(imhmRF),
    exam: examCases(imhmRF),
    membership: membershipCases(imhmRF),
  },
  renewal: levelIIIandIVRenewal(renew),
};

// --- The tests ----------------------------------------------------------------

const credentials: Array<{ id: string; make: Variant; tables: Tables }> = [
  { id: 'IFA', make: ifa, tables: ifaCases },
  { id: 'IFS', make: ifs, tables: ifsCases },
  { id: 'IMHS', make: imhs, tables: imhsCases },
  { id: 'IMHM-C', make: imhmC, tables: imhmCCases },
  { id: 'IMHM-P', make: imhmP, tables: imhmPCases },
  { id: 'IMHM-RF', make: imhmRF, tables: imhmRFCases },
];

/** Every level: a complete portfolio on ON, every requirement citing 001; a renewal year with 15+ hours and membership. */
const tables = credentials.map(({ id, make, tables: cases }): CredentialTable => ({
  credential: id,
  on: ON,
  complete: make(),
  source: '001_a4361f1f3dc13180.txt',
  period: PERIOD,
  renewalComplete: renew(),
  ...cases,
}));
for (const table of tables) registerTable(A, table);

describe('MI-AIMH catalog', () => {
  test('Levels I and II ask for no written examination; Levels III and IV do', () => {
    for (const { id, make } of credentials.slice(0, 2)) {
      const result = evaluate(make({ exam: null }), { association: A, credential: id, on: ON });
      assert.equal(result.status, 'met', id);
      assert.ok(!result.requirements.some((r) => r.kind === 'exam'), id);
    }
    for (const { id, make } of credentials.slice(2)) {
      const result = evaluate(make({ exam: null }), { association: A, credential: id, on: ON });
      assert.deepEqual(unmetIds(result), ['exam'], id);
    }
  });

  test('RSC is optional for Policy and Research/Faculty mentors, required for Clinical', () => {
    assert.equal(
      evaluate(imhmP({ rsc: [] }), { association: A, credential: 'IMHM-P', on: ON }).status,
      'met',
    );
    assert.equal(
      evaluate(imhmRF({ rsc: [] }), { association: A, credential: 'IMHM-RF', on: ON }).status,
      'met',
    );
    assert.deepEqual(
      unmetIds(evaluate(imhmC({ rsc: [] }), { association: A, credential: 'IMHM-C', on: ON })),
      ['rsc.hours'],
    );
  });

  test('every rule of every MI-AIMH credential has a met and an unmet case', () => {
    checkCoverage(A, tables);
  });
});
