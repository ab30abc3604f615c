// The application's life, as one state machine: its states, the transitions
// between them, who may take each and what must hold first. Pure (no I/O, no
// clock), like the engine: services ask it whether a step may be taken and
// the applications repository applies the step with compare-and-set, so
// nothing else decides what state an application is in.
//
// The process is seed 002's ten steps: the applicant applies and pays (steps
// 1–5), an advisor may be assigned (6), the portfolio is submitted (7–8), two
// reviewers review it (9, seed 001's "two-level review of contents of
// portfolio"), and the association decides (10). Levels III and IV then take
// the written examination (seed 002, step 9): registered for a sitting, the
// application awaits the exam; the scoring passes or fails it, and a failed
// exam may be retaken under the association's rules. Finally the coordinator
// finalizes it (seed 002, step 10: "your Endorsement may be finalized"): the
// application is endorsed, and the endorsement lives on as its own record
// (src/domain/endorsement.ts).

export const applicationStates = [
  'draft',
  'submitted',
  'in-review',
  'more-information-requested',
  'resubmitted',
  'on-hold',
  'approved',
  'awaiting-exam',
  'exam-passed',
  'exam-failed',
  'endorsed',
  'deferred',
  'declined',
  'withdrawn',
] as const;
export type ApplicationState = (typeof applicationStates)[number];

export const isApplicationState = (text: string): text is ApplicationState =>
  (applicationStates as readonly string[]).includes(text);

/**
 * Who takes a step: the applicant; the association's coordinator (or admin);
 * the review, meaning Endorse itself when the reviewers' recommendations
 * settle the outcome (two approvals approve; two matching recommendations
 * decide); or the exam, Endorse again, when an exam's scoring is complete.
 */
export const parties = ['applicant', 'coordinator', 'review', 'exam'] as const;
export type Party = (typeof parties)[number];

export const transitionNames = [
  'submit',
  'start-review',
  'approve',
  'request-information',
  'defer',
  'hold',
  'decline',
  'resume',
  'resubmit',
  'withdraw',
  'register-exam',
  'pass-exam',
  'fail-exam',
  'retake-exam',
  'finalize',
] as const;
export type TransitionName = (typeof transitionNames)[number];

/** What a guard looks at; the service that takes the step gathers it. */
export interface TransitionFacts {
  /** Unmet requirements that block submitting (engine, before review). */
  blockers?: number;
  /** Reviewers assigned and not declined. */
  reviewers?: number;
  /** Why the step is taken, in the actor's words. */
  reason?: string;
  /** For a request for more information: what the applicant is asked, and by when. */
  request?: { text: string; dueOn: string };
  /** Whether the credential asks for the written examination (Levels III and IV). */
  examRequired?: boolean;
  /** For a retake: what the association's retake rules leave open (src/domain/exam.ts, retakeBlocker). */
  retakeBlocker?: string;
  /** For finalizing: the requirements the engine finds unmet on the snapshot (the exam included). */
  unmet?: readonly string[];
}

interface Transition {
  readonly name: TransitionName;
  readonly from: readonly ApplicationState[];
  readonly to: ApplicationState;
  readonly by: readonly Party[];
  /** Undefined when the step may be taken; otherwise what must be done first, in plain words. */
  readonly guard?: (facts: TransitionFacts, by: Party) => string | undefined;
}

/** Where a decision can be taken from: by the coordinator at any point of review, by the review only in review. */
const decidable: readonly ApplicationState[] = ['submitted', 'in-review', 'resubmitted', 'on-hold'];
/** The applicant may withdraw until the association has decided, and while the exam is still to pass. */
const beforeDecision: readonly ApplicationState[] = [
  'draft',
  'submitted',
  'in-review',
  'more-information-requested',
  'resubmitted',
  'on-hold',
  'awaiting-exam',
  'exam-failed',
];

const hasText = (text: string | undefined) => !!text && text.trim().length > 0;
/** The coordinator decides with a reason; the review's reasons are in the reviews themselves. */
const coordinatorReason = (facts: TransitionFacts, by: Party) =>
  by === 'coordinator' && !hasText(facts.reason) ? 'a reason is needed for this decision' : undefined;

