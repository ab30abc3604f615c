// Length of experience (reading 2): each calendar day adds min(1, sum of the
// FTE of the qualifying entries active that day), so overlaps count once.
import type { Day } from './dates.ts';
import type { PreparedPortfolio } from './portfolio.ts';

export interface FteSpan {
  from: Day;
  to: Day;
  fte: number;
}

/** FTE-weighted days covered by `spans` between `start` and `end` (inclusive). */
export function fteDays(spans: readonly FteSpan[], start: Day, end: Day): number {
  const events: Array<[Day, number]> = [];
  for (const s of spans) {
    const from = Math.max(s.from, start);
    const to = Math.min(s.to, end);
    if (from > to) continue;
    events.push([from, s.fte], [to + 1, -s.fte]);
  }
  events.sort((a, b) => a[0] - b[0]);
  let days = 0;
  let load = 0;
  let prev = 0;
  for (const [day, delta] of events) {
    if (load > 0) days += (day - prev) * Math.min(1, Math.round(load * 1e9) / 1e9);
    load += delta;
    prev = day;
  }
  return days;
}

/**
 * The earliest conferral (on or before `on`) of a degree at one of `levels`,
 * for "post-graduate" and "post-Masters" counting (reading 3).
 */
export function earliestConferral(
  portfolio: PreparedPortfolio,
  accepts: (rank: number) => boolean,
  on: Day,
): PreparedPortfolio['degrees'][number] | undefined {
  let best: PreparedPortfolio['degrees'][number] | undefined;
  for (const d of portfolio.degrees) {
    if (d.conferred > on || !accepts(d.rank)) continue;
    if (!best || d.conferred < best.conferred) best = d;
  }
  return best;
}
