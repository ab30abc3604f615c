// The written examination of Levels III and IV, as pure rules: which exam a
// credential takes, how a sitting's answers are scored, how two blind readers'
// essay scores settle (or go to a third), whether the result passes, what the
// retake rules still forbid, and each item's statistics after a sitting.
// No I/O and no clock, like the engine: the services gather the facts.
//
// Seeds 001, 003 and 004: "successful completion of the written examination,
// which includes a multiple-choice and an essay portion. While the
// multiple-choice exam is the same for all categories, the essay portion
// differs for Clinical, Policy, and Research/Faculty applicants"; the IMH and
// ECMH Endorsement® examinations are separate (seed 004).

/** The two examinations: infant mental health, and early childhood mental health (seed 004). */
export const examNames = ['imh', 'ecmh'] as const;
export type ExamName = (typeof examNames)[number];
export const examLabels: Record<ExamName, string> = {
  imh: 'IMH Endorsement® examination',
  ecmh: 'ECMH Endorsement® examination',
};

/** The essay portion differs by category (seed 004). */
export const essayCategories = ['clinical', 'policy', 'research-faculty'] as const;
export type EssayCategory = (typeof essayCategories)[number];
export const essayCategoryLabels: Record<EssayCategory, string> = {
  clinical: 'Clinical',
  policy: 'Policy',
  'research-faculty': 'Research/Faculty',
};

/**
 * The exam and essay category a credential sits: the ECMH exam for the
 * early-childhood credentials (ECMHM-…), the IMH exam otherwise; the essay
 * category is the credential's own, and Clinical for the Infant Mental Health
 * Specialist, whose work is clinical (seed 001, Level III).
 */
export function examFor(credential: { id: string; category?: EssayCategory | undefined }): {
  exam: ExamName;
  category: EssayCategory;
} {
  return {
    exam: credential.id.startsWith('EC') ? 'ecmh' : 'imh',
    category: credential.category ?? 'clinical',
  };
}

export const itemStatuses = ['draft', 'active', 'retired'] as const;
export type ItemStatus = (typeof itemStatuses)[number];

export interface RubricCriterion {
  criterion: string;
  points: number;
}

/** How the multiple-choice and essay parts make one result. */
export const passCombinations = ['both', 'sum'] as const;
export type PassCombination = (typeof passCombinations)[number];

/**
 * An exam form's pass rule. `both`: each part passes on its own (at least
 * `mcPercent` of the counted items right, and at least `essayPoints` rubric
 * points over the vignettes answered). `sum`: a strong part makes up for a weak
 * one, the items right plus the essay points reaching both thresholds added up.
 */
export interface PassRule {
  mcPercent: number;
  essayPoints: number;
  combine: PassCombination;
}

/** A multiple-choice item as scored: its key and the competency domains it tests. */
export interface ScoredItem {
  id: string;
  key: number;
  domains: readonly string[];
}

export interface DomainPerformance {
  domain: string;
  correct: number;
  of: number;
}

export interface MultipleChoiceScore {
  correct: number;
  /** Items that count (those not discounted for the sitting). */
  counted: number;
  percent: number;
  byDomain: DomainPerformance[];
}

/**
 * Scores the multiple-choice part: an item counts unless discounted for the
 * sitting; an unanswered item is wrong. Performance by domain counts each item
 * under every domain it tests.
 */
export function scoreMultipleChoice(
  items: readonly ScoredItem[],
  answers: ReadonlyMap<string, number | null>,
  discounted: ReadonlySet<string> = new Set(),
): MultipleChoiceScore {
  const byDomain = new Map<string, DomainPerformance>();
  let correct = 0;
  let counted = 0;
  for (const item of items) {
    if (discounted.has(item.id)) continue;
    counted += 1;
    const right = answers.get(item.id) === item.key;
    if (right) correct += 1;
    for (const domain of item.domains) {
      const d = byDomain.get(domain) ?? { domain, correct: 0, of: 0 };
      d.of += 1;
      if (right) d.correct += 1;
      byDomain.set(domain, d);
    }
  }
  return {
    correct,
    counted,
    percent: counted === 0 ? 0 : (100 * correct) / counted,
    byDomain: [...byDomain.values()],
  };
}

/** One reader's scores of one essay response, criterion by criterion. */
export interface EssayRead {
  /** 1 and 2: the two blind readers; 3: the third reader when they differ by more than the threshold. */
  slot: 1 | 2 | 3;
  total: number;
}

export type EssaySettlement =
  | { status: 'awaiting-reads'; slots: Array<1 | 2 | 3> }
  | { status: 'settled'; points: number; thirdRead: boolean };

/**
 * Where one response's scoring stands. Two readers score it blind; if their
 * totals differ by no more than `threshold` points the score is their mean.
 * Otherwise a third reader scores it, and the score is the mean of the third
 * reader's and whichever first score is nearer to it (the earlier on a tie).
 */
export function settleEssay(reads: readonly EssayRead[], threshold: number): EssaySettlement {
  const of = (slot: 1 | 2 | 3) => reads.find((r) => r.slot === slot);
  const first = of(1);
  const second = of(2);
  if (!first || !second) {
    const slots: Array<1 | 2> = [];
    if (!first) slots.push(1);
    if (!second) slots.push(2);
    return { status: 'awaiting-reads', slots };
  }
  if (Math.abs(first.total - second.total) <= threshold)
    return { status: 'settled', points: (first.total + second.total) / 2, thirdRead: false };
  const third = of(3);
  if (!third) return { status: 'awaiting-reads', slots: [3] };
  const nearer = Math.abs(first.total - third.total) <= Math.abs(second.total - third.total) ? first : second;
  return { status: 'settled', points: (nearer.total + third.total) / 2, thirdRead: true };
}

