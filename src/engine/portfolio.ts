// The portfolio interchange format `endorse-portfolio/1`
// (../shared/spec/portfolio-format.md). One zod schema serves validation,
// the TypeScript types and the JSON Schema file in `schema/`.
import { z } from 'zod';
import { type Day, toDay } from './dates.ts';
import { limitedText, numberLimits, sectionList } from './limits.ts';
import { readValidPortfolio } from './portfolio-reader.ts';
import { credentialIds, degreeLevels, relationships, trainingTopics, workKinds } from './vocabulary.ts';

export { credentialIds, degreeLevels, relationships, trainingTopics, workKinds } from './vocabulary.ts';

export type DegreeLevel = (typeof degreeLevels)[number];
export type WorkKind = (typeof workKinds)[number];
export type TrainingTopic = (typeof trainingTopics)[number];
export type Relationship = (typeof relationships)[number];
export type CredentialId = (typeof credentialIds)[number];

const date = z.iso.date({ error: 'must be a real date written YYYY-MM-DD' });
const optionalDate = date.nullish();
const name = limitedText('name');
const title = limitedText('title');
const email = limitedText('email');
const id = limitedText('id');
const associationId = id.regex(/^[a-z0-9][a-z0-9-]*$/, {
  error: 'must be an association id such as "mi-aimh"',
});
const credentialId = z.enum(credentialIds, { error: `must be one of ${credentialIds.join(', ')}` });
const { hours: hourRange, fte: fteRange } = numberLimits;
const hours = z
  .number({ error: 'must be a number of hours' })
  .gt(hourRange.min, { error: 'must be more than 0 hours' })
  .max(hourRange.max, { error: `must be at most ${hourRange.max} hours` });

/** Adds an issue at `to` when an entry ends before it begins. */
function endsAfterStart<T extends { from: string; to?: string | null }>(entry: T, ctx: z.RefinementCtx) {
  if (entry.to && entry.to < entry.from) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `ends before it begins (from ${entry.from})` });
  }
}

const degree = z.looseObject({
  level: z.enum(degreeLevels, { error: `must be one of ${degreeLevels.join(', ')}` }),
  title: title.optional(),
  field: title.optional(),
  institution: title.optional(),
  conferred: date,
  transcript: z.enum(['official', 'unofficial', 'none']).default('none'),
});

const work = z
  .looseObject({
    title: title.optional(),
    employer: title.optional(),
    from: date,
    to: optionalDate,
    fte: z
      .number()
      .gt(fteRange.min, { error: 'must be more than 0' })
      .max(fteRange.max, { error: 'must be at most 1' })
      .default(1),
    paid: z.boolean().default(true),
    supervised: z.boolean().default(false),
    internship: z.boolean().default(false),
    supervisorEndorsements: z.array(credentialId).default([]),
    kinds: z.array(z.enum(workKinds)).min(1, { error: 'must name at least one kind of work' }),
  })
  .superRefine(endsAfterStart);

const training = z.looseObject({
  title: title.optional(),
  provider: title.optional(),
  date,
  hours,
  topics: z.array(z.enum(trainingTopics)).default([]),
  competencies: z.array(id).max(100, { error: 'names more than 100 competency domains' }).default([]),
});

const rsc = z
  .looseObject({
    from: date,
    to: date,
    hours,
    format: z.enum(['individual', 'group']),
    provider: z.looseObject({
      name: name.optional(),
      endorsements: z.array(credentialId).default([]),
      vetted: z.boolean().default(false),
    }),
    providingRscHours: z
      .number()
      .min(0, { error: 'must be 0 or more' })
      .max(hourRange.max, { error: `must be at most ${hourRange.max} hours` })
      .default(0),
  })
  .superRefine(endsAfterStart)
  .superRefine((entry, ctx) => {
    if (entry.providingRscHours > entry.hours) {
      ctx.addIssue({
        code: 'custom',
        path: ['providingRscHours'],
        message: `is more than the entry's ${entry.hours} hours`,
      });
    }
  });

const leadership = z
  .looseObject({ activity: limitedText('description').optional(), from: date, to: optionalDate })
  .superRefine(endsAfterStart);

const reference = z.looseObject({
  name: name.optional(),
  email: email.optional(),
  relationship: z.enum(relationships, { error: `must be one of ${relationships.join(', ')}` }),
  current: z.boolean().default(true),
  raterEndorsements: z.array(credentialId).default([]),
  raterVetted: z.boolean().default(false),
  submitted: optionalDate,
});

const membership = z
  .looseObject({ association: associationId, from: date, to: optionalDate })
  .superRefine(endsAfterStart);

