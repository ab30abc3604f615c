// CT-AIMH catalog, rule by rule, with portfolios written from the seed text:
// Levels I–III and the fees from 002, the Mentor level and its renewal from 000
// (spec reading 0). Each unmet case leaves exactly its own rule unmet.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CredentialId } from '../../../src/engine/portfolio.ts';
import { catalogs } from '../../../src/index.ts';
import {
  type Case,
  type CaseTable,
  type CredentialTable,
  checkCoverage,
  registerTable,
  rulesIf,
} from '../../helpers/catalog-cases.ts';
import {
  addDays,
  degree,
  member,
  type Parts,
  refs,
  rsc,
  rscProvider,
  signed,
  through,
  training,
  variant,
  type Variant,
  work,
} from '../../helpers/portfolio.ts';
import {
  agreementsUnsignedCases,
  bothSignedOn,
  examFailedCases,
  examPassedAfter,
  membershipEndingBeforeYearEnd,
  membershipCases as ownMembershipCases,
  officialTranscriptCases,
  postGraduateWorkCases,
  renewalMembershipCases,
  rscWindowCases,
  thirtyHourCases,
} from '../../helpers/shared-cases.ts';

const A = 'ct-aimh';
const ON = '2026-06-30';
/** The last day of the Mentor training rule before 2024, and the first day of the new one (000). */
const LAST_OLD = '2023-12-31';
const FIRST_NEW = '2024-01-01';
/** Levels I–III renewal year; the Mentor renewal year. */
const LEVEL_PERIOD = { from: '2025-07-01', to: '2026-06-30' };
const MENTOR_PERIOD = { from: '2025-01-01', to: '2025-12-31' };
const MASTER = '2010-05-15';
const DAY_AFTER_MASTER = addDays(MASTER, 1);

const exam = { passed: true, date: '2020-06-01' };
const leadershipFrom = (from: string, to: string | null = null) => ({
  activity: 'Organizes and facilitates a reflective practice group',
  from,
  to,
});
/** 30 clock hours of in-service training (002: "Minimum 30 hours" at every level). */
const thirtyHours = [training('2018-04-14', 20, ['imh']), training('2019-03-02', 10)];

// --- Cases shared by several credentials ------------------------------------------

const trainingThirtyCases = (v: Variant): Case[] => thirtyHourCases(v, ON, ['2018-04-14', 20], '2019-03-02');

const agreementsCases = (v: Variant): Case[] => [...agreementsUnsignedCases(v, ON), bothSignedOn(v, ON)];

const membershipCases = (v: Variant): Case[] => [
  ...ownMembershipCases(v, A, ON),
  {
    name: 'membership in another infant mental health association ("or other IMH association")',
    portfolio: v({ memberships: [member('mi-aimh')] }),
    expect: 'met',
  },
];

const examCases = (v: Variant): Case[] => [
  ...examFailedCases(v, '2020-06-01', /exam/i),
  examPassedAfter(v, ON, /exam/i),
];

/** Renewal for Levels I–III (002: "Annual participation in 15 clock hours"; ongoing membership). */
const levelRenewal = variant({
  training: [training('2025-09-20', 9, ['imh']), training('2026-02-11', 6)],
  memberships: [member(A, '2025-07-01', '2026-06-30')],
});
const levelRenewalCases: CaseTable = {
  'training.hours': [
    {
      name: '15 hours in the year, none about DEI or RSC',
      portfolio: levelRenewal(),
      expect: 'met',
    },
    {
      name: '14.5 hours in the year',
      portfolio: levelRenewal({ training: [training('2025-09-20', 9), training('2026-02-11', 5.5)] }),
      expect: 'unmet',
      missing: /0\.5 more hour/,
    },
    {
      name: 'hours on the first and the last day of the year count',
      portfolio: levelRenewal({ training: [training('2025-07-01', 9), training('2026-06-30', 6)] }),
      expect: 'met',
    },
    {
      name: 'hours the day before the year do not count',
      portfolio: levelRenewal({ training: [training('2025-06-30', 9), training('2026-02-11', 6)] }),
      expect: 'unmet',
      missing: /9 more hour/,
    },
  ],
  membership: [
    membershipEndingBeforeYearEnd(levelRenewal, A, LEVEL_PERIOD),
    {
      name: 'membership in another IMH association covering the last day',
      portfolio: levelRenewal({ memberships: [member('ncimha', '2026-06-30', '2027-06-29')] }),
      expect: 'met',
    },
  ],
};

// --- Level I: Infant Family Associate (002) --------------------------------------

const ifa = variant({
  degrees: [degree('associate', '2012-05-15')],
  training: thirtyHours,
  references: refs('program-supervisor', 'teacher', 'service-recipient'),
  agreements: signed(),
  memberships: [member(A)],
});

