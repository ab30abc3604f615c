// The engine's golden test (issue 13): a few hundred varied portfolios, made
// by a seeded generator so that every run on every machine makes the same
// ones, and the calls whose results are recorded in
// test/fixtures/engine-golden.json.gz. `npm run golden` (bench/golden.ts)
// writes that file; test/unit/engine/golden.test.ts makes the same portfolios,
// runs the same calls and compares. Regenerate the file only when a change of
// results is intended: it is what "identical byte for byte" is measured
// against while the engine is optimized.
//
// The generator depends on nothing of the engine (its own date arithmetic,
// its own lists of credentials), so a change to the engine cannot change the
// portfolios, only the results.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { largePortfolio, seededRandom } from '../../bench/fixtures.ts';
import type { PortfolioInput } from '../../src/engine/portfolio.ts';
import { eligible, evaluate, evaluateRenewal, PortfolioError } from '../../src/index.ts';
import {
  addDays,
  degree,
  member,
  portfolio,
  reference,
  rsc,
  rscProvider,
  training,
  work,
} from './portfolio.ts';

type P = PortfolioInput;
type Degree = NonNullable<P['degrees']>[number];
type Work = NonNullable<P['work']>[number];
type Training = NonNullable<P['training']>[number];
type Rsc = NonNullable<P['rsc']>[number];
type Reference = NonNullable<P['references']>[number];
type Membership = NonNullable<P['memberships']>[number];
type Endorsement = NonNullable<P['endorsements']>[number];
type CredentialId = NonNullable<Endorsement['credential']>;

export const GOLDEN_FILE = new URL('../fixtures/engine-golden.json.gz', import.meta.url);
export const GOLDEN_FORMAT = 'endorse-engine-golden/1';

/** Each association with every credential it has (written here, not read from the catalogs). */
export const CREDENTIALS = {
  'mi-aimh': ['IFA', 'IFS', 'IMHS', 'IMHM-C', 'IMHM-P', 'IMHM-RF'],
  'ct-aimh': ['IFA', 'IFS', 'IMHS', 'IMHM-C', 'IMHM-P', 'IMHM-RF'],
  ncimha: ['IMHS'],
  alliance: ['IMHM-C', 'IMHM-P', 'IMHM-RF', 'ECMHM-C', 'ECMHM-P', 'ECMHM-RF'],
} as const;
export type Association = keyof typeof CREDENTIALS;
export const ASSOCIATIONS = Object.keys(CREDENTIALS) as Association[];

export type GoldenCall =
  | { fn: 'evaluate'; credential: string; on: string }
  | { fn: 'evaluateRenewal'; credential: string; from: string; to: string }
  | { fn: 'eligible'; on: string };

export interface GoldenCase {
  /** Unique, stable: names the case in failure messages. */
  name: string;
  association: Association;
  portfolio: unknown;
  calls: GoldenCall[];
}

export function callName(call: GoldenCall): string {
  switch (call.fn) {
    case 'evaluate':
      return `evaluate ${call.credential} on ${call.on}`;
    case 'evaluateRenewal':
      return `evaluateRenewal ${call.credential} from ${call.from} to ${call.to}`;
    case 'eligible':
      return `eligible on ${call.on}`;
  }
}

// ---------------------------------------------------------------------------
// Dates, computed with the platform's Date (not the engine's calendar code).

const MS_PER_DAY = 86_400_000;
const ms = (date: string) => Date.parse(`${date}T00:00:00Z`);
const text = (t: number) => new Date(t).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => Math.round((ms(to) - ms(from)) / MS_PER_DAY);

/** The same day `months` later, clamped to the month's end (Jan 31 + 1 month = Feb 28/29). */
function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = index - ny * 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return text(Date.UTC(ny, nm, Math.min(d, last)));
}
/** The last day of `months` calendar months from `date` (both ends counted). */
const endOfMonths = (date: string, months: number) => addDays(addMonths(date, months), -1);
const min = (a: string, b: string) => (a < b ? a : b);

// ---------------------------------------------------------------------------
// A seeded source of choices.

class Choices {
  readonly random: () => number;
  constructor(seed: number) {
    this.random = seededRandom(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }
  /** Up to `most` distinct items, in the list's order. */
  some<T>(items: readonly T[], most: number, least = 0): T[] {
    const n = this.int(least, Math.min(most, items.length));
    const chosen = new Set<number>();
    while (chosen.size < n) chosen.add(Math.floor(this.random() * items.length));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i]!);
  }
  day(from: string, to: string): string {
    return addDays(from, this.int(0, Math.max(0, daysBetween(from, to))));
  }
}