const transitions: readonly Transition[] = [
  {
    name: 'submit',
    from: ['draft'],
    to: 'submitted',
    by: ['applicant'],
    guard: (f) =>
      (f.blockers ?? 0) > 0
        ? `${f.blockers === 1 ? 'one requirement is' : `${f.blockers} requirements are`} not met yet`
        : undefined,
  },
  {
    name: 'start-review',
    from: ['submitted', 'resubmitted'],
    to: 'in-review',
    by: ['coordinator'],
    guard: (f) => ((f.reviewers ?? 0) < 2 ? 'two reviewers must be assigned first' : undefined),
  },
  {
    name: 'approve',
    from: decidable,
    to: 'approved',
    by: ['coordinator', 'review'],
    guard: coordinatorReason,
  },
  {
    name: 'request-information',
    from: decidable,
    to: 'more-information-requested',
    by: ['coordinator', 'review'],
    guard: (f) =>
      !f.request || !hasText(f.request.text)
        ? 'say what the applicant is asked to add or change'
        : !/^\d{4}-\d{2}-\d{2}$/.test(f.request.dueOn)
          ? 'give the date a response is due'
          : undefined,
  },
  { name: 'defer', from: decidable, to: 'deferred', by: ['coordinator', 'review'], guard: coordinatorReason },
  {
    name: 'hold',
    from: ['submitted', 'in-review', 'resubmitted'],
    to: 'on-hold',
    by: ['coordinator', 'review'],
    guard: coordinatorReason,
  },
  // A failed exam with no retake left is declined by the coordinator too.
  {
    name: 'decline',
    from: [...decidable, 'exam-failed'],
    to: 'declined',
    by: ['coordinator'],
    guard: coordinatorReason,
  },
  { name: 'resume', from: ['on-hold'], to: 'in-review', by: ['coordinator'] },
  { name: 'resubmit', from: ['more-information-requested'], to: 'resubmitted', by: ['applicant'] },
  { name: 'withdraw', from: beforeDecision, to: 'withdrawn', by: ['applicant'] },
  // Registering for a sitting: by the coordinator, or the applicant choosing one.
  {
    name: 'register-exam',
    from: ['approved'],
    to: 'awaiting-exam',
    by: ['coordinator', 'applicant'],
    guard: (f) => (f.examRequired === false ? 'this credential has no written examination' : undefined),
  },
  // From a failed exam too: an item discounted for the sitting may rescore a fail as a pass.
  { name: 'pass-exam', from: ['awaiting-exam', 'exam-failed'], to: 'exam-passed', by: ['exam'] },
  { name: 'fail-exam', from: ['awaiting-exam'], to: 'exam-failed', by: ['exam'] },
  // Registering again after a failed exam, within the association's retake rules.
  {
    name: 'retake-exam',
    from: ['exam-failed'],
    to: 'awaiting-exam',
    by: ['coordinator', 'applicant'],
    guard: (f) => f.retakeBlocker,
  },
  // Finalizing grants the endorsement: only when the engine, on the frozen
  // snapshot with the exam's result, finds every requirement met.
  {
    name: 'finalize',
    from: ['approved', 'exam-passed'],
    to: 'endorsed',
    by: ['coordinator'],
    guard: (f) =>
      f.unmet === undefined
        ? 'the requirements must be checked first'
        : f.unmet.length > 0
          ? `not every requirement is met: ${f.unmet.join('; ')}`
          : undefined,
  },
];

const byName = new Map(transitions.map((t) => [t.name, t]));

/** The review takes decisions only while the application is in review. */
const allowedFrom = (t: Transition, by: Party): readonly ApplicationState[] =>
  by === 'review' ? t.from.filter((s) => s === 'in-review') : t.from;

/** Whether the state is one of the exam's (registered, passed or failed). */
export const examStates: readonly ApplicationState[] = ['awaiting-exam', 'exam-passed', 'exam-failed'];

/** Whether `by` may take the step `name` from `state`, guards aside (what policies ask). */
export function mayTake(name: TransitionName, state: string, by: Party): boolean {
  const t = byName.get(name)!;
  return t.by.includes(by) && (allowedFrom(t, by) as readonly string[]).includes(state);
}

/** The steps `by` may take from `state`, guards aside (what a page offers). */
export function stepsFrom(state: string, by: Party): TransitionName[] {
  return transitionNames.filter((name) => mayTake(name, state, by));
}

export type StepCheck =
  | { ok: true; to: ApplicationState }
  | { ok: false; code: 'APPLICATION_STATE_FORBIDS' | 'APPLICATION_STEP_BLOCKED'; message: string };

/** Whether `by` may take the step `name` from `state` now, and where it leads. */
export function checkStep(
  name: TransitionName,
  state: string,
  by: Party,
  facts: TransitionFacts = {},
): StepCheck {
  const t = byName.get(name)!;
  if (!mayTake(name, state, by))
    return {
      ok: false,
      code: 'APPLICATION_STATE_FORBIDS',
      message: `${stepLabels[name].toLowerCase()} is not possible while the application is ${describeState(state)}`,
    };
  const blocked = t.guard?.(facts, by);
  if (blocked) return { ok: false, code: 'APPLICATION_STEP_BLOCKED', message: blocked };
  return { ok: true, to: t.to };
}

/** Where the step leads. */
export const stepTarget = (name: TransitionName): ApplicationState => byName.get(name)!.to;

/** States a step leads to from `state` (for any party). */
export function successors(state: ApplicationState): ApplicationState[] {
  return [...new Set(transitions.filter((t) => t.from.includes(state)).map((t) => t.to))];
}