const ifaTable: CredentialTable = {
  credential: 'IFA',
  on: ON,
  complete: ifa(),
  kinds: ['education', 'training', 'references', 'agreements', 'membership'],
  requirements: {
    education: [
      {
        name: 'a CDA, which has no college transcript',
        portfolio: ifa({ degrees: [degree('cda', '2012-05-15', { transcript: 'none' })] }),
        expect: 'met',
      },
      {
        name: "an associate's degree with only an unofficial transcript",
        portfolio: ifa({ degrees: [degree('associate', '2012-05-15', { transcript: 'unofficial' })] }),
        expect: 'unmet',
        missing: /official transcript/,
      },
      {
        name: 'an unofficial transcript from another college degree ("every college/university attended")',
        portfolio: ifa({
          degrees: [
            degree('associate', '2012-05-15'),
            degree('bachelor', '2016-05-15', { transcript: 'unofficial' }),
          ],
        }),
        expect: 'unmet',
        missing: /official transcript.*bachelor/,
      },
      {
        name: 'no degree and no work',
        portfolio: ifa({ degrees: [] }),
        expect: 'unmet',
        missing: /associate|CDA/,
      },
      {
        name: 'no degree, exactly 2 years (1461 days at half time) in the infant-family field',
        portfolio: ifa({
          degrees: [],
          work: [work('2014-01-01', through('2014-01-01', 1461), ['infant-family'], { fte: 0.5 })],
        }),
        expect: 'met',
      },
      {
        name: 'no degree, 2 years less half a day of infant-family work',
        portfolio: ifa({
          degrees: [],
          work: [work('2014-01-01', through('2014-01-01', 1460), ['infant-family'], { fte: 0.5 })],
        }),
        expect: 'unmet',
        missing: /more .*day/,
      },
      {
        name: 'no degree, 731 full-time days in the infant-family field',
        portfolio: ifa({
          degrees: [],
          work: [work('2014-01-01', through('2014-01-01', 731), ['infant-family'])],
        }),
        expect: 'met',
      },
    ],
    'training.hours': trainingThirtyCases(ifa),
    references: [
      {
        name: 'program supervisor, trainer and consultant',
        portfolio: ifa({ references: refs('program-supervisor', 'trainer', 'consultant') }),
        expect: 'met',
      },
      {
        name: 'only two references',
        portfolio: ifa({ references: refs('program-supervisor', 'teacher') }),
        expect: 'unmet',
        missing: /reference/,
      },
      {
        name: 'a colleague is not among the roles listed for Level I',
        portfolio: ifa({ references: refs('program-supervisor', 'teacher', 'colleague') }),
        expect: 'unmet',
        missing: /reference/,
      },
      {
        name: 'a rating that has not been submitted',
        portfolio: ifa({
          references: refs('program-supervisor', 'teacher', ['service-recipient', { submitted: null }]),
        }),
        expect: 'unmet',
        missing: /not submitted/,
      },
    ],
    agreements: agreementsCases(ifa),
    membership: membershipCases(ifa),
  },
  period: LEVEL_PERIOD,
  renewalComplete: levelRenewal(),
  renewal: levelRenewalCases,
};

// --- Level II: Infant Family Specialist (002) --------------------------------------

const ifs = variant({
  degrees: [degree('bachelor', '2012-05-15')],
  work: [work('2012-09-01', null, ['infant-family'])],
  training: thirtyHours,
  rsc: [rsc('2013-01-05', '2014-06-30', 24)],
  references: refs('program-supervisor', 'rsc-provider', 'colleague'),
  agreements: signed(),
  memberships: [member(A)],
});

const ifsTable: CredentialTable = {
  credential: 'IFS',
  on: ON,
  complete: ifs(),
  kinds: ['education', 'work', 'training', 'rsc', 'references', 'agreements', 'membership'],
  requirements: {
    education: [
      {
        name: "a master's degree with an official transcript",
        portfolio: ifs({ degrees: [degree('master', '2012-05-15')] }),
        expect: 'met',
      },
      {
        name: "an associate's degree only",
        portfolio: ifs({ degrees: [degree('associate', '2012-05-15')] }),
        expect: 'unmet',
        missing: /bachelor|master/,
      },
      {
        name: "a bachelor's degree with only an unofficial transcript",
        portfolio: ifs({ degrees: [degree('bachelor', '2012-05-15', { transcript: 'unofficial' })] }),
        expect: 'unmet',
        missing: /official transcript/,
      },
      {
        name: "an unofficial transcript from an earlier associate's degree",
        portfolio: ifs({
          degrees: [
            degree('associate', '2009-05-15', { transcript: 'unofficial' }),
            degree('bachelor', '2012-05-15'),
          ],
        }),
        expect: 'unmet',
        missing: /official transcript.*associate/,
      },
    ],
    work: [
      {
        name: '731 full-time days in the infant-family field',
        portfolio: ifs({ work: [work('2012-09-01', through('2012-09-01', 731), ['infant-family'])] }),
        expect: 'met',
      },
      {
        name: '730 full-time days',
        portfolio: ifs({ work: [work('2012-09-01', through('2012-09-01', 730), ['infant-family'])] }),
        expect: 'unmet',
        missing: /1 more .*day/,
      },
      {
        name: 'exactly 2 years: 1461 days at half time',
        portfolio: ifs({
          work: [work('2012-09-01', through('2012-09-01', 1461), ['infant-family'], { fte: 0.5 })],
        }),
        expect: 'met',
      },
      {
        name: '1460 days at half time',
        portfolio: ifs({
          work: [work('2012-09-01', through('2012-09-01', 1460), ['infant-family'], { fte: 0.5 })],
        }),
        expect: 'unmet',
        missing: /more .*day/,
      },
      {
        name: 'Level II asks no post-degree work: 2 years before the bachelor count',
        portfolio: ifs({ work: [work('2009-01-01', through('2009-01-01', 731), ['infant-family'])] }),
        expect: 'met',
      },
      {
        name: 'two overlapping jobs count each day once',
        portfolio: ifs({
          work: [
            work('2012-09-01', through('2012-09-01', 730), ['infant-family']),
            work('2013-01-01', '2013-12-31', ['imh-dyadic']),
          ],
        }),
        expect: 'unmet',
        missing: /more .*day/,
      },
    ],
    'training.hours': trainingThirtyCases(ifs),
    'rsc.hours': [
      {
        name: 'exactly 24 hours',
        portfolio: ifs({ rsc: [rsc('2013-01-05', '2014-06-30', 24)] }),
        expect: 'met',
      },
      {
        name: '23.5 hours',
        portfolio: ifs({ rsc: [rsc('2013-01-05', '2014-06-30', 23.5)] }),
        expect: 'unmet',
        missing: /0\.5 more RSC hour/,
      },
      {
        name: 'Level II names no provider: RSC from an unendorsed provider counts',
        portfolio: ifs({ rsc: [rsc('2013-01-05', '2014-06-30', 24, { provider: rscProvider([]) })] }),
        expect: 'met',
      },
      {
        name: 'two halves more than 24 months apart',
        portfolio: ifs({
          rsc: [rsc('2013-01-05', '2013-12-31', 12), rsc('2014-06-01', '2015-02-01', 12)],
        }),
        expect: 'unmet',
        missing: /more RSC hour/,
      },
      ...rscWindowCases(ifs, 24),
    ],
    references: [
      {
        name: 'program supervisor, RSC provider and a teacher',
        portfolio: ifs({ references: refs('program-supervisor', 'rsc-provider', 'teacher') }),
        expect: 'met',
      },
      {
        name: 'no RSC provider',
        portfolio: ifs({ references: refs('program-supervisor', 'teacher', 'colleague') }),
        expect: 'unmet',
        missing: /reflective supervision\/consultation/,
      },
      {
        name: 'a supervisee is not listed for Level II',
        portfolio: ifs({ references: refs('program-supervisor', 'rsc-provider', 'supervisee') }),
        expect: 'unmet',
        missing: /reference/,
      },
    ],
    agreements: agreementsCases(ifs),
    membership: membershipCases(ifs),
  },
  period: LEVEL_PERIOD,
  renewalComplete: levelRenewal(),
  renewal: levelRenewalCases,
};

