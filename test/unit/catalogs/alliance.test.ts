// The Alliance catalog (the Competency Guidelines as written, 004), rule by rule,
// with portfolios written from the requirement and renewal pages for IMHM-C/P/R-F
// and ECMHM-C/P/R-F. Each unmet case leaves exactly its own rule unmet.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CredentialId, PortfolioInput, Relationship } from '../../../src/engine/portfolio.ts';
import { catalogs } from '../../../src/index.ts';
import {
  type Case,
  type CaseTable,
  type CredentialTable,
  casesIf,
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
  work,
} from '../../helpers/portfolio.ts';
import {
  agreementsUnsignedCases,
  examFailedCases,
  membershipCases,
  officialTranscriptCases,
  postGraduateWorkCases,
  renewalMembershipCases,
  rscWindowCases,
  thirtyHourCases,
} from '../../helpers/shared-cases.ts';

type Series = 'IMHM' | 'ECMHM';
type Category = 'C' | 'P' | 'RF';

const A = 'alliance';
const SOURCE = '004_78936d00e9c07190.txt';
const ON = '2026-06-30';
const PERIOD = { from: '2025-01-01', to: '2025-12-31' };
const MASTER = '2010-05-15';
const DAY_AFTER_MASTER = addDays(MASTER, 1);

/** 004: "At least one reference rating must come from someone who has earned Endorsement® as IFS, ECFS, IMHS, ECMHS, IMHM, or ECMHM". */
const acceptedRaters: CredentialId[] = [
  'IFS',
  'ECFS',
  'IMHS',
  'ECMHS',
  'IMHM-C',
  'IMHM-P',
  'IMHM-RF',
  'ECMHM-C',
  'ECMHM-P',
  'ECMHM-RF',
];

const exam = { passed: true, date: '2020-06-01' };
const activity = (from: string, to: string | null = null) => ({
  activity: 'Serves as an active committee member in the state IECMH association',
  from,
  to,
});