const DEGREE_LEVELS = ['cda', 'associate', 'bachelor', 'master', 'doctorate'] as const;
const WORK_KINDS = [
  'infant-family',
  'imh-dyadic',
  'ecmh-dyadic',
  'rsc-provision',
  'practice-leader',
  'policy-leadership',
  'research-faculty',
] as const;
const RELATIONSHIPS = [
  'program-supervisor',
  'department-chair',
  'teacher',
  'cda-mentor',
  'instructor',
  'trainer',
  'consultant',
  'colleague',
  'supervisee',
  'rsc-provider',
  'rsc-recipient',
  'student',
  'service-recipient',
] as const;
/** The roles the catalogs' slots ask for most, drawn more often. */
const COMMON_RELATIONSHIPS = [
  'program-supervisor',
  'rsc-provider',
  'colleague',
  'rsc-recipient',
  'department-chair',
  'student',
  'teacher',
] as const;
const CREDENTIAL_IDS: readonly CredentialId[] = [
  'IFA',
  'IFS',
  'IMHS',
  'IMHM-C',
  'IMHM-P',
  'IMHM-RF',
  'ECFS',
  'ECMHS',
  'ECMHM-C',
  'ECMHM-P',
  'ECMHM-RF',
  'ERS',
];
const PROVIDER_ENDORSEMENTS: ReadonlyArray<CredentialId[]> = [
  ['IMHM-C'],
  ['IMHM-C'],
  ['IMHS'],
  ['ERS'],
  ['ECMHM-C'],
  [],
  ['IMHM-C', 'ERS'],
  ['IMHM-RF'],
];
const MEMBER_OF = ['mi-aimh', 'ct-aimh', 'ncimha', 'alliance', 'tx-aimh'] as const;
/** Hours as people write them, with fractions that test rounding (0.1 + 0.2, thirds). */
const HOURS = [0.1, 0.2, 0.25, 0.33, 0.5, 1, 1, 1.5, 2, 2, 2.75, 3, 3, 4, 6, 6, 7.5, 8, 12, 15, 20, 30];
const FTES = [1, 1, 1, 0.75, 0.6, 0.5, 0.5, 0.25, 0.1, 0.3333, 0.2];

/** Evaluation dates: around the CT 2024 rules, the vetted cut-off of 2027-12-21, leap days. */
const KEY_DATES = [
  '2019-06-30',
  '2020-02-29',
  '2021-03-15',
  '2023-12-31',
  '2024-01-01',
  '2024-02-29',
  '2025-11-23',
  '2026-11-22',
  '2027-12-20',
  '2027-12-21',
  '2028-06-30',
  '2030-01-15',
];

// ---------------------------------------------------------------------------
// Random portfolios.

interface Shape {
  /** The evaluation date the portfolio is made for. */
  until: string;
  /** The renewal year ending on `until`. */
  year: { from: string; to: string };
  /** When the career began. */
  start: string;
  /** How complete the portfolio tends to be, 0 to 1. */
  strength: number;
  /** Entries per section, scaled up for the large ones. */
  scale: number;
}

function shapeOf(c: Choices, large: boolean): Shape {
  const until = c.chance(0.5) ? c.pick(KEY_DATES) : c.day('2018-01-01', '2031-12-31');
  const start = c.day(addDays(until, -365 * 30), addDays(until, -365 * 2));
  return {
    until,
    year: { from: addDays(addMonths(until, -12), 1), to: until },
    start,
    strength: c.pick([0, 0.3, 0.6, 0.8, 0.9, 1, 1]),
    scale: large ? c.int(10, 25) : 1,
  };
}

function degreesFor(c: Choices, s: Shape): Degree[] {
  const out: Degree[] = [];
  const n = s.strength > 0.5 ? c.int(1, 3) : c.int(0, 2);
  for (let i = 0; i < n; i++) {
    const level =
      s.strength > 0.5 && i === 0
        ? c.pick(['master', 'master', 'doctorate'] as const)
        : c.pick(DEGREE_LEVELS);
    // Mostly before the career's start; sometimes in the middle of it, rarely after the evaluation date.
    const conferred = c.chance(0.1)
      ? c.day(s.until, addDays(s.until, 400))
      : c.chance(0.3)
        ? c.day(s.start, s.until)
        : c.day(addDays(s.start, -3000), s.start);
    const extra: Partial<Degree> = {};
    const transcript = c.pick(['official', 'official', 'official', 'unofficial', 'none', undefined] as const);
    if (transcript === undefined) {
      out.push({ level, conferred, ...(c.chance(0.5) ? { title: 'Degree' } : {}) });
      continue;
    }
    extra.transcript = transcript;
    if (c.chance(0.6)) extra.title = c.pick(['MSW', 'MA', 'PhD', 'BA', 'CDA credential', 'AAS']);
    if (c.chance(0.4)) extra.field = c.pick(['social work', 'psychology', 'early childhood education']);
    if (c.chance(0.2)) extra.institution = 'State University';
    out.push(degree(level, conferred, extra));
  }
  return out;
}