// --- Level III: Infant Mental Health Specialist (002) ------------------------------

const imhs = variant({
  degrees: [degree('bachelor', '2008-05-15'), degree('master', MASTER)],
  work: [work('2010-09-01', null, ['imh-dyadic'])],
  training: thirtyHours,
  rsc: [rsc('2011-01-05', '2012-06-30', 50)],
  references: refs('program-supervisor', 'rsc-provider', 'supervisee'),
  agreements: signed(),
  exam,
  memberships: [member(A)],
});

const imhsTable: CredentialTable = {
  credential: 'IMHS',
  on: ON,
  complete: imhs(),
  kinds: ['education', 'work', 'training', 'rsc', 'references', 'agreements', 'exam', 'membership'],
  requirements: {
    education: officialTranscriptCases(imhs, '2008-05-15', MASTER),
    work: [
      {
        name: '731 full-time days after the master',
        portfolio: imhs({
          work: [work(DAY_AFTER_MASTER, through(DAY_AFTER_MASTER, 731), ['infant-family'])],
        }),
        expect: 'met',
      },
      {
        name: '730 full-time days after the master',
        portfolio: imhs({
          work: [work(DAY_AFTER_MASTER, through(DAY_AFTER_MASTER, 730), ['infant-family'])],
        }),
        expect: 'unmet',
        missing: /1 more .*day/,
      },
      {
        name: 'exactly 2 years post Masters at half time (1461 days)',
        portfolio: imhs({
          work: [work(DAY_AFTER_MASTER, through(DAY_AFTER_MASTER, 1461), ['imh-dyadic'], { fte: 0.5 })],
        }),
        expect: 'met',
      },
      {
        name: '"post Masters": days before the master do not count',
        portfolio: imhs({
          work: [work('2009-05-16', through(DAY_AFTER_MASTER, 730), ['infant-family'])],
        }),
        expect: 'unmet',
        missing: /1 more .*day/,
      },
    ],
    'training.hours': trainingThirtyCases(imhs),
    'rsc.hours': [
      {
        name: 'exactly 50 hours',
        portfolio: imhs({ rsc: [rsc('2011-01-05', '2011-12-31', 30), rsc('2012-01-01', '2012-06-30', 20)] }),
        expect: 'met',
      },
      {
        name: '49.5 hours',
        portfolio: imhs({
          rsc: [rsc('2011-01-05', '2011-12-31', 30), rsc('2012-01-01', '2012-06-30', 19.5)],
        }),
        expect: 'unmet',
        missing: /0\.5 more RSC hour/,
      },
      ...rscWindowCases(imhs, 50),
    ],
    references: [
      {
        name: 'program supervisor, RSC provider and a colleague',
        portfolio: imhs({ references: refs('program-supervisor', 'rsc-provider', 'colleague') }),
        expect: 'met',
      },
      {
        name: 'no RSC provider',
        portfolio: imhs({ references: refs('program-supervisor', 'consultant', 'supervisee') }),
        expect: 'unmet',
        missing: /reflective supervision\/consultation/,
      },
      {
        name: 'one reference cannot fill two slots',
        portfolio: imhs({ references: refs('program-supervisor', 'rsc-provider') }),
        expect: 'unmet',
        missing: /reference/,
      },
    ],
    agreements: agreementsCases(imhs),
    exam: examCases(imhs),
    membership: membershipCases(imhs),
  },
  period: LEVEL_PERIOD,
  renewalComplete: levelRenewal(),
  renewal: levelRenewalCases,
};

// --- Level IV: Infant Mental Health Mentor (000) ------------------------------------

/** 000: "Unofficial transcripts from all degrees … are required." */
const mentorDegrees = [
  degree('bachelor', '2008-05-15', { transcript: 'unofficial' }),
  degree('master', MASTER, { transcript: 'unofficial' }),
];
const mentorParts: Parts = {
  degrees: mentorDegrees,
  leadership: [leadershipFrom('2015-01-01')],
  references: [],
  agreements: signed(),
  exam,
  memberships: [member(A)],
};

function mentorEducationCases(v: Variant): Case[] {
  return [
    {
      name: 'unofficial transcripts from every degree suffice',
      portfolio: v({ degrees: mentorDegrees }),
      expect: 'met',
    },
    {
      name: "no transcript for the master's degree",
      portfolio: v({
        degrees: [
          degree('bachelor', '2008-05-15', { transcript: 'unofficial' }),
          degree('master', MASTER, { transcript: 'none' }),
        ],
      }),
      expect: 'unmet',
      missing: /transcript.*master/,
    },
    {
      name: 'no transcript for the bachelor\'s degree ("from all degrees")',
      portfolio: v({
        degrees: [
          degree('bachelor', '2008-05-15', { transcript: 'none' }),
          degree('master', MASTER, { transcript: 'unofficial' }),
        ],
      }),
      expect: 'unmet',
      missing: /transcript.*bachelor/,
    },
  ];
}

