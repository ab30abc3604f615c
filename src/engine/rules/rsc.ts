import type { RuleOf } from '../catalog.ts';
import { type Context, dayText, hoursText, listText, type Need, type Outcome, plural } from '../context.ts';
import { addMonths, type Day, endOfMonths, toDay } from '../dates.ts';
import { earliestConferral } from '../experience.ts';
import { degreeLabel } from '../labels.ts';
import { degreeRank, type PreparedPortfolio } from '../portfolio.ts';

/** An RSC entry as counted on the evaluation date. */
type Rsc = PreparedPortfolio['rsc'][number] & { hours: number; providing: number };

interface Tally {
  hours: number;
  providing: number;
  first: Day;
  last: Day;
  entries: Rsc[];
}

function tally(entries: readonly Rsc[]): Tally {
  let hours = 0;
  let providing = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const e of entries) {
    hours += e.hours;
    providing += e.providing;
    if (e.from < first) first = e.from;
    if (e.to > last) last = e.to;
  }
  return { hours, providing, first, last, entries: [...entries] };
}

/** Whether vetted people count on `on` ("will discontinue … on or before December 21, 2027"). */
export function vettedAccepted(vetted: { before?: string | undefined } | undefined, on: Day) {
  return vetted !== undefined && (vetted.before === undefined || on < toDay(vetted.before));
}

/**
 * RSC hours (reading 4 for windows, 3 for post-Masters, 10 for renewal years).
 * With a window, every window start that can matter is tried: some best set of
 * entries always begins on the `from` of one of them, and taking every entry
 * that lies wholly inside that window only adds hours and length.
 */
export function evaluateRsc(rule: RuleOf<'rsc'>, ctx: Context): Outcome {
  const { portfolio, on, period } = ctx;
  const when = period ? ` between ${dayText(period.from)} and ${dayText(period.to)}` : '';
  if (rule.exemptAfterYears && period) {
    const held = portfolio.endorsements
      .filter((e) => e.entry.credential === ctx.credential.id)
      .sort((a, b) => a.granted - b.granted)[0];
    if (held && period.to >= endOfMonths(held.granted, rule.exemptAfterYears * 12)) {
      return {
        met: true,
        summary: `not required: ${ctx.credential.id} held since ${dayText(held.granted)}, ${rule.exemptAfterYears} years or more by ${dayText(period.to)}`,
        missing: [],
        needs: [],
        evidence: [held.path],
      };
    }
  }
  const providers = rule.providers;
  const qualifies = (e: Rsc) =>
    !providers ||
    e.entry.provider.endorsements.some((c) => providers.endorsements.includes(c)) ||
    (e.entry.provider.vetted && vettedAccepted(providers.vetted, on));
  const after = rule.after
    ? earliestConferral(portfolio, (r) => r >= degreeRank[rule.after!], on)
    : undefined;
  const begun = portfolio.rsc
    .filter((e) => (period ? e.from >= period.from && e.to <= period.to : e.from <= on))
    .map((e) => countedOn(e, on));
  const excludedByProvider = begun.filter((e) => !qualifies(e));
  const excludedByDegree = begun.filter(
    (e) => qualifies(e) && after !== undefined && e.from <= after.conferred,
  );
  const eligible = begun.filter(
    (e) => qualifies(e) && (!rule.after || (after !== undefined && e.from > after.conferred)),
  );

  const best = rule.window ? bestWindow(eligible, rule) : tally(eligible);
  const minEnd = rule.window?.minMonths ? endOfMonths(best.first, rule.window.minMonths) : undefined;
  const spanOk = minEnd === undefined || (best.entries.length > 0 && best.last >= minEnd);
  const providingOk = !rule.providingRscHours || best.providing >= rule.providingRscHours - 1e-9;
  const hoursOk = best.hours >= rule.hours - 1e-9;
  const met = hoursOk && spanOk && providingOk;

  let summary = `${hoursText(best.hours)} of ${plural(rule.hours, 'hour')}`;
  if (best.entries.length) summary += ` between ${dayText(best.first)} and ${dayText(best.last)}`;
  else summary += when;
  if (rule.providingRscHours)
    summary += `; ${hoursText(best.providing)} of ${hoursText(rule.providingRscHours)} about the RSC you provide`;

  const missing: string[] = [];
  if (rule.after && !after) missing.push(`a ${degreeLabel[rule.after]}: only RSC after it counts`);
  const need =
    met || (rule.after && !after) ? undefined : rscNeed(rule, ctx, eligible, best, after?.conferred);
  const providerText = need?.provider
    ? `, from a provider endorsed as ${listText([...need.provider.endorsements, ...(need.provider.vetted ? ['vetted by the association'] : [])])}`
    : '';
  const providingText =
    need?.providingRscHours && need.providingRscHours !== need.hours
      ? `, ${hoursText(need.providingRscHours)} of them about the RSC you provide to others`
      : '';
  if (need) {
    const allAbout = need.providingRscHours > 0 && need.providingRscHours === need.hours;
    const hours = `${plural(need.hours, 'more RSC hour')}${allAbout ? ' about the RSC you provide to others' : ''}`;
    const range = need.from === undefined ? `by ${need.to}` : `between ${need.from} and ${need.to}`;
    const details = `${providerText}${providingText}`;
    if (!rule.window) missing.push(`${hours}${period ? ` ${range}` : ''}${details}`);
    else if (!spanOk && best.entries.length && need.from === dayText(minEnd!))
      missing.push(
        `RSC that runs over at least ${rule.window.minMonths} months: the hours counted run from ${dayText(best.first)} to ${dayText(best.last)} only; ${hours} received ${range} would reach ${dayText(minEnd!)}${details}`,
      );
    else if (best.entries.length && need.from === dayText(best.first))
      missing.push(
        `${hours} within the ${rule.window.maxMonths} months from ${need.from} (received by ${need.to})${details}`,
      );
    else
      missing.push(
        `${hours} within ${rule.window.maxMonths} months${rule.window.minMonths ? `, received over the whole period from ${need.from} to ${need.to}` : ` (received ${range})`}${details}`,
      );
  } else if (!met && !(rule.after && !after)) {
    missing.push(
      rule.window?.minMonths
        ? `RSC that runs over at least ${rule.window.minMonths} months and ends by ${dayText(on)}: no such period lies after what counts`
        : `RSC received after ${dayText(on)}: none can count on this date`,
    );
  }
  if (!met && excludedByProvider.length && providers) {
    const who = listText([
      ...providers.endorsements,
      ...(vettedAccepted(providers.vetted, on) ? ['vetted by the association'] : []),
    ]);
    missing.push(
      `RSC from a provider endorsed as ${who} (${listText(
        excludedByProvider.map((e) => e.path),
        'and',
      )} ${excludedByProvider.length === 1 ? 'does' : 'do'} not count)`,
    );
  }
  if (!met && excludedByDegree.length && after) {
    missing.push(
      `RSC received after your ${degreeLabel[after.entry.level]} (${dayText(after.conferred)}): ${listText(
        excludedByDegree.map((e) => e.path),
        'and',
      )} began before it`,
    );
  }
  return { met, summary, missing, needs: need ? [need] : [], evidence: best.entries.map((e) => e.path) };
}

