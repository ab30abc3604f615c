// Typed errors that services throw and the HTTP layer maps to status codes.
export type ErrorCode = 'invalid' | 'not_found' | 'conflict' | 'limit';

export const httpStatus: Record<ErrorCode, number> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  limit: 429,
};

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The form field or JSON path at fault, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found`);

/**
 * The product's own error codes: what went wrong in the domain's words, for
 * integrations to act on (the API answers with `code`), each mapped to its
 * kind of failure above.
 */
export const domainErrorKinds = {
  /** The application's state does not allow the step (e.g. deciding a draft). */
  APPLICATION_STATE_FORBIDS: 'conflict',
  /** The step is allowed in this state but something must be done first (a reason, two reviewers…). */
  APPLICATION_STEP_BLOCKED: 'invalid',
  /** Someone else changed the application's state meanwhile: the step was not taken. */
  APPLICATION_STATE_CHANGED: 'conflict',
  /** The reviewer has submitted their review of this round already. */
  REVIEW_ALREADY_SUBMITTED: 'conflict',
  /** The person may not be assigned (no qualifying endorsement, or a conflict of interest). */
  ASSIGNEE_NOT_ELIGIBLE: 'invalid',
  /** The portfolio names someone of the assignee's name (RSC provider, supervisor): the coordinator must confirm. */
  ASSIGNEE_NEEDS_CONFIRMATION: 'invalid',
  /** The fee has been paid or waived already. */
  FEE_SETTLED: 'conflict',
  /** An item or form in use (on a ready form, or sat) cannot be edited in place: make a new version. */
  EXAM_ITEM_IN_USE: 'conflict',
  /** The sitting has no seat left. */
  SITTING_FULL: 'conflict',
  /** The registration was moved, cancelled or sat meanwhile: look again. */
  REGISTRATION_CHANGED: 'conflict',
  /** The exam cannot be opened now: the sitting has not started, or is over, or is not online. */
  EXAM_NOT_OPEN: 'conflict',
  /** The attempt's time is up or it was submitted: the answer was not saved. */
  EXAM_TIME_UP: 'conflict',
  /** This reader has scored this response already, or the slot is taken. */
  ESSAY_ALREADY_SCORED: 'conflict',
  /** The endorsement's status does not allow the step (e.g. reinstating a revoked one). */
  ENDORSEMENT_STATE_FORBIDS: 'conflict',
  /** Someone else changed the endorsement's status meanwhile: the step was not taken. */
  ENDORSEMENT_STATUS_CHANGED: 'conflict',
  /** The credential sent for a transfer cannot be accepted here (not valid, not the person's, not offered…). */
  TRANSFER_REFUSED: 'invalid',
  /** Renewing opens with the first reminder before the due date: it is too early. */
  RENEWAL_NOT_OPEN: 'conflict',
  /** This due date is renewed (or under audit) already. */
  RENEWAL_ALREADY_SUBMITTED: 'conflict',
  /** The renewal checklist (or a reinstatement's years missed) still has requirements unmet. */
  RENEWAL_REQUIREMENTS_UNMET: 'invalid',
  /** The audited entry was decided meanwhile, or is accepted and needs no more proof. */
  AUDIT_ENTRY_DECIDED: 'conflict',
} as const satisfies Record<string, ErrorCode>;
export type DomainErrorCode = keyof typeof domainErrorKinds;

export class DomainError extends AppError {
  override name = 'DomainError';
  constructor(
    readonly domainCode: DomainErrorCode,
    message: string,
    field?: string,
  ) {
    super(domainErrorKinds[domainCode], message, field);
  }
}