/** 000: "Minimum 3-years of practice leader experience". */
function mentorLeadershipCases(v: Variant): Case[] {
  return [
    {
      name: '1096 days of practice leadership (3 × 365.25 = 1095.75)',
      portfolio: v({ leadership: [leadershipFrom('2015-01-01', through('2015-01-01', 1096))] }),
      expect: 'met',
    },
    {
      name: '1095 days of practice leadership',
      portfolio: v({ leadership: [leadershipFrom('2015-01-01', through('2015-01-01', 1095))] }),
      expect: 'unmet',
      missing: /1 more day/,
    },
    {
      name: 'two activities one after the other add up to 1096 days',
      portfolio: v({
        leadership: [
          leadershipFrom('2015-01-01', through('2015-01-01', 548)),
          leadershipFrom(addDays('2015-01-01', 548), through(addDays('2015-01-01', 548), 548)),
        ],
      }),
      expect: 'met',
    },
    {
      name: 'overlapping activities count each day once',
      portfolio: v({
        leadership: [
          leadershipFrom('2015-01-01', through('2015-01-01', 1095)),
          leadershipFrom('2016-01-01', '2016-12-31'),
        ],
      }),
      expect: 'unmet',
      missing: /1 more day/,
    },
    {
      name: 'no leadership',
      portfolio: v({ leadership: [] }),
      expect: 'unmet',
      missing: /leadership/,
    },
  ];
}

/** 000 for P and R/F: 30 clock hours; from 2024-01-01, 33 = 30 IMH PLUS 3 DEI. */
function mentorTrainingPolicyCases(v: Variant): Case[] {
  return [
    {
      name: 'before 2024: 30 hours with no topic',
      on: LAST_OLD,
      portfolio: v({ training: [training('2016-03-05', 18), training('2017-10-12', 12)] }),
      expect: 'met',
    },
    {
      name: 'before 2024: 29.5 hours',
      on: LAST_OLD,
      portfolio: v({ training: [training('2016-03-05', 18), training('2017-10-12', 11.5)] }),
      expect: 'unmet',
      missing: /0\.5 more hour/,
    },
    {
      name: 'from 2024: exactly 30 IMH plus 3 DEI',
      on: FIRST_NEW,
      portfolio: v({
        training: [
          training('2016-03-05', 18, ['imh']),
          training('2017-10-12', 12, ['imh']),
          training('2019-05-17', 3, ['dei']),
        ],
      }),
      expect: 'met',
    },
    {
      name: 'from 2024: the 30 hours that met the old rule no longer suffice',
      on: FIRST_NEW,
      portfolio: v({ training: [training('2016-03-05', 18), training('2017-10-12', 12)] }),
      expect: 'unmet',
      missing: /more hour/,
    },
    {
      name: 'from 2024: 33 hours but only 29.5 specific to IMH',
      on: FIRST_NEW,
      portfolio: v({
        training: [
          training('2016-03-05', 18, ['imh']),
          training('2017-10-12', 11.5, ['imh']),
          training('2019-05-17', 3.5, ['dei']),
        ],
      }),
      expect: 'unmet',
      missing: /0\.5 more hour.*infant mental health/,
    },
    {
      name: 'from 2024: 30 IMH and 2.5 DEI',
      on: FIRST_NEW,
      portfolio: v({
        training: [
          training('2016-03-05', 18, ['imh']),
          training('2017-10-12', 12, ['imh']),
          training('2019-05-17', 2.5, ['dei']),
        ],
      }),
      expect: 'unmet',
      missing: /0\.5 more hour.*diversity/,
    },
    {
      name: 'from 2024: one 33-hour course on both IMH and DEI is split 30 + 3',
      on: FIRST_NEW,
      portfolio: v({ training: [training('2019-05-17', 33, ['imh', 'dei'])] }),
      expect: 'met',
    },
    {
      name: 'from 2024: 30 hours on IMH and DEI plus 3 other hours (each hour toward one topic)',
      on: FIRST_NEW,
      portfolio: v({ training: [training('2019-05-17', 30, ['imh', 'dei']), training('2020-02-01', 3)] }),
      expect: 'unmet',
      missing: /3 more hour/,
    },
  ];
}