const hundredthsUp = (hours: number) => Math.ceil(hours * 100 - 1e-6) / 100;

/**
 * One RSC entry that would meet the rule, dated so that it counts on the
 * evaluation date: in the best window so far when it can still reach the
 * window's minimum length by then, otherwise in a window ending that day.
 * Undefined when no date can take it (before the degree it must follow).
 */
function rscNeed(
  rule: RuleOf<'rsc'>,
  ctx: Context,
  eligible: readonly Rsc[],
  best: Tally,
  conferred: Day | undefined,
): Extract<Need, { section: 'rsc' }> | undefined {
  const { on, period } = ctx;
  const earliest = Math.max(
    period?.from ?? Number.NEGATIVE_INFINITY,
    conferred === undefined ? Number.NEGATIVE_INFINITY : conferred + 1,
  );
  const shortOf = (t: Tally) => ({
    hours: Math.max(0, rule.hours - t.hours),
    providing: Math.max(0, (rule.providingRscHours ?? 0) - t.providing),
  });
  let from: Day | undefined;
  let to = on;
  let counted = best;
  const window = rule.window;
  if (window) {
    const reaches = (start: Day) => !window.minMonths || endOfMonths(start, window.minMonths) <= on;
    if (best.entries.length && reaches(best.first)) {
      // Inside the best window so far; when its hours run too short a time, reaching its minimum length.
      const spanEnd = window.minMonths ? endOfMonths(best.first, window.minMonths) : best.first;
      from = best.last >= spanEnd ? best.first : spanEnd;
      to = Math.min(on, endOfMonths(best.first, window.maxMonths));
    } else {
      from = window.minMonths ? addMonths(on + 1, -window.minMonths) : on;
      const end = endOfMonths(from, window.maxMonths);
      counted = tally(eligible.filter((e) => e.from >= from! && e.to <= end));
    }
    if (from < earliest) return undefined;
  } else if (Number.isFinite(earliest)) {
    if (earliest > on) return undefined;
    from = earliest;
  }
  const short = shortOf(counted);
  const providers = rule.providers;
  return {
    section: 'rsc',
    hours: hundredthsUp(Math.max(short.hours, short.providing, short.hours || short.providing ? 0 : 1)),
    providingRscHours: hundredthsUp(short.providing),
    ...(from === undefined ? {} : { from: dayText(from) }),
    to: dayText(to),
    ...(providers
      ? {
          provider: {
            endorsements: [...providers.endorsements],
            vetted: vettedAccepted(providers.vetted, on),
          },
        }
      : {}),
  };
}