export const portfolioSchema = z.looseObject({
  format: z.literal('endorse-portfolio/1', { error: 'must be "endorse-portfolio/1"' }),
  person: z.looseObject({
    name: name.min(1, { error: 'must not be empty' }),
    email: email.optional(),
  }),
  degrees: sectionList(degree).default([]),
  work: sectionList(work).default([]),
  training: sectionList(training).default([]),
  rsc: sectionList(rsc).default([]),
  leadership: sectionList(leadership).default([]),
  references: sectionList(reference).default([]),
  agreements: z.looseObject({ codeOfEthics: optionalDate, endorsementAgreement: optionalDate }).default({}),
  memberships: sectionList(membership).default([]),
  exam: z.looseObject({ passed: z.boolean(), date: optionalDate }).nullish(),
  endorsements: sectionList(
    z.looseObject({ credential: credentialId, association: associationId, granted: date }),
  ).default([]),
});

/** A portfolio as written (defaults may be missing). */
export type PortfolioInput = z.input<typeof portfolioSchema>;
/** A portfolio with every default filled in. */
export type Portfolio = z.output<typeof portfolioSchema>;

export interface PortfolioProblem {
  /** JSON path of the value at fault, e.g. `work[2].fte` (`$` for the document itself). */
  path: string;
  message: string;
}

export class PortfolioError extends Error {
  constructor(readonly problems: PortfolioProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
    this.name = 'PortfolioError';
  }
}

export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '$';
}

export type ParseResult = { ok: true; portfolio: Portfolio } | { ok: false; problems: PortfolioProblem[] };

export function parsePortfolio(input: unknown): ParseResult {
  const quick = readValidPortfolio(input);
  return quick ? { ok: true, portfolio: quick.source } : parseWithZod(input);
}

