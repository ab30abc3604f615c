// The peer of issue 13: MI-AIMH Infant Mental Health Specialist (IMHS) written
// as a json-rules-engine user would write it. Fact functions read the raw
// portfolio JSON object (no validation, their own date parsing); one rule per
// requirement, whose conditions must all hold. It answers only met or unmet,
// where Endorse also explains (summary, what is missing, evidence, needs).
//
// Readings, taken from src/catalogs/mi-aimh.ts and src/engine/rules/*.ts:
//   education      a master's or doctorate conferred by the date, with an official transcript
//   training.hours 30 hours of training dated by the date (no topic asked for IMHS)
//   work.specialized  2 FTE years of supervised imh-dyadic work after the earliest
//                  master's or doctorate (each day counts min(1, sum of FTE), overlaps
//                  once, open ends end on the date); or 1 year of supervised imh-dyadic
//                  graduate internship plus 1 such year of work
//   rsc.hours      50 hours within 24 months that run over at least 12 months: windows
//                  start on an entry's first day, hold the entries wholly inside, and an
//                  entry still running on the date counts its share of hours up to it
//   references     three slots (current supervisor/teacher/trainer/consultant; RSC
//                  provider; another of those, colleague or supervisee), each filled by
//                  one rating submitted by the date, one of them from a rater endorsed
//                  IFS, IMHS or IMHM-*; by a bipartite matching on relationship
//   agreements, exam, membership (of any association) on the date
//
// Both examples and the large portfolio give the same met/unmet per requirement
// as Endorse (bench/peer.bench.ts checks it); so did, when it was written, every
// portfolio and date of the golden test (test/helpers/golden.ts, 1,098 questions)
// and 42 generated portfolios on 50 dates from 2002 to 2026. Known differences of reading,
// none reached by those portfolios: the peer compares years and hours with no
// tolerance for rounding (Endorse allows 1e-9), and it does not validate.
import { type Almanac, Engine, type RuleProperties } from 'json-rules-engine';

/** The portfolio as the peer's user types it: the raw JSON, defaults not filled in. */
interface RawPortfolio {
  degrees?: Array<{ level: string; conferred: string; transcript?: string }>;
  work?: Array<{
    from: string;
    to?: string | null;
    fte: number;
    supervised?: boolean;
    internship?: boolean;
    kinds: string[];
  }>;
  training?: Array<{ date: string; hours: number; topics?: string[] }>;
  rsc?: Array<{ from: string; to: string; hours: number }>;
  references?: Array<{
    relationship: string;
    current?: boolean;
    raterEndorsements?: string[];
    submitted?: string | null;
  }>;
  agreements?: { codeOfEthics?: string | null; endorsementAgreement?: string | null };
  memberships?: Array<{ association: string; from: string; to?: string | null }>;
  exam?: { passed: boolean; date?: string | null } | null;
}

export type Answer = Record<string, 'met' | 'unmet'>;