function workFor(c: Choices, s: Shape): Work[] {
  const out: Work[] = [];
  const n = c.int(s.strength > 0.5 ? 1 : 0, 6) * s.scale;
  const span = Math.max(30, daysBetween(s.start, s.until));
  for (let i = 0; i < n; i++) {
    const from = addDays(s.start, Math.floor((span * i) / Math.max(1, n)) + c.int(-60, 60));
    const length = c.pick([30, 180, 365, 366, 730, 731, 1095, 1500, 2500, 4000]) + c.int(-2, 2);
    const open = c.chance(0.2);
    const kinds =
      s.strength > 0.5 && c.chance(0.5)
        ? c.pick([
            ['imh-dyadic'],
            ['imh-dyadic', 'rsc-provision'],
            ['ecmh-dyadic'],
            ['practice-leader'],
          ] as Array<Work['kinds']>)
        : (c.some(WORK_KINDS, 3, 1) as Work['kinds']);
    const extra: Partial<Work> = {
      fte: c.pick(FTES),
      paid: c.chance(0.9),
      supervised: c.chance(0.7),
      internship: c.chance(0.1),
    };
    if (c.chance(0.3)) extra.supervisorEndorsements = c.some(CREDENTIAL_IDS, 2);
    if (c.chance(0.3)) extra.title = `Position ${i + 1}`;
    if (c.chance(0.2)) extra.employer = c.pick(['Family Center', 'County Health', 'Early Head Start']);
    const entry = work(from, open ? null : addDays(from, length), kinds, extra);
    // Some entries leave the defaults (fte 1, paid, not supervised, not an internship) to the format.
    if (c.chance(0.15)) {
      delete entry.fte;
      delete entry.paid;
      delete entry.supervised;
      delete entry.internship;
    }
    if (open && c.chance(0.5)) delete entry.to;
    out.push(entry);
  }
  return out;
}

function topicsFor(c: Choices): Training['topics'] {
  return c.pick([
    [],
    ['imh'],
    ['imh'],
    ['imh'],
    ['rsc'],
    ['dei'],
    ['imh', 'rsc'],
    ['imh', 'dei'],
    ['rsc', 'dei'],
    ['imh', 'rsc', 'dei'],
  ] as Array<Training['topics']>);
}

