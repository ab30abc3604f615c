// Who may review an application (issue 9): a reviewer must hold an
// endorsement at the applicant's level or higher in the same field, and must
// have no conflict of interest. Pure (no I/O, no clock): the service gathers
// the facts, this module judges them, and suggestions list the eligible
// reviewers least loaded first.

/** The two fields of endorsement: infant mental health, and early childhood mental health. */
export const fields = ['imh', 'ecmh'] as const;
export type Field = (typeof fields)[number];

export const fieldLabels: Record<Field, string> = {
  imh: 'Infant mental health (IMH)',
  ecmh: 'Early childhood mental health (ECMH)',
};

/**
 * The field of a credential id. The catalogs give each credential its level
 * (1–4) but not its field: the field is the id's family. The Competency
 * Guidelines (seed 004) name the two series "Infant Mental Health Mentor
 * (IMHM)" and "Early Childhood Mental Health Mentor (ECMHM)", and the
 * credential ids of the early childhood series all begin "EC" (ECFS, ECMHS,
 * ECMHM-C, ECMHM-P, ECMHM-RF); IFA, IFS, IMHS and IMHM-* are the infant series.
 */
export const credentialField = (credential: string): Field => (credential.startsWith('EC') ? 'ecmh' : 'imh');

/** An endorsement a reviewer holds, as recorded on their staff profile. */
export interface Qualification {
  credential: string;
  field: Field;
  level: number;
}

/** A reviewer of the association, with what they hold and how many reviews they have on hand. */
export interface Candidate {
  userId: string;
  name: string;
  /** Their address as the mailbox it reaches (src/services/addresses.ts `mailboxOf`). */
  mailbox: string;
  qualifications: readonly Qualification[];
  /** Active reviewer assignments on applications not yet decided. */
  load: number;
}

/** What the judgement looks at of the application. */
export interface ApplicationFacts {
  applicantId: string;
  field: Field;
  level: number;
  /** Everyone ever assigned as its advisor (an advisor never reviews an application they advised). */
  advisorIds: readonly string[];
  /** Its raters' addresses as mailboxes (every reference request made on it). */
  raterMailboxes: readonly string[];
  /** Reviewers who declined it. */
  declinedIds: readonly string[];
  /** Its active reviewers (not suggested twice). */
  assignedIds: readonly string[];
  /** People the snapshot names, by role: its RSC providers and supervisors. */
  named: readonly { name: string; as: NamedAs }[];
}

export type NamedAs = 'rsc-provider' | 'supervisor';

/** Why a reviewer may not review the application. */
export const refusals = ['applicant', 'advisor', 'rater', 'declined', 'assigned', 'not-qualified'] as const;
export type Refusal = (typeof refusals)[number];

export const refusalLabels: Record<Refusal, string> = {
  applicant: 'is the applicant',
  advisor: 'advised this application',
  rater: "is one of the applicant's raters",
  declined: 'declined this application',
  assigned: 'is assigned to it already',
  'not-qualified': 'holds no endorsement at this level or higher in this field',
};

/** What the coordinator judges: the portfolio names someone of the reviewer's name. */
export interface Warning {
  as: NamedAs;
  name: string;
}

export const warningLabels: Record<NamedAs, string> = {
  'rsc-provider': "has the name of the applicant's RSC provider",
  supervisor: "has the name of the applicant's supervisor",
};

export interface Judgement {
  refusals: Refusal[];
  warnings: Warning[];
  /** The qualification that makes them eligible (the lowest that suffices), when there is one. */
  qualifiedBy: Qualification | undefined;
}

/** Names compared as people write them: case, accents, spacing and punctuation aside. */
export function sameName(a: string, b: string): boolean {
  const key = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const ka = key(a);
  return ka !== '' && ka === key(b);
}

/** Whether the qualification lets its holder review an application of `field` at `level`. */
export const qualifies = (q: Qualification, field: Field, level: number): boolean =>
  q.field === field && q.level >= level;

/** The refusals and warnings for one reviewer on one application. */
export function judgeReviewer(candidate: Candidate, facts: ApplicationFacts): Judgement {
  const found: Refusal[] = [];
  if (candidate.userId === facts.applicantId) found.push('applicant');
  if (facts.advisorIds.includes(candidate.userId)) found.push('advisor');
  if (facts.raterMailboxes.includes(candidate.mailbox)) found.push('rater');
  if (facts.declinedIds.includes(candidate.userId)) found.push('declined');
  if (facts.assignedIds.includes(candidate.userId)) found.push('assigned');
  const qualifiedBy = candidate.qualifications
    .filter((q) => qualifies(q, facts.field, facts.level))
    .sort((x, y) => x.level - y.level || x.credential.localeCompare(y.credential))[0];
  if (!qualifiedBy) found.push('not-qualified');
  const warnings = facts.named.filter(
    (n, i, all) =>
      sameName(n.name, candidate.name) &&
      all.findIndex((m) => m.as === n.as && sameName(m.name, n.name)) === i,
  );
  return { refusals: found, warnings: warnings.map((w) => ({ as: w.as, name: w.name })), qualifiedBy };
}

export interface Suggestion extends Judgement {
  candidate: Candidate;
}

/**
 * Every reviewer judged: the eligible ones (no refusal) least loaded first,
 * then by name; and the others, each with why not.
 */
export function suggestReviewers(
  candidates: readonly Candidate[],
  facts: ApplicationFacts,
): { eligible: Suggestion[]; ineligible: Suggestion[] } {
  const judged = candidates.map((candidate) => ({ candidate, ...judgeReviewer(candidate, facts) }));
  const byLoad = (x: Suggestion, y: Suggestion) =>
    x.candidate.load - y.candidate.load ||
    x.candidate.name.localeCompare(y.candidate.name) ||
    x.candidate.userId.localeCompare(y.candidate.userId);
  return {
    eligible: judged.filter((j) => j.refusals.length === 0).sort(byLoad),
    ineligible: judged
      .filter((j) => j.refusals.length > 0)
      .sort((x, y) => x.candidate.name.localeCompare(y.candidate.name)),
  };
}

/** "Ada Reviewer is the applicant and advised this application", for a refusal. */
export const describeRefusals = (name: string, found: readonly Refusal[]): string =>
  `${name} ${joinWords(found.map((r) => refusalLabels[r]))}`;

export const describeWarnings = (name: string, found: readonly Warning[]): string =>
  `${name} ${joinWords([...new Set(found.map((w) => warningLabels[w.as]))])}`;

const joinWords = (parts: readonly string[]): string =>
  parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;

/** A reviewer's assignments as they work through them: overdue first, then by due date (none last), then oldest. */
export function overdueFirst<T extends { dueOn: string | null; assignedAt: string }>(
  assignments: readonly T[],
  today: string,
): (T & { overdue: boolean })[] {
  return assignments
    .map((a) => ({ ...a, overdue: a.dueOn !== null && a.dueOn < today }))
    .sort(
      (x, y) =>
        Number(y.overdue) - Number(x.overdue) ||
        (x.dueOn ?? '9999-12-31').localeCompare(y.dueOn ?? '9999-12-31') ||
        x.assignedAt.localeCompare(y.assignedAt),
    );
}