// --- Dates: day numbers since 1970-01-01 (UTC) ---------------------------------------------
const DAY_MS = 86_400_000;
const DAYS_PER_YEAR = 365.25;
const day = (text: string) => Date.parse(`${text}T00:00:00Z`) / DAY_MS;
/** The last day of `months` calendar months from `start` (2015-01-05 + 12 months: 2016-01-04). */
function endOfMonths(start: number, months: number): number {
  const d = new Date(start * DAY_MS);
  const index = d.getUTCMonth() + months;
  const year = d.getUTCFullYear() + Math.floor(index / 12);
  const month = ((index % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(d.getUTCDate(), last)) / DAY_MS - 1;
}

const rank: Record<string, number> = { cda: 0, associate: 1, bachelor: 2, master: 3, doctorate: 4 };

// --- Fact functions ----------------------------------------------------------------------------
const portfolioOf = (almanac: Almanac) => almanac.factValue<RawPortfolio>('portfolio');
const onOf = async (almanac: Almanac) => day(await almanac.factValue<string>('on'));

/** The highest rank of a degree conferred by the date (with the transcript asked for, if any). */
async function degreeRank(params: Record<string, unknown>, almanac: Almanac): Promise<number> {
  const [p, on] = await Promise.all([portfolioOf(almanac), onOf(almanac)]);
  let best = -1;
  for (const d of p.degrees ?? []) {
    if (day(d.conferred) > on) continue;
    if (params.transcript && d.transcript !== params.transcript) continue;
    best = Math.max(best, rank[d.level] ?? -1);
  }
  return best;
}

/** FTE-weighted years of work of a kind: a sweep over the days, each counting min(1, sum of FTE). */
async function workYears(params: Record<string, unknown>, almanac: Almanac): Promise<number> {
  const [p, on] = await Promise.all([portfolioOf(almanac), onOf(almanac)]);
  const internship = params.internship === true;
  let start = Number.NEGATIVE_INFINITY;
  if (Array.isArray(params.afterDegree)) {
    // Post-graduate: days after the earliest conferral of such a degree count.
    const conferrals = (p.degrees ?? [])
      .filter((d) => (params.afterDegree as string[]).includes(d.level))
      .map((d) => day(d.conferred))
      .filter((c) => c <= on);
    if (!conferrals.length) return 0;
    start = Math.min(...conferrals) + 1;
  }
  const events: Array<[number, number]> = [];
  for (const w of p.work ?? []) {
    if ((w.internship ?? false) !== internship) continue;
    if (!w.kinds.includes(params.kind as string)) continue;
    if (params.supervised && !w.supervised) continue;
    const from = Math.max(day(w.from), start);
    const to = Math.min(w.to ? day(w.to) : on, on);
    if (from > to) continue;
    events.push([from, w.fte], [to + 1, -w.fte]);
  }
  events.sort((a, b) => a[0] - b[0]);
  let days = 0;
  let load = 0;
  let prev = 0;
  for (const [d, delta] of events) {
    if (load > 0) days += (d - prev) * Math.min(1, Math.round(load * 1e9) / 1e9);
    load += delta;
    prev = d;
  }
  return days / DAYS_PER_YEAR;
}

/** Training hours dated by the date, of a topic when `params.topic` names one. */
async function trainingHours(params: Record<string, unknown>, almanac: Almanac): Promise<number> {
  const [p, on] = await Promise.all([portfolioOf(almanac), onOf(almanac)]);
  let hours = 0;
  for (const t of p.training ?? []) {
    if (day(t.date) > on) continue;
    if (params.topic && !(t.topics ?? []).includes(params.topic as string)) continue;
    hours += t.hours;
  }
  return hours;
}

/** The most RSC hours in a window of `maxMonths` that runs over at least `minMonths` (0 if none). */
async function bestRscWindow(params: Record<string, unknown>, almanac: Almanac): Promise<number> {
  const [p, on] = await Promise.all([portfolioOf(almanac), onOf(almanac)]);
  const entries = (p.rsc ?? [])
    .map((r) => ({ from: day(r.from), to: day(r.to), hours: r.hours }))
    .filter((r) => r.from <= on)
    .map((r) =>
      r.to <= on ? r : { from: r.from, to: on, hours: (r.hours * (on - r.from + 1)) / (r.to - r.from + 1) },
    )
    .sort((a, b) => a.from - b.from || a.to - b.to);
  const maxMonths = params.maxMonths as number;
  const minMonths = params.minMonths as number | undefined;
  let best = 0;
  for (let i = 0; i < entries.length; i++) {
    const start = entries[i]!.from;
    if (i > 0 && entries[i - 1]!.from === start) continue;
    const end = endOfMonths(start, maxMonths);
    let hours = 0;
    let last = Number.NEGATIVE_INFINITY;
    for (let j = i; j < entries.length && entries[j]!.from <= end; j++) {
      const e = entries[j]!;
      if (e.to > end) continue;
      hours += e.hours;
      last = Math.max(last, e.to);
    }
    if (minMonths && last < endOfMonths(start, minMonths)) continue;
    best = Math.max(best, hours);
  }
  return best;
}

interface Slot {
  roles: string[];
  current?: boolean;
}
interface SlotsAnswer {
  filled: number;
  /** Whether all slots can be filled with an endorsed rater among them. */
  allWithEndorsed: boolean;
}

/** Kuhn's augmenting paths: how many slots the raters fill, one slot each. */
function matching(raters: readonly Rater[], slots: readonly Slot[]): number {
  const owner = new Array<number>(slots.length).fill(-1);
  const fits = (r: Rater, s: Slot) => s.roles.includes(r.relationship) && (!s.current || r.current);
  const augment = (r: number, seen: boolean[]): boolean => {
    for (let s = 0; s < slots.length; s++) {
      if (seen[s] || !fits(raters[r]!, slots[s]!)) continue;
      seen[s] = true;
      if (owner[s]! < 0 || augment(owner[s]!, seen)) {
        owner[s] = r;
        return true;
      }
    }
    return false;
  };
  let filled = 0;
  for (let r = 0; r < raters.length; r++)
    if (augment(r, new Array<boolean>(slots.length).fill(false))) filled++;
  return filled;
}
interface Rater {
  relationship: string;
  current: boolean;
  endorsed: boolean;
}

/** Reference slots filled by ratings submitted by the date. */
async function referenceSlots(params: Record<string, unknown>, almanac: Almanac): Promise<SlotsAnswer> {
  const [p, on] = await Promise.all([portfolioOf(almanac), onOf(almanac)]);
  const slots = params.slots as Slot[];
  const endorsements = params.endorsedRater as string[];
  const raters: Rater[] = (p.references ?? [])
    .filter((r) => r.submitted && day(r.submitted) <= on)
    .map((r) => ({
      relationship: r.relationship,
      current: r.current ?? true,
      endorsed: (r.raterEndorsements ?? []).some((c) => endorsements.includes(c)),
    }));
  const filled = matching(raters, slots);
  let allWithEndorsed = false;
  if (filled === slots.length) {
    // Put each endorsed rater in each slot they fit, and fill the others without them.
    allWithEndorsed = raters.some(
      (rater, r) =>
        rater.endorsed &&
        slots.some(
          (slot, s) =>
            slot.roles.includes(rater.relationship) &&
            (!slot.current || rater.current) &&
            matching(
              raters.filter((_, i) => i !== r),
              slots.filter((_, i) => i !== s),
            ) ===
              slots.length - 1,
        ),
    );
  }
  return { filled, allWithEndorsed };
}

async function agreementsSigned(_params: Record<string, unknown>, almanac: Almanac): Promise<number> {
  const [p, on] = await Promise.all([portfolioOf(almanac), onOf(almanac)]);
  const signed = (d: string | null | undefined) => !!d && day(d) <= on;
  return (signed(p.agreements?.codeOfEthics) ? 1 : 0) + (signed(p.agreements?.endorsementAgreement) ? 1 : 0);
}

async function examPassed(_params: Record<string, unknown>, almanac: Almanac): Promise<boolean> {
  const [p, on] = await Promise.all([portfolioOf(almanac), onOf(almanac)]);
  return !!p.exam?.passed && (!p.exam.date || day(p.exam.date) <= on);
}

async function membershipOnDate(_params: Record<string, unknown>, almanac: Almanac): Promise<boolean> {
  const [p, on] = await Promise.all([portfolioOf(almanac), onOf(almanac)]);
  return (p.memberships ?? []).some((m) => day(m.from) <= on && (!m.to || day(m.to) >= on));
}

// --- Rules: one per requirement, every condition must hold ---------------------------------------
const met = (requirement: string) => ({ type: 'met', params: { requirement } });
const levelIIItoIV = ['IFS', 'IMHS', 'IMHM-C', 'IMHM-P', 'IMHM-RF'];
const supervisorTeacherTrainerConsultant = ['program-supervisor', 'teacher', 'trainer', 'consultant'];
const dyadic = { kind: 'imh-dyadic', supervised: true };

export const rules: RuleProperties[] = [
  {
    name: 'imhs.education',
    conditions: {
      all: [
        {
          fact: 'degreeRank',
          params: { transcript: 'official' },
          operator: 'greaterThanInclusive',
          value: 3,
        },
      ],
    },
    event: met('imhs.education'),
  },
  {
    name: 'imhs.training.hours',
    conditions: { all: [{ fact: 'trainingHours', operator: 'greaterThanInclusive', value: 30 }] },
    event: met('imhs.training.hours'),
  },
  {
    name: 'imhs.work.specialized',
    conditions: {
      any: [
        {
          fact: 'workYears',
          params: { ...dyadic, afterDegree: ['master', 'doctorate'] },
          operator: 'greaterThanInclusive',
          value: 2,
        },
        {
          all: [
            {
              fact: 'workYears',
              params: { ...dyadic, afterDegree: ['master', 'doctorate'] },
              operator: 'greaterThanInclusive',
              value: 1,
            },
            {
              fact: 'workYears',
              params: { ...dyadic, internship: true },
              operator: 'greaterThanInclusive',
              value: 1,
            },
          ],
        },
      ],
    },
    event: met('imhs.work.specialized'),
  },
  {
    name: 'imhs.rsc.hours',
    conditions: {
      all: [
        {
          fact: 'bestRscWindow',
          params: { minMonths: 12, maxMonths: 24 },
          operator: 'greaterThanInclusive',
          value: 50,
        },
      ],
    },
    event: met('imhs.rsc.hours'),
  },
  {
    name: 'imhs.references',
    conditions: {
      all: [
        {
          fact: 'referenceSlots',
          params: {
            endorsedRater: levelIIItoIV,
            slots: [
              { roles: supervisorTeacherTrainerConsultant, current: true },
              { roles: ['rsc-provider'] },
              { roles: [...supervisorTeacherTrainerConsultant, 'colleague', 'supervisee'] },
            ],
          },
          path: '$.allWithEndorsed',
          operator: 'equal',
          value: true,
        },
      ],
    },
    event: met('imhs.references'),
  },
  {
    name: 'imhs.agreements',
    conditions: { all: [{ fact: 'agreementsSigned', operator: 'equal', value: 2 }] },
    event: met('imhs.agreements'),
  },
  {
    name: 'imhs.exam',
    conditions: { all: [{ fact: 'examPassed', operator: 'equal', value: true }] },
    event: met('imhs.exam'),
  },
  {
    name: 'imhs.membership',
    conditions: { all: [{ fact: 'membershipOnDate', operator: 'equal', value: true }] },
    event: met('imhs.membership'),
  },
];

/** The engine, built once: rules and fact functions. Run it with `{ portfolio, on }`. */
export function buildEngine(): Engine {
  const engine = new Engine(rules);
  engine.addFact('degreeRank', degreeRank);
  engine.addFact('workYears', workYears);
  engine.addFact('trainingHours', trainingHours);
  engine.addFact('bestRscWindow', bestRscWindow);
  engine.addFact('referenceSlots', referenceSlots);
  engine.addFact('agreementsSigned', agreementsSigned);
  engine.addFact('examPassed', examPassed);
  engine.addFact('membershipOnDate', membershipOnDate);
  return engine;
}

/** Met or unmet per requirement, by the requirement ids Endorse uses. */
export async function judge(engine: Engine, portfolio: unknown, on: string): Promise<Answer> {
  const { results, failureResults } = await engine.run({ portfolio, on });
  const answer: Answer = {};
  for (const r of results) answer[r.name] = 'met';
  for (const r of failureResults) answer[r.name] = 'unmet';
  return answer;
}