/** The schema's own reading: every problem of the document, in the format's words. */
function parseWithZod(input: unknown): ParseResult {
  const result = portfolioSchema.safeParse(input);
  if (result.success) return { ok: true, portfolio: result.data };
  const problems = result.error.issues.map((issue) => ({
    path: jsonPath(issue.path),
    message:
      issue.code === 'invalid_type' ? typeMessage(issue.expected, valueAt(input, issue.path)) : issue.message,
  }));
  return { ok: false, problems };
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function typeMessage(expected: string, value: unknown): string {
  if (value === undefined) return 'is required';
  const got = value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
  const wanted = expected === 'array' ? 'a list' : expected === 'object' ? 'an object' : `a ${expected}`;
  return `must be ${wanted}, not ${got}`;
}

// ---------------------------------------------------------------------------
// A prepared portfolio: validated once, dates turned into day numbers, so that
// evaluating many credentials or renewal years does no parsing.

export interface Dated<T> {
  entry: T;
  /** JSON path of the entry, used as evidence. */
  path: string;
}
export interface Span {
  from: Day;
  /** Last day, or undefined when ongoing. */
  to: Day | undefined;
}

export interface PreparedPortfolio {
  readonly prepared: true;
  readonly source: Portfolio;
  degrees: Array<Dated<Portfolio['degrees'][number]> & { conferred: Day; rank: number }>;
  work: Array<Dated<Portfolio['work'][number]> & Span & { kinds: ReadonlySet<WorkKind> }>;
  training: Array<Dated<Portfolio['training'][number]> & { date: Day; topics: ReadonlySet<TrainingTopic> }>;
  rsc: Array<Dated<Portfolio['rsc'][number]> & { from: Day; to: Day }>;
  leadership: Array<Dated<Portfolio['leadership'][number]> & Span>;
  references: Array<Dated<Portfolio['references'][number]> & { submitted: Day | undefined }>;
  memberships: Array<Dated<Portfolio['memberships'][number]> & Span>;
  endorsements: Array<Dated<Portfolio['endorsements'][number]> & { granted: Day }>;
  agreements: { codeOfEthics: Day | undefined; endorsementAgreement: Day | undefined };
  exam: { passed: boolean; date: Day | undefined } | undefined;
}

export const degreeRank: Record<DegreeLevel, number> = {
  cda: 0,
  associate: 1,
  bachelor: 2,
  master: 3,
  doctorate: 4,
};

const maybeDay = (text: string | null | undefined): Day | undefined => (text ? toDay(text) : undefined);

// The prepared entries, made by the same functions whichever way the document
// came in (zod, or the one-pass reader of portfolio-reader.ts).

/** The sections that are lists of entries. */
type Section = Exclude<keyof PreparedPortfolio, 'prepared' | 'source' | 'agreements' | 'exam'>;

/**
 * `training[3]`, made once per section and index: a portfolio has hundreds of
 * entries, and paths repeat. One named list per section, so that finding it is
 * reading a field rather than looking a key up.
 */
const paths: Record<Section, string[]> = {
  degrees: [],
  work: [],
  training: [],
  rsc: [],
  leadership: [],
  references: [],
  memberships: [],
  endorsements: [],
};
function pathOf(section: Section, index: number): string {
  const known = paths[section];
  return (known[index] ??= `${section}[${index}]`);
}

/** The combination of `items`, one bit per value of `all`. */
function maskOf<T extends string>(all: readonly T[], items: readonly T[]): number {
  let mask = 0;
  for (let i = 0; i < items.length; i++) mask |= 1 << all.indexOf(items[i]!);
  return mask;
}
/** The set of topics or kinds of a combination, one per combination: entries share them (the engine only asks `has`). */
function setOf<T extends string>(all: readonly T[], cache: Array<ReadonlySet<T>>, mask: number) {
  return (cache[mask] ??= new Set(all.filter((_, i) => mask & (1 << i))));
}
const topicSets: Array<ReadonlySet<TrainingTopic>> = [];
const kindSets: Array<ReadonlySet<WorkKind>> = [];

const kindBit = (kind: WorkKind) => 1 << workKinds.indexOf(kind);
const DYADIC = kindBit('imh-dyadic') | kindBit('ecmh-dyadic');
const INFANT_FAMILY = kindBit('infant-family');

/** Dyadic work is also work in the infant, early childhood and family field. */
function expandKinds(kinds: readonly WorkKind[]): ReadonlySet<WorkKind> {
  const mask = maskOf(workKinds, kinds);
  return setOf(workKinds, kindSets, mask & DYADIC ? mask | INFANT_FAMILY : mask);
}

type Entry<K extends keyof Portfolio> = Portfolio[K] extends Array<infer E> ? E : never;

export const preparedDegree = (entry: Entry<'degrees'>, i: number, conferred: Day) => ({
  entry,
  path: pathOf('degrees', i),
  conferred,
  rank: degreeRank[entry.level],
});
export const preparedWork = (entry: Entry<'work'>, i: number, from: Day, to: Day | undefined) => ({
  entry,
  path: pathOf('work', i),
  from,
  to,
  kinds: expandKinds(entry.kinds),
});
export const preparedTraining = (entry: Entry<'training'>, i: number, date: Day) => ({
  entry,
  path: pathOf('training', i),
  date,
  topics: setOf(trainingTopics, topicSets, maskOf(trainingTopics, entry.topics)),
});
export const preparedSpan = <K extends 'rsc' | 'leadership' | 'memberships', To extends Day | undefined>(
  section: K,
  entry: Entry<K>,
  i: number,
  from: Day,
  to: To,
) => ({ entry, path: pathOf(section, i), from, to });
export const preparedReference = (entry: Entry<'references'>, i: number, submitted: Day | undefined) => ({
  entry,
  path: pathOf('references', i),
  submitted,
});
export const preparedEndorsement = (entry: Entry<'endorsements'>, i: number, granted: Day) => ({
  entry,
  path: pathOf('endorsements', i),
  granted,
});

/**
 * Validated once, dates turned into day numbers. Nearly every document takes
 * the one pass of portfolio-reader.ts; one it has any doubt about is read by
 * zod, which finds every problem (a PortfolioError) or prepares it the same way.
 */
export function preparePortfolio(input: unknown): PreparedPortfolio {
  if (isPrepared(input)) return input;
  return readValidPortfolio(input) ?? prepareWithZod(input);
}

/** What preparePortfolio gives, by way of zod alone (the reader's fallback, and its measure in tests). */
export function prepareWithZod(input: unknown): PreparedPortfolio {
  const parsed = parseWithZod(input);
  if (!parsed.ok) throw new PortfolioError(parsed.problems);
  const p = parsed.portfolio;
  return {
    prepared: true,
    source: p,
    degrees: p.degrees.map((entry, i) => preparedDegree(entry, i, toDay(entry.conferred))),
    work: p.work.map((entry, i) => preparedWork(entry, i, toDay(entry.from), maybeDay(entry.to))),
    training: p.training.map((entry, i) => preparedTraining(entry, i, toDay(entry.date))),
    rsc: p.rsc.map((entry, i) => preparedSpan('rsc', entry, i, toDay(entry.from), toDay(entry.to))),
    leadership: p.leadership.map((entry, i) =>
      preparedSpan('leadership', entry, i, toDay(entry.from), maybeDay(entry.to)),
    ),
    references: p.references.map((entry, i) => preparedReference(entry, i, maybeDay(entry.submitted))),
    memberships: p.memberships.map((entry, i) =>
      preparedSpan('memberships', entry, i, toDay(entry.from), maybeDay(entry.to)),
    ),
    endorsements: p.endorsements.map((entry, i) => preparedEndorsement(entry, i, toDay(entry.granted))),
    agreements: {
      codeOfEthics: maybeDay(p.agreements.codeOfEthics),
      endorsementAgreement: maybeDay(p.agreements.endorsementAgreement),
    },
    exam: p.exam ? { passed: p.exam.passed, date: maybeDay(p.exam.date) } : undefined,
  };
}

function isPrepared(input: unknown): input is PreparedPortfolio {
  return typeof input === 'object' && input !== null && (input as { prepared?: unknown }).prepared === true;
}

export function portfolioJsonSchema(): unknown {
  return {
    ...z.toJSONSchema(portfolioSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Endorse portfolio (endorse-portfolio/1)',
  };
}