/** Renewal for every Mentor (000's renewal table). */
function mentorRenewal(credential: CredentialId, clinical: boolean) {
  const v = variant({
    endorsements: [{ credential, association: A, granted: '2015-06-01' }],
    work: [work('2014-01-01', null, ['rsc-provision'])],
    training: [
      training('2025-03-14', 11, ['imh']),
      training('2025-06-06', 1, ['dei']),
      training('2025-10-03', 3, ['rsc']),
    ],
    rsc: clinical ? [rsc('2025-02-01', '2025-11-30', 12)] : [],
    memberships: [member(A, '2025-01-01', '2025-12-31')],
  });
  const hours = (imh: number, dei: number, rscHours: number) =>
    [
      training('2025-03-14', imh, ['imh']),
      training('2025-06-06', dei, ['dei']),
      training('2025-10-03', rscHours, ['rsc']),
    ].filter((t) => t.hours > 0);
  const cases: CaseTable = {
    'training.hours': [
      {
        name: 'exactly 15 hours: 11 IMH, 1 DEI, 3 RSC',
        portfolio: v(),
        expect: 'met',
      },
      {
        name: '14.5 hours',
        portfolio: v({ training: hours(10.5, 1, 3) }),
        expect: 'unmet',
        missing: /0\.5 more hour/,
      },
      {
        name: 'hours dated the day before the year do not count',
        portfolio: v({
          training: [
            training('2024-12-31', 11, ['imh']),
            training('2025-06-06', 1, ['dei']),
            training('2025-10-03', 3, ['rsc']),
          ],
        }),
        expect: 'unmet',
        missing: /11 more hour/,
      },
    ],
    'training.dei': [
      {
        name: 'exactly 1 of the 15 hours on DEI',
        portfolio: v({ training: hours(11, 1, 3) }),
        expect: 'met',
      },
      {
        name: '0.5 hours on DEI',
        portfolio: v({ training: hours(11.5, 0.5, 3) }),
        expect: 'unmet',
        missing: /0\.5 more hour.*diversity/,
      },
    ],
    'training.rsc-providers': [
      {
        name: 'provides RSC: exactly 3 hours about RSC',
        portfolio: v({ training: hours(11, 1, 3) }),
        expect: 'met',
      },
      {
        name: 'provides RSC: 2.5 hours about RSC',
        portfolio: v({ training: hours(11.5, 1, 2.5) }),
        expect: 'unmet',
        missing: /0\.5 more hour.*reflective supervision/,
      },
      {
        name: 'does not provide RSC: no RSC hours asked',
        portfolio: v({ work: [], training: hours(14, 1, 0) }),
        expect: 'met',
      },
      {
        name: 'RSC provision that ended the day before the year',
        portfolio: v({
          work: [work('2014-01-01', '2024-12-31', ['rsc-provision'])],
          training: hours(14, 1, 0),
        }),
        expect: 'met',
      },
      {
        name: "RSC provision that ended on the year's first day",
        portfolio: v({
          work: [work('2014-01-01', '2025-01-01', ['rsc-provision'])],
          training: hours(14, 1, 0),
        }),
        expect: 'unmet',
        missing: /3 more hour.*reflective supervision/,
      },
    ],
    membership: [
      ...renewalMembershipCases(v, A, MENTOR_PERIOD),
      {
        name: 'membership in another Infant Mental Health Association',
        portfolio: v({ memberships: [member('mi-aimh', '2025-01-01', '2025-12-31')] }),
        expect: 'met',
      },
    ],
    ...rulesIf(clinical, {
      'rsc.hours': [
        {
          name: 'exactly 12 hours from an IMHM-C',
          portfolio: v({ rsc: [rsc('2025-02-01', '2025-06-30', 6), rsc('2025-07-01', '2025-11-30', 6)] }),
          expect: 'met',
        },
        {
          name: '11.5 hours',
          portfolio: v({ rsc: [rsc('2025-02-01', '2025-11-30', 11.5)] }),
          expect: 'unmet',
          missing: /0\.5 more RSC hour/,
        },
        {
          name: 'from a provider endorsed as IMHS',
          portfolio: v({ rsc: [rsc('2025-02-01', '2025-11-30', 12, { provider: rscProvider(['IMHS']) })] }),
          expect: 'unmet',
          missing: /IMHM-C/,
        },
        {
          name: 'RSC that began before the year does not count',
          portfolio: v({ rsc: [rsc('2024-12-15', '2025-11-30', 12)] }),
          expect: 'unmet',
          missing: /12 more RSC hour/,
        },
        {
          name: '000 has no exemption: IMHM-C held for ten years still needs 12 hours',
          portfolio: v({ rsc: [] }),
          expect: 'unmet',
          missing: /12 more RSC hour/,
        },
      ],
    }),
  };
  return { renewalComplete: v(), renewal: cases };
}

// IMHM-C ---------------------------------------------------------------------------

const rscProvisionWork = work('2014-01-01', null, ['rsc-provision']);
/** From 2024: 30 IMH, 15 RSC, PLUS 3 DEI = 48 (000); also meets the rule before 2024. */
const clinicalTraining = [
  training('2016-03-05', 18, ['imh']),
  training('2017-10-12', 12, ['imh']),
  training('2018-02-09', 15, ['rsc']),
  training('2019-05-17', 3, ['dei']),
];
const imhmC = variant({
  ...mentorParts,
  work: [work('2010-09-01', null, ['imh-dyadic']), rscProvisionWork],
  training: clinicalTraining,
  rsc: [rsc('2016-01-05', '2017-06-30', 50, { providingRscHours: 25 })],
  references: refs('program-supervisor', 'rsc-provider', 'rsc-recipient'),
});
const rsc50 = { providingRscHours: 25 };

