// Helpers for the engine's unit and property tests: a one-credential catalog
// for rules tested in isolation, and fast-check arbitraries for the
// `endorse-portfolio/1` format.
import fc from 'fast-check';
import { type Catalog, type CatalogInput, loadCatalog } from '../../src/engine/catalog.ts';
import { formatDay, toDay } from '../../src/engine/dates.ts';
import {
  credentialIds,
  degreeLevels,
  type PortfolioInput,
  relationships,
  trainingTopics,
  workKinds,
} from '../../src/engine/portfolio.ts';

type P = PortfolioInput;
export type DegreeIn = NonNullable<P['degrees']>[number];
export type WorkIn = NonNullable<P['work']>[number];
export type TrainingIn = NonNullable<P['training']>[number];
export type RscIn = NonNullable<P['rsc']>[number];
export type LeadershipIn = NonNullable<P['leadership']>[number];
export type ReferenceIn = NonNullable<P['references']>[number];
export type MembershipIn = NonNullable<P['memberships']>[number];
export type EndorsementIn = NonNullable<P['endorsements']>[number];
type RuleInput = CatalogInput['credentials'][number]['requirements'][number];
type RenewalInput = CatalogInput['credentials'][number]['renewal'][number];

export const TEST_SOURCE = 'test_source.txt';

/** A catalog with one credential (IMHS) holding only the rules given. */
export function catalogWith(requirements: RuleInput[], renewal: RenewalInput[] = []): Catalog {
  return loadCatalog({
    id: 'test-aimh',
    name: 'Test association',
    version: '2026-01-01',
    sources: { [TEST_SOURCE]: 'rules written for the tests' },
    credentials: [{ id: 'IMHS', name: 'Test credential', level: 3, requirements, renewal }],
  });
}

/** Inclusive day count between two dates, computed with the platform's Date, not the engine. */
export function inclusiveDays(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
}

// ---------------------------------------------------------------------------
// Arbitraries

export const MIN_DATE = '2000-01-01';
export const MAX_DATE = '2032-12-31';

export const dayIn = (from: string, to: string) =>
  fc.integer({ min: toDay(from), max: toDay(to) }).map((d) => formatDay(d));

/** A `from`/`to` pair with `to` on or after `from` (and `from` no later than `latest`). */
const spanArb = (earliest: string, latest: string, maxLengthDays = 1500) =>
  fc
    .tuple(
      fc.integer({ min: toDay(earliest), max: toDay(latest) }),
      fc.integer({ min: 0, max: maxLengthDays }),
    )
    .map(([from, length]) => ({ from: formatDay(from), to: formatDay(from + length) }));

/** Hours in quarter hours, 0.25 to 60. */
export /** Portfolios come from JSON: plain objects only. */
const plain = { noNullPrototype: true } as const;

export const hoursArb = fc.integer({ min: 1, max: 240 }).map((q) => q / 4);
const fteArb = fc.integer({ min: 1, max: 20 }).map((n) => n / 20);
const credentialsArb = fc.subarray([...credentialIds], { maxLength: 3 });
export const associationArb = fc.constantFrom('mi-aimh', 'ct-aimh', 'ncimha', 'alliance', 'tx-aimh');

export interface Bounds {
  /** Earliest date an entry may start. */
  earliest: string;
  /** Latest date an entry may start (or be dated). */
  latest: string;
}
const defaultBounds: Bounds = { earliest: MIN_DATE, latest: MAX_DATE };

export const degreeArb = (b: Bounds = defaultBounds, transcript?: DegreeIn['transcript']) =>
  fc.record(
    {
      level: fc.constantFrom(...degreeLevels),
      conferred: dayIn(b.earliest, b.latest),
      transcript: transcript ? fc.constant(transcript) : fc.constantFrom('official', 'unofficial', 'none'),
    },
    plain,
  ) as fc.Arbitrary<DegreeIn>;

export const workArb = (b: Bounds = defaultBounds, kinds: readonly WorkIn['kinds'][number][] = workKinds) =>
  fc
    .record({
      span: spanArb(b.earliest, b.latest),
      open: fc.boolean(),
      fte: fteArb,
      paid: fc.boolean(),
      supervised: fc.boolean(),
      internship: fc.boolean(),
      supervisorEndorsements: credentialsArb,
      kinds: fc.subarray([...kinds], { minLength: 1 }),
    })
    .map(({ span, open, ...rest }): WorkIn => ({ from: span.from, to: open ? null : span.to, ...rest }));

