import type { RuleOf } from '../catalog.ts';
import {
  type Context,
  DAYS_PER_YEAR,
  dayText,
  listText,
  type Outcome,
  plural,
  yearsText,
} from '../context.ts';
import { earliestConferral, type FteSpan, fteDays } from '../experience.ts';
import { degreeLabel, workKindLabel } from '../labels.ts';
import { degreeRank } from '../portfolio.ts';

type WorkSpec = Pick<RuleOf<'work'>, 'years' | 'kinds' | 'paid' | 'supervised' | 'after'>;

interface Measured extends Outcome {
  days: number;
  /** The kind of experience measured, in words. */
  what: string;
}

/** What kind of work a spec asks for, in words: "post-graduate, paid, supervised …". */
export function workText(spec: Pick<WorkSpec, 'kinds' | 'paid' | 'supervised' | 'after'>): string {
  const qualities = [
    spec.after === 'qualifying-degree' ? 'post-graduate' : spec.after ? `post-${spec.after}'s` : '',
    spec.paid ? 'paid' : '',
    spec.supervised ? 'supervised' : '',
  ].filter(Boolean);
  return `${qualities.length ? `${qualities.join(', ')} ` : ''}${listText(spec.kinds.map((k) => workKindLabel[k]))}`;
}

/** The day from which post-graduate or post-Masters days count, or undefined if no such degree. */
function countFrom(spec: WorkSpec, ctx: Context): { day: number; label: string } | undefined | null {
  if (!spec.after) return null;
  let accepts: (rank: number) => boolean;
  if (spec.after === 'qualifying-degree') {
    const education = ctx.credential.requirements.find((r) => r.kind === 'education');
    const ranks = new Set((education?.levels ?? []).map((l) => degreeRank[l]));
    accepts = (rank) => ranks.size === 0 || ranks.has(rank);
  } else {
    const min = degreeRank[spec.after];
    accepts = (rank) => rank >= min;
  }
  const degree = earliestConferral(ctx.portfolio, accepts, ctx.on);
  return degree ? { day: degree.conferred + 1, label: dayText(degree.conferred) } : undefined;
}

/** Measures FTE-weighted years of work (or, with `internship`, of graduate internship) that fit `spec`. */
export function measureWork(
  spec: WorkSpec,
  ctx: Context,
  internship: boolean,
  supervisorEndorsements?: readonly string[],
): Measured {
  const start = internship ? null : countFrom(spec, ctx);
  const supervisor = supervisorEndorsements
    ? ` supervised by someone endorsed as ${listText([...supervisorEndorsements])}`
    : '';
  const what = internship
    ? `supervised graduate internship in ${listText(spec.kinds.map((k) => workKindLabel[k]))}${supervisor}`
    : workText(spec);
  if (start === undefined) {
    const degree =
      spec.after === 'qualifying-degree'
        ? 'the degree this credential requires'
        : `a ${degreeLabel[spec.after!]}`;
    return {
      met: false,
      days: 0,
      what,
      summary: `0 of ${plural(spec.years, 'year')} of ${what}: only work after ${degree} counts, and none is listed`,
      missing: [`${degree}, then ${plural(spec.years, 'year')} of ${what}`],
      needs: [],
      evidence: [],
    };
  }
  const spans: FteSpan[] = [];
  const evidence: string[] = [];
  const from = start?.day ?? Number.NEGATIVE_INFINITY;
  for (const w of ctx.portfolio.work) {
    const e = w.entry;
    if (e.internship !== internship || w.from > ctx.on) continue;
    if (!spec.kinds.some((k) => w.kinds.has(k))) continue;
    if (!internship && spec.paid && !e.paid) continue;
    if ((internship || spec.supervised) && !e.supervised) continue;
    if (supervisorEndorsements && !e.supervisorEndorsements.some((c) => supervisorEndorsements.includes(c)))
      continue;
    const to = Math.min(w.to ?? ctx.on, ctx.on);
    if (to < from) continue;
    spans.push({ from: w.from, to, fte: e.fte });
    evidence.push(w.path);
  }
  const days = fteDays(spans, from, ctx.on);
  const needed = spec.years * DAYS_PER_YEAR;
  const met = days >= needed - 1e-9;
  const after = start ? ` after ${start.label}` : '';
  return {
    met,
    days,
    what,
    summary: `${yearsText(days)} of ${plural(spec.years, 'year')} of ${what}${after}`,
    missing: met
      ? []
      : [
          `${Math.ceil(needed - days)} more full-time days (about ${yearsText(needed - days)} years) of ${what}${after}`,
        ],
    needs: [],
    evidence,
  };
}

export function evaluateWork(rule: RuleOf<'work'>, ctx: Context): Outcome {
  const main = measureWork(rule, ctx, false);
  const alt = rule.internshipAlternative;
  if (main.met || !alt) return main;
  const internship = measureWork(
    { ...rule, years: alt.internshipYears },
    ctx,
    true,
    alt.supervisorEndorsements,
  );
  const altMet = internship.met && main.days >= alt.workYears * DAYS_PER_YEAR - 1e-9;
  const summary = `${main.summary}; ${internship.summary}`;
  const evidence = [...main.evidence, ...internship.evidence];
  if (altMet)
    return { met: true, summary: `${summary} (internship alternative)`, missing: [], needs: [], evidence };
  return {
    met: false,
    summary,
    missing: [
      `${main.missing[0]}, or ${alt.internshipYears} year of ${internship.what} plus ${alt.workYears} year of the work described`,
    ],
    needs: [],
    evidence,
  };
}