/**
 * Closed: nothing more happens to it, and the person may start another
 * application for the credential. An endorsed application is closed: what
 * follows (renewal, revocation) happens to the endorsement.
 */
export const closedStates: readonly ApplicationState[] = ['endorsed', 'deferred', 'declined', 'withdrawn'];
export const isClosed = (state: string): boolean => (closedStates as readonly string[]).includes(state);

/**
 * Whether staff judge the frozen snapshot rather than the live portfolio: once
 * submitted, for good (a withdrawn application keeps the snapshot it had).
 */
export const judgedOnSnapshot = (application: { status: string; submittedAt: string | null }): boolean =>
  application.submittedAt !== null || (application.status !== 'draft' && application.status !== 'withdrawn');

/** Decided: the association has said approve, defer or decline (the exam's states come after approval). */
export const decidedStates: readonly ApplicationState[] = [
  'approved',
  'awaiting-exam',
  'exam-passed',
  'exam-failed',
  'deferred',
  'declined',
];
export const isDecided = (state: string): boolean => (decidedStates as readonly string[]).includes(state);

/** Whether the applicant may change what the reviewers will judge (the portfolio feeding the next snapshot). */
export const applicantMayAmend = (state: string): boolean =>
  state === 'draft' || state === 'more-information-requested';

export const stateLabels: Record<ApplicationState, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  'in-review': 'In review',
  'more-information-requested': 'More information requested',
  resubmitted: 'Resubmitted',
  'on-hold': 'On hold',
  approved: 'Approved',
  'awaiting-exam': 'Awaiting exam',
  'exam-passed': 'Exam passed',
  'exam-failed': 'Exam failed',
  endorsed: 'Endorsed',
  deferred: 'Deferred',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

export const stepLabels: Record<TransitionName, string> = {
  submit: 'Submit',
  'start-review': 'Start the review',
  approve: 'Approve',
  'request-information': 'Ask for more information',
  defer: 'Defer',
  hold: 'Put on hold',
  decline: 'Decline',
  resume: 'Resume the review',
  resubmit: 'Resubmit',
  withdraw: 'Withdraw',
  'register-exam': 'Register for the exam',
  'pass-exam': 'Pass the exam',
  'fail-exam': 'Fail the exam',
  'retake-exam': 'Register to retake the exam',
  finalize: 'Finalize the endorsement',
};

/** What happens next, told to the applicant. */
export const nextForApplicant: Record<ApplicationState, string> = {
  draft: 'Add to your portfolio until every requirement is met, then submit it.',
  submitted:
    'The association has your portfolio as you submitted it and will assign two reviewers to read it.',
  'in-review':
    'Two reviewers are reading your portfolio. You will hear from the association when they finish.',
  'more-information-requested':
    'The reviewers have asked for more information. Amend your portfolio as asked and resubmit it by the date given.',
  resubmitted: 'The association has your amended portfolio and will send it back to the reviewers.',
  'on-hold': 'The association has paused the review of your application and will tell you when it resumes.',
  approved:
    'The reviewers approved your portfolio. The association will tell you about the next step towards your endorsement.',
  'awaiting-exam':
    'You are registered for a sitting of the written examination. Take it at the time given; the result follows once it is scored.',
  'exam-passed':
    'You passed the written examination. The association will tell you about the next step towards your endorsement.',
  'exam-failed':
    'You did not pass the written examination this time. Your results say how you did in each competency domain and when you may take it again.',
  endorsed:
    'The association has granted your endorsement. Your certificate and your verifiable credential are on your account page.',
  deferred:
    'The association has deferred your application. The decision letter says what to do before you apply again.',
  declined: 'The association has declined your application. The decision letter gives the reasons.',
  withdrawn: 'You withdrew this application. You may start a new one at any time.',
};

const describeState = (state: string) =>
  isApplicationState(state) ? stateLabels[state].toLowerCase() : state;

/** Who must act next, to be told by e-mail when the application arrives in the state. */
export type NextActor = 'applicant' | 'coordinators' | 'reviewers';
export const nextActors: Record<ApplicationState, readonly NextActor[]> = {
  draft: ['applicant'],
  submitted: ['coordinators'],
  'in-review': ['reviewers'],
  'more-information-requested': ['applicant'],
  resubmitted: ['coordinators'],
  'on-hold': ['applicant'],
  approved: ['applicant', 'coordinators'],
  // The sitting's confirmation tells the applicant; the results letter tells them the outcome.
  'awaiting-exam': [],
  'exam-passed': ['applicant', 'coordinators'],
  'exam-failed': ['applicant', 'coordinators'],
  // The endorsement's own letter tells the endorsee.
  endorsed: [],
  deferred: ['applicant'],
  declined: ['applicant'],
  withdrawn: ['coordinators'],
};
