// The quick way in for a portfolio that is valid, which nearly every one the
// engine judges is: one pass over the document that checks what
// `portfolioSchema` checks and builds the prepared portfolio as it goes
// (issue 13: zod's general machinery was half the engine's time).
//
// It is not a second validator. At the first doubt (anything wrong, and also
// anything merely unusual: a key present with the value undefined, an object
// that is not plain, a year before 1000) it answers undefined, and
// preparePortfolio asks zod, so every problem a person reads is zod's. The
// property test in test/unit/engine/portfolio-reader.test.ts holds it to zod:
// it accepts exactly what zod accepts with no doubt, and gives what zod gives.
import { type Day, parseDay } from './dates.ts';
import { MAX_SECTION_ENTRIES, textLimits } from './limits.ts';
import {
  type Portfolio,
  type PreparedPortfolio,
  preparedDegree,
  preparedEndorsement,
  preparedReference,
  preparedSpan,
  preparedTraining,
  preparedWork,
} from './portfolio.ts';
import { credentialIds, degreeLevels, relationships, trainingTopics, workKinds } from './vocabulary.ts';

type Fields = Record<string, unknown>;

/** Thrown inside the reader at the first doubt; never leaves this module. */
const DOUBT = Symbol('doubt');
const doubt = (): never => {
  throw DOUBT;
};

const associationIdPattern = /^[a-z0-9][a-z0-9-]*$/;

/** The first and last days the reader trusts itself with; zod judges dates outside them. */
const FIRST_DAY = parseDay('1000-01-01')!;
const LAST_DAY = parseDay('2999-12-31')!;

function fields(value: unknown): Fields {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype)
    doubt();
  return value as Fields;
}

function list(value: unknown, max: number): unknown[] {
  if (!Array.isArray(value) || value.length > max || Object.getPrototypeOf(value) !== Array.prototype)
    doubt();
  return value as unknown[];
}

/** Text of at most `max` characters with no control character (as limitedText), read by character codes. */
function text(value: unknown, max: number): string {
  if (typeof value !== 'string' || value.length > max) doubt();
  const s = value as string;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Tab, line feed and carriage return are the control characters allowed.
    if (c < 32 ? c !== 9 && c !== 10 && c !== 13 : c === 127) doubt();
  }
  return s;
}

function day(value: unknown): Day {
  const d = parseDay(value as string);
  if (d === undefined || d < FIRST_DAY || d > LAST_DAY) doubt();
  return d!;
}

/** A nullish date's day: null is no day. */
const nullableDay = (value: unknown): Day | undefined => (value === null ? undefined : day(value));

/** Hours of an entry: more than 0 (or, `orNone`, 0 too), at most 100,000. */
function hours(value: unknown, orNone = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value > 100_000) doubt();
  if (orNone ? (value as number) < 0 : (value as number) <= 0) doubt();
  return value as number;
}

const bool = (value: unknown): boolean => (typeof value === 'boolean' ? value : doubt());

function oneOf<T extends string>(allowed: ReadonlySet<string>, value: unknown): T {
  if (typeof value !== 'string' || !allowed.has(value)) doubt();
  return value as T;
}

function listOf<T extends string>(allowed: ReadonlySet<string>, value: unknown): T[] {
  const items = list(value, Infinity);
  const out = new Array<T>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = oneOf<T>(allowed, items[i]);
  return out;
}

const levels = new Set<string>(degreeLevels);
const kinds = new Set<string>(workKinds);
const topics = new Set<string>(trainingTopics);
const credentials = new Set<string>(credentialIds);
const relations = new Set<string>(relationships);
const transcripts = new Set(['official', 'unofficial', 'none']);
const formats = new Set(['individual', 'group']);

const title = (value: unknown) => text(value, textLimits.title);
const name = (value: unknown) => text(value, textLimits.name);
const email = (value: unknown) => text(value, textLimits.email);

function associationId(value: unknown): string {
  const id = text(value, textLimits.id);
  if (!associationIdPattern.test(id)) doubt();
  return id;
}

/**
 * Ends an object: `named` of its keys were the schema's and had values. When
 * it has others, they are copied in the document's order after the schema's
 * (as zod's loose objects do); a key the schema names with the value
 * undefined is a doubt (zod keeps some such keys and fills others).
 */
