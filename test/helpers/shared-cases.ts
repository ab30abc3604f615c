// Rule cases that several catalogs share, because their seeds use the same
// words: each builder takes the catalog's portfolio builder (`v`) and returns
// the cases of one rule, for a table of `catalog-cases.ts`.
import type { PortfolioInput, WorkKind } from '../../src/engine/portfolio.ts';
import type { Case, Period } from './catalog-cases.ts';
import { addDays, degree, member, rsc, signed, through, training, type Variant, work } from './portfolio.ts';

type Rsc = NonNullable<PortfolioInput['rsc']>[number];

/**
 * "Three years of post-graduate experience" of one kind, counted after the
 * degree conferred on `conferred` (spec readings 2 and 3): 3 × 365.25 = 1095.75
 * days, so 1096 full-time days meet it, 1095 do not, and 4383 days at quarter
 * time meet it exactly. `others` are work entries kept alongside.
 */
export function postGraduateWorkCases(
  v: Variant,
  kind: WorkKind,
  conferred: string,
  others: NonNullable<PortfolioInput['work']> = [],
): Case[] {
  const start = addDays(conferred, 1);
  const w = (from: string, days: number, fte = 1) => ({
    work: [...others, work(from, through(from, days), [kind], { fte })],
  });
  return [
    { name: '1096 full-time days after the degree', portfolio: v(w(start, 1096)), expect: 'met' },
    {
      name: '1095 full-time days after the degree',
      portfolio: v(w(start, 1095)),
      expect: 'unmet',
      missing: /1 more .*day/,
    },
    {
      name: 'exactly 3 years at quarter time (4383 days × 0.25 = 1095.75)',
      portfolio: v(w(start, 4383, 0.25)),
      expect: 'met',
    },
    {
      name: '4382 days at quarter time',
      portfolio: v(w(start, 4382, 0.25)),
      expect: 'unmet',
      missing: /more .*day/,
    },
    {
      name: '"post-graduate": the year before the degree does not count',
      portfolio: v({ work: [...others, work(addDays(start, -365), through(start, 1095), [kind])] }),
      expect: 'unmet',
      missing: /1 more .*day/,
    },
  ];
}

// --- Education (CT-AIMH Level III, Alliance: "official transcripts from all degrees") --

/** A bachelor's conferred on `bachelor` and a master's on `master`: a doctorate instead; either transcript unofficial. */
export const officialTranscriptCases = (v: Variant, bachelor: string, master: string): Case[] => [
  {
    name: 'a doctorate with an official transcript',
    portfolio: v({ degrees: [degree('doctorate', master)] }),
    expect: 'met',
  },
  {
    name: "only an unofficial transcript for the master's degree",
    portfolio: v({
      degrees: [degree('bachelor', bachelor), degree('master', master, { transcript: 'unofficial' })],
    }),
    expect: 'unmet',
    missing: /official transcript.*master/,
  },
  {
    name: 'only an unofficial transcript for the bachelor\'s degree ("from all degrees")',
    portfolio: v({
      degrees: [degree('bachelor', bachelor, { transcript: 'unofficial' }), degree('master', master)],
    }),
    expect: 'unmet',
    missing: /official transcript.*bachelor/,
  },
];

// --- Training (CT-AIMH, Alliance: "Minimum 30 clock hours required") ----------------

/**
 * 30 hours by the evaluation date `on` in two entries, `first` hours on
 * `firstDate` and the rest on `secondDate`: met exactly, half an hour short,
 * and the rest dated the day after `on`.
 */
export function thirtyHourCases(
  v: Variant,
  on: string,
  [firstDate, first]: [string, number],
  secondDate: string,
): Case[] {
  const rest = 30 - first;
  return [
    {
      name: 'exactly 30 hours',
      portfolio: v({ training: [training(firstDate, first), training(secondDate, rest)] }),
      expect: 'met',
    },
    {
      name: '29.5 hours',
      portfolio: v({ training: [training(firstDate, first), training(secondDate, rest - 0.5)] }),
      expect: 'unmet',
      missing: /0\.5 more hour/,
    },
    {
      name: 'hours dated after the evaluation date do not count',
      portfolio: v({ training: [training(firstDate, first), training(addDays(on, 1), rest)] }),
      expect: 'unmet',
      missing: new RegExp(`${rest} more hour`),
    },
  ];
}