function trainingFor(c: Choices, s: Shape): Training[] {
  const out: Training[] = [];
  const entry = (date: string): Training => {
    const extra: Partial<Training> = {};
    if (c.chance(0.4)) extra.title = `Training ${out.length + 1}`;
    if (c.chance(0.2)) extra.provider = c.pick(['MI-AIMH', 'CT-AIMH', 'Zero to Three']);
    if (c.chance(0.15)) extra.competencies = ['1-theoretical-foundations'];
    const t = training(date, c.pick(HOURS), topicsFor(c), extra);
    if (c.chance(0.1)) delete t.topics;
    return t;
  };
  // Over the career…
  const n = Math.round(c.int(0, 12 + 30 * s.strength) * s.scale);
  for (let i = 0; i < n; i++) out.push(entry(c.day(addDays(s.start, -200), addDays(s.until, 60))));
  // …in and around the renewal year, on its first and last days and the days either side…
  const inYear = Math.round(c.int(0, 4 + 12 * s.strength) * Math.sqrt(s.scale));
  for (let i = 0; i < inYear; i++) out.push(entry(c.day(addDays(s.year.from, -20), addDays(s.year.to, 20))));
  for (const edge of [-1, 0]) if (c.chance(0.2)) out.push(entry(addDays(s.year.from, edge)));
  for (const edge of [0, 1]) if (c.chance(0.2)) out.push(entry(addDays(s.year.to, edge)));
  // …and the topic allocations the spec reads (reading 5), exactly.
  if (c.chance(0.08)) {
    const date = c.day(s.year.from, s.year.to);
    out.push(training(date, 30, ['imh']), training(date, 15, ['rsc']), training(date, 3, ['dei']));
  }
  if (c.chance(0.08)) {
    const date = c.day(s.year.from, s.year.to);
    out.push(training(date, 31, ['imh', 'rsc']), training(date, 13, ['rsc']), training(date, 5, ['dei']));
  }
  return c.chance(0.3) ? out : out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function rscEntry(c: Choices, from: string, to: string, hours: number): Rsc {
  const extra: Partial<Rsc> = {
    format: c.pick(['individual', 'individual', 'group'] as const),
    provider: rscProvider([...c.pick(PROVIDER_ENDORSEMENTS)], c.chance(0.2)),
    providingRscHours: c.chance(0.5) ? c.pick([0, hours / 2, Math.floor(hours / 3), hours]) : 0,
  };
  if (c.chance(0.3)) extra.provider!.email = `provider${c.int(1, 9)}@example.org`;
  if (c.chance(0.1)) delete extra.provider!.name;
  const entry = rsc(from, to, hours, extra);
  if (c.chance(0.1)) delete entry.providingRscHours;
  return entry;
}

function rscFor(c: Choices, s: Shape): Rsc[] {
  const out: Rsc[] = [];
  // Clusters of consecutive entries whose span is near the 12- and 24-month lines (reading 4).
  const clusters = c.int(s.strength > 0.5 ? 1 : 0, 3) * Math.max(1, Math.round(s.scale / 3));
  for (let k = 0; k < clusters; k++) {
    const first = c.day(addDays(s.start, -100), addDays(s.until, -30));
    const months = c.pick([6, 11, 12, 12, 18, 24, 24, 25]);
    const last = addDays(endOfMonths(first, months), c.pick([-1, 0, 0, 1]));
    const pieces = c.int(1, 6);
    const total = c.pick([10, 23.75, 24, 24, 30, 49.5, 50, 50, 60, 80]) * (s.strength > 0.5 ? 1 : 0.6);
    const length = Math.max(1, daysBetween(first, last));
    for (let i = 0; i < pieces; i++) {
      const from = addDays(first, Math.floor((length * i) / pieces));
      const to = i === pieces - 1 ? last : addDays(first, Math.floor((length * (i + 1)) / pieces) - 1);
      out.push(rscEntry(c, from, to < from ? from : to, Math.round((total / pieces) * 4) / 4 || 0.25));
    }
  }
  // Loose entries, some still running on the evaluation date (counted in part), some inside the renewal year.
  const loose = c.int(0, 4) * s.scale;
  for (let i = 0; i < loose; i++) {
    const from = c.day(addDays(s.start, -100), addDays(s.until, 30));
    out.push(rscEntry(c, from, addDays(from, c.int(0, 400)), c.pick(HOURS)));
  }
  const inYear = c.int(0, 3);
  for (let i = 0; i < inYear; i++) {
    const from = c.day(addDays(s.year.from, -15), s.year.to);
    const to = min(addDays(from, c.int(0, 200)), c.chance(0.7) ? s.year.to : addDays(s.year.to, 30));
    out.push(rscEntry(c, from, to, c.pick([1, 2, 4, 6, 12, 12.5])));
  }
  return out;
}

function referencesFor(c: Choices, s: Shape): Reference[] {
  const n = s.strength > 0.5 ? c.int(2, 6) : c.int(0, 4);
  const out: Reference[] = [];
  for (let i = 0; i < n; i++) {
    const relationship = c.chance(0.6) ? c.pick(COMMON_RELATIONSHIPS) : c.pick(RELATIONSHIPS);
    const submitted = c.chance(0.8)
      ? c.day(addDays(s.until, -400), addDays(s.until, c.chance(0.9) ? 0 : 30))
      : c.pick([null, undefined]);
    const extra: Partial<Reference> = {
      name: `Rater ${i + 1}`,
      current: c.chance(0.75),
      raterEndorsements: c.chance(0.4) ? c.some(CREDENTIAL_IDS, 2, 1) : [],
      raterVetted: c.chance(0.15),
    };
    if (c.chance(0.3)) extra.email = `rater${i + 1}@example.org`;
    const r = reference(relationship, extra);
    if (submitted === undefined) delete r.submitted;
    else r.submitted = submitted;
    if (c.chance(0.1)) delete r.name;
    if (c.chance(0.1)) {
      delete r.current;
      delete r.raterEndorsements;
      delete r.raterVetted;
    }
    out.push(r);
  }
  return out;
}

function agreementsFor(c: Choices, s: Shape): P['agreements'] | undefined {
  const date = () =>
    c.pick([c.day(addDays(s.until, -500), s.until), s.until, addDays(s.until, 1), null, undefined] as const);
  if (c.chance(0.1)) return undefined;
  const a: NonNullable<P['agreements']> = {};
  const ethics = s.strength > 0.5 && c.chance(0.7) ? s.until : date();
  const agreement = s.strength > 0.5 && c.chance(0.7) ? addDays(s.until, -c.int(0, 90)) : date();
  if (ethics !== undefined) a.codeOfEthics = ethics;
  if (agreement !== undefined) a.endorsementAgreement = agreement;
  return a;
}

function membershipsFor(c: Choices, s: Shape, association: Association): Membership[] {
  const n = s.strength > 0.5 ? c.int(1, 3) : c.int(0, 2);
  const out: Membership[] = [];
  for (let i = 0; i < n; i++) {
    const where = c.chance(0.5) ? association : c.pick(MEMBER_OF);
    const from = c.day(addDays(s.until, -800), addDays(s.until, 10));
    const to = c.pick([addDays(from, 364), s.until, addDays(s.until, -1), null, '2100-12-31']);
    const m: Membership = member(where, from, to !== null && to < from ? from : to);
    if (to === null && c.chance(0.5)) delete m.to;
    out.push(m);
  }
  return out;
}

function examFor(c: Choices, s: Shape): P['exam'] | undefined {
  return c.pick([
    undefined,
    null,
    { passed: true, date: c.day(addDays(s.until, -1000), s.until) },
    { passed: true, date: s.until },
    { passed: true, date: addDays(s.until, 1) },
    { passed: true },
    { passed: true, date: null },
    { passed: false, date: c.day(addDays(s.until, -1000), s.until) },
    { passed: false },
  ]);
}

function endorsementsFor(c: Choices, s: Shape, association: Association): Endorsement[] {
  const n = c.int(0, 3);
  const out: Endorsement[] = [];
  for (let i = 0; i < n; i++) {
    const credential = (
      c.chance(0.7) ? c.pick(CREDENTIALS[association]) : c.pick(CREDENTIAL_IDS)
    ) as CredentialId;
    // Around the 3-year line of the renewal exemption, measured to the renewal year's last day.
    const threeYears = addDays(addMonths(s.until, -36), 1);
    const granted = c.pick([
      addDays(threeYears, -1),
      threeYears,
      addDays(threeYears, 1),
      c.day(addDays(s.until, -5000), s.until),
      c.day(addDays(s.until, -1000), s.until),
    ]);
    out.push({ credential, association: c.chance(0.7) ? association : c.pick(MEMBER_OF), granted });
  }
  return out;
}

function leadershipFor(c: Choices, s: Shape): NonNullable<P['leadership']> {
  const n = c.int(0, s.strength > 0.5 ? 4 : 2);
  const out: NonNullable<P['leadership']> = [];
  for (let i = 0; i < n; i++) {
    const from = c.day(s.start, addDays(s.until, 30));
    const to = c.pick([null, addDays(from, c.int(100, 2000)), undefined]);
    out.push({
      ...(c.chance(0.7) ? { activity: `Leadership activity ${i + 1}` } : {}),
      from,
      ...(to === undefined ? {} : { to }),
    });
  }
  return out;
}

/** A valid portfolio, varied in every section. */
function randomPortfolio(c: Choices, s: Shape, association: Association, index: number): P {
  const p = portfolio({
    person: {
      name: `Golden Applicant ${index}`,
      ...(c.chance(0.5) ? { email: `golden${index}@example.org` } : {}),
    },
  });
  // Sections are sometimes absent, sometimes empty lists.
  const section = <T>(items: T[]): T[] | undefined => (items.length || c.chance(0.5) ? items : undefined);
  const set = <K extends keyof P>(key: K, value: P[K] | undefined) => {
    if (value !== undefined) p[key] = value;
  };
  set('degrees', section(degreesFor(c, s)));
  set('work', section(workFor(c, s)));
  set('training', section(trainingFor(c, s)));
  set('rsc', section(rscFor(c, s)));
  set('leadership', section(leadershipFor(c, s)));
  set('references', section(referencesFor(c, s)));
  set('agreements', agreementsFor(c, s));
  set('memberships', section(membershipsFor(c, s, association)));
  set('exam', examFor(c, s));
  set('endorsements', section(endorsementsFor(c, s, association)));
  if (s.strength === 1 && c.chance(0.6)) complete(c, s, association, p);
  // Fields the format does not name are kept and ignored (loose objects).
  if (c.chance(0.1)) (p as Record<string, unknown>).notes = { kept: true };
  return p;
}

/**
 * Adds what most credentials ask for, so that many results are met (and the
 * random entries around it still count or not): a Master's degree before the
 * career, years of every kind of work after it, training in every topic, 60
 * RSC hours over 18 months from a Mentor, a reference in every role the
 * slots name, agreements, membership and exam.
 */
function complete(c: Choices, s: Shape, association: Association, p: P): void {
  const begin = addDays(s.until, -c.int(365 * 4, 365 * 12));
  const degrees = (p.degrees ??= []);
  degrees.unshift(degree('master', addDays(begin, -c.int(1, 400)), { title: 'MSW' }));
  if (c.chance(0.3)) for (const d of degrees) d.transcript = 'official';
  const kinds: Array<Work['kinds']> = [
    ['imh-dyadic', 'rsc-provision'],
    ['ecmh-dyadic'],
    ['practice-leader'],
    ['policy-leadership'],
    ['research-faculty'],
  ];
  (p.work ??= []).push(...kinds.map((k) => work(begin, c.chance(0.5) ? null : s.until, k)));
  const trainings = (p.training ??= []);
  for (const topics of [['imh'], ['rsc'], ['dei'], []] as Array<Training['topics']>)
    trainings.push(
      training(c.day(begin, s.until), 20, topics),
      training(c.day(s.year.from, s.year.to), 16, topics),
    );
  const first = addDays(s.until, -c.int(600, 1500));
  const last = endOfMonths(first, 18);
  const rscs = (p.rsc ??= []);
  for (let i = 0; i < 3; i++) {
    const from = addDays(first, Math.floor((daysBetween(first, last) * i) / 3));
    const to = i === 2 ? last : addDays(first, Math.floor((daysBetween(first, last) * (i + 1)) / 3) - 1);
    rscs.push(rsc(from, to, 20, { providingRscHours: 10, provider: rscProvider(['IMHM-C', 'ERS']) }));
  }
  rscs.push(rsc(s.year.from, s.year.to, 14, { provider: rscProvider(['IMHM-C']) }));
  const submitted = addDays(s.until, -c.int(1, 200));
  const endorsed = c.int(0, 6);
  p.references = [
    'program-supervisor',
    'rsc-provider',
    'colleague',
    'rsc-recipient',
    'department-chair',
    'student',
    'teacher',
  ].map((relationship, i) =>
    reference(relationship as Reference['relationship'], {
      submitted,
      raterEndorsements: i === endorsed ? [c.pick(['IMHM-C', 'IMHS', 'ECMHM-C'] as const)] : [],
    }),
  );
  p.agreements = { codeOfEthics: addDays(s.until, -10), endorsementAgreement: addDays(s.until, -10) };
  (p.memberships ??= []).push(member(association, addDays(s.until, -300), addDays(s.until, 65)));
  p.exam = { passed: true, date: addDays(s.until, -30) };
}

// ---------------------------------------------------------------------------
// Invalid portfolios: a valid one with one or more faults, so that the
// `PortfolioError` problems are part of the golden results too.

type Json = Record<string, unknown>;
type Mutation = (p: Json, c: Choices) => void;

/** An entry of a section, made when the section is empty. */
function entryOf(p: Json, key: string, c: Choices, fallback: () => unknown): Json {
  let list = p[key];
  if (!Array.isArray(list) || !list.length) {
    list = [fallback()];
    p[key] = list;
  }
  const items = list as Json[];
  return items[c.int(0, items.length - 1)]!;
}
const someWork = (p: Json, c: Choices) =>
  entryOf(p, 'work', c, () => work('2015-01-01', '2016-01-01', ['infant-family']));
const someTraining = (p: Json, c: Choices) =>
  entryOf(p, 'training', c, () => training('2020-01-01', 3, ['imh']));
const someRsc = (p: Json, c: Choices) => entryOf(p, 'rsc', c, () => rsc('2019-01-01', '2019-06-30', 10));
const someReference = (p: Json, c: Choices) => entryOf(p, 'references', c, () => reference('colleague'));
const someDegree = (p: Json, c: Choices) => entryOf(p, 'degrees', c, () => degree('master', '2010-05-15'));
const someMembership = (p: Json, c: Choices) => entryOf(p, 'memberships', c, () => member('mi-aimh'));
const someEndorsement = (p: Json, c: Choices) =>
  entryOf(p, 'endorsements', c, () => ({
    credential: 'IMHS',
    association: 'mi-aimh',
    granted: '2018-06-01',
  }));

const MUTATIONS: Mutation[] = [
  (p, c) => void (someWork(p, c).fte = 0),
  (p, c) => void (someWork(p, c).fte = 1.5),
  (p, c) => void (someTraining(p, c).hours = 0),
  (p, c) => void (someTraining(p, c).hours = -2),
  (p, c) => void (someTraining(p, c).date = '2021-02-29'),
  (p, c) => void (someTraining(p, c).date = '2021-2-3'),
  (p, c) => {
    const e = someRsc(p, c);
    e.to = addDays(String(e.from), -1);
  },
  (p, c) => {
    const e = someRsc(p, c);
    e.providingRscHours = Number(e.hours) + 1;
  },
  (p, c) => void (someReference(p, c).relationship = 'friend'),
  (p, c) => void (someReference(p, c).raterEndorsements = ['IMHX']),
  (p, c) => void (someDegree(p, c).level = 'phd'),
  (p, c) => void (someWork(p, c).kinds = []),
  (p) => void (p.format = 'endorse-portfolio/2'),
  (p) => void delete p.format,
  (p) => void (p.person = { name: '' }),
  (p) => void delete p.person,
  (p) => void (p.training = 'lots of it'),
  (p, c) => void (someTraining(p, c).hours = '6'),
  (p) => void (p.exam = { date: '2020-01-01' }),
  (p, c) => void (someMembership(p, c).association = 'MI AIMH'),
  (p, c) => void (someTraining(p, c).topics = ['imh', 'yoga']),
  (p, c) => void (someWork(p, c).title = 'Infant\u0007 specialist'),
  (p) => void (p.person = { name: 'x'.repeat(201) }),
  (p, c) => void (someRsc(p, c).format = 'pair'),
  (p) => void (p.agreements = { codeOfEthics: 'yesterday', endorsementAgreement: '2020-01-01' }),
  (p, c) => void (someEndorsement(p, c).granted = null),
  (p, c) => {
    const e = someWork(p, c);
    e.to = addDays(String(e.from), -30);
  },
  (p, c) => void (someRsc(p, c).hours = 100_001),
  (p, c) => void (someRsc(p, c).provider = { endorsements: 'IMHM-C' }),
  (p, c) => void (someReference(p, c).current = 'yes'),
  (p) => void (p.memberships = [{ association: 'ct-aimh', from: '2020-01-01', to: '2019-12-31' }]),
  (p) => void (p.leadership = [{ activity: 'Board', from: '2020-13-01' }]),
  (p, c) => void (someDegree(p, c).transcript = 'certified'),
  (p) => void (p.work = [null]),
  (p) => void (p.degrees = {}),
];

function invalidPortfolio(valid: P, c: Choices, first: number): unknown {
  const p = structuredClone(valid) as unknown as Json;
  MUTATIONS[first % MUTATIONS.length]!(p, c);
  const more = c.int(0, 2);
  for (let i = 0; i < more; i++) c.pick(MUTATIONS)(p, c);
  return p;
}

// ---------------------------------------------------------------------------
// The cases and their calls.

const RANDOM_CASES = 400;
const SEED = 13_2026;

function callsFor(association: Association, s: Shape, c: Choices, full: boolean): GoldenCall[] {
  const credentials = CREDENTIALS[association];
  const calls: GoldenCall[] = [];
  const spelled = (credential: string) => (c.chance(0.05) ? credential.toLowerCase() : credential);
  if (full) {
    // Every credential on the day the portfolio was made for…
    for (const credential of credentials) calls.push({ fn: 'evaluate', credential, on: s.until });
    // …and two of them on other days: a key date, and some day in the career (entries after it are ignored).
    for (const on of [c.pick(KEY_DATES), c.day(s.start, s.until)])
      calls.push({ fn: 'evaluate', credential: spelled(c.pick(credentials)), on });
    // Two renewal years: the one ending on that day, and the year before it.
    const before = { from: addMonths(s.year.from, -12), to: addDays(s.year.from, -1) };
    for (const year of [s.year, before])
      calls.push({ fn: 'evaluateRenewal', credential: spelled(c.pick(credentials)), ...year });
  } else {
    calls.push({ fn: 'evaluate', credential: c.pick(credentials), on: s.until });
    calls.push({ fn: 'evaluateRenewal', credential: c.pick(credentials), ...s.year });
  }
  calls.push({ fn: 'eligible', on: s.until });
  return calls;
}

function randomCase(index: number): GoldenCase {
  const c = new Choices(SEED + index * 7919);
  const association = ASSOCIATIONS[index % ASSOCIATIONS.length]!;
  const large = index % 50 === 49;
  const s = shapeOf(c, large);
  const valid = randomPortfolio(c, s, association, index);
  const invalid = !large && index % 9 === 4;
  const name = `random-${String(index).padStart(3, '0')}${large ? '-large' : ''}${invalid ? '-invalid' : ''}`;
  const p = invalid ? invalidPortfolio(valid, c, Math.floor(index / 9)) : valid;
  return { name, association, portfolio: p, calls: callsFor(association, s, c, !invalid) };
}

/** The bench's large portfolio, at several sizes and dates. */
function largeCases(): GoldenCase[] {
  const sizes = [
    { work: 30, training: 300, rsc: 60, references: 6 },
    { work: 10, training: 600, rsc: 20, references: 8 },
    { work: 60, training: 150, rsc: 200, references: 4 },
  ];
  const untils = ['2026-11-22', '2027-12-21', '2024-01-01'];
  return ASSOCIATIONS.flatMap((association, a) =>
    sizes.map((size, k) => {
      const until = untils[(a + k) % untils.length]!;
      const c = new Choices(SEED + 1_000_003 * (a * 3 + k + 1));
      const s: Shape = {
        until,
        year: { from: addDays(addMonths(until, -12), 1), to: until },
        start: '2001-06-01',
        strength: 1,
        scale: 1,
      };
      return {
        name: `bench-large-${association}-${size.training}t`,
        association,
        portfolio: largePortfolio(20261122 + a * 3 + k, size, until),
        calls: callsFor(association, s, c, true),
      };
    }),
  );
}

/** The portfolios the README's examples use. */
function exampleCases(): GoldenCase[] {
  const read = (file: string): unknown =>
    JSON.parse(readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8'));
  const imhs = read('portfolio-imhs.json');
  const mentor = read('portfolio-mentor-ct.json');
  const all = (association: Association, on: string): GoldenCall[] => [
    ...CREDENTIALS[association].map((credential) => ({ fn: 'evaluate' as const, credential, on })),
    { fn: 'eligible', on },
  ];
  return [
    {
      name: 'example-portfolio-imhs',
      association: 'mi-aimh',
      portfolio: imhs,
      calls: [
        ...all('mi-aimh', '2026-11-22'),
        { fn: 'evaluateRenewal', credential: 'IMHS', from: '2025-11-23', to: '2026-11-22' },
      ],
    },
    {
      name: 'example-portfolio-imhs-ncimha',
      association: 'ncimha',
      portfolio: imhs,
      calls: all('ncimha', '2026-11-22'),
    },
    {
      name: 'example-portfolio-mentor-ct',
      association: 'ct-aimh',
      portfolio: mentor,
      calls: [
        ...all('ct-aimh', '2024-06-01'),
        ...all('ct-aimh', '2023-12-31'),
        { fn: 'evaluateRenewal', credential: 'IMHM-C', from: '2024-06-02', to: '2025-06-01' },
      ],
    },
    {
      name: 'example-portfolio-mentor-alliance',
      association: 'alliance',
      portfolio: mentor,
      calls: all('alliance', '2024-06-01'),
    },
  ];
}

/** A few calls that are refused for their arguments, and documents that are not portfolios at all. */
function oddCases(): GoldenCase[] {
  const c = new Choices(SEED - 1);
  const s = shapeOf(c, false);
  const p = randomPortfolio(c, s, 'mi-aimh', -1);
  const many = (n: number) =>
    portfolio({
      training: Array.from({ length: n }, (_, i) => training(addDays('2015-01-01', i), 1, ['imh'])),
    });
  const usual: GoldenCall[] = [
    { fn: 'evaluate', credential: 'IMHS', on: '2026-11-22' },
    { fn: 'evaluateRenewal', credential: 'IMHS', from: '2025-11-23', to: '2026-11-22' },
    { fn: 'eligible', on: '2026-11-22' },
  ];
  return [
    {
      name: 'odd-arguments',
      association: 'mi-aimh',
      portfolio: p,
      calls: [
        { fn: 'evaluate', credential: 'ECFS', on: s.until },
        { fn: 'evaluate', credential: 'IMHS', on: '2026-02-30' },
        { fn: 'evaluateRenewal', credential: 'IMHS', from: '2026-11-22', to: '2025-11-23' },
        { fn: 'evaluateRenewal', credential: 'IMHS', from: '2025-11-23', to: '2025-11-23' },
        { fn: 'evaluateRenewal', credential: 'IMHS', from: '2023-01-01', to: '2025-12-31' },
      ],
    },
    { name: 'odd-null', association: 'mi-aimh', portfolio: null, calls: usual },
    { name: 'odd-list', association: 'ct-aimh', portfolio: [], calls: usual },
    { name: 'odd-text', association: 'ncimha', portfolio: 'endorse-portfolio/1', calls: usual },
    { name: 'odd-empty-object', association: 'alliance', portfolio: {}, calls: usual },
    { name: 'odd-minimal', association: 'mi-aimh', portfolio: portfolio(), calls: usual },
    { name: 'odd-2000-trainings', association: 'mi-aimh', portfolio: many(2000), calls: usual },
    { name: 'odd-2001-trainings', association: 'mi-aimh', portfolio: many(2001), calls: usual },
  ];
}

/** Every case, in a fixed order. */
export function goldenCases(): GoldenCase[] {
  return [
    ...Array.from({ length: RANDOM_CASES }, (_, i) => randomCase(i)),
    ...largeCases(),
    ...exampleCases(),
    ...oddCases(),
  ];
}

// ---------------------------------------------------------------------------
// Running the calls and writing the results.

export type CallOutcome =
  | { result: unknown }
  | { error: { name: string; message: string; problems?: Array<{ path: string; message: string }> } };

export function runCall(c: GoldenCase, call: GoldenCall): CallOutcome {
  try {
    switch (call.fn) {
      case 'evaluate':
        return {
          result: evaluate(c.portfolio, {
            association: c.association,
            credential: call.credential,
            on: call.on,
          }),
        };
      case 'evaluateRenewal':
        return {
          result: evaluateRenewal(c.portfolio, {
            association: c.association,
            credential: call.credential,
            from: call.from,
            to: call.to,
          }),
        };
      case 'eligible':
        return { result: eligible(c.portfolio, { association: c.association, on: call.on }) };
    }
  } catch (e) {
    if (e instanceof PortfolioError)
      return { error: { name: e.name, message: e.message, problems: e.problems } };
    if (e instanceof Error) return { error: { name: e.name, message: e.message } };
    throw e;
  }
}

/**
 * JSON text of a value. What JSON cannot carry is written as a marker, so
 * that a change there shows too: an `undefined` property ("[undefined]"),
 * NaN, ±Infinity and -0; anything but plain objects, arrays and primitives
 * (a Set, a Map, a Date) is refused.
 */
export function encode(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, _key: string, v: unknown) {
    if (v === undefined) return '[undefined]';
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return '[NaN]';
      if (v === Infinity) return '[Infinity]';
      if (v === -Infinity) return '[-Infinity]';
      if (Object.is(v, -0)) return '[-0]';
    }
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null)
        throw new Error(`a result holds a ${(v as object).constructor?.name ?? 'non-plain object'}`);
    }
    return v;
  });
}