function rest(from: Fields, to: Fields, named: number, known: ReadonlySet<string>): void {
  let keys = 0;
  for (const _ in from) keys++;
  if (keys === named) return;
  for (const key in from) {
    const value = from[key];
    if (known.has(key)) {
      if (value === undefined) doubt();
    } else if (key === '__proto__') doubt();
    else to[key] = value;
  }
}

/** Runs `read` over each entry of a section, when the section is there. */
function section<T>(value: unknown, read: (entry: Fields, index: number) => T): T[] {
  if (value === undefined) return [];
  const entries = list(value, MAX_SECTION_ENTRIES);
  const out = new Array<T>(entries.length);
  for (let i = 0; i < entries.length; i++) out[i] = read(fields(entries[i]), i);
  return out;
}

// --- The sections, each copied in its schema's key order, defaults filled in ------------------------
// `n` counts the schema's keys present, for rest(). Each field is written out
// by hand: a helper that takes the key and a checking function (tried) made
// the reader half as fast again, as V8 then stores by a key it cannot foresee.

const degreeKeys = new Set(['level', 'title', 'field', 'institution', 'conferred', 'transcript']);
function degree(v: Fields, i: number) {
  const out: Fields = { level: oneOf(levels, v.level) };
  let n = 2;
  if (v.title !== undefined) {
    out.title = title(v.title);
    n++;
  }
  if (v.field !== undefined) {
    out.field = title(v.field);
    n++;
  }
  if (v.institution !== undefined) {
    out.institution = title(v.institution);
    n++;
  }
  const conferred = day(v.conferred);
  out.conferred = v.conferred;
  if (v.transcript === undefined) out.transcript = 'none';
  else {
    out.transcript = oneOf(transcripts, v.transcript);
    n++;
  }
  rest(v, out, n, degreeKeys);
  return preparedDegree(out as Portfolio['degrees'][number], i, conferred);
}

const workKeys = new Set([
  'title',
  'employer',
  'from',
  'to',
  'fte',
  'paid',
  'supervised',
  'internship',
  'supervisorEndorsements',
  'kinds',
]);
function work(v: Fields, i: number) {
  const out: Fields = {};
  let n = 2;
  if (v.title !== undefined) {
    out.title = title(v.title);
    n++;
  }
  if (v.employer !== undefined) {
    out.employer = title(v.employer);
    n++;
  }
  const from = day(v.from);
  out.from = v.from;
  let to: Day | undefined;
  if (v.to !== undefined) {
    to = nullableDay(v.to);
    out.to = v.to;
    n++;
  }
  if (v.fte === undefined) out.fte = 1;
  else if (hours(v.fte) > 1) doubt();
  else {
    out.fte = v.fte;
    n++;
  }
  if (v.paid === undefined) out.paid = true;
  else {
    out.paid = bool(v.paid);
    n++;
  }
  if (v.supervised === undefined) out.supervised = false;
  else {
    out.supervised = bool(v.supervised);
    n++;
  }
  if (v.internship === undefined) out.internship = false;
  else {
    out.internship = bool(v.internship);
    n++;
  }
  if (v.supervisorEndorsements === undefined) out.supervisorEndorsements = [];
  else {
    out.supervisorEndorsements = listOf(credentials, v.supervisorEndorsements);
    n++;
  }
  const kindList = listOf<(typeof workKinds)[number]>(kinds, v.kinds);
  if (kindList.length === 0) doubt();
  out.kinds = kindList;
  rest(v, out, n, workKeys);
  if (to !== undefined && to < from) doubt();
  return preparedWork(out as Portfolio['work'][number], i, from, to);
}

const trainingKeys = new Set(['title', 'provider', 'date', 'hours', 'topics', 'competencies']);
function training(v: Fields, i: number) {
  const out: Fields = {};
  let n = 2;
  if (v.title !== undefined) {
    out.title = title(v.title);
    n++;
  }
  if (v.provider !== undefined) {
    out.provider = title(v.provider);
    n++;
  }
  const date = day(v.date);
  out.date = v.date;
  out.hours = hours(v.hours);
  if (v.topics === undefined) out.topics = [];
  else {
    out.topics = listOf(topics, v.topics);
    n++;
  }
  if (v.competencies === undefined) out.competencies = [];
  else {
    const items = list(v.competencies, 100);
    const copy = new Array<string>(items.length);
    for (let k = 0; k < items.length; k++) copy[k] = text(items[k], textLimits.id);
    out.competencies = copy;
    n++;
  }
  rest(v, out, n, trainingKeys);
  return preparedTraining(out as Portfolio['training'][number], i, date);
}