// --- RSC -------------------------------------------------------------------------

/**
 * CT-AIMH, Alliance: `hours` hours of RSC "within a one to two year time period"
 * (spec reading 4), in one entry of exactly 12 months, a day less, exactly 24
 * months and a day more; `extra` fields of each entry (the hours about the RSC
 * provided, the provider).
 */
export function rscWindowCases(v: Variant, hours: number, extra: Partial<Rsc> = {}): Case[] {
  return [
    {
      name: `${hours} hours over exactly 12 months`,
      portfolio: v({ rsc: [rsc('2016-01-05', '2017-01-04', hours, extra)] }),
      expect: 'met',
    },
    {
      name: `${hours} hours over 12 months less a day`,
      portfolio: v({ rsc: [rsc('2016-01-05', '2017-01-03', hours, extra)] }),
      expect: 'unmet',
      missing: /12 months/,
    },
    {
      name: `${hours} hours in one entry of exactly 24 months`,
      portfolio: v({ rsc: [rsc('2016-01-05', '2018-01-04', hours, extra)] }),
      expect: 'met',
    },
    {
      name: `${hours} hours in one entry of 24 months and a day`,
      portfolio: v({ rsc: [rsc('2016-01-05', '2018-01-05', hours, extra)] }),
      expect: 'unmet',
      missing: /more RSC hour.*24 months/,
    },
  ];
}

// --- Training (MI-AIMH, NCIMHA: "30 clock hours of relationship-based education and training")

/** Two entries of relationship-based training adding up to `total` hours. */
export const trainingTotal = (total: number) => [
  training('2021-03-06', 12, ['imh'], { title: 'Attachment and loss' }),
  training('2022-10-14', total - 12, ['imh'], { title: 'Infant mental health conference' }),
];

/** 30 clock hours by the evaluation date `on`: met exactly, and half an hour short. */
export const clockHourCases = (v: Variant, on: string): Case[] => [
  {
    name: 'exactly 30 clock hours (12 + 18)',
    portfolio: v({ training: trainingTotal(30) }),
    expect: 'met',
  },
  {
    name: '29.5 of 30 clock hours',
    portfolio: v({ training: trainingTotal(29.5) }),
    expect: 'unmet',
    missing: /0\.5 more hours? of training/,
  },
  {
    name: '29.5 hours by the evaluation date and 0.5 the day after (ignored)',
    portfolio: v({ training: [...trainingTotal(29.5), training(addDays(on, 1), 0.5)] }),
    expect: 'unmet',
    missing: /0\.5 more hours? of training/,
  },
];

// --- Agreements ("signed Code of Ethics and Endorsement Agreement") -----------------

/** Both signed on the evaluation date `on`. */
export const bothSignedOn = (v: Variant, on: string): Case => ({
  name: 'both signed on the evaluation date',
  portfolio: v({ agreements: signed(on) }),
  expect: 'met',
});

/** MI-AIMH, NCIMHA: both signed on `on`; the Endorsement Agreement signed the day after. */
export const agreementsSignedLateCases = (v: Variant, on: string): Case[] => [
  bothSignedOn(v, on),
  {
    name: 'Endorsement Agreement signed the day after',
    portfolio: v({ agreements: { codeOfEthics: on, endorsementAgreement: addDays(on, 1) } }),
    expect: 'unmet',
    missing: /sign the Endorsement Agreement/,
  },
];