/**
 * An entry still running on the evaluation date counts the share of its hours
 * that falls on days up to that date: hours not yet received cannot count.
 */
function countedOn(e: PreparedPortfolio['rsc'][number], on: Day): Rsc {
  // Fields written out rather than spread: spreading the prepared entry was most of the RSC rule's time.
  const { hours, providingRscHours } = e.entry;
  if (e.to <= on)
    return { entry: e.entry, path: e.path, from: e.from, to: e.to, hours, providing: providingRscHours };
  const share = (on - e.from + 1) / (e.to - e.from + 1);
  return {
    entry: e.entry,
    path: e.path,
    from: e.from,
    to: on,
    hours: hours * share,
    providing: providingRscHours * share,
  };
}

/**
 * The best window: every start is tried (see evaluateRsc). The entries inside
 * a window are those from its start on that end by its end, so they are kept
 * as the starts advance (each entry joins once, when the end reaches its own,
 * and leaves once, when a start passes its beginning), with their running
 * hours: linear in the entries rather than in entries × window length. Running
 * sums are added in another order than the entries', so a window that might
 * beat the best one so far (by its running sums, give or take their rounding,
 * `slack`) is tallied exactly, as it always was, before it is compared.
 */
function bestWindow(entries: readonly Rsc[], rule: RuleOf<'rsc'>): Tally {
  const window = rule.window!;
  const sorted = [...entries].sort((a, b) => a.from - b.from || a.to - b.to);
  const byEnd = sorted.map((_, k) => k).sort((a, b) => sorted[a]!.to - sorted[b]!.to);
  let total = 0;
  for (const e of sorted) total += Math.abs(e.hours) + Math.abs(e.providing);
  // Each addition or subtraction rounds by at most 2^-53 of the largest sum (`total`).
  const slack = (total + 1) * (sorted.length + 1) * 1e-15;
  const rankOf = (hours: number, providing: number, spanPart: number) => {
    const hoursPart = Math.min(1, hours / rule.hours);
    const providingPart = rule.providingRscHours ? Math.min(1, providing / rule.providingRscHours) : 1;
    // A window that meets everything first; otherwise the one closest to it.
    const sum = hoursPart + providingPart + spanPart;
    return [sum === 3 ? 1 : 0, sum, hours];
  };
  let best: Tally = tally([]);
  let bestRank: number[] = [];
  const isIn = new Uint8Array(sorted.length);
  let count = 0;
  let hours = 0;
  let providing = 0;
  let left = 0;
  let joined = 0;
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!.from;
    if (i > 0 && sorted[i - 1]!.from === start) continue;
    for (; left < i; left++) {
      if (!isIn[left]) continue;
      isIn[left] = 0;
      count--;
      hours -= sorted[left]!.hours;
      providing -= sorted[left]!.providing;
    }
    const end = endOfMonths(start, window.maxMonths);
    for (; joined < byEnd.length && sorted[byEnd[joined]!]!.to <= end; joined++) {
      const k = byEnd[joined]!;
      if (k < i) continue; // began before this start, and before every later one
      isIn[k] = 1;
      count++;
      hours += sorted[k]!.hours;
      providing += sorted[k]!.providing;
    }
    if (!count || !isBetter(rankOf(hours + slack, providing + slack, 1), bestRank)) continue;
    const inside: Rsc[] = [];
    for (let j = i; j < sorted.length && sorted[j]!.from <= end; j++)
      if (sorted[j]!.to <= end) inside.push(sorted[j]!);
    const t = tally(inside);
    const spanPart = !window.minMonths || t.last >= endOfMonths(t.first, window.minMonths) ? 1 : 0;
    const rank = rankOf(t.hours, t.providing, spanPart);
    if (isBetter(rank, bestRank)) {
      best = t;
      bestRank = rank;
    }
  }
  return best;
}

function isBetter(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (b[i] === undefined || a[i]! > b[i]!) return true;
    if (a[i]! < b[i]!) return false;
  }
  return false;
}