const providerKeys = new Set(['name', 'endorsements', 'vetted']);
const rscKeys = new Set(['from', 'to', 'hours', 'format', 'provider', 'providingRscHours']);
function rsc(v: Fields, i: number) {
  const from = day(v.from);
  const to = day(v.to);
  const entryHours = hours(v.hours);
  const out: Fields = { from: v.from, to: v.to, hours: entryHours, format: oneOf(formats, v.format) };
  const p = fields(v.provider);
  const provider: Fields = {};
  let m = 0;
  if (p.name !== undefined) {
    provider.name = name(p.name);
    m++;
  }
  if (p.endorsements === undefined) provider.endorsements = [];
  else {
    provider.endorsements = listOf(credentials, p.endorsements);
    m++;
  }
  if (p.vetted === undefined) provider.vetted = false;
  else {
    provider.vetted = bool(p.vetted);
    m++;
  }
  rest(p, provider, m, providerKeys);
  out.provider = provider;
  let n = 5;
  let providing = 0;
  if (v.providingRscHours !== undefined) {
    providing = hours(v.providingRscHours, true);
    n++;
  }
  out.providingRscHours = providing;
  rest(v, out, n, rscKeys);
  if (to < from || providing > entryHours) doubt();
  return preparedSpan('rsc', out as Portfolio['rsc'][number], i, from, to);
}

const leadershipKeys = new Set(['activity', 'from', 'to']);
function leadership(v: Fields, i: number) {
  const out: Fields = {};
  let n = 1;
  if (v.activity !== undefined) {
    out.activity = text(v.activity, textLimits.description);
    n++;
  }
  const from = day(v.from);
  out.from = v.from;
  let to: Day | undefined;
  if (v.to !== undefined) {
    to = nullableDay(v.to);
    out.to = v.to;
    n++;
  }
  rest(v, out, n, leadershipKeys);
  if (to !== undefined && to < from) doubt();
  return preparedSpan('leadership', out as Portfolio['leadership'][number], i, from, to);
}

const referenceKeys = new Set([
  'name',
  'email',
  'relationship',
  'current',
  'raterEndorsements',
  'raterVetted',
  'submitted',
]);
function reference(v: Fields, i: number) {
  const out: Fields = {};
  let n = 1;
  if (v.name !== undefined) {
    out.name = name(v.name);
    n++;
  }
  if (v.email !== undefined) {
    out.email = email(v.email);
    n++;
  }
  out.relationship = oneOf(relations, v.relationship);
  if (v.current === undefined) out.current = true;
  else {
    out.current = bool(v.current);
    n++;
  }
  if (v.raterEndorsements === undefined) out.raterEndorsements = [];
  else {
    out.raterEndorsements = listOf(credentials, v.raterEndorsements);
    n++;
  }
  if (v.raterVetted === undefined) out.raterVetted = false;
  else {
    out.raterVetted = bool(v.raterVetted);
    n++;
  }
  let submitted: Day | undefined;
  if (v.submitted !== undefined) {
    submitted = nullableDay(v.submitted);
    out.submitted = v.submitted;
    n++;
  }
  rest(v, out, n, referenceKeys);
  return preparedReference(out as Portfolio['references'][number], i, submitted);
}

const membershipKeys = new Set(['association', 'from', 'to']);
function membership(v: Fields, i: number) {
  const out: Fields = { association: associationId(v.association) };
  let n = 2;
  const from = day(v.from);
  out.from = v.from;
  let to: Day | undefined;
  if (v.to !== undefined) {
    to = nullableDay(v.to);
    out.to = v.to;
    n++;
  }
  rest(v, out, n, membershipKeys);
  if (to !== undefined && to < from) doubt();
  return preparedSpan('memberships', out as Portfolio['memberships'][number], i, from, to);
}