function allianceTable(series: Series, category: Category): CredentialTable {
  const credential = `${series}-${category}` as CredentialId;
  const clinical = category === 'C';
  const dyadic = series === 'IMHM' ? 'imh-dyadic' : 'ecmh-dyadic';
  const otherDyadic = series === 'IMHM' ? 'ecmh-dyadic' : 'imh-dyadic';
  const ownClinical: CredentialId = series === 'IMHM' ? 'IMHM-C' : 'ECMHM-C';
  const specialistRater: CredentialId = series === 'IMHM' ? 'IMHS' : 'ECMHS';
  const dyadicWork = work('2010-09-01', null, [dyadic], { paid: true, supervised: true });
  const rscProvisionWork = work('2014-01-01', null, ['rsc-provision']);
  const baseWork = clinical
    ? [dyadicWork, rscProvisionWork]
    : [work('2011-01-01', null, [category === 'P' ? 'policy-leadership' : 'research-faculty'])];
  /** The three roles 004 lists, in order. */
  const roles: [Relationship, Relationship, Relationship] =
    category === 'C'
      ? ['program-supervisor', 'rsc-provider', 'rsc-recipient']
      : category === 'P'
        ? ['program-supervisor', 'rsc-provider', 'colleague']
        : ['department-chair', 'rsc-provider', 'student'];
  const firstEndorsed = (raterEndorsements: CredentialId[], raterVetted = false) =>
    refs([roles[0], { raterEndorsements, raterVetted }], roles[1], roles[2]);
  const ownRsc = (from: string, to: string, hours: number, providing: number, extra = {}) =>
    rsc(from, to, hours, { providingRscHours: providing, provider: rscProvider([ownClinical]), ...extra });

  const v = variant({
    degrees: [degree('bachelor', '2008-05-15'), degree('master', MASTER)],
    work: baseWork,
    leadership: [activity('2018-01-01')],
    training: clinical
      ? [training('2016-03-05', 15, ['imh']), training('2018-02-09', 15, ['rsc'])]
      : [training('2016-03-05', 18, ['imh']), training('2017-10-12', 12, ['imh'])],
    rsc: clinical ? [ownRsc('2016-01-05', '2017-06-30', 50, 25)] : [],
    references: firstEndorsed([specialistRater]),
    agreements: signed(),
    exam,
    memberships: [member(A)],
  });

  /** Clinical: `entry` as the specialized work, beside the RSC provision. */
  const specialized = (entry: NonNullable<PortfolioInput['work']>[number]): Parts => ({
    work: [entry, rscProvisionWork],
  });
  /** Clinical: one entry of RSC from a Mentor – Clinical of the series, `providing` hours about the RSC provided. */
  const own = (from: string, to: string, hours: number, providing: number, extra = {}): Parts => ({
    rsc: [ownRsc(from, to, hours, providing, extra)],
  });
  /** 50 hours over 18 months, 25 about the RSC provided, from a provider endorsed as `endorsements`: accepted or not. */
  const providerCase = (
    name: string,
    accepted: boolean,
    endorsements: CredentialId[],
    vetted = false,
  ): Case => {
    const portfolio = v(
      own('2016-01-05', '2017-06-30', 50, 25, { provider: rscProvider(endorsements, vetted) }),
    );
    return accepted
      ? { name, portfolio, expect: 'met' }
      : { name, portfolio, expect: 'unmet', missing: new RegExp(ownClinical) };
  };

  const requirements: CaseTable = {
    // Education: "Official transcripts from all degrees earned … are required."
    education: officialTranscriptCases(v, '2008-05-15', MASTER),
    // Training: "Minimum 30 clock hours required"; for Clinical "A minimum of 15 hours must be
    // didactic training about the provision of reflective supervision/consultation".
    'training.hours': clinical
      ? [
          {
            name: 'exactly 30 hours, 15 of them about RSC (no dated rule, no DEI asked)',
            portfolio: v({ training: [training('2016-03-05', 15), training('2018-02-09', 15, ['rsc'])] }),
            expect: 'met',
          },
          {
            name: '29.5 hours with 15 about RSC: the 15 are part of the 30',
            portfolio: v({
              training: [training('2016-03-05', 14.5, ['imh']), training('2018-02-09', 15, ['rsc'])],
            }),
            expect: 'unmet',
            missing: /0\.5 more hour/,
          },
          {
            name: '30 hours with 14.5 about RSC',
            portfolio: v({
              training: [training('2016-03-05', 15.5, ['imh']), training('2018-02-09', 14.5, ['rsc'])],
            }),
            expect: 'unmet',
            missing: /0\.5 more hour.*reflective supervision/,
          },
          {
            name: '30 hours all about RSC',
            portfolio: v({ training: [training('2018-02-09', 30, ['rsc'])] }),
            expect: 'met',
          },
        ]
      : thirtyHourCases(v, ON, ['2016-03-05', 18], '2017-10-12'),
    // Specialized work experience.
    ...rulesIf(clinical, {
      'work.specialized': [
        {
          name: `731 full-time days of paid, supervised ${dyadic} work after the master`,
          portfolio: v(specialized(work(DAY_AFTER_MASTER, through(DAY_AFTER_MASTER, 731), [dyadic]))),
          expect: 'met',
        },
        {
          name: '730 full-time days',
          portfolio: v(specialized(work(DAY_AFTER_MASTER, through(DAY_AFTER_MASTER, 730), [dyadic]))),
          expect: 'unmet',
          missing: /1 more .*day/,
        },
        {
          name: 'exactly 2 years at half time (1461 days × 0.5 = 730.5)',
          portfolio: v(
            specialized(work(DAY_AFTER_MASTER, through(DAY_AFTER_MASTER, 1461), [dyadic], { fte: 0.5 })),
          ),
          expect: 'met',
        },
        {
          name: '1460 days at half time',
          portfolio: v(
            specialized(work(DAY_AFTER_MASTER, through(DAY_AFTER_MASTER, 1460), [dyadic], { fte: 0.5 })),
          ),
          expect: 'unmet',
          missing: /more .*day/,
        },
        {
          name: `${otherDyadic} work is the other series' specialization`,
          portfolio: v(specialized(work('2010-09-01', null, [otherDyadic]))),
          expect: 'unmet',
          missing: /more .*day/,
        },
        {
          name: 'infant-family work that is not dyadic',
          portfolio: v(specialized(work('2010-09-01', null, ['infant-family']))),
          expect: 'unmet',
          missing: /more .*day/,
        },
        {
          name: 'unpaid work ("supervised paid work experiences")',
          portfolio: v(specialized(work('2010-09-01', null, [dyadic], { paid: false }))),
          expect: 'unmet',
          missing: /paid/,
        },
        {
          name: 'unsupervised work',
          portfolio: v(specialized(work('2010-09-01', null, [dyadic], { supervised: false }))),
          expect: 'unmet',
          missing: /supervised/,
        },
        {
          name: '"postgraduate": the year before the master does not count',
          portfolio: v(specialized(work('2009-05-16', through(DAY_AFTER_MASTER, 730), [dyadic]))),
          expect: 'unmet',
          missing: /1 more .*day/,
        },
      ],
      'work.rsc-provision': postGraduateWorkCases(v, 'rsc-provision', MASTER, [dyadicWork]),
    }),
    ...rulesIf(category === 'P', {
      'work.policy-leader': [
        ...postGraduateWorkCases(v, 'policy-leadership', MASTER),
        {
          name: 'university teaching is not policy leadership',
          portfolio: v({ work: [work('2011-01-01', null, ['research-faculty'])] }),
          expect: 'unmet',
          missing: /policy/,
        },
      ],
    }),
    ...rulesIf(category === 'RF', {
      'work.research-faculty': [
        ...postGraduateWorkCases(v, 'research-faculty', MASTER),
        {
          name: 'policy leadership is not university teaching or research',
          portfolio: v({ work: [work('2011-01-01', null, ['policy-leadership'])] }),
          expect: 'unmet',
          missing: /teaching|research/,
        },
      ],
    }),
    // Leadership activities at the regional or state level: at least one.
    leadership: [
      {
        name: 'one leadership activity',
        portfolio: v({ leadership: [activity('2018-01-01')] }),
        expect: 'met',
      },
      {
        name: 'one activity that ended years ago',
        portfolio: v({ leadership: [activity('2012-01-01', '2012-12-31')] }),
        expect: 'met',
      },
      {
        name: 'no leadership activity',
        portfolio: v({ leadership: [] }),
        expect: 'unmet',
        missing: /leadership/,
      },
      {
        name: 'the only activity begins after the evaluation date',
        portfolio: v({ leadership: [activity(addDays(ON, 1))] }),
        expect: 'unmet',
        missing: /leadership/,
      },
    ],
    // RSC (Clinical): 50 hours within a one- to two-year timeframe, post-Masters; 25 "should be"
    // about the RSC the applicant provides (binding, spec reading 7).
    ...rulesIf(clinical, {
      'rsc.hours': [
        {
          name: 'exactly 50 hours, 25 about the RSC provided, individually and in a group',
          portfolio: v({
            rsc: [
              ownRsc('2016-01-05', '2016-12-31', 25, 12.5, { format: 'group' }),
              ownRsc('2017-01-01', '2017-06-30', 25, 12.5),
            ],
          }),
          expect: 'met',
        },
        {
          name: '49.5 hours',
          portfolio: v(own('2016-01-05', '2017-06-30', 49.5, 25)),
          expect: 'unmet',
          missing: /0\.5 more RSC hour/,
        },
        {
          name: '50 hours, only 24.5 about the RSC the applicant provides ("should be" binds)',
          portfolio: v(own('2016-01-05', '2017-06-30', 50, 24.5)),
          expect: 'unmet',
          missing: /0\.5 more RSC hour.*provide/,
        },
        ...rscWindowCases(v, 50, { providingRscHours: 25, provider: rscProvider([ownClinical]) }),
        {
          name: '"post-Masters": RSC beginning on the day the master was conferred',
          portfolio: v(own(MASTER, through(MASTER, 500), 50, 25)),
          expect: 'unmet',
          missing: /master/,
        },
        {
          name: 'RSC beginning the day after the master',
          portfolio: v(own(DAY_AFTER_MASTER, through(DAY_AFTER_MASTER, 500), 50, 25)),
          expect: 'met',
        },
        providerCase('a provider endorsed as IMHS is not a Mentor – Clinical', false, ['IMHS']),
        providerCase(`a provider endorsed as ${series}-P is not a Mentor – Clinical`, false, [`${series}-P`]),
        // "Applicant's provider of RS/C must have earned/maintained IMHM-Clinical Endorsement®"
        ...casesIf(series === 'IMHM', [
          providerCase('IMHM-C accepts an IMHM-C provider', true, ['IMHM-C']),
          providerCase('IMHM-C accepts only an IMHM-C: an ECMHM-C provider does not count', false, [
            'ECMHM-C',
          ]),
          providerCase('IMHM-C accepts only an IMHM-C: a vetted provider does not count', false, [], true),
        ]),
        // "… at IMHM-C or ECMHM-C or be vetted and approved as meeting criteria for ECMHM-C"
        ...casesIf(series === 'ECMHM', [
          providerCase('ECMHM-C accepts an ECMHM-C provider', true, ['ECMHM-C']),
          providerCase('ECMHM-C accepts an IMHM-C provider', true, ['IMHM-C']),
          providerCase('ECMHM-C accepts a vetted provider', true, [], true),
          providerCase('ECMHM-C: a provider endorsed as ECMHS does not count', false, ['ECMHS']),
        ]),
      ],
    }),
    // References: three, by role, and at least one from an endorsed rater.
    references: [
      ...acceptedRaters.map((rater): Case => ({
        name: `the endorsed rating comes from someone endorsed as ${rater}`,
        portfolio: v({ references: firstEndorsed([rater]) }),
        expect: 'met',
      })),
      {
        name: 'no rater is endorsed',
        portfolio: v({ references: refs(...roles) }),
        expect: 'unmet',
        missing: /endorsed/,
      },
      {
        name: 'a rater endorsed only as IFA is not on the list',
        portfolio: v({ references: firstEndorsed(['IFA']) }),
        expect: 'unmet',
        missing: /endorsed/,
      },
      {
        name: 'a rater endorsed only as ERS is not on the list',
        portfolio: v({ references: firstEndorsed(['ERS']) }),
        expect: 'unmet',
        missing: /endorsed/,
      },
      {
        name: '004 names no vetted raters: a vetted, unendorsed rater does not count',
        portfolio: v({ references: firstEndorsed([], true) }),
        expect: 'unmet',
        missing: /endorsed/,
      },
      {
        name: 'the endorsed rater may be the RSC provider',
        portfolio: v({
          references: refs(roles[0], ['rsc-provider', { raterEndorsements: [ownClinical] }], roles[2]),
        }),
        expect: 'met',
      },
      {
        name: 'two references only',
        portfolio: v({ references: firstEndorsed([specialistRater]).slice(0, 2) }),
        expect: 'unmet',
        missing: /reference rating/,
      },
      ...casesIf(category === 'C', [
        {
          name: 'an endorsed fourth rater who fills none of the three slots',
          portfolio: v({
            references: [...refs(...roles), ...refs(['colleague', { raterEndorsements: [specialistRater] }])],
          }),
          expect: 'unmet',
          missing: /endorsed/,
        },
        {
          name: 'no one receiving RSC from the applicant',
          portfolio: v({
            references: refs(
              ['program-supervisor', { raterEndorsements: [specialistRater] }],
              'rsc-provider',
              'colleague',
            ),
          }),
          expect: 'unmet',
          missing: /receiving reflective supervision/,
        },
        {
          name: 'a former program supervisor is not the current one',
          portfolio: v({
            references: refs(
              ['program-supervisor', { current: false }],
              ['rsc-provider', { raterEndorsements: [specialistRater] }],
              'rsc-recipient',
            ),
          }),
          expect: 'unmet',
          missing: /current program supervisor/,
        },
      ]),
      ...casesIf(category === 'P', [
        {
          name: 'a colleague in place of the RSC provider ("if applicable")',
          portfolio: v({
            references: refs(
              ['program-supervisor', { raterEndorsements: [specialistRater] }],
              'colleague',
              'colleague',
            ),
          }),
          expect: 'met',
        },
        {
          name: 'three colleagues, one of them endorsed',
          portfolio: v({
            references: refs(
              ['colleague', { raterEndorsements: [specialistRater] }],
              'colleague',
              'colleague',
            ),
          }),
          expect: 'met',
        },
        {
          name: 'a student is not among the Policy raters',
          portfolio: v({
            references: refs(
              ['program-supervisor', { raterEndorsements: [specialistRater] }],
              'rsc-provider',
              'student',
            ),
          }),
          expect: 'unmet',
          missing: /colleague/,
        },
      ]),
      ...casesIf(category === 'RF', [
        {
          name: 'colleagues in place of the chair and the RSC provider',
          portfolio: v({
            references: refs(['colleague', { raterEndorsements: [specialistRater] }], 'colleague', 'student'),
          }),
          expect: 'met',
        },
        {
          name: 'no student taught or supervised by the applicant',
          portfolio: v({
            references: refs(
              ['department-chair', { raterEndorsements: [specialistRater] }],
              'rsc-provider',
              'colleague',
            ),
          }),
          expect: 'unmet',
          missing: /student/,
        },
      ]),
    ],
    agreements: agreementsUnsignedCases(v, ON),
    exam: examFailedCases(v, '2020-06-01', /exam/i),
    membership: membershipCases(v, A, ON),
  };

  return {
    credential,
    on: ON,
    complete: v(),
    kinds: [
      'education',
      'training',
      'work',
      'leadership',
      ...(clinical ? (['rsc'] as const) : []),
      'references',
      'agreements',
      'exam',
      'membership',
    ],
    requirements,
    period: PERIOD,
    ...renewalCases(credential, series, clinical),
  };
}