export const trainingArb = (b: Bounds = defaultBounds) =>
  fc.record(
    {
      date: dayIn(b.earliest, b.latest),
      hours: hoursArb,
      topics: fc.subarray([...trainingTopics]),
    },
    plain,
  ) as fc.Arbitrary<TrainingIn>;

/** RSC entries; with `endBy` (not before `b.latest`), every entry also ends on or before that date. */
export const rscArb = (b: Bounds = defaultBounds, endBy?: string) =>
  fc
    .record({
      span: spanArb(b.earliest, b.latest, 900),
      hours: hoursArb,
      providingShare: fc.integer({ min: 0, max: 4 }),
      format: fc.constantFrom('individual', 'group'),
      endorsements: credentialsArb,
      vetted: fc.boolean(),
    })
    .map(({ span, hours, providingShare, format, endorsements, vetted }): RscIn => {
      const to = endBy && span.to > endBy ? endBy : span.to;
      return {
        from: span.from,
        to,
        hours,
        format: format as RscIn['format'],
        provider: { endorsements, vetted },
        providingRscHours: Math.floor((hours * providingShare) / 4),
      };
    });

export const leadershipArb = (b: Bounds = defaultBounds) =>
  fc
    .record({ span: spanArb(b.earliest, b.latest), open: fc.boolean() })
    .map(({ span, open }): LeadershipIn => ({ from: span.from, to: open ? null : span.to }));

export const referenceArb = (b: Bounds = defaultBounds) =>
  fc.record(
    {
      relationship: fc.constantFrom(...relationships),
      current: fc.boolean(),
      raterEndorsements: credentialsArb,
      raterVetted: fc.boolean(),
      submitted: fc.option(dayIn(b.earliest, b.latest), { nil: null }),
    },
    plain,
  ) as fc.Arbitrary<ReferenceIn>;

export const membershipArb = (b: Bounds = defaultBounds) =>
  fc
    .record({ association: associationArb, span: spanArb(b.earliest, b.latest), open: fc.boolean() })
    .map(({ association, span, open }): MembershipIn => ({
      association,
      from: span.from,
      to: open ? null : span.to,
    }));

export const endorsementArb = (b: Bounds = defaultBounds) =>
  fc.record(
    {
      credential: fc.constantFrom(...credentialIds),
      association: associationArb,
      granted: dayIn(b.earliest, b.latest),
    },
    plain,
  ) as fc.Arbitrary<EndorsementIn>;

export interface PortfolioShape {
  /** Most entries in each section (degrees: half as many). */
  maxEntries?: number;
  /** Latest date an entry may start or be dated. */
  latest?: string;
}

/** Portfolios valid under `endorse-portfolio/1`, of a given size and dated up to `latest`. */
export function portfolioArbOf({
  maxEntries = 5,
  latest = MAX_DATE,
}: PortfolioShape = {}): fc.Arbitrary<PortfolioInput> {
  const b: Bounds = { earliest: MIN_DATE, latest };
  const day = dayIn(MIN_DATE, latest);
  return fc.record(
    {
      format: fc.constant('endorse-portfolio/1' as const),
      person: fc.record({ name: fc.string({ minLength: 1, maxLength: 12 }) }, plain),
      degrees: fc.array(degreeArb(b), { maxLength: Math.ceil(maxEntries / 2) }),
      work: fc.array(workArb(b), { maxLength: maxEntries }),
      training: fc.array(trainingArb(b), { maxLength: maxEntries + 1 }),
      rsc: fc.array(rscArb(b), { maxLength: maxEntries }),
      leadership: fc.array(leadershipArb(b), { maxLength: 2 }),
      references: fc.array(referenceArb(b), { maxLength: maxEntries }),
      agreements: fc.record(
        {
          codeOfEthics: fc.option(day, { nil: null }),
          endorsementAgreement: fc.option(day, { nil: null }),
        },
        { requiredKeys: [], noNullPrototype: true },
      ),
      memberships: fc.array(membershipArb(b), { maxLength: 3 }),
      exam: fc.option(fc.record({ passed: fc.boolean(), date: fc.option(day, { nil: null }) }, plain), {
        nil: null,
      }),
      endorsements: fc.array(endorsementArb(b), { maxLength: 2 }),
    },
    { requiredKeys: ['format', 'person'], noNullPrototype: true },
  );
}

/** Any portfolio valid under `endorse-portfolio/1`. */
export const portfolioArb = portfolioArbOf();

/** Larger portfolios dated well before most evaluation dates: more requirements are met. */
export const richPortfolioArb = portfolioArbOf({ maxEntries: 9, latest: '2016-12-31' });
