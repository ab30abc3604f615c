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
