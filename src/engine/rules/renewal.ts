import type { PreparedPortfolio } from '../portfolio.ts';

/** An endorsee "provides RSC" in a period when a `rsc-provision` work entry overlaps it (reading 10). */
export function providesRsc(portfolio: PreparedPortfolio, period: { from: number; to: number }): boolean {
  return portfolio.work.some(
    (w) =>
      w.kinds.has('rsc-provision') &&
      w.from <= period.to &&
      (w.to ?? Number.POSITIVE_INFINITY) >= period.from,
  );
}
