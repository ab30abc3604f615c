// A large, realistic portfolio for the benchmark, made by a seeded generator
// so that every run measures the same document: a long career with 30 jobs,
// 300 trainings, 60 RSC entries, 6 references, three degrees, yearly
// memberships and endorsements already held.
import type { PortfolioInput } from '../src/engine/portfolio.ts';

type P = PortfolioInput;
type Work = NonNullable<P['work']>[number];
type Training = NonNullable<P['training']>[number];
type Rsc = NonNullable<P['rsc']>[number];
type Reference = NonNullable<P['references']>[number];

/** mulberry32: a small, fast, seeded PRNG (returns [0, 1)). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_MS = 86_400_000;
const toText = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const toMs = (text: string) => Date.parse(`${text}T00:00:00Z`);

export interface PortfolioSize {
  work: number;
  training: number;
  rsc: number;
  references: number;
}

export const largeSize: PortfolioSize = { work: 30, training: 300, rsc: 60, references: 6 };

/**
 * A portfolio of a practitioner with a 25-year career (2001 to `until`) in
 * infant mental health: sizes as in `size`, every entry dated before `until`.
 */
export function largePortfolio(seed = 20261122, size: PortfolioSize = largeSize, until = '2026-11-22'): P {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const start = toMs('2001-06-01');
  const end = toMs(until);
  const span = end - start;

  // 30 jobs, in order, overlapping a little, some part-time, the last still open.
  const workKinds: Array<Work['kinds']> = [
    ['infant-family'],
    ['imh-dyadic'],
    ['imh-dyadic', 'rsc-provision'],
    ['ecmh-dyadic'],
    ['practice-leader', 'rsc-provision'],
    ['policy-leadership'],
    ['research-faculty'],
    ['imh-dyadic', 'practice-leader'],
  ];
  const work: Work[] = [];
  const slice = span / size.work;
  for (let i = 0; i < size.work; i++) {
    const from = start + i * slice + between(0, 20) * DAY_MS;
    const to = from + slice * (1 + random() * 0.6);
    const last = i === size.work - 1;
    work.push({
      title: `Position ${i + 1}`,
      employer: pick([
        'Family Center',
        'County Health',
        'Early Head Start',
        'University Clinic',
        'Harbor Services',
      ]),
      from: toText(from),
      to: last || to >= end ? null : toText(to),
      fte: pick([1, 1, 1, 0.8, 0.6, 0.5]),
      paid: random() > 0.05,
      supervised: random() > 0.2,
      internship: i < 2,
      supervisorEndorsements: random() > 0.5 ? [pick(['IMHS', 'IMHM-C'] as const)] : [],
      kinds: pick(workKinds),
    });
  }

  // 300 trainings of 1 to 8 hours, spread evenly (about one a month).
  const topicSets: Array<Training['topics']> = [
    [],
    ['imh'],
    ['imh'],
    ['rsc'],
    ['dei'],
    ['imh', 'rsc'],
    ['imh', 'dei'],
  ];
  const training: Training[] = [];
  for (let i = 0; i < size.training; i++) {
    const date = start + Math.floor((span * (i + random())) / size.training);
    training.push({
      title: `Training ${i + 1}`,
      provider: pick(['MI-AIMH', 'CT-AIMH', 'Zero to Three', 'University extension']),
      date: toText(Math.min(date, end)),
      hours: pick([1, 1.5, 2, 3, 3, 6, 6, 8]),
      topics: pick(topicSets),
      competencies: random() > 0.7 ? ['1-theoretical-foundations'] : [],
    });
  }

  // 60 RSC entries of 1 to 6 months, from 2004 on, with mixed providers.
  const rsc: Rsc[] = [];
  const rscStart = toMs('2004-01-05');
  const rscSlice = (end - rscStart) / size.rsc;
  for (let i = 0; i < size.rsc; i++) {
    const from = Math.min(rscStart + i * rscSlice + between(0, 10) * DAY_MS, end);
    const to = Math.min(from + between(30, 180) * DAY_MS, end);
    const hours = between(4, 24);
    rsc.push({
      from: toText(from),
      to: toText(to),
      hours,
      format: pick(['individual', 'group'] as const),
      provider: {
        name: `Provider ${1 + (i % 7)}`,
        endorsements: pick([['IMHM-C'], ['IMHS'], ['ERS'], [], ['IMHM-C', 'ERS']] as const).slice(),
        vetted: random() > 0.8,
      },
      providingRscHours: random() > 0.5 ? Math.floor(hours / 2) : 0,
    });
  }

  const relationships: Array<Reference['relationship']> = [
    'program-supervisor',
    'rsc-provider',
    'rsc-recipient',
    'colleague',
    'supervisee',
    'student',
    'department-chair',
    'teacher',
  ];
  const references: Reference[] = relationships.slice(0, size.references).map((relationship, i) => ({
    name: `Rater ${i + 1}`,
    email: `rater${i + 1}@example.org`,
    relationship,
    current: i !== 4,
    raterEndorsements: i % 2 === 0 ? ['IMHM-C'] : [],
    raterVetted: i === 3,
    submitted: toText(end - (i + 1) * 7 * DAY_MS),
  }));

  const memberships: NonNullable<P['memberships']> = [];
  for (let year = 2004; year <= Number(until.slice(0, 4)); year++)
    memberships.push({
      association: year % 3 === 0 ? 'ct-aimh' : 'mi-aimh',
      from: `${year}-01-01`,
      to: `${year}-12-31`,
    });

  return {
    format: 'endorse-portfolio/1',
    person: { name: 'Bench Applicant', email: 'bench@example.org' },
    degrees: [
      {
        level: 'bachelor',
        title: 'BA',
        field: 'psychology',
        conferred: '2001-05-15',
        transcript: 'official',
      },
      {
        level: 'master',
        title: 'MSW',
        field: 'social work',
        conferred: '2004-05-15',
        transcript: 'official',
      },
      {
        level: 'doctorate',
        title: 'PhD',
        field: 'psychology',
        conferred: '2012-08-20',
        transcript: 'unofficial',
      },
    ],
    work,
    training,
    rsc,
    leadership: [
      { activity: 'State reflective supervision work group', from: '2010-01-01', to: '2014-12-31' },
      { activity: 'Regional IMH conference committee', from: '2013-03-01', to: null },
      { activity: 'Association board member', from: '2018-07-01', to: '2022-06-30' },
      { activity: 'Facilitates a reflective practice group', from: '2020-01-01', to: null },
    ],
    references,
    agreements: { codeOfEthics: toText(end - 60 * DAY_MS), endorsementAgreement: toText(end - 60 * DAY_MS) },
    memberships,
    exam: { passed: true, date: toText(end - 30 * DAY_MS) },
    endorsements: [
      { credential: 'IMHS', association: 'mi-aimh', granted: '2008-06-01' },
      { credential: 'IMHM-C', association: 'ct-aimh', granted: '2016-06-01' },
      { credential: 'IMHM-C', association: 'alliance', granted: '2016-06-01' },
      { credential: 'IMHS', association: 'ncimha', granted: '2010-06-01' },
    ],
  };
}

/**
 * The sizes of a portfolio of `entries` work, training and RSC entries in all,
 * shared among the three as `shares` says (rounded; the rest to training).
 * References stay at the large portfolio's 6.
 */
export function sizeOfEntries(
  entries: number,
  shares: { work: number; training: number; rsc: number },
): PortfolioSize {
  const whole = shares.work + shares.training + shares.rsc;
  const work = Math.max(1, Math.round((entries * shares.work) / whole));
  const rsc = Math.max(1, Math.round((entries * shares.rsc) / whole));
  return { work, training: entries - work - rsc, rsc, references: largeSize.references };
}