const imhmCTable: CredentialTable = {
  credential: 'IMHM-C',
  on: ON,
  complete: imhmC(),
  alsoCompleteOn: [LAST_OLD, FIRST_NEW],
  kinds: [
    'education',
    'work',
    'leadership',
    'training',
    'rsc',
    'references',
    'agreements',
    'exam',
    'membership',
  ],
  requirements: {
    education: mentorEducationCases(imhmC),
    'work.specialized': [
      {
        name: '731 full-time days of IMH work after the master',
        portfolio: imhmC({
          work: [work(DAY_AFTER_MASTER, through(DAY_AFTER_MASTER, 731), ['imh-dyadic']), rscProvisionWork],
        }),
        expect: 'met',
      },
      {
        name: '730 full-time days',
        portfolio: imhmC({
          work: [work(DAY_AFTER_MASTER, through(DAY_AFTER_MASTER, 730), ['imh-dyadic']), rscProvisionWork],
        }),
        expect: 'unmet',
        missing: /1 more .*day/,
      },
      {
        name: 'exactly 2 years at half time (1461 days)',
        portfolio: imhmC({
          work: [
            work(DAY_AFTER_MASTER, through(DAY_AFTER_MASTER, 1461), ['imh-dyadic'], { fte: 0.5 }),
            rscProvisionWork,
          ],
        }),
        expect: 'met',
      },
      {
        name: 'IMHS criteria are post Masters: the year before the master does not count',
        portfolio: imhmC({
          work: [work('2009-05-16', through(DAY_AFTER_MASTER, 730), ['imh-dyadic']), rscProvisionWork],
        }),
        expect: 'unmet',
        missing: /1 more .*day/,
      },
    ],
    'work.rsc-provision': [
      ...postGraduateWorkCases(imhmC, 'rsc-provision', MASTER, [work('2010-09-01', null, ['imh-dyadic'])]),
      {
        name: 'overlapping RSC provision counts each day once',
        portfolio: imhmC({
          work: [
            work('2010-09-01', null, ['imh-dyadic']),
            work('2014-01-01', through('2014-01-01', 1095), ['rsc-provision']),
            work('2015-01-01', '2015-12-31', ['rsc-provision'], { fte: 0.5 }),
          ],
        }),
        expect: 'unmet',
        missing: /1 more .*day/,
      },
    ],
    leadership: mentorLeadershipCases(imhmC),
    'training.hours': [
      // Before 2024 (000): "Minimum 30 clock hours required; of those hours, a minimum of 15
      // hours must be didactic training about reflective supervision/consultation".
      {
        name: 'before 2024: 30 hours, 15 of them about RSC',
        on: LAST_OLD,
        portfolio: imhmC({
          training: [training('2016-03-05', 15, ['imh']), training('2018-02-09', 15, ['rsc'])],
        }),
        expect: 'met',
      },
      {
        name: 'before 2024: the RSC hours are part of the 30 even when also about IMH',
        on: LAST_OLD,
        portfolio: imhmC({
          training: [training('2016-03-05', 15, ['imh', 'rsc']), training('2018-02-09', 15)],
        }),
        expect: 'met',
      },
      {
        name: 'before 2024: 29.5 hours with 15 about RSC',
        on: LAST_OLD,
        portfolio: imhmC({
          training: [training('2016-03-05', 14.5, ['imh']), training('2018-02-09', 15, ['rsc'])],
        }),
        expect: 'unmet',
        missing: /0\.5 more hour/,
      },
      {
        name: 'before 2024: 30 hours with 14.5 about RSC',
        on: LAST_OLD,
        portfolio: imhmC({
          training: [training('2016-03-05', 15.5, ['imh']), training('2018-02-09', 14.5, ['rsc'])],
        }),
        expect: 'unmet',
        missing: /0\.5 more hour.*reflective supervision/,
      },
      // From 2024-01-01 (000): 48 hours, "30 hours … specific to IMH, 15 hours about RSC,
      // PLUS 3 hours specific to diversity, equity and inclusion"; spec reading 5.
      {
        name: 'from 2024: exactly 30 IMH, 15 RSC and 3 DEI',
        on: FIRST_NEW,
        portfolio: imhmC({ training: clinicalTraining }),
        expect: 'met',
      },
      {
        name: 'from 2024: the 30 hours (15 RSC) that met the old rule no longer suffice',
        on: FIRST_NEW,
        portfolio: imhmC({
          training: [training('2016-03-05', 15, ['imh']), training('2018-02-09', 15, ['rsc'])],
        }),
        expect: 'unmet',
        missing: /more hour/,
      },
      {
        name: 'from 2024: 29.5 IMH, 15 RSC, 3 DEI',
        on: FIRST_NEW,
        portfolio: imhmC({
          training: [
            training('2016-03-05', 18, ['imh']),
            training('2017-10-12', 11.5, ['imh']),
            training('2018-02-09', 15, ['rsc']),
            training('2019-05-17', 3, ['dei']),
          ],
        }),
        expect: 'unmet',
        missing: /0\.5 more hour.*infant mental health/,
      },
      {
        name: 'from 2024: 30 IMH, 14.5 RSC, 3 DEI',
        on: FIRST_NEW,
        portfolio: imhmC({
          training: [
            training('2016-03-05', 18, ['imh']),
            training('2017-10-12', 12, ['imh']),
            training('2018-02-09', 14.5, ['rsc']),
            training('2019-05-17', 3, ['dei']),
          ],
        }),
        expect: 'unmet',
        missing: /0\.5 more hour.*reflective supervision/,
      },
      {
        name: 'from 2024: 30 IMH, 15 RSC, 2.5 DEI',
        on: FIRST_NEW,
        portfolio: imhmC({
          training: [
            training('2016-03-05', 18, ['imh']),
            training('2017-10-12', 12, ['imh']),
            training('2018-02-09', 15, ['rsc']),
            training('2019-05-17', 2.5, ['dei']),
          ],
        }),
        expect: 'unmet',
        missing: /0\.5 more hour.*diversity/,
      },
      {
        name: "from 2024: the spec's example, 31 h IMH+RSC, 13 h RSC, 5 h DEI = 49 h",
        on: FIRST_NEW,
        portfolio: imhmC({
          training: [
            training('2016-03-05', 31, ['imh', 'rsc']),
            training('2018-02-09', 13, ['rsc']),
            training('2019-05-17', 5, ['dei']),
          ],
        }),
        expect: 'unmet',
        // Either topic may be named as short by one hour: adding one hour of either meets it.
        missing: /1 more hour.*(reflective supervision|infant mental health)/,
      },
      {
        name: 'from 2024: a greedy allocation fails but one exists (15 h IMH+RSC listed first, 30 h IMH, 3 h DEI)',
        on: FIRST_NEW,
        portfolio: imhmC({
          training: [
            training('2016-03-05', 15, ['imh', 'rsc']),
            training('2017-10-12', 30, ['imh']),
            training('2019-05-17', 3, ['dei']),
          ],
        }),
        expect: 'met',
      },
      {
        name: 'from 2024: one 48-hour course on IMH, RSC and DEI is split between them',
        on: FIRST_NEW,
        portfolio: imhmC({ training: [training('2019-05-17', 48, ['imh', 'rsc', 'dei'])] }),
        expect: 'met',
      },
      {
        name: 'from 2024: 30 h on IMH, RSC and DEI plus 18 other hours',
        on: FIRST_NEW,
        portfolio: imhmC({
          training: [training('2019-05-17', 30, ['imh', 'rsc', 'dei']), training('2020-01-10', 18)],
        }),
        expect: 'unmet',
        missing: /more hour/,
      },
      {
        name: 'from 2024: DEI hours dated after the evaluation date do not count',
        on: FIRST_NEW,
        portfolio: imhmC({
          training: [...clinicalTraining.slice(0, 3), training(addDays(FIRST_NEW, 1), 3, ['dei'])],
        }),
        expect: 'unmet',
        missing: /3 more hour.*diversity/,
      },
    ],
    // RSC (000, with 002's "within a one to two year time period").
    'rsc.hours': [
      {
        name: 'exactly 50 hours, 25 about the RSC the applicant provides, individually and in a group',
        portfolio: imhmC({
          rsc: [
            rsc('2016-01-05', '2016-12-31', 25, { providingRscHours: 12.5, format: 'group' }),
            rsc('2017-01-01', '2017-06-30', 25, { providingRscHours: 12.5 }),
          ],
        }),
        expect: 'met',
      },
      {
        name: '49.5 hours',
        portfolio: imhmC({ rsc: [rsc('2016-01-05', '2017-06-30', 49.5, rsc50)] }),
        expect: 'unmet',
        missing: /0\.5 more RSC hour/,
      },
      {
        name: '50 hours but only 24.5 about the RSC the applicant provides',
        portfolio: imhmC({ rsc: [rsc('2016-01-05', '2017-06-30', 50, { providingRscHours: 24.5 })] }),
        expect: 'unmet',
        missing: /0\.5 more RSC hour.*provide/,
      },
      {
        name: 'a provider endorsed as IMHS is not an IMHM-C',
        portfolio: imhmC({
          rsc: [rsc('2016-01-05', '2017-06-30', 50, { ...rsc50, provider: rscProvider(['IMHS']) })],
        }),
        expect: 'unmet',
        missing: /IMHM-C/,
      },
      {
        name: 'a provider endorsed as IMHM-P is not an IMHM-C',
        portfolio: imhmC({
          rsc: [rsc('2016-01-05', '2017-06-30', 50, { ...rsc50, provider: rscProvider(['IMHM-P']) })],
        }),
        expect: 'unmet',
        missing: /IMHM-C/,
      },
      {
        name: 'CT names no vetted providers: a vetted provider does not count',
        portfolio: imhmC({
          rsc: [rsc('2016-01-05', '2017-06-30', 50, { ...rsc50, provider: rscProvider([], true) })],
        }),
        expect: 'unmet',
        missing: /IMHM-C/,
      },
      {
        name: '"post-masters": RSC beginning on the day the master was conferred',
        portfolio: imhmC({ rsc: [rsc(MASTER, through(MASTER, 500), 50, rsc50)] }),
        expect: 'unmet',
        missing: /master/,
      },
      {
        name: 'RSC beginning the day after the master',
        portfolio: imhmC({ rsc: [rsc(DAY_AFTER_MASTER, through(DAY_AFTER_MASTER, 500), 50, rsc50)] }),
        expect: 'met',
      },
      ...rscWindowCases(imhmC, 50, rsc50),
      {
        name: 'two entries within 24 months that together run over 12 months',
        portfolio: imhmC({
          rsc: [
            rsc('2016-01-05', '2016-03-31', 25, { providingRscHours: 12.5 }),
            rsc('2017-10-01', '2017-12-31', 25, { providingRscHours: 12.5 }),
          ],
        }),
        expect: 'met',
      },
      {
        name: 'two entries that no 24-month window holds together',
        portfolio: imhmC({
          rsc: [
            rsc('2016-01-05', '2016-12-31', 25, { providingRscHours: 12.5 }),
            rsc('2018-01-01', '2018-06-30', 25, { providingRscHours: 12.5 }),
          ],
        }),
        expect: 'unmet',
        missing: /25 more RSC hour/,
      },
    ],
    // References (000): current program supervisor, RSC provider, person receiving RSC.
    references: [
      {
        name: 'the three roles in another order, with an extra colleague',
        portfolio: imhmC({
          references: refs('rsc-recipient', 'colleague', 'rsc-provider', 'program-supervisor'),
        }),
        expect: 'met',
      },
      {
        name: 'no one receiving RSC from the applicant',
        portfolio: imhmC({ references: refs('program-supervisor', 'rsc-provider', 'colleague') }),
        expect: 'unmet',
        missing: /receiving reflective supervision/,
      },
      {
        name: 'a former program supervisor is not the current one',
        portfolio: imhmC({
          references: refs(['program-supervisor', { current: false }], 'rsc-provider', 'rsc-recipient'),
        }),
        expect: 'unmet',
        missing: /current program supervisor/,
      },
      {
        name: 'Clinical lets no colleague stand in for the RSC provider',
        portfolio: imhmC({ references: refs('program-supervisor', 'colleague', 'rsc-recipient') }),
        expect: 'unmet',
        missing: /providing your reflective supervision/,
      },
      {
        name: 'the RSC provider has not submitted a rating',
        portfolio: imhmC({
          references: refs('program-supervisor', ['rsc-provider', { submitted: null }], 'rsc-recipient'),
        }),
        expect: 'unmet',
        missing: /not submitted/,
      },
    ],
    agreements: agreementsCases(imhmC),
    exam: examCases(imhmC),
    membership: membershipCases(imhmC),
  },
  period: MENTOR_PERIOD,
  ...mentorRenewal('IMHM-C', true),
};