/** CT-AIMH, Alliance: one agreement unsigned, or signed after `on`, the other signed long before. */
export const agreementsUnsignedCases = (v: Variant, on: string): Case[] => [
  {
    name: 'Code of Ethics not signed',
    portfolio: v({ agreements: { codeOfEthics: null, endorsementAgreement: '2020-01-01' } }),
    expect: 'unmet',
    missing: /Code of Ethics/,
  },
  {
    name: 'Endorsement Agreement signed after the evaluation date',
    portfolio: v({ agreements: { codeOfEthics: '2020-01-01', endorsementAgreement: addDays(on, 1) } }),
    expect: 'unmet',
    missing: /Endorsement Agreement/,
  },
];

// --- The written examination --------------------------------------------------------

/** Passed on the evaluation date `on`. */
export const examPassedOn = (v: Variant, on: string): Case => ({
  name: 'passed on the evaluation date',
  portfolio: v({ exam: { passed: true, date: on } }),
  expect: 'met',
});

/** Passed the day after the evaluation date `on`. */
export const examPassedAfter = (v: Variant, on: string, missing: RegExp): Case => ({
  name: 'passed the day after the evaluation date',
  portfolio: v({ exam: { passed: true, date: addDays(on, 1) } }),
  expect: 'unmet',
  missing,
});

/** Sat on `sat` and not passed; never taken. */
export const examFailedCases = (v: Variant, sat: string, missing: RegExp): Case[] => [
  {
    name: 'written examination not passed',
    portfolio: v({ exam: { passed: false, date: sat } }),
    expect: 'unmet',
    missing,
  },
  { name: 'no written examination', portfolio: v({ exam: null }), expect: 'unmet', missing },
];

// --- Membership ------------------------------------------------------------------

/** MI-AIMH, NCIMHA: a year's membership in `association` ending on the evaluation date `on`, or the day before. */
export const annualMembershipCases = (
  v: Variant,
  association: string,
  on: string,
  missing: RegExp,
): Case[] => [
  {
    name: `${association} membership ending on the evaluation date`,
    portfolio: v({ memberships: [member(association, addDays(on, -364), on)] }),
    expect: 'met',
  },
  {
    name: `${association} membership ended the day before`,
    portfolio: v({ memberships: [member(association, addDays(on, -365), addDays(on, -1))] }),
    expect: 'unmet',
    missing,
  },
];

/** Membership in `association` since 2020 that ends on the evaluation date `on`, or the day before; none. */
export const membershipCases = (v: Variant, association: string, on: string): Case[] => [
  {
    name: `${association} membership that lapsed the day before`,
    portfolio: v({ memberships: [member(association, '2020-01-01', addDays(on, -1))] }),
    expect: 'unmet',
    missing: /member/i,
  },
  {
    name: `${association} membership ending on the evaluation date`,
    portfolio: v({ memberships: [member(association, '2020-01-01', on)] }),
    expect: 'met',
  },
  { name: 'no membership at all', portfolio: v({ memberships: [] }), expect: 'unmet', missing: /member/i },
];

/** Where a renewal membership case starts and ends, and what its `missing` must say. */
export interface RenewalMembership {
  /** Start of the membership that ends the day before the year does; default the year's first day. */
  since?: string;
  /** End of the membership that begins on the year's last day; default a year later. */
  until?: string;
  missing?: RegExp;
}

/** Renewal ("covering the year's last day", reading 8): membership ending the day before `period` ends. */
export const membershipEndingBeforeYearEnd = (
  v: Variant,
  association: string,
  period: Period,
  { since = period.from, missing = /member/i }: RenewalMembership = {},
): Case => ({
  name: 'membership ending the day before the year ends',
  portfolio: v({ memberships: [member(association, since, addDays(period.to, -1))] }),
  expect: 'unmet',
  missing,
});

/** Renewal: membership ending the day before `period` ends; membership from its last day. */
export const renewalMembershipCases = (
  v: Variant,
  association: string,
  period: Period,
  dates: RenewalMembership = {},
): Case[] => [
  membershipEndingBeforeYearEnd(v, association, period, dates),
  {
    name: 'membership beginning on the last day of the year',
    portfolio: v({
      memberships: [member(association, period.to, dates.until ?? addDays(period.to, 364))],
    }),
    expect: 'met',
  },
];
