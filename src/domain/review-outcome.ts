// How the reviewers' recommendations combine into the outcome of a round of
// review. Pure (no I/O). Two approvals approve; two matching recommendations
// decide; when they disagree the coordinator decides or assigns a third
// reviewer, and with three a majority decides. In general: a recommendation
// held by more than half of the active reviewers decides, since no review yet
// to come can outvote it; once every active reviewer has submitted without
// such a majority, the coordinator decides.

export const recommendations = ['approve', 'request-information', 'defer', 'hold'] as const;
export type Recommendation = (typeof recommendations)[number];

export const isRecommendation = (text: string | null | undefined): text is Recommendation =>
  !!text && (recommendations as readonly string[]).includes(text);

export type ReviewOutcome =
  /** Not settled yet: reviews are still to come. */
  | { kind: 'pending'; submitted: number; reviewers: number }
  /** The reviews decide: the recommendation of the majority is the lifecycle's step. */
  | { kind: 'decided'; step: Recommendation }
  /** Every review is in and they disagree: the coordinator decides or assigns another reviewer. */
  | { kind: 'disagreement' };

/**
 * The outcome of a round, from the recommendations submitted by its active
 * reviewers (`reviewers` of them, at least two for anything to be decided).
 */
export function reviewOutcome(submitted: readonly Recommendation[], reviewers: number): ReviewOutcome {
  const active = Math.max(reviewers, submitted.length);
  if (active >= 2) {
    const counts = new Map<Recommendation, number>();
    for (const r of submitted) counts.set(r, (counts.get(r) ?? 0) + 1);
    for (const r of recommendations)
      if ((counts.get(r) ?? 0) * 2 > active) return { kind: 'decided', step: r };
    if (submitted.length >= active) return { kind: 'disagreement' };
  }
  return { kind: 'pending', submitted: submitted.length, reviewers: active };
}