// IMHM-P ---------------------------------------------------------------------------

const policyWork = work('2011-01-01', null, ['policy-leadership']);
const policyTraining = [
  training('2016-03-05', 18, ['imh']),
  training('2017-10-12', 12, ['imh']),
  training('2019-05-17', 3, ['dei']),
];
const imhmP = variant({
  ...mentorParts,
  work: [policyWork],
  training: policyTraining,
  references: refs('program-supervisor', 'rsc-provider', 'colleague'),
});

const imhmPTable: CredentialTable = {
  credential: 'IMHM-P',
  on: ON,
  complete: imhmP(),
  alsoCompleteOn: [LAST_OLD, FIRST_NEW],
  kinds: ['education', 'work', 'leadership', 'training', 'references', 'agreements', 'exam', 'membership'],
  requirements: {
    education: mentorEducationCases(imhmP),
    'work.policy-leader': [
      ...postGraduateWorkCases(imhmP, 'policy-leadership', MASTER),
      {
        name: 'RSC provision is not policy leadership',
        portfolio: imhmP({ work: [work('2011-01-01', null, ['rsc-provision'])] }),
        expect: 'unmet',
        missing: /policy/,
      },
    ],
    leadership: mentorLeadershipCases(imhmP),
    'training.hours': mentorTrainingPolicyCases(imhmP),
    references: [
      {
        name: 'a colleague in place of the RSC provider',
        portfolio: imhmP({ references: refs('program-supervisor', 'colleague', 'colleague') }),
        expect: 'met',
      },
      {
        name: 'three colleagues when no one is available from the first two categories',
        portfolio: imhmP({ references: refs('colleague', 'colleague', 'colleague') }),
        expect: 'met',
      },
      {
        name: 'program supervisor and RSC provider only',
        portfolio: imhmP({ references: refs('program-supervisor', 'rsc-provider') }),
        expect: 'unmet',
        missing: /colleague/,
      },
      {
        name: 'a student is not among the Policy raters',
        portfolio: imhmP({ references: refs('program-supervisor', 'rsc-provider', 'student') }),
        expect: 'unmet',
        missing: /colleague/,
      },
      {
        name: 'a former program supervisor is not the current one',
        portfolio: imhmP({
          references: refs(['program-supervisor', { current: false }], 'rsc-provider', 'colleague'),
        }),
        expect: 'unmet',
        missing: /supervisor|colleague/,
      },
    ],
    agreements: agreementsCases(imhmP),
    exam: examCases(imhmP),
    membership: membershipCases(imhmP),
  },
  period: MENTOR_PERIOD,
  ...mentorRenewal('IMHM-P', false),
};

