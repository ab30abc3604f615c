import type { RuleOf } from '../catalog.ts';
import { type Context, dayText, hoursText, listText, type Outcome, plural } from '../context.ts';
import { type Day, endOfMonths, toDay } from '../dates.ts';
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
  const windowText =
    rule.window && best.entries.length
      ? ` within the ${rule.window.maxMonths} months from ${dayText(best.first)} (by ${dayText(endOfMonths(best.first, rule.window.maxMonths))})`
      : rule.window
        ? ` within ${rule.window.maxMonths} months`
        : when;
  if (!hoursOk) missing.push(`${plural(rule.hours - best.hours, 'more RSC hour')}${windowText}`);
  if (!providingOk)
    missing.push(
      `${plural(rule.providingRscHours! - best.providing, 'more RSC hour')} about the RSC you provide to others${windowText}`,
    );
  if (!spanOk && best.entries.length)
    missing.push(
      `RSC that runs over at least ${rule.window!.minMonths} months: the hours counted run from ${dayText(best.first)} to ${dayText(best.last)} only; it needs to reach ${dayText(minEnd!)}`,
    );
  if (!met && excludedByProvider.length && providers) {
    const who = listText([
      ...providers.endorsements,
      ...(providers.vetted ? ['vetted by the association'] : []),
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
  return { met, summary, missing, evidence: best.entries.map((e) => e.path) };
}

/**
 * An entry still running on the evaluation date counts the share of its hours
 * that falls on days up to that date: hours not yet received cannot count.
 */
function countedOn(e: PreparedPortfolio['rsc'][number], on: Day): Rsc {
  const { hours, providingRscHours } = e.entry;
  if (e.to <= on) return { ...e, hours, providing: providingRscHours };
  const share = (on - e.from + 1) / (e.to - e.from + 1);
  return { ...e, to: on, hours: hours * share, providing: providingRscHours * share };
}

function bestWindow(entries: readonly Rsc[], rule: RuleOf<'rsc'>): Tally {
  const window = rule.window!;
  const sorted = [...entries].sort((a, b) => a.from - b.from || a.to - b.to);
  let best: Tally = tally([]);
  let bestRank: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!.from;
    if (i > 0 && sorted[i - 1]!.from === start) continue;
    const end = endOfMonths(start, window.maxMonths);
    const inside: Rsc[] = [];
    for (let j = i; j < sorted.length && sorted[j]!.from <= end; j++)
      if (sorted[j]!.to <= end) inside.push(sorted[j]!);
    if (!inside.length) continue;
    const t = tally(inside);
    const hoursPart = Math.min(1, t.hours / rule.hours);
    const providingPart = rule.providingRscHours ? Math.min(1, t.providing / rule.providingRscHours) : 1;
    const spanPart = !window.minMonths || t.last >= endOfMonths(t.first, window.minMonths) ? 1 : 0;
    // A window that meets everything first; otherwise the one closest to it.
    const rank = [
      hoursPart + providingPart + spanPart === 3 ? 1 : 0,
      hoursPart + providingPart + spanPart,
      t.hours,
    ];
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