/** 004's renewal pages: 15 hours a year, membership; for Clinical, RSC training for providers and 12 RSC hours. */
function renewalCases(credential: CredentialId, series: Series, clinical: boolean) {
  const hours = (imh: number, rscHours: number) =>
    [training('2025-03-14', imh, ['imh']), training('2025-10-03', rscHours, ['rsc'])].filter(
      (t) => t.hours > 0,
    );
  const held = (granted: string, id: CredentialId = credential) => [
    { credential: id, association: A, granted },
  ];
  const v = variant({
    endorsements: held('2024-03-01'),
    work: [work('2014-01-01', null, ['rsc-provision'])],
    training: clinical ? hours(12, 3) : hours(15, 0),
    rsc: clinical ? [rsc('2025-02-01', '2025-11-30', 12)] : [],
    memberships: [member(A, '2025-01-01', '2025-12-31')],
  });
  const otherClinical: CredentialId = series === 'IMHM' ? 'ECMHM-C' : 'IMHM-C';
  /** A year of `imh` hours on infant mental health and `rscHours` on RSC: met, or unmet saying `missing`. */
  const yearOf = (name: string, imh: number, rscHours: number, missing?: RegExp): Case => {
    const portfolio = v({ training: hours(imh, rscHours) });
    return missing ? { name, portfolio, expect: 'unmet', missing } : { name, portfolio, expect: 'met' };
  };
  const renewal: CaseTable = {
    'training.hours': [
      yearOf('exactly 15 hours in the year', 12, 3),
      yearOf('14.5 hours', 11.5, 3, /0\.5 more hour/),
      {
        name: 'hours dated the day before the year do not count',
        portfolio: v({ training: [training('2024-12-31', 12, ['imh']), training('2025-10-03', 3, ['rsc'])] }),
        expect: 'unmet',
        missing: /12 more hour/,
      },
      ...casesIf(!clinical, [
        yearOf('provides RSC, none of the 15 hours about RSC (asked of Clinical endorsees only)', 15, 0),
      ]),
    ],
    membership: renewalMembershipCases(v, A, PERIOD),
    ...rulesIf(clinical, {
      'training.rsc-providers': [
        yearOf('provides RSC: exactly 3 of the hours about RSC', 12, 3),
        yearOf('provides RSC: 2.5 hours about RSC', 12.5, 2.5, /0\.5 more hour.*reflective supervision/),
        {
          name: 'does not provide RSC: no RSC hours asked',
          portfolio: v({ work: [], training: hours(15, 0) }),
          expect: 'met',
        },
      ],
      'rsc.hours': [
        {
          name: 'exactly 12 hours; 004 names no provider for renewal',
          portfolio: v({
            rsc: [
              rsc('2025-02-01', '2025-06-30', 6),
              rsc('2025-07-01', '2025-11-30', 6, { provider: rscProvider([]) }),
            ],
          }),
          expect: 'met',
        },
        {
          name: '11.5 hours',
          portfolio: v({ rsc: [rsc('2025-02-01', '2025-11-30', 11.5)] }),
          expect: 'unmet',
          missing: /0\.5 more RSC hour/,
        },
        {
          name: 'RSC that began before the year does not count',
          portfolio: v({ rsc: [rsc('2024-12-15', '2025-11-30', 12)] }),
          expect: 'unmet',
          missing: /12 more RSC hour/,
        },
        {
          name: `${credential} held since 2023-01-01: 3 years on the period's last day, 2025-12-31, so no RSC needed`,
          portfolio: v({ endorsements: held('2023-01-01'), rsc: [] }),
          expect: 'met',
        },
        {
          name: `${credential} held since 2023-01-01, year ending 2025-12-30: a day short of 3 years`,
          period: { from: '2024-12-31', to: '2025-12-30' },
          portfolio: v({ endorsements: held('2023-01-01'), rsc: [] }),
          expect: 'unmet',
          missing: /12 more RSC hour/,
        },
        {
          name: `holding ${otherClinical} for ten years does not exempt ${credential}`,
          portfolio: v({
            endorsements: [...held('2024-03-01'), ...held('2015-06-01', otherClinical)],
            rsc: [],
          }),
          expect: 'unmet',
          missing: /12 more RSC hour/,
        },
      ],
    }),
  };
  return { renewalComplete: v(), renewal };
}

const tables = (['IMHM', 'ECMHM'] as const).flatMap((series) =>
  (['C', 'P', 'RF'] as const).map((category) => allianceTable(series, category)),
);
for (const table of tables) registerTable(A, table);

describe('alliance catalog data', () => {
  test('every rule cites 004 (spec reading 0)', () => {
    const catalog = catalogs().get(A);
    assert.ok(catalog);
    for (const cred of catalog.credentials) {
      for (const rule of [...cred.requirements, ...cred.renewal]) {
        assert.equal(rule.source, SOURCE, `${cred.id} ${rule.id}`);
        assert.deepEqual(rule.also ?? [], [], `${cred.id} ${rule.id}`);
      }
    }
  });

  test('every rule of every credential has an unmet case (and numeric rules a met one)', () => {
    checkCoverage(A, tables, { metCases: 'numeric rules' });
  });
});