// IMHM-RF --------------------------------------------------------------------------

const facultyWork = work('2011-01-01', null, ['research-faculty']);
const imhmRF = variant({
  ...mentorParts,
  work: [facultyWork],
  training: policyTraining,
  references: refs('department-chair', 'rsc-provider', 'student'),
});

const imhmRFTable: CredentialTable = {
  credential: 'IMHM-RF',
  on: ON,
  complete: imhmRF(),
  alsoCompleteOn: [LAST_OLD, FIRST_NEW],
  kinds: ['education', 'work', 'leadership', 'training', 'references', 'agreements', 'exam', 'membership'],
  requirements: {
    education: mentorEducationCases(imhmRF),
    'work.research-faculty': [
      ...postGraduateWorkCases(imhmRF, 'research-faculty', MASTER),
      {
        name: 'policy leadership is not university teaching or research',
        portfolio: imhmRF({ work: [policyWork] }),
        expect: 'unmet',
        missing: /teaching|research/,
      },
    ],
    leadership: mentorLeadershipCases(imhmRF),
    'training.hours': mentorTrainingPolicyCases(imhmRF),
    references: [
      {
        name: 'colleagues in place of the chair and the RSC provider',
        portfolio: imhmRF({ references: refs('colleague', 'colleague', 'student') }),
        expect: 'met',
      },
      {
        name: 'no student taught or supervised by the applicant',
        portfolio: imhmRF({ references: refs('department-chair', 'rsc-provider', 'colleague') }),
        expect: 'unmet',
        missing: /student/,
      },
      {
        name: 'a former department chair, with no colleague to stand in',
        portfolio: imhmRF({
          references: refs(['department-chair', { current: false }], 'rsc-provider', 'student'),
        }),
        expect: 'unmet',
        missing: /chair/,
      },
    ],
    agreements: agreementsCases(imhmRF),
    exam: examCases(imhmRF),
    membership: membershipCases(imhmRF),
  },
  period: MENTOR_PERIOD,
  ...mentorRenewal('IMHM-RF', false),
};

// --- The tables, the fees, coverage -------------------------------------------------

const tables = [ifaTable, ifsTable, imhsTable, imhmCTable, imhmPTable, imhmRFTable];
for (const table of tables) registerTable(A, table);

describe('ct-aimh catalog data', () => {
  test('fees from the schedule in 002, in cents', () => {
    const catalog = catalogs().get(A);
    assert.ok(catalog);
    assert.equal(catalog.currency, 'USD');
    // 002: Application Fee $15 $15 $25 $25; Processing Fee $25 $100 $200 $300; Total $40 $115 $225 $325.
    const expected: Record<string, [number, number, number]> = {
      IFA: [1500, 2500, 4000],
      IFS: [1500, 10000, 11500],
      IMHS: [2500, 20000, 22500],
      'IMHM-C': [2500, 30000, 32500],
      'IMHM-P': [2500, 30000, 32500],
      'IMHM-RF': [2500, 30000, 32500],
    };
    const fees = catalog.fees ?? {};
    assert.deepEqual(Object.keys(fees).sort(), Object.keys(expected).sort());
    for (const [id, [application, processing, total]] of Object.entries(expected)) {
      const fee = fees[id as CredentialId];
      assert.ok(fee, `a fee for ${id}`);
      assert.equal(fee.application, application, `${id} application fee`);
      assert.equal(fee.processing, processing, `${id} processing fee`);
      assert.equal(fee.application + fee.processing, total, `${id} total`);
      assert.equal(fee.source, '002_87b1e14b3c892509.txt');
    }
  });

  test('every requirement cites 000 or 002 (spec reading 0)', () => {
    const catalog = catalogs().get(A);
    assert.ok(catalog);
    const ct = ['000_af564b86f633d93f.txt', '002_87b1e14b3c892509.txt'];
    for (const cred of catalog.credentials) {
      for (const rule of [...cred.requirements, ...cred.renewal]) {
        assert.ok(ct.includes(rule.source), `${cred.id} ${rule.id} cites ${rule.source}`);
        for (const also of rule.also ?? [])
          assert.ok(ct.includes(also), `${cred.id} ${rule.id} also ${also}`);
      }
    }
  });

  test('every rule of every credential has an unmet case (and numeric rules a met one)', () => {
    checkCoverage(A, tables, { metCases: 'numeric rules' });
  });
});