/** Whether the parts make a pass under the form's rule. */
export function passes(rule: PassRule, mc: MultipleChoiceScore, essayPoints: number): boolean {
  const mcNeeded = Math.ceil((rule.mcPercent * mc.counted) / 100 - 1e-9);
  if (rule.combine === 'both') return mc.correct >= mcNeeded && essayPoints >= rule.essayPoints;
  return mc.correct + essayPoints >= mcNeeded + rule.essayPoints;
}

/** The association's retake rules (its settings). */
export interface RetakeRules {
  /** Days after a failed sitting before the next may be taken. */
  waitDays: number;
  /** Sittings an applicant may take for one application, the first included. */
  maxAttempts: number;
}

/**
 * What the retake rules still forbid, in the applicant's words, or undefined
 * when a retake may be registered for a sitting on `sittingDay`.
 */
export function retakeBlocker(
  rules: RetakeRules,
  facts: { attempts: number; lastFailedOn: string; sittingDay: string },
): string | undefined {
  if (facts.attempts >= rules.maxAttempts)
    return `all ${rules.maxAttempts} attempts the association allows have been used`;
  const opens = retakeOpensOn(rules, facts.lastFailedOn);
  if (facts.sittingDay < opens)
    return `a retake may be taken from ${opens}, ${rules.waitDays} days after the last sitting`;
  return undefined;
}

/** The first day a retake may be sat after a failed sitting on `lastFailedOn`. */
export function retakeOpensOn(rules: Pick<RetakeRules, 'waitDays'>, lastFailedOn: string): string {
  const d = new Date(`${lastFailedOn}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + rules.waitDays);
  return d.toISOString().slice(0, 10);
}

/** One submitted attempt, for item statistics: its choice for each item. */
export interface AttemptAnswers {
  answers: ReadonlyMap<string, number | null>;
}

export interface ItemStatistic {
  itemId: string;
  /** How many attempts saw the item. */
  takers: number;
  /** Difficulty: the share who answered it right (0–1). */
  difficulty: number;
  /** Point-biserial correlation of answering it right with the multiple-choice total; null when undefined. */
  discrimination: number | null;
  /** How many chose each option (index = option), and those none chose. */
  chosen: number[];
  unchosen: number[];
  /** Why it deserves a look, in words; empty when nothing stands out. */
  flags: string[];
}

/** Thresholds that flag an item for review: common practice in item analysis. */
export const itemFlags = { tooHard: 0.3, tooEasy: 0.95, weakDiscrimination: 0.2 } as const;

/**
 * Each item's statistics over a sitting's attempts: difficulty p (share
 * right), discrimination as the point-biserial correlation r = (M1 − M0) / s ×
 * √(p q), with M1 and M0 the mean totals of those right and wrong and s the
 * population standard deviation of totals (totals over the items given),
 * how often each option was chosen, and flags.
 */
export function itemStatistics(
  items: ReadonlyArray<ScoredItem & { options: number }>,
  attempts: readonly AttemptAnswers[],
): ItemStatistic[] {
  const totals = attempts.map((a) => items.filter((i) => a.answers.get(i.id) === i.key).length);
  const n = attempts.length;
  const mean = n === 0 ? 0 : totals.reduce((x, y) => x + y, 0) / n;
  const sd = n === 0 ? 0 : Math.sqrt(totals.reduce((x, t) => x + (t - mean) ** 2, 0) / n);
  return items.map((item) => {
    const chosen = Array.from({ length: item.options }, () => 0);
    const right: number[] = [];
    const wrong: number[] = [];
    attempts.forEach((a, i) => {
      const choice = a.answers.get(item.id);
      if (choice !== null && choice !== undefined && choice >= 0 && choice < item.options)
        chosen[choice]! += 1;
      (choice === item.key ? right : wrong).push(totals[i]!);
    });
    const p = n === 0 ? 0 : right.length / n;
    const avg = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
    const discrimination =
      n === 0 || sd === 0 || right.length === 0 || wrong.length === 0
        ? null
        : ((avg(right) - avg(wrong)) / sd) * Math.sqrt(p * (1 - p));
    const unchosen = chosen.flatMap((c, option) => (c === 0 ? [option] : []));
    const flags: string[] = [];
    if (n > 0 && p < itemFlags.tooHard) flags.push('few answered it right');
    if (n > 0 && p > itemFlags.tooEasy) flags.push('almost everyone answered it right');
    if (discrimination !== null && discrimination < itemFlags.weakDiscrimination)
      flags.push(
        discrimination < 0
          ? 'stronger candidates did worse on it'
          : 'it barely separates stronger candidates',
      );
    const distractorsUnchosen = unchosen.filter((o) => o !== item.key);
    if (n > 0 && distractorsUnchosen.length > 0)
      flags.push(`no one chose option ${distractorsUnchosen.map((o) => optionLetter(o)).join(', ')}`);
    return { itemId: item.id, takers: n, difficulty: p, discrimination, chosen, unchosen, flags };
  });
}

/** Options are shown as letters: A, B, C… */
export const optionLetter = (index: number): string => String.fromCharCode(65 + index);

/**
 * The time an attempt may run: the form's limit, stretched by the applicant's
 * extra-time accommodation (1.5 for time and a half), plus any break minutes granted.
 */
export function allowedMinutes(
  limitMinutes: number,
  accommodation?: { extraTime?: number; breakMinutes?: number },
) {
  return Math.round(limitMinutes * (accommodation?.extraTime ?? 1)) + (accommodation?.breakMinutes ?? 0);
}