/** A fingerprint of the portfolio, to tell a changed generator from a changed engine. */
export const portfolioHash = (p: unknown): string =>
  createHash('sha256')
    .update(JSON.stringify(p) ?? 'undefined')
    .digest('hex')
    .slice(0, 16);

/** One case's header line and one line per call, as written in the golden file. */
export interface CaseLines {
  name: string;
  head: string;
  calls: Array<{ call: string; line: string }>;
}

export function caseLines(c: GoldenCase): CaseLines {
  return {
    name: c.name,
    head: encode({ name: c.name, association: c.association, portfolio: portfolioHash(c.portfolio) }),
    calls: c.calls.map((call) => ({
      call: callName(call),
      line: encode({ call: callName(call), ...runCall(c, call) }),
    })),
  };
}

/**
 * The golden file's text: a JSON document with one line per case header and
 * per call, so that two versions can be compared with `diff` after `gunzip`.
 */
export function goldenText(cases: readonly CaseLines[]): string {
  const head = encode({
    format: GOLDEN_FORMAT,
    note: 'Results of the engine over the portfolios of test/helpers/golden.ts. Written by `npm run golden`: regenerate only when a change of results is intended.',
  });
  const body = cases.map((c) => `{"case":${c.head},"calls":[\n${c.calls.map((x) => x.line).join(',\n')}\n]}`);
  return `${head.slice(0, -1)},"cases":[\n${body.join(',\n')}\n]}\n`;
}

export interface GoldenFile {
  format: string;
  note: string;
  cases: Array<{
    case: { name: string; association: string; portfolio: string };
    calls: Array<{ call: string } & Record<string, unknown>>;
  }>;
}

export function readGoldenText(): string {
  return gunzipSync(readFileSync(GOLDEN_FILE)).toString('utf8');
}

export const compress = (textToStore: string): Buffer =>
  gzipSync(Buffer.from(textToStore, 'utf8'), { level: 9 });