const endorsementKeys = new Set(['credential', 'association', 'granted']);
function endorsement(v: Fields, i: number) {
  const out: Fields = {
    credential: oneOf(credentials, v.credential),
    association: associationId(v.association),
  };
  const granted = day(v.granted);
  out.granted = v.granted;
  rest(v, out, 3, endorsementKeys);
  return preparedEndorsement(out as Portfolio['endorsements'][number], i, granted);
}

const personKeys = new Set(['name', 'email']);
const agreementKeys = new Set(['codeOfEthics', 'endorsementAgreement']);
const examKeys = new Set(['passed', 'date']);
const portfolioKeys = new Set([
  'format',
  'person',
  'degrees',
  'work',
  'training',
  'rsc',
  'leadership',
  'references',
  'agreements',
  'memberships',
  'exam',
  'endorsements',
]);

function read(input: unknown): PreparedPortfolio {
  const v = fields(input);
  if (v.format !== 'endorse-portfolio/1') doubt();
  let n = 2;
  const p = fields(v.person);
  const person: Fields = { name: name(p.name) };
  if ((person.name as string).length === 0) doubt();
  if (p.email !== undefined) person.email = email(p.email);
  rest(p, person, p.email === undefined ? 1 : 2, personKeys);

  if (v.degrees !== undefined) n++;
  const degrees = section(v.degrees, degree);
  if (v.work !== undefined) n++;
  const works = section(v.work, work);
  if (v.training !== undefined) n++;
  const trainings = section(v.training, training);
  if (v.rsc !== undefined) n++;
  const rscs = section(v.rsc, rsc);
  if (v.leadership !== undefined) n++;
  const leaderships = section(v.leadership, leadership);
  if (v.references !== undefined) n++;
  const references = section(v.references, reference);

  const agreements: Fields = {};
  let codeOfEthics: Day | undefined;
  let endorsementAgreement: Day | undefined;
  if (v.agreements !== undefined) {
    n++;
    const a = fields(v.agreements);
    let m = 0;
    if (a.codeOfEthics !== undefined) {
      codeOfEthics = nullableDay(a.codeOfEthics);
      agreements.codeOfEthics = a.codeOfEthics;
      m++;
    }
    if (a.endorsementAgreement !== undefined) {
      endorsementAgreement = nullableDay(a.endorsementAgreement);
      agreements.endorsementAgreement = a.endorsementAgreement;
      m++;
    }
    rest(a, agreements, m, agreementKeys);
  }
  if (v.memberships !== undefined) n++;
  const memberships = section(v.memberships, membership);

  let exam: Fields | null | undefined;
  let examTaken: PreparedPortfolio['exam'];
  if (v.exam === null) {
    exam = null;
    n++;
  } else if (v.exam !== undefined) {
    n++;
    const e = fields(v.exam);
    exam = { passed: bool(e.passed) };
    let date: Day | undefined;
    if (e.date !== undefined) {
      date = nullableDay(e.date);
      exam.date = e.date;
      rest(e, exam, 2, examKeys);
    } else rest(e, exam, 1, examKeys);
    examTaken = { passed: exam.passed as boolean, date };
  }
  if (v.endorsements !== undefined) n++;
  const endorsements = section(v.endorsements, endorsement);

  const source: Fields = {
    format: v.format,
    person,
    degrees: degrees.map((d) => d.entry),
    work: works.map((w) => w.entry),
    training: trainings.map((t) => t.entry),
    rsc: rscs.map((r) => r.entry),
    leadership: leaderships.map((l) => l.entry),
    references: references.map((r) => r.entry),
    agreements,
    memberships: memberships.map((m) => m.entry),
  };
  if (exam !== undefined) source.exam = exam;
  source.endorsements = endorsements.map((e) => e.entry);
  rest(v, source, n, portfolioKeys);
  return {
    prepared: true,
    source: source as Portfolio,
    degrees,
    work: works,
    training: trainings,
    rsc: rscs,
    leadership: leaderships,
    references,
    memberships,
    endorsements,
    agreements: { codeOfEthics, endorsementAgreement },
    exam: examTaken,
  };
}

/** The prepared portfolio of a document zod would accept as it is, or undefined when in any doubt. */
export function readValidPortfolio(input: unknown): PreparedPortfolio | undefined {
  try {
    return read(input);
  } catch (e) {
    if (e === DOUBT) return undefined;
    throw e;
  }
}
