import { ERROR_CODES, type ErrorCode } from '@taizhang/shared';

/** The only error type business code throws; the HTTP layer maps `code` to a status and message. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
    message?: string,
  ) {
    super(message ?? code);
  }
  get status(): number {
    return ERROR_CODES[this.code];
  }
}

export interface FieldProblem {
  field: string;
  message: string;
}

export const notFound = (details?: unknown) => new AppError('not_found', details);
export const forbidden = (details?: unknown) => new AppError('forbidden', details);
export const conflict = (details?: unknown) => new AppError('conflict', details);
export const validation = (problems: FieldProblem[]) => new AppError('validation_failed', { fields: problems });
